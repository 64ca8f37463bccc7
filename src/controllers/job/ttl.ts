/**
 * `ttlSecondsAfterFinished` (upstream `pkg/controller/ttlafterfinished`, run here by the Job controller): a
 * finished Job is deleted, with foreground propagation so its pods go first, `ttl` seconds after the
 * transition time of its Complete or Failed condition.
 *
 * @internal
 * @packageDocumentation
 */
import type { ActorContext } from '../../engine/actor.js';
import { timeOf } from '../_internal/pods.js';
import type { Finish } from '../_internal/workers.js';
import type { JobObject, JobRuntime } from './runtime.js';
import { conditionOf } from './status.js';

/** Deletes the finished Job when its TTL expired, else requeues it for the expiry. */
export function syncTtl(rt: JobRuntime, job: JobObject, key: string, ctx: ActorContext<never>, finish: Finish, error?: string): void {
  const ttl = job.spec?.ttlSecondsAfterFinished;
  const cond = conditionOf(job.status, 'Complete')?.status === 'True' ? conditionOf(job.status, 'Complete') : conditionOf(job.status, 'Failed');
  const finishedMs = timeOf(cond?.lastTransitionTime);
  if (ttl === undefined || finishedMs === undefined || job.metadata.deletionTimestamp !== undefined) {
    finish(ctx, error);
    return;
  }
  const expireAt = finishedMs + ttl * 1000;
  if (ctx.now < expireAt) {
    rt.queue.addAfter(key, expireAt - ctx.now, ctx);
    finish(ctx, error);
    return;
  }
  ctx.trace('job ttl expired', key);
  const uid = job.metadata.uid ?? '';
  rt.client.delete(ctx, 'Job', job.metadata.namespace ?? '', job.metadata.name ?? '', { propagationPolicy: 'Foreground', preconditions: { uid } }, (res, c) => {
    finish(c, res.ok || res.error.reason === 'NotFound' ? error : res.error.message);
  });
}

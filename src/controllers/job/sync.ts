/**
 * One Job sync (upstream `syncJob`): count finished pods, decide whether the Job failed (backoff limit,
 * active deadline) or succeeded, manage its pods, and write the status (kubernetes-behaviour.md §3.3).
 *
 * @internal
 * @packageDocumentation
 */
import type { JobCondition, JobStatus } from 'kubernetes-types/batch/v1.js';
import type { ActorContext } from '../../engine/actor.js';
import { isPodActive, isPodReady, splitKey, timeOf, timestamp } from '../_internal/pods.js';
import type { Finish } from '../_internal/workers.js';
import { deletePods, manageJob, type Managed } from './manage.js';
import { type JobObject, type JobRecord, type JobRuntime, type PodObject, recordOf } from './runtime.js';
import { conditionOf, indexesText, isFinished, isTrue, REASONS, setCondition, type Verdict } from './status.js';
import { syncTtl } from './ttl.js';

type Ctx = ActorContext<never>;

/** What one sync saw. */
interface View {
  readonly job: JobObject;
  readonly key: string;
  readonly rec: JobRecord;
  readonly pods: readonly PodObject[];
  readonly active: readonly PodObject[];
  readonly terminating: number;
  readonly succeeded: number;
  readonly failed: number;
  /** Start time (whole seconds, as stored), ms. */
  readonly startMs: number | undefined;
  /** The pending counts included in `succeeded` / `failed` (forgotten once written). */
  readonly pending: { readonly succeeded: number; readonly failed: number };
}

/** Syncs one Job key. */
export function syncJob(rt: JobRuntime, key: string, ctx: Ctx, finish: Finish): void {
  const [ns, name] = splitKey(key);
  const job = rt.jobs.get(ns, name);
  if (job === undefined) {
    rt.expectations.delete(key);
    finish(ctx);
    return;
  }
  if (isFinished(job.status)) {
    syncTtl(rt, job, key, ctx, finish);
    return;
  }
  if (job.metadata.deletionTimestamp !== undefined) {
    finish(ctx);
    return;
  }
  const v = view(rt, job, key);
  const verdict = decide(v, ctx.now);
  if (verdict?.type === 'FailureTarget') {
    // the Job failed: its active pods are terminated and count as failed
    const after = (c: Ctx, m: Managed) => writeStatus(rt, v, verdict, m, c, finish);
    deletePods(rt, key, v.rec, v.active, true, ctx, (c, removed, error) => after(c, error === undefined ? { active: v.active.length - removed } : { active: v.active.length - removed, error }));
    return;
  }
  const after = (c: Ctx, m: Managed) => writeStatus(rt, v, undefined, m, c, finish);
  if (rt.expectations.satisfied(key, ctx.now)) manageJob(rt, job, key, v.rec, v.active, v.succeeded, ctx, after);
  else after(ctx, { active: v.active.length });
}

function view(rt: JobRuntime, job: JobObject, key: string): View {
  const rec = recordOf(rt, job);
  const pods = [...rt.podIndex.owned(job.metadata.uid ?? '')];
  const active = pods.filter(isPodActive);
  let terminating = 0;
  for (const p of pods) if (p.metadata.deletionTimestamp !== undefined && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed') terminating++;
  const indexed = job.spec?.completionMode === 'Indexed';
  const succeeded = indexed ? rec.completedIndexes.size : (job.status?.succeeded ?? 0) + rec.pending.succeeded;
  const failed = (job.status?.failed ?? 0) + rec.pending.failed;
  return { job, key, rec, pods, active, terminating, succeeded, failed, startMs: timeOf(job.status?.startTime), pending: { ...rec.pending } };
}

/** `pastBackoffLimitOnFailure`: with `restartPolicy: OnFailure`, container restarts of pending/running pods count. */
function pastBackoffLimitOnFailure(v: View): boolean {
  if (v.job.spec?.template.spec?.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const p of v.pods) {
    if (p.status?.phase !== 'Running' && p.status?.phase !== 'Pending') continue;
    for (const s of [...(p.status.initContainerStatuses ?? []), ...(p.status.containerStatuses ?? [])]) restarts += s.restartCount;
  }
  const limit = v.job.spec.backoffLimit ?? 6;
  return limit === 0 ? restarts > 0 : restarts >= limit;
}

/** The finished verdict: one already recorded, or a new failure (backoff limit first, then the deadline). */
function decide(v: View, nowMs: number): Verdict | undefined {
  for (const type of ['FailureTarget', 'SuccessCriteriaMet'] as const) {
    const c = conditionOf(v.job.status, type);
    if (c?.status === 'True') return { type, reason: c.reason ?? '', message: c.message ?? '' };
  }
  if (v.failed > (v.job.spec?.backoffLimit ?? 6) || pastBackoffLimitOnFailure(v)) return REASONS.backoff;
  const ads = v.job.spec?.activeDeadlineSeconds;
  if (ads !== undefined && v.startMs !== undefined && v.job.spec?.suspend !== true && nowMs - v.startMs >= ads * 1000) return REASONS.deadline;
  return undefined;
}

/** Whether the success criteria hold once no pod is active: enough completions, or (work queue) one success. */
function succeeded(v: View, active: number): boolean {
  if (active > 0) return false;
  const completions = v.job.spec?.completions;
  return completions === undefined || completions === null ? v.succeeded > 0 : v.succeeded >= completions;
}

/** The Suspended condition and `startTime` (set when first running, reset on resume). */
function suspendAndStart(v: View, conds: JobCondition[], nowMs: number): { conds: JobCondition[]; startMs: number | undefined } {
  const suspended = v.job.spec?.suspend === true;
  if (suspended) return { conds: setCondition(conds, 'Suspended', 'True', 'JobSuspended', 'Job suspended', nowMs), startMs: v.startMs };
  if (isTrue(v.job.status, 'Suspended')) {
    return { conds: setCondition(conds, 'Suspended', 'False', 'JobResumed', 'Job resumed', nowMs), startMs: nowMs };
  }
  return { conds, startMs: v.startMs ?? nowMs };
}

function nextStatus(v: View, verdict: Verdict | undefined, m: Managed, nowMs: number): JobStatus {
  const base = verdict === undefined ? suspendAndStart(v, [...(v.job.status?.conditions ?? [])], nowMs) : { conds: [...(v.job.status?.conditions ?? [])], startMs: v.startMs };
  const startMs = base.startMs;
  let conds = base.conds;
  let done = verdict;
  if (done === undefined && succeeded(v, m.active)) done = REASONS.completions;
  let completionTime: string | undefined;
  if (done !== undefined) {
    conds = setCondition(conds, done.type, 'True', done.reason, done.message, nowMs);
    // Complete / Failed only once no pod runs or terminates (pods deleted by this sync still terminate)
    if (m.active === 0 && v.active.length === 0 && v.terminating === 0) {
      const complete = done.type === 'SuccessCriteriaMet';
      conds = setCondition(conds, complete ? 'Complete' : 'Failed', 'True', done.reason, done.message, nowMs);
      if (complete) completionTime = timestamp(nowMs);
    }
  }
  let ready = 0;
  for (const p of v.active) if (isPodReady(p)) ready++;
  const indexed = v.job.spec?.completionMode === 'Indexed';
  const status: JobStatus = {
    ...(conds.length > 0 ? { conditions: conds } : {}),
    ...(startMs !== undefined ? { startTime: timestamp(startMs) } : {}),
    ...(completionTime !== undefined ? { completionTime } : {}),
    active: m.active,
    ready,
    terminating: v.terminating + Math.max(0, v.active.length - m.active),
    succeeded: indexed ? v.rec.completedIndexes.size : v.succeeded,
    failed: v.failed,
    ...(indexed ? { completedIndexes: indexesText(v.rec.completedIndexes) } : {}),
    uncountedTerminatedPods: {},
  };
  return status;
}

/** Writes the status when it changed, then forgets the pending counts it included; re-arms the deadline timer. */
function writeStatus(rt: JobRuntime, v: View, verdict: Verdict | undefined, m: Managed, ctx: Ctx, finish: Finish): void {
  const status = nextStatus(v, verdict, m, ctx.now);
  const pend = v.pending;
  const after = (c: Ctx): void => {
    v.rec.pending.succeeded -= pend.succeeded;
    v.rec.pending.failed -= pend.failed;
    const ads = v.job.spec?.activeDeadlineSeconds;
    const startMs = timeOf(status.startTime);
    if (ads !== undefined && startMs !== undefined && verdict === undefined && v.job.spec?.suspend !== true && !isFinished(status)) {
      const leftMs = startMs + ads * 1000 - c.now;
      if (leftMs > 0) rt.queue.addAfter(v.key, leftMs, c);
    }
    if (isFinished(status)) {
      c.trace('job finished', `${v.key} ${isTrue(status, 'Complete') ? 'Complete' : 'Failed'} ${conditionOf(status, 'Failed')?.reason ?? ''}`.trimEnd());
      syncTtl(rt, { ...v.job, status }, v.key, c, finish, m.error);
      return;
    }
    finish(c, m.error);
  };
  if (canonical(status) === canonical(v.job.status ?? {})) {
    after(ctx);
    return;
  }
  rt.client.updateStatus(ctx, { ...v.job, status }, (res, c) => {
    if (!res.ok) finish(c, m.error ?? res.error.message);
    else after(c);
  });
}

/** The fields the controller writes, in a fixed order (the stored object's key order does not matter). */
function canonical(s: JobStatus): string {
  const conds = (s.conditions ?? []).map((c) => [c.type, c.status, c.reason ?? '', c.message ?? '', c.lastTransitionTime ?? '', c.lastProbeTime ?? '']);
  return JSON.stringify([conds, s.startTime ?? '', s.completionTime ?? '', s.active ?? 0, s.ready ?? 0, s.terminating ?? 0, s.succeeded ?? 0, s.failed ?? 0, s.completedIndexes ?? '']);
}

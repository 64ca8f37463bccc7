/**
 * `manageJob`: creates pods toward the wanted number of active pods (after the pod-failure backoff), deletes
 * surplus pods, and deletes every active pod of a suspended Job (kubernetes-behaviour.md §3.3).
 *
 * @internal
 * @packageDocumentation
 */
import type { ActorContext } from '../../engine/actor.js';
import { isPodReady, keyOf } from '../_internal/pods.js';
import { remainingBackoffMs } from './backoff.js';
import { completionIndexOf, podFromTemplate } from './pod-template.js';
import { type JobObject, type JobRecord, type JobRuntime, type PodObject } from './runtime.js';

type Ctx = ActorContext<never>;

/** The outcome of a manage step: the active count after it, and the first error. */
export interface Managed {
  readonly active: number;
  readonly error?: string;
}

/** Wanted active pods: `min(parallelism, completions − succeeded)`; work queues keep `parallelism` until a success. */
export function wantedActive(job: JobObject, succeeded: number, active: number): number {
  const parallelism = job.spec?.parallelism ?? 1;
  const completions = job.spec?.completions;
  if (job.spec?.suspend === true) return 0;
  if (completions === undefined || completions === null) return succeeded > 0 ? active : parallelism;
  return Math.max(0, Math.min(parallelism, completions - succeeded));
}

/** Deletion order: unscheduled, then not Ready, then newest first (a simplified `ActivePods` ranking). */
function deletionOrder(pods: readonly PodObject[]): PodObject[] {
  const rank = (p: PodObject) => ((p.spec?.nodeName ?? '') === '' ? 0 : isPodReady(p) ? 2 : 1);
  return [...pods].sort((a, b) => rank(a) - rank(b) || (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '') || keyOf(a).localeCompare(keyOf(b)));
}

/** Indexed: active pods with a bad, out-of-range, completed or duplicate index (kept: the first of each). */
function badIndexed(job: JobObject, rec: JobRecord, active: readonly PodObject[]): PodObject[] {
  const seen = new Set<number>();
  const bad: PodObject[] = [];
  for (const p of active) {
    const ix = completionIndexOf(p);
    if (ix === undefined || ix >= (job.spec?.completions ?? 0) || rec.completedIndexes.has(ix) || seen.has(ix)) bad.push(p);
    else seen.add(ix);
  }
  return bad;
}

/** The lowest `n` indexes neither completed nor held by an active pod. */
function freeIndexes(job: JobObject, rec: JobRecord, active: readonly PodObject[], n: number): number[] {
  const held = new Set(active.map(completionIndexOf));
  const out: number[] = [];
  for (let i = 0; i < (job.spec?.completions ?? 0) && out.length < n; i++) if (!rec.completedIndexes.has(i) && !held.has(i)) out.push(i);
  return out;
}

/** Deletes pods the Job no longer wants; they are never counted as failed (upstream removes their finalizer). */
export function deletePods(rt: JobRuntime, key: string, rec: JobRecord, pods: readonly PodObject[], countAsFailed: boolean, ctx: Ctx, then: (c: Ctx, removed: number, error?: string) => void): void {
  if (pods.length === 0) {
    then(ctx, 0);
    return;
  }
  rt.expectations.expectDeletions(key, pods.map((p) => keyOf(p)), ctx.now);
  let left = pods.length;
  let removed = 0;
  let error: string | undefined;
  for (const pod of pods) {
    if (!countAsFailed) rec.uncountable.add(pod.metadata.uid ?? '');
    ctx.trace('job deleted pod', `${keyOf(pod)}`);
    rt.client.delete(ctx, 'Pod', pod.metadata.namespace ?? '', pod.metadata.name ?? '', undefined, (res, c) => {
      if (res.ok) removed++;
      else {
        rt.expectations.deletionObserved(key, keyOf(pod));
        if (res.error.reason !== 'NotFound') error ??= res.error.message;
      }
      left--;
      if (left === 0) then(c, removed, error);
    });
  }
}

function createPods(rt: JobRuntime, job: JobObject, key: string, indexes: readonly (number | undefined)[], ctx: Ctx, then: (c: Ctx, created: number, error?: string) => void): void {
  if (indexes.length === 0) {
    then(ctx, 0);
    return;
  }
  rt.expectations.expectCreations(key, indexes.length, ctx.now);
  let left = indexes.length;
  let created = 0;
  let error: string | undefined;
  for (const ix of indexes) {
    const pod = podFromTemplate(job, ix, ctx);
    ctx.trace('job created pod', `${keyOf(pod)}${ix === undefined ? '' : ` index ${ix}`}`);
    rt.client.create(ctx, pod, (res, c) => {
      if (res.ok) created++;
      else {
        rt.expectations.creationObserved(key);
        error ??= res.error.message;
      }
      left--;
      if (left === 0) then(c, created, error);
    });
  }
}

/** One manage step for a running (not finishing) Job, once its expectations are satisfied. */
export function manageJob(rt: JobRuntime, job: JobObject, key: string, rec: JobRecord, activePods: readonly PodObject[], succeeded: number, ctx: Ctx, then: (c: Ctx, m: Managed) => void): void {
  const indexed = job.spec?.completionMode === 'Indexed';
  const bad = indexed ? badIndexed(job, rec, activePods) : [];
  const good = activePods.filter((p) => !bad.includes(p));
  const want = wantedActive(job, succeeded, good.length);
  const surplus = good.length > want ? deletionOrder(good).slice(0, Math.min(good.length - want, rt.burst)) : [];
  const toDelete = [...bad, ...surplus];
  if (toDelete.length > 0) {
    deletePods(rt, key, rec, toDelete, false, ctx, (c, removed, error) => then(c, error === undefined ? { active: activePods.length - removed } : { active: activePods.length - removed, error }));
    return;
  }
  const missing = Math.min(want - good.length, rt.burst);
  if (missing <= 0) {
    then(ctx, { active: activePods.length });
    return;
  }
  const waitMs = remainingBackoffMs(rec.backoff, ctx.now);
  if (waitMs > 0) {
    rt.queue.addAfter(key, waitMs, ctx);
    then(ctx, { active: activePods.length });
    return;
  }
  const indexes = indexed ? freeIndexes(job, rec, good, missing) : new Array<undefined>(missing).fill(undefined);
  createPods(rt, job, key, indexes, ctx, (c, created, error) => then(c, error === undefined ? { active: activePods.length + created } : { active: activePods.length + created, error }));
}

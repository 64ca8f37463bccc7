/**
 * Counting finished pods as the pod informer reports them (the job of upstream's tracking finalizer and
 * `uncountedTerminatedPods`): a pod is counted once, as succeeded (phase Succeeded) or failed (phase
 * Failed, or deleted before succeeding — with `podReplacementPolicy: TerminatingOrFailed` a terminating pod
 * counts as failed at once), except pods the controller itself deleted for suspend or scale-down.
 *
 * @internal
 * @packageDocumentation
 */
import { timeOf } from '../_internal/pods.js';
import { updateBackoff } from './backoff.js';
import { completionIndexOf } from './pod-template.js';
import { type JobObject, type JobRuntime, type PodObject, recordOf } from './runtime.js';
import { isFinished } from './status.js';

/** `getFinishedTime`: the latest container finish time, else the deletion timestamp, else now (ms). */
export function finishedAtMs(pod: PodObject, nowMs: number): number {
  let latest: number | undefined;
  for (const s of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) {
    const t = timeOf(s.state?.terminated?.finishedAt);
    if (t !== undefined && (latest === undefined || t > latest)) latest = t;
  }
  return latest ?? timeOf(pod.metadata.deletionTimestamp) ?? nowMs;
}

/** Counts `pod` for `job` if it just finished (`deleted`: it left the API). */
export function observePod(rt: JobRuntime, job: JobObject, pod: PodObject, deleted: boolean, nowMs: number): void {
  if (isFinished(job.status)) return;
  const rec = recordOf(rt, job);
  const uid = pod.metadata.uid ?? '';
  if (rec.counted.has(uid)) return;
  const phase = pod.status?.phase;
  const p = rec.pending;
  if (phase === 'Succeeded') {
    rec.counted.add(uid);
    if (job.spec?.completionMode === 'Indexed') {
      const ix = completionIndexOf(pod);
      if (ix === undefined || ix >= (job.spec.completions ?? 0) || rec.completedIndexes.has(ix)) return;
      rec.completedIndexes.add(ix);
    }
    p.succeeded++;
    updateBackoff(rec.backoff, [finishedAtMs(pod, nowMs)], []);
    return;
  }
  if (phase === 'Failed' || pod.metadata.deletionTimestamp !== undefined || deleted) {
    rec.counted.add(uid);
    if (rec.uncountable.has(uid)) return;
    p.failed++;
    updateBackoff(rec.backoff, [], [finishedAtMs(pod, nowMs)]);
  }
}

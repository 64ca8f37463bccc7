/**
 * The Job controller's pod-failure backoff (upstream `pkg/controller/job/backoff_utils.go`;
 * kubernetes-behaviour.md §3.3).
 *
 * @packageDocumentation
 */

/**
 * `DefaultJobPodFailureBackOff`: the delay before a Job recreates a pod after its first failure, 10 s.
 *
 * @example
 * ```ts
 * DEFAULT_JOB_POD_FAILURE_BACKOFF_MS; // 10_000
 * ```
 * @category Controllers
 */
export const DEFAULT_JOB_POD_FAILURE_BACKOFF_MS = 10_000;

/**
 * `MaxJobPodFailureBackOff`: the cap of the doubling pod-failure backoff — **10 minutes, the value in the
 * controller's code**. The Job documentation says "capped at six minutes"; kubesim follows the code. With the
 * default `backoffLimit` 6 the cap is never reached (10, 20, 40, 80, 160, 320 s).
 *
 * @example
 * ```ts
 * MAX_JOB_POD_FAILURE_BACKOFF_MS; // 600_000
 * ```
 * @category Controllers
 */
export const MAX_JOB_POD_FAILURE_BACKOFF_MS = 600_000;

/**
 * The wait before a Job creates pods after `failuresSinceLastSuccess` consecutive pod failures:
 * `10 s × 2^(failures − 1)`, capped at {@link MAX_JOB_POD_FAILURE_BACKOFF_MS} (0 without failures).
 *
 * @remarks The controller waits `delay − (now − lastFailureTime)` (never negative) from the last failure's
 * finish time, which has whole-second precision as every `metav1.Time`. A success resets the streak.
 *
 * @example
 * ```ts
 * [1, 2, 3, 4, 5, 6, 7].map(podFailureBackoffMs); // [10000, 20000, 40000, 80000, 160000, 320000, 600000]
 * ```
 * @category Controllers
 */
export function podFailureBackoffMs(failuresSinceLastSuccess: number): number {
  if (failuresSinceLastSuccess <= 0) return 0;
  let d = DEFAULT_JOB_POD_FAILURE_BACKOFF_MS;
  for (let i = 1; i < failuresSinceLastSuccess; i++) {
    d *= 2;
    if (d > MAX_JOB_POD_FAILURE_BACKOFF_MS) return MAX_JOB_POD_FAILURE_BACKOFF_MS;
  }
  return d;
}

/** A Job's failure streak (upstream `backoffRecord`). @internal */
export interface BackoffRecord {
  failuresAfterLastSuccess: number;
  /** Finish time of the last counted failure, ms (whole seconds). */
  lastFailureMs: number | undefined;
}

/**
 * `newBackoffRecord`: folds the newly finished pods (their finish times, ms) into the streak. Without new
 * successes, failures add up; with one, the streak restarts and counts only failures after the last success.
 *
 * @internal
 */
export function updateBackoff(rec: BackoffRecord, succeededAtMs: readonly number[], failedAtMs: readonly number[]): void {
  const failed = [...failedAtMs].sort((a, b) => a - b);
  if (succeededAtMs.length === 0) {
    if (failed.length === 0) return;
    rec.failuresAfterLastSuccess += failed.length;
    rec.lastFailureMs = failed[failed.length - 1];
    return;
  }
  const lastSuccess = Math.max(...succeededAtMs);
  rec.failuresAfterLastSuccess = 0;
  rec.lastFailureMs = undefined;
  for (let i = failed.length - 1; i >= 0; i--) {
    const t = failed[i] as number;
    if (t <= lastSuccess) break;
    rec.lastFailureMs ??= t;
    rec.failuresAfterLastSuccess++;
  }
}

/** `getRemainingTime`: how long pod creation still waits, ms (0: create now). @internal */
export function remainingBackoffMs(rec: BackoffRecord, nowMs: number): number {
  if (rec.failuresAfterLastSuccess === 0 || rec.lastFailureMs === undefined) return 0;
  const delay = podFailureBackoffMs(rec.failuresAfterLastSuccess);
  const elapsed = nowMs - rec.lastFailureMs;
  return delay < elapsed ? 0 : delay - elapsed;
}

/**
 * Job conditions and status text (upstream `newCondition`, `ensureJobConditionStatus`,
 * `succeededIndexesToString`; kubernetes-behaviour.md §3.3).
 *
 * @internal
 * @packageDocumentation
 */
import type { JobCondition, JobStatus } from 'kubernetes-types/batch/v1.js';
import { timestamp } from '../_internal/pods.js';

/** A finished condition the controller decided on: its type, upstream reason and message. */
export interface Verdict {
  readonly type: 'SuccessCriteriaMet' | 'FailureTarget';
  readonly reason: string;
  readonly message: string;
}

/** Upstream reasons and messages. */
export const REASONS = {
  completions: { type: 'SuccessCriteriaMet', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' },
  backoff: { type: 'FailureTarget', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' },
  deadline: { type: 'FailureTarget', reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' },
} as const satisfies Record<string, Verdict>;

/** The condition of a type, if any. */
export function conditionOf(status: JobStatus | undefined, type: string): JobCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/** Whether the condition of a type is True. */
export function isTrue(status: JobStatus | undefined, type: string): boolean {
  return conditionOf(status, type)?.status === 'True';
}

/** `IsJobFinished`: Complete or Failed is True. */
export function isFinished(status: JobStatus | undefined): boolean {
  return isTrue(status, 'Complete') || isTrue(status, 'Failed');
}

/**
 * `ensureJobConditionStatus`: sets a condition, keeping its transition time when the status does not change
 * (and leaving the list untouched when nothing changes); appends a new type at the end.
 */
export function setCondition(conds: readonly JobCondition[], type: string, status: 'True' | 'False', reason: string, message: string, nowMs: number): JobCondition[] {
  const i = conds.findIndex((c) => c.type === type);
  const now = timestamp(nowMs);
  const cur = conds[i];
  if (cur === undefined) return [...conds, { type, status, reason, message, lastProbeTime: now, lastTransitionTime: now }];
  if (cur.status === status && cur.reason === reason && cur.message === message) return [...conds];
  const next: JobCondition = { ...cur, status, reason, message, lastProbeTime: now, ...(cur.status !== status ? { lastTransitionTime: now } : {}) };
  return conds.map((c, j) => (j === i ? next : c));
}

/** `succeededIndexesToString`: `1,3-5,7` (runs of three or more compressed). */
export function indexesText(indexes: ReadonlySet<number>): string {
  const sorted = [...indexes].sort((a, b) => a - b);
  const parts: string[] = [];
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j + 1 < sorted.length && (sorted[j + 1] as number) === (sorted[j] as number) + 1) j++;
    const a = sorted[i] as number;
    const b = sorted[j] as number;
    if (j - i >= 2) parts.push(`${a}-${b}`);
    else for (let k = i; k <= j; k++) parts.push(String(sorted[k]));
    i = j + 1;
  }
  return parts.join(',');
}

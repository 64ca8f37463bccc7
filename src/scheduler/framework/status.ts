/**
 * Status codes and the {@link Status} value every extension point returns (kube-scheduler `framework.Status`).
 *
 * @packageDocumentation
 */

/**
 * The code of a {@link Status}; each value documents what the framework and the queue do with it.
 *
 * @remarks
 * - `Success`: the plugin ran and the pod may proceed (upstream: a nil Status).
 * - `Error`: an internal error; the cycle aborts and the pod is retried with backoff.
 * - `Unschedulable`: the pod does not fit now, but preemption or a cluster event may help; PostFilter runs.
 * - `UnschedulableAndUnresolvable`: the pod does not fit the node and preemption cannot help (the node is not
 *   a preemption candidate).
 * - `Wait`: Permit only; the pod waits for approval.
 * - `Skip`: PreFilter / PreScore only; the plugin's Filter / Score is not called for this pod in this cycle.
 * - `Pending`: the pod waits for an external component; it is not retried until an event moves it.
 */
export type Code = 'Success' | 'Error' | 'Unschedulable' | 'UnschedulableAndUnresolvable' | 'Wait' | 'Skip' | 'Pending';

/**
 * The outcome of one plugin call: a code, human-readable reasons and the plugin that produced it.
 *
 * @remarks
 * Statuses are immutable values. Plugins allocate their constant statuses once (at construction) so that the
 * per-node hot path returns shared objects. {@link SUCCESS} is the shared success value.
 *
 * @example
 * ```ts
 * const st = newStatus('Unschedulable', 'NodeResourcesFit', 'Insufficient cpu');
 * st.reasons; // ['Insufficient cpu']
 * ```
 */
export interface Status {
  /** What happened. */
  readonly code: Code;
  /** Reasons shown in FailedScheduling messages, e.g. `Insufficient cpu`. */
  readonly reasons: readonly string[];
  /** The plugin that produced the status ('' for the framework itself). */
  readonly plugin: string;
}

/** The shared success status (upstream: a nil `*Status`). */
export const SUCCESS: Status = Object.freeze({ code: 'Success', reasons: Object.freeze([]) as readonly string[], plugin: '' });

/** The shared Skip status, for PreFilter / PreScore. */
export const SKIP: Status = Object.freeze({ code: 'Skip', reasons: Object.freeze([]) as readonly string[], plugin: '' });

/**
 * Creates an immutable status.
 *
 * @example
 * ```ts
 * newStatus('UnschedulableAndUnresolvable', 'NodeName', "node(s) didn't match the requested node name");
 * ```
 */
export function newStatus(code: Code, plugin: string, ...reasons: string[]): Status {
  if (code === 'Success' && reasons.length === 0 && plugin === '') return SUCCESS;
  return Object.freeze({ code, plugin, reasons: Object.freeze(reasons) });
}

/** A status with `plugin` set, reusing `st` when it already names the plugin. */
export function withPlugin(st: Status, plugin: string): Status {
  return st.plugin === plugin ? st : Object.freeze({ code: st.code, plugin, reasons: st.reasons });
}

/** True for `Unschedulable` and `UnschedulableAndUnresolvable`. */
export function isRejected(st: Status): boolean {
  return st.code === 'Unschedulable' || st.code === 'UnschedulableAndUnresolvable';
}

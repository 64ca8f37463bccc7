/**
 * Why a pod did not fit: per-node statuses and upstream's FailedScheduling message (`FitError.Error()`).
 *
 * @packageDocumentation
 */
import type { Status } from './status.js';

/** The per-node filter failures of one cycle (upstream `framework.Diagnosis`). */
export interface Diagnosis {
  /** Node name → the first failing filter status (only rejected nodes are listed). */
  readonly nodeToStatus: Map<string, Status>;
  /** Plugins that rejected the pod somewhere (PreFilter or Filter). */
  readonly unschedulablePlugins: Set<string>;
  /** Set when a PreFilter plugin rejected the pod for every node. */
  preFilterMsg: string;
  /** The PostFilter (preemption) message, if any. */
  postFilterMsg: string;
}

/** An empty diagnosis. */
export function newDiagnosis(): Diagnosis {
  return { nodeToStatus: new Map(), unschedulablePlugins: new Set(), preFilterMsg: '', postFilterMsg: '' };
}

/**
 * `0/N nodes are available: <count reason>, ….` with reasons counted over nodes and sorted as strings
 * (Go's `sort.Strings`), then the PostFilter message (upstream `FitError.Error`).
 *
 * @example
 * ```ts
 * const d = newDiagnosis();
 * d.nodeToStatus.set('n1', newStatus('Unschedulable', 'NodeResourcesFit', 'Insufficient cpu'));
 * fitErrorMessage(1, d); // '0/1 nodes are available: 1 Insufficient cpu.'
 * ```
 */
export function fitErrorMessage(numAllNodes: number, d: Diagnosis): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  if (d.preFilterMsg !== '') {
    msg += ` ${d.preFilterMsg}.`;
  } else {
    const histogram = new Map<string, number>();
    for (const st of d.nodeToStatus.values()) {
      for (const r of st.reasons) histogram.set(r, (histogram.get(r) ?? 0) + 1);
    }
    const parts = [...histogram].map(([r, n]) => `${n} ${r}`).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (parts.length > 0) msg += ` ${parts.join(', ')}.`;
  }
  if (d.postFilterMsg !== '') msg += ` ${d.postFilterMsg.endsWith('.') ? d.postFilterMsg.slice(0, -1) : d.postFilterMsg}.`;
  return msg;
}

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

/**
 * A diagnosis whose per-node failures are appended to two arrays and turned into the `nodeToStatus` map (and
 * the plugins into `unschedulablePlugins`) only when someone reads them: a cycle that finds a node rejects
 * many nodes on the way (spreading skew, full nodes) and nobody reads those statuses when it succeeds.
 */
class LazyDiagnosis implements Diagnosis {
  preFilterMsg = '';
  postFilterMsg = '';
  private names: string[] | null = null;
  private statuses: Status[] | null = null;
  private map: Map<string, Status> | null = null;
  private plugins: Set<string> | null = null;

  get nodeToStatus(): Map<string, Status> {
    return this.materialize().nodes;
  }

  get unschedulablePlugins(): Set<string> {
    return this.materialize().plugins;
  }

  /** Records that `status` rejected the node named `name` (same as `nodeToStatus.set` plus the plugin). */
  reject(name: string, status: Status): void {
    if (this.map !== null) { this.map.set(name, status); (this.plugins as Set<string>).add(status.plugin); return; }
    if (this.names === null) { this.names = []; this.statuses = []; }
    this.names.push(name);
    (this.statuses as Status[]).push(status);
  }

  private materialize(): { nodes: Map<string, Status>; plugins: Set<string> } {
    if (this.map === null) {
      const m = new Map<string, Status>();
      const ps = new Set<string>();
      const names = this.names;
      const sts = this.statuses;
      if (names !== null && sts !== null) {
        let last: string | undefined;
        for (let i = 0; i < names.length; i++) {
          const st = sts[i] as Status;
          m.set(names[i] as string, st);
          if (st.plugin !== last) { ps.add(st.plugin); last = st.plugin; }
        }
      }
      this.map = m;
      this.plugins = ps;
      this.names = null;
      this.statuses = null;
    }
    return { nodes: this.map, plugins: this.plugins as Set<string> };
  }
}

/** An empty diagnosis. */
export function newDiagnosis(): Diagnosis {
  return new LazyDiagnosis();
}

/**
 * Records a node's rejection: `d.nodeToStatus.set(name, st)` and `d.unschedulablePlugins.add(st.plugin)`,
 * without building the map until it is read when `d` came from {@link newDiagnosis}.
 *
 * @internal
 */
export function rejectNode(d: Diagnosis, name: string, st: Status): void {
  if (d instanceof LazyDiagnosis) { d.reject(name, st); return; }
  d.nodeToStatus.set(name, st);
  d.unschedulablePlugins.add(st.plugin);
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
    // count statuses by identity first (plugins share their status values), then their reasons
    const byStatus = new Map<Status, number>();
    for (const st of d.nodeToStatus.values()) byStatus.set(st, (byStatus.get(st) ?? 0) + 1);
    const histogram = new Map<string, number>();
    for (const [st, n] of byStatus) {
      for (const r of st.reasons) histogram.set(r, (histogram.get(r) ?? 0) + n);
    }
    const parts = [...histogram].map(([r, n]) => `${n} ${r}`).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (parts.length > 0) msg += ` ${parts.join(', ')}.`;
  }
  if (d.postFilterMsg !== '') msg += ` ${d.postFilterMsg.endsWith('.') ? d.postFilterMsg.slice(0, -1) : d.postFilterMsg}.`;
  return msg;
}

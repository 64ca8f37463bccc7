/**
 * Why a pod did not fit: per-node statuses and upstream's FailedScheduling message (`FitError.Error()`).
 *
 * @packageDocumentation
 */
import type { NodeInfo } from './node-info.js';
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
 * A diagnosis whose per-node failures are appended to arrays and turned into the `nodeToStatus` map (and the
 * plugins into `unschedulablePlugins`) only when someone reads them: a cycle that finds a node rejects many
 * nodes on the way (spreading skew, full nodes) and nobody reads those statuses when it succeeds; a failed
 * cycle's FailedScheduling message and DefaultPreemption read them by position, not by name.
 */
class LazyDiagnosis implements Diagnosis {
  preFilterMsg = '';
  postFilterMsg = '';
  private nodes: NodeInfo[] | null = null;
  private statuses: Status[] | null = null;
  /** Position of each recorded node in `list`, while every record came with one. */
  private positions: number[] | null = null;
  private list: readonly NodeInfo[] | null = null;
  private map: Map<string, Status> | null = null;
  private plugins: Set<string> | null = null;

  get nodeToStatus(): Map<string, Status> {
    return this.materialize().nodes;
  }

  get unschedulablePlugins(): Set<string> {
    return this.materialize().plugins;
  }

  /**
   * Records that `status` rejected `node` (same as `nodeToStatus.set(node.name, status)` plus the plugin);
   * `pos` is the node's position in `list` when known.
   */
  reject(node: NodeInfo, status: Status, list?: readonly NodeInfo[], pos = -1): void {
    if (this.map !== null) { this.map.set(node.name, status); (this.plugins as Set<string>).add(status.plugin); return; }
    if (this.nodes === null) {
      this.nodes = [];
      this.statuses = [];
      if (list !== undefined && pos >= 0) { this.list = list; this.positions = []; }
    }
    this.nodes.push(node);
    (this.statuses as Status[]).push(status);
    if (this.positions !== null) {
      if (list === this.list && pos >= 0) this.positions.push(pos);
      else { this.positions = null; this.list = null; }
    }
  }

  /** The recorded statuses (any order, each node once) without building the map. */
  values(): Iterable<Status> {
    return this.map !== null ? this.map.values() : (this.statuses ?? []);
  }

  /** The statuses aligned with `list` (undefined: not rejected), or null when the records cannot say. */
  alignedTo(list: readonly NodeInfo[]): (Status | undefined)[] | null {
    if (this.map !== null) return null;
    const out = new Array<Status | undefined>(list.length).fill(undefined);
    if (this.nodes === null) return out;
    if (this.list !== list || this.positions === null) return null;
    const pos = this.positions;
    const sts = this.statuses as Status[];
    for (let i = 0; i < pos.length; i++) out[pos[i] as number] = sts[i];
    return out;
  }

  private materialize(): { nodes: Map<string, Status>; plugins: Set<string> } {
    if (this.map === null) {
      const m = new Map<string, Status>();
      const ps = new Set<string>();
      const nodes = this.nodes;
      const sts = this.statuses;
      if (nodes !== null && sts !== null) {
        let last: string | undefined;
        for (let i = 0; i < nodes.length; i++) {
          const st = sts[i] as Status;
          m.set((nodes[i] as NodeInfo).name, st);
          if (st.plugin !== last) { ps.add(st.plugin); last = st.plugin; }
        }
      }
      this.map = m;
      this.plugins = ps;
      this.nodes = null;
      this.statuses = null;
      this.positions = null;
      this.list = null;
    }
    return { nodes: this.map, plugins: this.plugins as Set<string> };
  }
}

/**
 * The `nodeToStatus` of a {@link LazyDiagnosis} as a read-only map that PostFilter plugins receive; the map is
 * built on the first lookup, and DefaultPreemption reads the statuses by node position instead.
 */
class NodeStatusView implements ReadonlyMap<string, Status> {
  constructor(readonly diagnosis: LazyDiagnosis) {}
  get size(): number { return this.diagnosis.nodeToStatus.size; }
  get(key: string): Status | undefined { return this.diagnosis.nodeToStatus.get(key); }
  has(key: string): boolean { return this.diagnosis.nodeToStatus.has(key); }
  forEach(fn: (value: Status, key: string, map: ReadonlyMap<string, Status>) => void, thisArg?: unknown): void {
    this.diagnosis.nodeToStatus.forEach((v, k) => fn.call(thisArg, v, k, this));
  }
  entries(): MapIterator<[string, Status]> { return this.diagnosis.nodeToStatus.entries(); }
  keys(): MapIterator<string> { return this.diagnosis.nodeToStatus.keys(); }
  values(): MapIterator<Status> { return this.diagnosis.nodeToStatus.values(); }
  [Symbol.iterator](): MapIterator<[string, Status]> { return this.diagnosis.nodeToStatus[Symbol.iterator](); }
}

/** An empty diagnosis. */
export function newDiagnosis(): Diagnosis {
  return new LazyDiagnosis();
}

/**
 * Records a node's rejection: `d.nodeToStatus.set(node.name, st)` and `d.unschedulablePlugins.add(st.plugin)`,
 * without building the map until it is read when `d` came from {@link newDiagnosis}; `pos` is the node's
 * position in `list` (the snapshot's node list), when known.
 *
 * @internal
 */
export function rejectNode(d: Diagnosis, node: NodeInfo, st: Status, list?: readonly NodeInfo[], pos = -1): void {
  if (d instanceof LazyDiagnosis) { d.reject(node, st, list, pos); return; }
  d.nodeToStatus.set(node.name, st);
  d.unschedulablePlugins.add(st.plugin);
}

/**
 * Every recorded per-node status (each node once, any order), without building the map.
 *
 * @internal
 */
export function diagnosisStatuses(d: Diagnosis): Iterable<Status> {
  return d instanceof LazyDiagnosis ? d.values() : d.nodeToStatus.values();
}

/**
 * What PostFilter plugins receive as the per-node statuses of `d`.
 *
 * @internal
 */
export function nodeStatusesOf(d: Diagnosis): ReadonlyMap<string, Status> {
  return d instanceof LazyDiagnosis ? new NodeStatusView(d) : d.nodeToStatus;
}

/**
 * The statuses in `statuses` aligned with `list` (undefined: none), by position when the records allow.
 *
 * @internal
 */
export function statusesAlignedTo(statuses: ReadonlyMap<string, Status>, list: readonly NodeInfo[]): (Status | undefined)[] {
  const fast = statuses instanceof NodeStatusView ? statuses.diagnosis.alignedTo(list) : null;
  if (fast !== null) return fast;
  return list.map((n) => statuses.get(n.name));
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
    for (const st of diagnosisStatuses(d)) byStatus.set(st, (byStatus.get(st) ?? 0) + 1);
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

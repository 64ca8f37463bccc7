/**
 * PodTopologySpread PreFilter / Filter and the PreFilter extensions (§1.4).
 *
 * @packageDocumentation
 */
import type { NodeMatcher } from '../../_internal/node-selector.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';
import type { Snapshot } from '../../framework/snapshot.js';
import { countMatching, hasAllKeys, included, type Constraint } from './common.js';

/** Per-constraint domain counts over eligible nodes and the current minimum (upstream `preFilterState`). */
export interface SpreadFilterState {
  readonly constraints: readonly Constraint[];
  readonly affinity: NodeMatcher | undefined;
  /** Per constraint: topology value → matching pods. */
  readonly counts: Map<string, number>[];
  /** Per constraint: min over domains (MAX_SAFE_INTEGER when there is no domain). */
  readonly min: number[];
}

/** Upstream `ErrReasonConstraintsNotMatch`. */
export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
/** Upstream `ErrReasonNodeLabelNotMatch`. */
export const ERR_REASON_NODE_LABEL_NOT_MATCH = `${ERR_REASON_CONSTRAINTS_NOT_MATCH} (missing required label)`;

function recomputeMin(s: SpreadFilterState, i: number): void {
  let m = Number.MAX_SAFE_INTEGER;
  for (const v of (s.counts[i] as Map<string, number>).values()) if (v < m) m = v;
  s.min[i] = m;
}

/** Counts matching pods per domain over all eligible nodes. */
export function buildFilterState(pod: PodInfo, constraints: readonly Constraint[], affinity: NodeMatcher | undefined, snapshot: Snapshot): SpreadFilterState {
  const s: SpreadFilterState = { constraints, affinity, counts: constraints.map(() => new Map()), min: constraints.map(() => 0) };
  for (const node of snapshot.list()) {
    if (!hasAllKeys(node, constraints)) continue;
    for (let i = 0; i < constraints.length; i++) {
      const c = constraints[i] as Constraint;
      if (!included(c, pod, node, affinity)) continue;
      const v = node.labels[c.topologyKey] as string;
      const m = s.counts[i] as Map<string, number>;
      m.set(v, (m.get(v) ?? 0) + countMatching(node.pods, c.selector, pod.namespace));
    }
  }
  for (let i = 0; i < constraints.length; i++) recomputeMin(s, i);
  return s;
}

/** A deep copy for preemption what-ifs. */
export function cloneFilterState(s: SpreadFilterState): SpreadFilterState {
  return { constraints: s.constraints, affinity: s.affinity, counts: s.counts.map((m) => new Map(m)), min: [...s.min] };
}

/** Upstream `updateWithPod`: ±1 for each constraint the changed pod counts towards. */
export function updateWithPod(s: SpreadFilterState, pod: PodInfo, changed: PodInfo, node: NodeInfo, delta: 1 | -1): void {
  if (changed.namespace !== pod.namespace || !hasAllKeys(node, s.constraints)) return;
  for (let i = 0; i < s.constraints.length; i++) {
    const c = s.constraints[i] as Constraint;
    if (!included(c, pod, node, s.affinity) || !c.selector.matches(changed.labels)) continue;
    const v = node.labels[c.topologyKey] as string;
    const m = s.counts[i] as Map<string, number>;
    m.set(v, (m.get(v) ?? 0) + delta);
    recomputeMin(s, i);
  }
}

/** 0 = fits, 1 = missing label, 2 = skew exceeded. */
export function spreadFilter(s: SpreadFilterState, pod: PodInfo, node: NodeInfo): 0 | 1 | 2 {
  for (let i = 0; i < s.constraints.length; i++) {
    const c = s.constraints[i] as Constraint;
    const v = node.labels[c.topologyKey];
    if (v === undefined) return 1;
    const m = s.counts[i] as Map<string, number>;
    const minMatch = m.size < c.minDomains ? 0 : (s.min[i] as number);
    const self = c.selector.matches(pod.labels) ? 1 : 0;
    if ((m.get(v) ?? 0) + self - minMatch > c.maxSkew) return 2;
  }
  return 0;
}

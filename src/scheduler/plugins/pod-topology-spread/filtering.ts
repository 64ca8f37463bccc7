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
  /** Per constraint: 1 if the incoming pod matches the selector (counts itself), else 0. */
  readonly self: number[];
}

/** Upstream `ErrReasonConstraintsNotMatch`. */
export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
/** Upstream `ErrReasonNodeLabelNotMatch`. */
export const ERR_REASON_NODE_LABEL_NOT_MATCH = `${ERR_REASON_CONSTRAINTS_NOT_MATCH} (missing required label)`;

function selfMatches(pod: PodInfo, constraints: readonly Constraint[]): number[] {
  return constraints.map((c) => (c.selector.matches(pod.labels) ? 1 : 0));
}

function recomputeMin(s: SpreadFilterState, i: number): void {
  let m = Number.MAX_SAFE_INTEGER;
  for (const v of (s.counts[i] as Map<string, number>).values()) if (v < m) m = v;
  s.min[i] = m;
}

/**
 * Per-node contributions and per-domain totals for one (namespace, constraint list), kept across cycles and
 * refreshed only for nodes whose generation changed (a pod added or removed, the node updated). Valid while
 * the snapshot's node list is the same array.
 */
export interface CountCache {
  readonly list: readonly NodeInfo[];
  readonly gens: Float64Array;
  /** Per constraint, per node index: the domain the node counted in (undefined: not eligible). */
  readonly vals: (string | undefined)[][];
  /** Per constraint, per node index: matching pods counted. */
  readonly cnts: Int32Array[];
  /** Per constraint: domain → matching pods. */
  readonly counts: Map<string, number>[];
  /** Per constraint: domain → eligible nodes in it (a domain disappears with its last node). */
  readonly nodes: Map<string, number>[];
  /** The snapshot's change-log sequence number up to which the counts are current. */
  seq: number;
}

const countCaches = new WeakMap<Snapshot, Map<string, CountCache>>();
const MAX_CACHED_KEYS = 256;

/**
 * Recounts node `j` of the cache's list if its generation changed. With `requireAll` only nodes carrying every
 * constraint's key count (Filter, and Score of the pod's own constraints); without it every node counts, a
 * missing key as the domain '' (Score of the system default constraints).
 */
function refreshCount(cache: CountCache, constraints: readonly Constraint[], namespace: string, j: number, requireAll: boolean): void {
  const { list, gens, vals, cnts, counts, nodes } = cache;
  const node = list[j] as NodeInfo;
  if (gens[j] === node.generation) return;
  gens[j] = node.generation;
  const eligible = !requireAll || hasAllKeys(node, constraints);
  for (let i = 0; i < constraints.length; i++) {
    const c = constraints[i] as Constraint;
    const m = counts[i] as Map<string, number>;
    const nm = nodes[i] as Map<string, number>;
    const vi = vals[i] as (string | undefined)[];
    const ci = cnts[i] as Int32Array;
    const old = vi[j];
    if (old !== undefined) {
      const left = (nm.get(old) ?? 0) - 1;
      if (left === 0) { nm.delete(old); m.delete(old); } else { nm.set(old, left); m.set(old, (m.get(old) ?? 0) - (ci[j] as number)); }
    }
    if (!eligible) { vi[j] = undefined; ci[j] = 0; continue; }
    const v = node.labels[c.topologyKey] ?? '';
    const k = countMatching(node.pods, c.selector, namespace);
    vi[j] = v;
    ci[j] = k;
    nm.set(v, (nm.get(v) ?? 0) + 1);
    m.set(v, (m.get(v) ?? 0) + k);
  }
}

/**
 * The cached counts of {@link buildFilterState} (and of the Score's counts), when node inclusion does not depend on the pod (no honored
 * node affinity, taints ignored): a recount of the nodes changed since the last cycle with the same key (the
 * snapshot's change log; every node when the node list changed), instead of recounting every pod of every
 * node each cycle.
 */
export function cachedCounts(pod: PodInfo, constraints: readonly Constraint[], snapshot: Snapshot, requireAll = true): CountCache {
  let byKey = countCaches.get(snapshot);
  if (byKey === undefined) { byKey = new Map(); countCaches.set(snapshot, byKey); }
  const key = `${requireAll ? 'A' : 'N'}\u0000${pod.namespace}\u0000${constraints.map((c) => c.signature).join('\u0000')}`;
  const list = snapshot.list();
  let cache = byKey.get(key);
  if (cache?.list !== list) {
    if (cache === undefined && byKey.size >= MAX_CACHED_KEYS) byKey.clear();
    const n = list.length;
    cache = {
      list, gens: new Float64Array(n).fill(-1), vals: constraints.map(() => new Array<string | undefined>(n)),
      cnts: constraints.map(() => new Int32Array(n)), counts: constraints.map(() => new Map()), nodes: constraints.map(() => new Map()),
      seq: -1,
    };
    byKey.set(key, cache);
  }
  const log = snapshot.changeLog;
  const fresh = cache.seq === -1 || cache.seq < log.base;
  if (fresh) {
    for (let j = 0; j < list.length; j++) refreshCount(cache, constraints, pod.namespace, j, requireAll);
  } else {
    // only the nodes that changed since the last cycle with this key
    const items = log.items;
    for (let q = cache.seq - log.base; q < items.length; q++) {
      const j = snapshot.indexOf(items[q] as NodeInfo);
      if (j >= 0) refreshCount(cache, constraints, pod.namespace, j, requireAll);
    }
  }
  cache.seq = log.seq;
  return cache;
}

/**
 * Counts matching pods per domain over all eligible nodes.
 *
 * @remarks
 * When eligibility does not depend on the pod, the counts come from a per-snapshot cache (see
 * {@link cachedCounts}) and the returned maps are shared with it: never mutate a state's `counts` in place
 * except on a {@link cloneFilterState} copy (the framework clones before every what-if).
 */
export function buildFilterState(pod: PodInfo, constraints: readonly Constraint[], affinity: NodeMatcher | undefined, snapshot: Snapshot): SpreadFilterState {
  if (constraints.every((c) => !c.honorNodeTaints && !(c.honorNodeAffinity && affinity !== undefined))) {
    const cache = cachedCounts(pod, constraints, snapshot);
    const shared: SpreadFilterState = { constraints, affinity, counts: cache.counts, min: constraints.map(() => 0), self: selfMatches(pod, constraints) };
    for (let i = 0; i < constraints.length; i++) recomputeMin(shared, i);
    return shared;
  }
  const s: SpreadFilterState = { constraints, affinity, counts: constraints.map(() => new Map()), min: constraints.map(() => 0), self: selfMatches(pod, constraints) };
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
  return { constraints: s.constraints, affinity: s.affinity, counts: s.counts.map((m) => new Map(m)), min: [...s.min], self: s.self };
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
    if ((m.get(v) ?? 0) + (s.self[i] as number) - minMatch > c.maxSkew) return 2;
  }
  return 0;
}

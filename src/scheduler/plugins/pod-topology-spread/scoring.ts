/**
 * PodTopologySpread PreScore / Score / NormalizeScore (§1.5.6).
 *
 * @packageDocumentation
 */
import type { NodeMatcher } from '../../_internal/node-selector.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';
import type { Snapshot } from '../../framework/snapshot.js';
import { countMatching, hasAllKeys, included, type Constraint } from './common.js';
import { cachedCounts } from './filtering.js';

const HOSTNAME = 'kubernetes.io/hostname';

/** Upstream `preScoreState`. */
export interface SpreadScoreState {
  readonly constraints: readonly Constraint[];
  readonly ignored: Set<string>;
  /** Per constraint (non-hostname): topology value → matching pods over all eligible nodes. */
  readonly counts: Map<string, number>[];
  readonly weights: number[];
  /** Per constraint: the key of a node's remembered hostname count (namespace + the constraint's signature). */
  readonly hostKeys: string[];
}

/** Builds the score state over the feasible nodes (topology sizes) and all nodes (counts). */
export function buildScoreState(pod: PodInfo, constraints: readonly Constraint[], requireAll: boolean,
  affinity: NodeMatcher | undefined, feasible: readonly NodeInfo[], snapshot: Snapshot): SpreadScoreState {
  const s: SpreadScoreState = {
    constraints, ignored: new Set(), counts: constraints.map(() => new Map()), weights: [],
    hostKeys: constraints.map((c) => `${pod.namespace}\u0000${c.signature}`),
  };
  for (const node of feasible) {
    if (requireAll && !hasAllKeys(node, constraints)) { s.ignored.add(node.name); continue; }
    constraints.forEach((c, i) => {
      if (c.topologyKey === HOSTNAME) return;
      const m = s.counts[i] as Map<string, number>;
      const v = node.labels[c.topologyKey] ?? '';
      if (!m.has(v)) m.set(v, 0);
    });
  }
  constraints.forEach((c, i) => {
    const size = c.topologyKey === HOSTNAME ? feasible.length - s.ignored.size : (s.counts[i] as Map<string, number>).size;
    s.weights.push(Math.log(size + 2));
  });
  if (constraints.every((c) => c.topologyKey === HOSTNAME)) return s;
  if (constraints.every((c) => !c.honorNodeTaints && !(c.honorNodeAffinity && affinity !== undefined))) {
    // node inclusion does not depend on the pod: the per-domain counts come from the snapshot's incremental
    // cache (the nodes changed since the last cycle are recounted), read for the feasible nodes' domains
    const cache = cachedCounts(pod, constraints, snapshot, requireAll);
    constraints.forEach((c, i) => {
      if (c.topologyKey === HOSTNAME) return;
      const m = s.counts[i] as Map<string, number>;
      const all = cache.counts[i] as Map<string, number>;
      for (const v of m.keys()) m.set(v, all.get(v) ?? 0);
    });
    return s;
  }
  for (const node of snapshot.list()) {
    if (requireAll && !hasAllKeys(node, constraints)) continue;
    constraints.forEach((c, i) => {
      if (c.topologyKey === HOSTNAME || !included(c, pod, node, affinity)) return;
      const m = s.counts[i] as Map<string, number>;
      const v = node.labels[c.topologyKey] ?? '';
      const cur = m.get(v);
      if (cur === undefined) return;
      m.set(v, cur + countMatching(node.pods, c.selector, pod.namespace));
    });
  }
  return s;
}

/** raw = round(Σ count × weight + (maxSkew − 1)) over constraints whose key the node has. */
export function spreadScore(s: SpreadScoreState, pod: PodInfo, node: NodeInfo): number {
  if (s.ignored.has(node.name)) return 0;
  let score = 0;
  for (let i = 0; i < s.constraints.length; i++) {
    const c = s.constraints[i] as Constraint;
    const v = node.labels[c.topologyKey];
    if (v === undefined) continue;
    const cnt = c.topologyKey === HOSTNAME ? hostCount(s.hostKeys[i] as string, c, pod, node) : ((s.counts[i] as Map<string, number>).get(v) ?? 0);
    score += cnt * (s.weights[i] as number) + (c.maxSkew - 1);
  }
  return Math.round(score);
}

/**
 * The matching pods on the node itself (upstream counts them per node for the hostname key). The node remembers
 * its last count and the key it was for while its generation stays (no pod added, removed or updated, no node
 * change): the pods of one workload are scheduled one after another, and most nodes did not change in between.
 */
function hostCount(key: string, c: Constraint, pod: PodInfo, node: NodeInfo): number {
  if (node.spreadHostGen === node.generation && node.spreadHostKey === key) return node.spreadHostCount;
  const n = countMatching(node.pods, c.selector, pod.namespace);
  node.spreadHostGen = node.generation;
  node.spreadHostKey = key;
  node.spreadHostCount = n;
  return n;
}

/** Min-max normalization over non-ignored nodes: `100 × (max + min − s) / max`; ignored → 0. */
export function spreadNormalize(s: SpreadScoreState, nodes: readonly NodeInfo[], scores: number[]): void {
  let min = Number.MAX_SAFE_INTEGER;
  let max = 0;
  nodes.forEach((n, i) => {
    if (s.ignored.has(n.name)) return;
    const v = scores[i] as number;
    if (v < min) min = v;
    if (v > max) max = v;
  });
  nodes.forEach((n, i) => {
    if (s.ignored.has(n.name)) { scores[i] = 0; return; }
    if (max === 0) { scores[i] = 100; return; }
    scores[i] = Math.trunc((100 * (max + min - (scores[i] as number))) / max);
  });
}

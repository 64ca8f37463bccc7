/**
 * InterPodAffinity PreScore / Score / NormalizeScore (§1.5.7).
 *
 * @packageDocumentation
 */
import type { NodeInfo } from '../../framework/node-info.js';
import { termMatches, type AffinityTerm, type NamespaceLabels, type PodInfo, type WeightedAffinityTerm } from '../../framework/pod-info.js';
import type { Snapshot } from '../../framework/snapshot.js';

/** topologyKey → value → score. */
export type TopologyScore = Map<string, Map<string, number>>;

/** Scoring knobs from `InterPodAffinityArgs`. */
export interface AffinityScoreArgs {
  readonly hardPodAffinityWeight: number;
  readonly ignorePreferredTermsOfExistingPods: boolean;
}

function add(ts: TopologyScore, term: AffinityTerm, weight: number, target: PodInfo, ns: NamespaceLabels, node: NodeInfo): void {
  if (!termMatches(term, target, ns)) return;
  const v = node.labels[term.topologyKey];
  if (v === undefined) return;
  let m = ts.get(term.topologyKey);
  if (m === undefined) { m = new Map(); ts.set(term.topologyKey, m); }
  m.set(v, (m.get(v) ?? 0) + weight);
}

function addAll(ts: TopologyScore, terms: readonly WeightedAffinityTerm[], sign: number, target: PodInfo, ns: NamespaceLabels, node: NodeInfo): void {
  for (const t of terms) add(ts, t, t.weight * sign, target, ns, node);
}

/** Accumulates the topology scores; undefined means Skip. */
export function buildTopologyScore(pod: PodInfo, snapshot: Snapshot, args: AffinityScoreArgs): TopologyScore | undefined {
  const hasPreferred = pod.preferredAffinityTerms.length + pod.preferredAntiAffinityTerms.length > 0;
  if (args.ignorePreferredTermsOfExistingPods && !hasPreferred) return undefined;
  // Without preferred terms of its own, only existing pods with required affinity or preferred terms can
  // score the pod; the nodes holding none of those add nothing and are not visited.
  if (!hasPreferred && snapshot.havePodsWithScoringAffinityList().length === 0) return undefined;
  const ns = snapshot.namespaceLabels;
  const ts: TopologyScore = new Map();
  const nodes = hasPreferred ? snapshot.list() : snapshot.havePodsWithScoringAffinityList();
  for (const node of nodes) {
    // (a node without labels adds nothing: every term needs its topology key)
    for (const ex of hasPreferred ? node.pods : node.podsWithAffinity) {
      addAll(ts, pod.preferredAffinityTerms, 1, ex, ns, node);
      addAll(ts, pod.preferredAntiAffinityTerms, -1, ex, ns, node);
      if (args.hardPodAffinityWeight > 0) for (const t of ex.requiredAffinityTerms) add(ts, t, args.hardPodAffinityWeight, pod, ns, node);
      if (!args.ignorePreferredTermsOfExistingPods) {
        addAll(ts, ex.preferredAffinityTerms, 1, pod, ns, node);
        addAll(ts, ex.preferredAntiAffinityTerms, -1, pod, ns, node);
      }
    }
  }
  return ts.size === 0 ? undefined : ts;
}

/** raw = Σ over the node's labels of topologyScore[key][value]. */
export function affinityScore(ts: TopologyScore, node: NodeInfo): number {
  let s = 0;
  for (const [key, values] of ts) {
    const v = node.labels[key];
    if (v !== undefined) s += values.get(v) ?? 0;
  }
  return s;
}

/** Min-max normalization: `int(100 × (s − min) / (max − min))`, 0 when all equal. */
export function affinityNormalize(scores: number[]): void {
  let min = Infinity;
  let max = -Infinity;
  for (const s of scores) { if (s > max) max = s; if (s < min) min = s; }
  const diff = max - min;
  for (let i = 0; i < scores.length; i++) {
    scores[i] = diff > 0 ? Math.trunc(100 * (((scores[i] as number) - min) / diff)) : 0;
  }
}

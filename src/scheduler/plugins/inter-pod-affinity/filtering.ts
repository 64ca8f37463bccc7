/**
 * InterPodAffinity PreFilter state and Filter checks (§1.4).
 *
 * @packageDocumentation
 */
import type { NodeInfo } from '../../framework/node-info.js';
import { termMatches, type AffinityTerm, type NamespaceLabels, type PodInfo } from '../../framework/pod-info.js';
import type { Snapshot } from '../../framework/snapshot.js';

/** Topology key → value → count (nested, so counting a pair builds no string). Empty maps are removed. */
export type PairCounts = Map<string, Map<string, number>>;

function pairCount(m: PairCounts, key: string, value: string): number {
  return m.get(key)?.get(value) ?? 0;
}

/** Upstream `preFilterState`. */
export interface AffinityFilterState {
  readonly pod: PodInfo;
  readonly nsLabels: NamespaceLabels;
  /** Existing pods' required anti-affinity terms matching the incoming pod. */
  readonly existingAnti: PairCounts;
  /** Existing pods matching all the incoming pod's required affinity terms. */
  readonly affinity: PairCounts;
  /** Existing pods matching the incoming pod's required anti-affinity terms. */
  readonly anti: PairCounts;
}

function bump(m: PairCounts, node: NodeInfo, key: string, delta: number): void {
  const v = node.labels[key];
  if (v === undefined) return;
  let inner = m.get(key);
  if (inner === undefined) { inner = new Map(); m.set(key, inner); }
  const n = (inner.get(v) ?? 0) + delta;
  if (n !== 0) { inner.set(v, n); return; }
  inner.delete(v);
  if (inner.size === 0) m.delete(key);
}

function copy(m: PairCounts): PairCounts {
  const out: PairCounts = new Map();
  for (const [k, inner] of m) out.set(k, new Map(inner));
  return out;
}

function matchesAll(terms: readonly AffinityTerm[], pod: PodInfo, ns: NamespaceLabels): boolean {
  if (terms.length === 0) return false;
  for (const t of terms) if (!termMatches(t, pod, ns)) return false;
  return true;
}

/** Applies one pod (`other`, on `node`) with multiplier ±1 (upstream `updateWithPod`). */
export function updateWithPod(s: AffinityFilterState, other: PodInfo, node: NodeInfo, delta: number): void {
  for (const t of other.requiredAntiAffinityTerms) if (termMatches(t, s.pod, s.nsLabels)) bump(s.existingAnti, node, t.topologyKey, delta);
  if (matchesAll(s.pod.requiredAffinityTerms, other, s.nsLabels)) {
    for (const t of s.pod.requiredAffinityTerms) bump(s.affinity, node, t.topologyKey, delta);
  }
  for (const t of s.pod.requiredAntiAffinityTerms) if (termMatches(t, other, s.nsLabels)) bump(s.anti, node, t.topologyKey, delta);
}

/** Builds the PreFilter state; undefined means Skip (nothing to check). */
export function buildAffinityFilterState(pod: PodInfo, snapshot: Snapshot): AffinityFilterState | undefined {
  if (pod.requiredAffinityTerms.length + pod.requiredAntiAffinityTerms.length === 0 &&
    snapshot.havePodsWithRequiredAntiAffinityList().length === 0) return undefined;
  const s: AffinityFilterState = { pod, nsLabels: snapshot.namespaceLabels, existingAnti: new Map(), affinity: new Map(), anti: new Map() };
  for (const node of snapshot.havePodsWithRequiredAntiAffinityList()) {
    for (const ex of node.podsWithRequiredAntiAffinity) {
      for (const t of ex.requiredAntiAffinityTerms) if (termMatches(t, pod, s.nsLabels)) bump(s.existingAnti, node, t.topologyKey, 1);
    }
  }
  const hasAff = pod.requiredAffinityTerms.length > 0;
  const hasAnti = pod.requiredAntiAffinityTerms.length > 0;
  if (s.existingAnti.size === 0 && !hasAff && !hasAnti) return undefined;
  if (hasAff || hasAnti) {
    for (const node of snapshot.list()) {
      for (const ex of node.pods) {
        if (hasAff && matchesAll(pod.requiredAffinityTerms, ex, s.nsLabels)) {
          for (const t of pod.requiredAffinityTerms) bump(s.affinity, node, t.topologyKey, 1);
        }
        for (const t of pod.requiredAntiAffinityTerms) if (termMatches(t, ex, s.nsLabels)) bump(s.anti, node, t.topologyKey, 1);
      }
    }
  }
  return s;
}

/** A deep copy for preemption what-ifs. */
export function cloneAffinityFilterState(s: AffinityFilterState): AffinityFilterState {
  return { pod: s.pod, nsLabels: s.nsLabels, existingAnti: copy(s.existingAnti), affinity: copy(s.affinity), anti: copy(s.anti) };
}

/** Required affinity: every term has a match in the node's domain, or the first-pod-of-a-group exception. */
export function satisfiesAffinity(s: AffinityFilterState, node: NodeInfo): boolean {
  let podsExist = true;
  for (const t of s.pod.requiredAffinityTerms) {
    const v = node.labels[t.topologyKey];
    if (v === undefined) return false;
    if (pairCount(s.affinity, t.topologyKey, v) <= 0) podsExist = false;
  }
  if (podsExist) return true;
  return s.affinity.size === 0 && matchesAll(s.pod.requiredAffinityTerms, s.pod, s.nsLabels);
}

/** Required anti-affinity of the incoming pod. */
export function satisfiesAntiAffinity(s: AffinityFilterState, node: NodeInfo): boolean {
  if (s.anti.size === 0) return true;
  for (const t of s.pod.requiredAntiAffinityTerms) {
    const v = node.labels[t.topologyKey];
    if (v !== undefined && pairCount(s.anti, t.topologyKey, v) > 0) return false;
  }
  return true;
}

/** Existing pods' required anti-affinity (symmetry). */
export function satisfiesExistingAntiAffinity(s: AffinityFilterState, node: NodeInfo): boolean {
  if (s.existingAnti.size === 0) return true;
  const labels = node.labels;
  for (const [key, values] of s.existingAnti) {
    const v = labels[key];
    if (v !== undefined && (values.get(v) ?? 0) > 0) return false;
  }
  return true;
}

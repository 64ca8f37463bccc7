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
  /**
   * The inner maps the Filter reads, resolved once per state (null: not yet, or the counts changed since):
   * per required anti-affinity term its topology key's value → count map, and the existing pods'
   * anti-affinity keys with theirs — one map lookup per term and node instead of two.
   */
  view: FilterView | null;
}

interface FilterView {
  readonly anti: readonly (ReadonlyMap<string, number> | undefined)[];
  readonly existingKeys: readonly string[];
  readonly existing: readonly ReadonlyMap<string, number>[];
}

function viewOf(s: AffinityFilterState): FilterView {
  if (s.view === null) {
    const existingKeys: string[] = [];
    const existing: ReadonlyMap<string, number>[] = [];
    for (const [k, m] of s.existingAnti) { existingKeys.push(k); existing.push(m); }
    s.view = { anti: s.pod.requiredAntiAffinityTerms.map((t) => s.anti.get(t.topologyKey)), existingKeys, existing };
  }
  return s.view;
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
  s.view = null;
  for (const t of other.requiredAntiAffinityTerms) if (termMatches(t, s.pod, s.nsLabels)) bump(s.existingAnti, node, t.topologyKey, delta);
  if (matchesAll(s.pod.requiredAffinityTerms, other, s.nsLabels)) {
    for (const t of s.pod.requiredAffinityTerms) bump(s.affinity, node, t.topologyKey, delta);
  }
  for (const t of s.pod.requiredAntiAffinityTerms) if (termMatches(t, other, s.nsLabels)) bump(s.anti, node, t.topologyKey, delta);
}

/** One node's share of a {@link PairCounts}: `[topologyKey, value, count]` triples. */
type Contribution = readonly (readonly [string, string, number])[];

function addPair(m: PairCounts, key: string, value: string, delta: number): void {
  let inner = m.get(key);
  if (inner === undefined) { inner = new Map(); m.set(key, inner); }
  const n = (inner.get(value) ?? 0) + delta;
  if (n !== 0) { inner.set(value, n); return; }
  inner.delete(value);
  if (inner.size === 0) m.delete(key);
}

function apply(m: PairCounts, c: Contribution | undefined, sign: number): void {
  if (c !== undefined) for (const [k, v, n] of c) addPair(m, k, v, n * sign);
}

/** Pair counts over nodes, each node's share refreshed only when its generation changed. */
interface PairCache {
  /** The node list the per-index arrays follow (list-indexed caches), or null (node-keyed caches). */
  readonly list: readonly NodeInfo[] | null;
  readonly gens: Float64Array;
  readonly contrib: (Contribution | undefined)[];
  readonly byNode: Map<NodeInfo, { gen: number; seen: number; readonly c: Contribution }>;
  readonly counts: PairCounts;
  stamp: number;
  /** The snapshot's change-log sequence number up to which the counts are current (-1: never filled). */
  seq: number;
}

const pairCaches = new WeakMap<Snapshot, Map<string, PairCache>>();
const MAX_PAIR_CACHES = 256;

function pairCache(snapshot: Snapshot, key: string, list: readonly NodeInfo[] | null): PairCache {
  let byKey = pairCaches.get(snapshot);
  if (byKey === undefined) { byKey = new Map(); pairCaches.set(snapshot, byKey); }
  let c = byKey.get(key);
  if (c === undefined || c.list !== list) {
    if (c === undefined && byKey.size >= MAX_PAIR_CACHES) byKey.clear();
    const n = list?.length ?? 0;
    c = { list, gens: new Float64Array(n).fill(-1), contrib: new Array<Contribution | undefined>(n), byNode: new Map(), counts: new Map(), stamp: 0, seq: -1 };
    byKey.set(key, c);
  }
  return c;
}

/** Refreshes entry `j` of a list-indexed cache if the node's generation changed. */
function refreshAt(c: PairCache, j: number, share: (node: NodeInfo) => Contribution): void {
  const node = (c.list as readonly NodeInfo[])[j] as NodeInfo;
  if (c.gens[j] === node.generation) return;
  c.gens[j] = node.generation;
  apply(c.counts, c.contrib[j], -1);
  const mine = share(node);
  c.contrib[j] = mine.length === 0 ? undefined : mine;
  apply(c.counts, mine, 1);
}

/**
 * Refreshes a list-indexed cache over `snapshot.list()`: every node the first time (or when the change log
 * no longer reaches back), else only the nodes changed since.
 */
function refreshList(c: PairCache, snapshot: Snapshot, share: (node: NodeInfo) => Contribution): PairCounts {
  const log = snapshot.changeLog;
  if (c.seq === -1 || c.seq < log.base) {
    const n = (c.list as readonly NodeInfo[]).length;
    for (let j = 0; j < n; j++) refreshAt(c, j, share);
  } else {
    const items = log.items;
    for (let q = c.seq - log.base; q < items.length; q++) {
      const j = snapshot.indexOf(items[q] as NodeInfo);
      if (j >= 0) refreshAt(c, j, share);
    }
  }
  c.seq = log.seq;
  return c.counts;
}

/** Refreshes one node of a node-keyed cache: its share if it is a member, else drops it. */
function refreshNode(c: PairCache, node: NodeInfo, member: boolean, share: (node: NodeInfo) => Contribution): void {
  const e = c.byNode.get(node);
  if (!member) {
    if (e !== undefined) { apply(c.counts, e.c, -1); c.byNode.delete(node); }
    return;
  }
  if (e !== undefined && e.gen === node.generation) return;
  if (e !== undefined) apply(c.counts, e.c, -1);
  const mine = share(node);
  c.byNode.set(node, { gen: node.generation, seen: 0, c: mine });
  apply(c.counts, mine, 1);
}

/**
 * Refreshes a node-keyed cache over `nodes` (a list whose membership changes; `isMember` tells whether a node
 * is in it): every member the first time, else only the nodes changed since (nodes that left are dropped).
 */
function refreshNodes(c: PairCache, snapshot: Snapshot, nodes: readonly NodeInfo[], isMember: (n: NodeInfo) => boolean,
  share: (node: NodeInfo) => Contribution): PairCounts {
  const log = snapshot.changeLog;
  if (c.seq === -1 || c.seq < log.base) {
    const stamp = ++c.stamp;
    for (const node of nodes) {
      refreshNode(c, node, true, share);
      (c.byNode.get(node) as { seen: number }).seen = stamp;
    }
    if (c.byNode.size > nodes.length) {
      for (const [node, e] of c.byNode) if (e.seen !== stamp) { apply(c.counts, e.c, -1); c.byNode.delete(node); }
    }
  } else {
    const items = log.items;
    for (let q = c.seq - log.base; q < items.length; q++) {
      const node = items[q] as NodeInfo;
      refreshNode(c, node, isMember(node), share);
    }
  }
  c.seq = log.seq;
  return c.counts;
}

/** Pairs `[term.topologyKey, node's value, 1]` for each term in `terms` that `matches`. */
function sharesOf(node: NodeInfo, out: [string, string, number][], key: string): void {
  const v = node.labels[key];
  if (v !== undefined) out.push([key, v, 1]);
}

/**
 * Builds the PreFilter state; undefined means Skip (nothing to check).
 *
 * @remarks
 * Upstream walks every existing pod each cycle. kubesim keeps the three pair counts per snapshot, keyed by
 * what they depend on (the incoming pod's namespace, labels and terms), and refreshes only the nodes whose
 * generation changed since the last pod with the same key — same counts, O(nodes) cheap checks instead of
 * O(pods) term matches. The returned maps are shared with that cache: mutate only {@link
 * cloneAffinityFilterState} copies (the framework clones before every what-if). The cache keys carry the
 * snapshot's namespace-labels version, so a namespace label change (namespaceSelector terms) starts afresh.
 */
export function buildAffinityFilterState(pod: PodInfo, snapshot: Snapshot): AffinityFilterState | undefined {
  const withAnti = snapshot.havePodsWithRequiredAntiAffinityList();
  if (pod.requiredAffinityTerms.length + pod.requiredAntiAffinityTerms.length === 0 && withAnti.length === 0) return undefined;
  const nsLabels = snapshot.namespaceLabels;
  // namespace labels decide namespaceSelector terms: a change of any starts the counts afresh
  const id = `${snapshot.namespaceLabelsVersion}\u0000${pod.namespace}\u0000${JSON.stringify(pod.labels)}`;
  const existingAnti = refreshNodes(pairCache(snapshot, `A\u0000${id}`, null), snapshot, withAnti, (n) => snapshot.hasPodsWithRequiredAntiAffinity(n), (node) => {
    const out: [string, string, number][] = [];
    for (const ex of node.podsWithRequiredAntiAffinity) {
      for (const t of ex.requiredAntiAffinityTerms) if (termMatches(t, pod, nsLabels)) sharesOf(node, out, t.topologyKey);
    }
    return out;
  });
  const hasAff = pod.requiredAffinityTerms.length > 0;
  const hasAnti = pod.requiredAntiAffinityTerms.length > 0;
  if (existingAnti.size === 0 && !hasAff && !hasAnti) return undefined;
  const aff = pod.pod.spec?.affinity;
  const list = snapshot.list();
  const affinity = !hasAff ? new Map() as PairCounts
    : refreshList(pairCache(snapshot, `C\u0000${id}\u0000${JSON.stringify(aff?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution)}`, list), snapshot, (node) => {
      const out: [string, string, number][] = [];
      for (const ex of node.pods) {
        if (matchesAll(pod.requiredAffinityTerms, ex, nsLabels)) for (const t of pod.requiredAffinityTerms) sharesOf(node, out, t.topologyKey);
      }
      return out;
    });
  const anti = !hasAnti ? new Map() as PairCounts
    : refreshList(pairCache(snapshot, `B\u0000${id}\u0000${JSON.stringify(aff?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution)}`, list), snapshot, (node) => {
      const out: [string, string, number][] = [];
      for (const ex of node.pods) {
        for (const t of pod.requiredAntiAffinityTerms) if (termMatches(t, ex, nsLabels)) sharesOf(node, out, t.topologyKey);
      }
      return out;
    });
  return { pod, nsLabels, existingAnti, affinity, anti, view: null };
}

/** {@link buildAffinityFilterState} without the cache: every existing pod, every cycle (upstream's walk). */
export function buildAffinityFilterStateUncached(pod: PodInfo, snapshot: Snapshot): AffinityFilterState | undefined {
  if (pod.requiredAffinityTerms.length + pod.requiredAntiAffinityTerms.length === 0 &&
    snapshot.havePodsWithRequiredAntiAffinityList().length === 0) return undefined;
  const s: AffinityFilterState = { pod, nsLabels: snapshot.namespaceLabels, existingAnti: new Map(), affinity: new Map(), anti: new Map(), view: null };
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
  return { pod: s.pod, nsLabels: s.nsLabels, existingAnti: copy(s.existingAnti), affinity: copy(s.affinity), anti: copy(s.anti), view: null };
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
  const inner = viewOf(s).anti;
  const terms = s.pod.requiredAntiAffinityTerms;
  for (let i = 0; i < terms.length; i++) {
    const m = inner[i];
    if (m === undefined) continue;
    const v = node.labels[(terms[i] as AffinityTerm).topologyKey];
    if (v !== undefined && (m.get(v) ?? 0) > 0) return false;
  }
  return true;
}

/** Existing pods' required anti-affinity (symmetry). */
export function satisfiesExistingAntiAffinity(s: AffinityFilterState, node: NodeInfo): boolean {
  if (s.existingAnti.size === 0) return true;
  const labels = node.labels;
  const { existingKeys, existing } = viewOf(s);
  for (let i = 0; i < existingKeys.length; i++) {
    const v = labels[existingKeys[i] as string];
    if (v !== undefined && ((existing[i] as ReadonlyMap<string, number>).get(v) ?? 0) > 0) return false;
  }
  return true;
}

/**
 * The Filter's verdict in one pass (upstream checks affinity, then anti-affinity, then the existing pods'
 * anti-affinity): 0 fits, 1 affinity, 2 anti-affinity, 3 existing pods' anti-affinity.
 */
export function affinityVerdict(s: AffinityFilterState, node: NodeInfo): 0 | 1 | 2 | 3 {
  if (s.pod.requiredAffinityTerms.length > 0 && !satisfiesAffinity(s, node)) return 1;
  const antiSize = s.anti.size;
  const existingSize = s.existingAnti.size;
  if (antiSize === 0 && existingSize === 0) return 0;
  const view = s.view ?? viewOf(s);
  const labels = node.labels;
  if (antiSize !== 0) {
    const terms = s.pod.requiredAntiAffinityTerms;
    const inner = view.anti;
    for (let i = 0; i < terms.length; i++) {
      const m = inner[i];
      if (m === undefined) continue;
      const v = labels[(terms[i] as AffinityTerm).topologyKey];
      if (v !== undefined && (m.get(v) ?? 0) > 0) return 2;
    }
  }
  if (existingSize !== 0) {
    const keys = view.existingKeys;
    const maps = view.existing;
    for (let i = 0; i < keys.length; i++) {
      const v = labels[keys[i] as string];
      if (v !== undefined && ((maps[i] as ReadonlyMap<string, number>).get(v) ?? 0) > 0) return 3;
    }
  }
  return 0;
}

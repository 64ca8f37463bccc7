/**
 * The scheduler's view of the cluster: NodeInfos in upstream's zone-interleaved order, with lookups.
 *
 * @packageDocumentation
 */
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import type { NamespaceLabels, PodInfo } from './pod-info.js';
import { ChangeLog, type NodeInfo } from './node-info.js';

/** Upstream `utilnode.GetZoneKey`: region and zone labels (GA, then beta), '' when both are absent. */
export function zoneKey(node: Node): string {
  const l = node.metadata?.labels ?? {};
  const region = l['topology.kubernetes.io/region'] ?? l['failure-domain.beta.kubernetes.io/region'] ?? '';
  const zone = l['topology.kubernetes.io/zone'] ?? l['failure-domain.beta.kubernetes.io/zone'] ?? '';
  return region === '' && zone === '' ? '' : `${region}:\u0000:${zone}`;
}

/**
 * A read-mostly view of all nodes, which plugins use to look beyond the node being filtered.
 *
 * @remarks
 * The list order is upstream's node tree: zones in order of first appearance, one node per zone in turn
 * (round robin), so that sampled searches (§1.6) spread across zones. The derived lists are rebuilt lazily
 * after the {@link SchedulerCache} marks them dirty. NodeInfos are shared with the cache (no copy per
 * cycle): the scheduling cycle is synchronous, so nothing changes them while a pod is being scheduled.
 *
 * @example
 * ```ts
 * const cache = new SchedulerCache();
 * cache.addNode({ metadata: { name: 'n1' } });
 * cache.snapshot.list().length; // 1
 * ```
 */
export class Snapshot {
  /** @internal */ readonly byName = new Map<string, NodeInfo>();
  /** @internal */ readonly zones = new Map<string, NodeInfo[]>();
  /** Number of nodes holding each normalized image name (ImageLocality's spread factor). */
  readonly imageNodeCount = new Map<string, number>();
  /** @internal Bumped whenever a node is added or removed or its images change (ImageLocality's score cache). */
  imageEpoch = 0;
  /** Labels of namespaces, for affinity `namespaceSelector`. */
  readonly namespaceLabels: NamespaceLabels = new Map();
  /** @internal Bumped on every change of {@link Snapshot.namespaceLabels} (a key of the affinity caches). */
  namespaceLabelsVersion = 0;
  /**
   * Selectors of the Services, ReplicaSets, StatefulSets and ReplicationControllers that select a pod, used
   * to build PodTopologySpread's default constraints (§1.5.6). Set by the scheduler actor; none by default.
   */
  workloadSelectors: (pod: Pod) => readonly LabelSelector[] = () => [];
  /** The cluster's PodDisruptionBudgets, which DefaultPreemption respects (§1.7). Set by the scheduler actor. */
  pdbs: readonly PodDisruptionBudget[] = [];
  /** @internal Number of nodes with a PreferNoSchedule taint (kept by the cache). */
  preferNoScheduleNodes = 0;
  /** @internal Number of nodes with a NoSchedule or NoExecute taint (kept by the cache). */
  hardTaintNodes = 0;
  /** @internal Number of cordoned nodes (`spec.unschedulable`, kept by the cache). */
  unschedulableNodes = 0;
  /** @internal Nodes in the order they changed, for caches refreshed incrementally (see {@link ChangeLog}). */
  readonly changeLog = new ChangeLog();
  private ordered: NodeInfo[] | null = null;
  private positions: Map<NodeInfo, number> | null = null;
  // Nodes with pods that have (required anti-)affinity, kept incrementally (O(1) per change) instead of
  // re-filtering every node each cycle; their order is the order they gained such a pod (consumers only sum).
  private readonly withAffinity: NodeInfo[] = [];
  private readonly withAffinityIdx = new Map<NodeInfo, number>();
  // Nodes with pods whose terms can score an incoming pod without preferred terms (required affinity or
  // preferred terms of their own): InterPodAffinity's PreScore skips the others.
  private readonly withScoringAffinity: NodeInfo[] = [];
  private readonly withScoringAffinityIdx = new Map<NodeInfo, number>();
  private readonly withAntiAffinity: NodeInfo[] = [];
  private readonly withAntiAffinityIdx = new Map<NodeInfo, number>();

  /** All nodes, zone-interleaved (upstream `NodeInfos().List()`). */
  list(): readonly NodeInfo[] {
    if (this.ordered === null) {
      const zones = [...this.zones.values()];
      const out: NodeInfo[] = [];
      let maxLen = 0;
      for (const z of zones) maxLen = Math.max(maxLen, z.length);
      for (let i = 0; i < maxLen; i++) {
        for (const z of zones) { const n = z[i]; if (n !== undefined) out.push(n); }
      }
      this.ordered = out;
      this.positions = null;
    }
    return this.ordered;
  }

  /** @internal The position of `n` in {@link Snapshot.list}, or -1. */
  indexOf(n: NodeInfo): number {
    const list = this.list();
    if (this.positions === null) {
      const m = new Map<NodeInfo, number>();
      for (let i = 0; i < list.length; i++) m.set(list[i] as NodeInfo, i);
      this.positions = m;
    }
    return this.positions.get(n) ?? -1;
  }

  /** @internal True if `n` is listed and has a pod with required anti-affinity terms. */
  hasPodsWithRequiredAntiAffinity(n: NodeInfo): boolean {
    return this.withAntiAffinityIdx.has(n);
  }

  /** Nodes with at least one pod that has (anti-)affinity terms (in no particular order). */
  havePodsWithAffinityList(): readonly NodeInfo[] {
    return this.withAffinity;
  }

  /**
   * @internal Nodes with at least one pod that has required affinity or preferred (anti-)affinity terms (in no
   * particular order): a subset of {@link Snapshot.havePodsWithAffinityList} outside which existing pods add
   * nothing to InterPodAffinity's score of a pod without preferred terms.
   */
  havePodsWithScoringAffinityList(): readonly NodeInfo[] {
    return this.withScoringAffinity;
  }

  /** Nodes with at least one pod that has required anti-affinity terms (in no particular order). */
  havePodsWithRequiredAntiAffinityList(): readonly NodeInfo[] {
    return this.withAntiAffinity;
  }

  /** The NodeInfo of a node by name. */
  get(name: string): NodeInfo | undefined {
    const n = this.byName.get(name);
    return n !== undefined && this.isListed(n) ? n : undefined;
  }

  /** Number of nodes. */
  get numNodes(): number {
    return this.list().length;
  }

  /** @internal Node set changed (add / remove / zone move). */
  invalidateNodes(): void {
    this.ordered = null;
  }

  /** @internal A node's pods with (anti-)affinity, or its presence, changed: update the two lists. */
  noteAffinity(n: NodeInfo, present = true): void {
    const listed = present && this.isListed(n);
    track(this.withAffinity, this.withAffinityIdx, n, listed && n.podsWithAffinity.length > 0);
    track(this.withScoringAffinity, this.withScoringAffinityIdx, n, listed && n.podsWithAffinity.some(scoresOthers));
    track(this.withAntiAffinity, this.withAntiAffinityIdx, n, listed && n.podsWithRequiredAntiAffinity.length > 0);
  }

  private isListed(n: NodeInfo): boolean {
    return (n as { node?: Node }).node !== undefined;
  }
}

/** True if the pod's own terms add to InterPodAffinity's score of other pods (see `buildTopologyScore`). */
function scoresOthers(p: PodInfo): boolean {
  return p.requiredAffinityTerms.length + p.preferredAffinityTerms.length + p.preferredAntiAffinityTerms.length > 0;
}

/** Adds `n` to / removes it from an unordered list with an index (swap-remove). */
function track(arr: NodeInfo[], idx: Map<NodeInfo, number>, n: NodeInfo, want: boolean): void {
  const i = idx.get(n);
  if (want) {
    if (i === undefined) { idx.set(n, arr.length); arr.push(n); }
    return;
  }
  if (i === undefined) return;
  const last = arr.pop() as NodeInfo;
  if (last !== n) { arr[i] = last; idx.set(last, i); }
  idx.delete(n);
}

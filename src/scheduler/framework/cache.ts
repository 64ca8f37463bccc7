/**
 * The scheduler cache: incremental node and pod bookkeeping, including assumed pods (upstream `internal/cache`).
 *
 * @packageDocumentation
 */
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { NodeInfo } from './node-info.js';
import { PodInfo } from './pod-info.js';
import { Snapshot, zoneKey } from './snapshot.js';

interface PodState {
  readonly info: PodInfo;
  readonly nodeName: string;
  assumed: boolean;
}

/** Adds (1) or removes (-1) the node's share of the snapshot's node counters (taints, cordons). */
function countNode(snapshot: Snapshot, ni: NodeInfo, sign: 1 | -1): void {
  if (ni.taints.some((t) => t.effect === 'PreferNoSchedule')) snapshot.preferNoScheduleNodes += sign;
  if (ni.taints.some((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute')) snapshot.hardTaintNodes += sign;
  if (ni.unschedulable) snapshot.unschedulableNodes += sign;
}

/** `namespace/name` of a pod. */
export function podKey(pod: Pod): string {
  return `${pod.metadata?.namespace ?? 'default'}/${pod.metadata?.name ?? ''}`;
}

/**
 * The mutable cache the scheduler actor feeds from informer events; its {@link SchedulerCache.snapshot} is
 * what {@link schedulePod} reads.
 *
 * @remarks
 * Every operation is incremental (O(1) amortized per pod, O(pods on node) to remove one). An assumed pod
 * counts against its node at once (§1.1 step 9) until it is confirmed by {@link SchedulerCache.addPod} (the
 * bound pod arrives from the API server) or dropped by {@link SchedulerCache.forgetPod}.
 *
 * @example
 * ```ts
 * const cache = new SchedulerCache();
 * cache.addNode({ metadata: { name: 'n1' }, status: { allocatable: { cpu: '2', memory: '4Gi', pods: '110' } } });
 * cache.assumePod({ metadata: { name: 'p' }, spec: { containers: [] } }, 'n1');
 * cache.snapshot.get('n1')?.pods.length; // 1
 * ```
 */
export class SchedulerCache {
  /** The live view used for scheduling. */
  readonly snapshot = new Snapshot();
  private readonly pods = new Map<string, PodState>();
  private readonly nodeZone = new Map<string, string>();

  /** Adds a node (or updates it if it already exists). */
  addNode(node: Node): void {
    const name = node.metadata?.name ?? '';
    const existing = this.snapshot.byName.get(name);
    if (existing !== undefined && this.nodeZone.has(name)) { this.updateNode(node); return; }
    const ni = existing ?? this.newNodeInfo();
    ni.setNode(node);
    countNode(this.snapshot, ni, 1);
    this.snapshot.byName.set(name, ni);
    this.insertInTree(ni, zoneKey(node));
    this.countImageMap(ni.imageSizes, 1);
    this.snapshot.noteAffinity(ni);
  }

  /** Replaces a node's object (labels, taints, allocatable, images); keeps its pods. */
  updateNode(node: Node): void {
    const name = node.metadata?.name ?? '';
    const ni = this.snapshot.byName.get(name);
    if (ni === undefined || !this.nodeZone.has(name)) { this.addNode(node); return; }
    const images = ni.imageSizes;
    countNode(this.snapshot, ni, -1);
    ni.setNode(node);
    countNode(this.snapshot, ni, 1);
    if (ni.imageSizes !== images) {
      this.countImageMap(images, -1);
      this.countImageMap(ni.imageSizes, 1);
    }
    const zone = zoneKey(node);
    // the node list keeps its order unless the zone changed (upstream's node tree moves the node then)
    if (zone !== this.nodeZone.get(name)) { this.removeFromTree(ni); this.insertInTree(ni, zone); }
  }

  /** Removes a node and forgets the pods on it. */
  removeNode(name: string): void {
    const ni = this.snapshot.byName.get(name);
    if (ni === undefined) return;
    if (this.nodeZone.has(name)) {
      this.removeFromTree(ni);
      this.countImageMap(ni.imageSizes, -1);
      countNode(this.snapshot, ni, -1);
    }
    this.snapshot.noteAffinity(ni, false);
    for (const p of ni.pods) this.pods.delete(p.key);
    this.snapshot.byName.delete(name);
    this.snapshot.changeLog.push(ni);
    ni.changeLog = null;
  }

  /** Adds a bound pod (`spec.nodeName` set); confirms it if it was assumed. Unbound pods are ignored. */
  addPod(pod: Pod): void {
    const nodeName = pod.spec?.nodeName;
    if (nodeName === undefined || nodeName === '') return;
    const key = podKey(pod);
    if (this.pods.has(key)) this.removePodByKey(key);
    this.place(new PodInfo(pod), nodeName, false);
  }

  /**
   * Replaces a pod (e.g. its labels or phase changed). A write that changes nothing the scheduler derives from the
   * pod — same node, labels, spec and deletionTimestamp: a kubelet's status write — only swaps the object its
   * PodInfo holds (preemption reads the start time from it), without re-counting the pod: upstream's UpdatePod
   * removes and re-adds it, which changes no count and would only bump the node's generation. `key` is the pod's
   * `namespace/name`, when the caller has built it already.
   */
  updatePod(pod: Pod, key: string = podKey(pod)): void {
    const st = this.pods.get(key);
    if (st !== undefined && !st.assumed && st.nodeName === pod.spec?.nodeName) {
      const old = st.info.pod;
      if (old.spec === pod.spec && old.metadata?.labels === pod.metadata?.labels && old.metadata?.deletionTimestamp === pod.metadata?.deletionTimestamp) {
        st.info.swapPod(pod);
        return;
      }
    }
    this.addPod(pod);
  }

  /** Removes a pod (deleted, or finished and no longer counted). */
  removePod(pod: Pod | string): void {
    this.removePodByKey(typeof pod === 'string' ? pod : podKey(pod));
  }

  /**
   * Counts `pod` against `nodeName` before the binding is confirmed (upstream `AssumePod`).
   * Accepts a precomputed {@link PodInfo} to avoid deriving it twice.
   */
  assumePod(pod: Pod | PodInfo, nodeName: string): void {
    const pi = pod instanceof PodInfo ? pod : new PodInfo(pod);
    if (this.pods.has(pi.key)) throw new Error(`pod ${pi.key} is already in the cache, so can't be assumed`);
    this.place(pi, nodeName, true);
  }

  /** Drops an assumed pod (binding failed; upstream `ForgetPod`). */
  forgetPod(pod: Pod | string): void {
    const key = typeof pod === 'string' ? pod : podKey(pod);
    const st = this.pods.get(key);
    if (st?.assumed === true) this.removePodByKey(key);
  }

  /** True if the pod is assumed and not yet confirmed. */
  isAssumed(key: string): boolean {
    return this.pods.get(key)?.assumed === true;
  }

  /** The node a cached pod is counted on. */
  nodeOf(key: string): string | undefined {
    return this.pods.get(key)?.nodeName;
  }

  /** Sets the labels of a namespace (for affinity namespaceSelector). */
  setNamespaceLabels(namespace: string, labels: Readonly<Record<string, string>>): void {
    (this.snapshot.namespaceLabels as Map<string, Readonly<Record<string, string>>>).set(namespace, labels);
    this.snapshot.namespaceLabelsVersion++;
  }

  /** Forgets a deleted namespace's labels. */
  removeNamespaceLabels(namespace: string): void {
    if ((this.snapshot.namespaceLabels as Map<string, unknown>).delete(namespace)) this.snapshot.namespaceLabelsVersion++;
  }

  private place(pi: PodInfo, nodeName: string, assumed: boolean): void {
    let ni = this.snapshot.byName.get(nodeName);
    if (ni === undefined) { ni = this.newNodeInfo(); this.snapshot.byName.set(nodeName, ni); }
    ni.addPod(pi);
    this.pods.set(pi.key, { info: pi, nodeName, assumed });
    if (pi.hasAffinity) this.snapshot.noteAffinity(ni);
  }

  private removePodByKey(key: string): void {
    const st = this.pods.get(key);
    if (st === undefined) return;
    this.pods.delete(key);
    const ni = this.snapshot.byName.get(st.nodeName);
    ni?.removePodInfo(st.info);
    if (st.info.hasAffinity && ni !== undefined) this.snapshot.noteAffinity(ni);
  }

  private newNodeInfo(): NodeInfo {
    const ni = new NodeInfo();
    ni.changeLog = this.snapshot.changeLog;
    return ni;
  }

  private insertInTree(ni: NodeInfo, zone: string): void {
    let list = this.snapshot.zones.get(zone);
    if (list === undefined) { list = []; this.snapshot.zones.set(zone, list); }
    list.push(ni);
    this.nodeZone.set(ni.name, zone);
    this.snapshot.invalidateNodes();
  }

  private removeFromTree(ni: NodeInfo): void {
    const zone = this.nodeZone.get(ni.name);
    if (zone === undefined) return;
    const list = this.snapshot.zones.get(zone) ?? [];
    const i = list.indexOf(ni);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.snapshot.zones.delete(zone);
    this.nodeZone.delete(ni.name);
    this.snapshot.invalidateNodes();
  }

  /** Counts (or uncounts) a node's images; every call changes what ImageLocality scores (its epoch). */
  private countImageMap(images: ReadonlyMap<string, number>, sign: 1 | -1): void {
    this.snapshot.imageEpoch++;
    const m = this.snapshot.imageNodeCount;
    for (const img of images.keys()) {
      const n = (m.get(img) ?? 0) + sign;
      if (n <= 0) m.delete(img); else m.set(img, n);
    }
  }
}

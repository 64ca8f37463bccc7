/**
 * NodeInfo: the scheduler cache's mutable per-node entry (upstream `framework.NodeInfo`).
 *
 * @packageDocumentation
 */
import type { Node, Taint } from 'kubernetes-types/core/v1.js';
import type { HostPort, PodInfo } from './pod-info.js';
import { Resource } from './resource.js';

/** Appends `:latest` to an image name without a tag (upstream `normalizedImageName`). */
export function normalizedImageName(name: string): string {
  if (name.includes('@')) return name;
  return name.lastIndexOf(':') <= name.lastIndexOf('/') ? `${name}:latest` : name;
}

function removeFrom(list: PodInfo[], key: string): boolean {
  for (let i = 0; i < list.length; i++) {
    if ((list[i] as PodInfo).key === key) { list.splice(i, 1); return true; }
  }
  return false;
}

const EMPTY_LABELS: Readonly<Record<string, string>> = Object.freeze({});

/** Entries kept before the log starts over (consumers further behind recount everything). */
const CHANGE_LOG_CAP = 1 << 16;

/**
 * The nodes of one snapshot in the order they changed (a pod added or removed, the node replaced or
 * removed), so per-snapshot caches refresh only those nodes instead of checking every node's generation.
 *
 * @remarks
 * A consumer remembers {@link ChangeLog.seq}; later it reads `items[seq - base …]`, or recounts everything
 * when `seq < base` (the log started over). A node may appear several times.
 *
 * @internal
 */
export class ChangeLog {
  items: NodeInfo[] = [];
  /** Sequence number of `items[0]`. */
  base = 0;

  /** Sequence number of the next change. */
  get seq(): number {
    return this.base + this.items.length;
  }

  push(n: NodeInfo): void {
    if (this.items.length >= CHANGE_LOG_CAP) { this.base += this.items.length; this.items = []; }
    this.items.push(n);
  }
}

/**
 * A node and the pods on it, with the aggregates Filter and Score read: requested resources (real and
 * non-zero), used host ports, image sizes, and the pods carrying (anti-)affinity.
 *
 * @remarks
 * Mutated in place by the cache (O(1) per pod add, O(pods on node) per remove); plugins must treat it as
 * read-only. Preemption works on {@link NodeInfo.clone}s.
 *
 * @example
 * ```ts
 * const ni = new NodeInfo({ metadata: { name: 'n1' }, status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' } } });
 * ni.allocatable.milliCPU; // 4000
 * ```
 */
export class NodeInfo {
  node!: Node;
  name = '';
  labels: Readonly<Record<string, string>> = EMPTY_LABELS;
  taints: readonly Taint[] = [];
  unschedulable = false;
  allocatable: Resource = new Resource();
  /** Normalized image name → size in bytes. */
  imageSizes: ReadonlyMap<string, number> = new Map();
  readonly requested = new Resource();
  // Hot fields, flattened onto the NodeInfo so Filter/Score touch one object per node (style §4).
  /** allocatable cpu, millicores (mirror of `allocatable.milliCPU`). */
  allocMilliCPU = 0;
  /** allocatable memory, bytes. */
  allocMemory = 0;
  /** allocatable ephemeral-storage, bytes. */
  allocEphemeralStorage = 0;
  /** allocatable pods. */
  allocPods = 0;
  /** Σ cpu requests of pods on the node, millicores (mirror of `requested.milliCPU`). */
  reqMilliCPU = 0;
  /** Σ memory requests, bytes. */
  reqMemory = 0;
  /** Σ ephemeral-storage requests, bytes. */
  reqEphemeralStorage = 0;
  /** Number of pods on the node (assumed included). */
  podCount = 0;
  /** `taints.length`. */
  taintCount = 0;
  /** `imageSizes.size`. */
  imageCount = 0;
  /** @internal ImageLocality's last score here: valid for {@link Snapshot.imageEpoch} and the pod's image list. */
  imageScoreEpoch = -1;
  /** @internal */ imageScoreKey = '';
  /** @internal */ imageScore = 0;
  /** @internal PodTopologySpread's last hostname count here: valid for {@link NodeInfo.generation} and the key. */
  spreadHostGen = -1;
  /** @internal */ spreadHostKey = '';
  /** @internal */ spreadHostCount = 0;
  nonZeroMilliCPU = 0;
  nonZeroMemory = 0;
  readonly pods: PodInfo[] = [];
  readonly podsWithAffinity: PodInfo[] = [];
  readonly podsWithRequiredAntiAffinity: PodInfo[] = [];
  readonly usedPorts: HostPort[] = [];
  /** Bumped on every change (upstream `Generation`). */
  generation = 0;
  /** @internal The snapshot's change log (null for nodes outside a snapshot, e.g. preemption's clones). */
  changeLog: ChangeLog | null = null;

  constructor(node?: Node) {
    if (node !== undefined) this.setNode(node);
  }

  /** Replaces the node object and recomputes the node-derived fields. */
  setNode(node: Node): void {
    this.node = node;
    this.name = node.metadata?.name ?? '';
    this.labels = node.metadata?.labels ?? EMPTY_LABELS;
    this.taints = node.spec?.taints ?? [];
    this.unschedulable = node.spec?.unschedulable === true;
    this.allocatable = Resource.fromList(node.status?.allocatable as Readonly<Record<string, string>> | undefined);
    const images = new Map<string, number>();
    for (const img of node.status?.images ?? []) {
      for (const n of img.names ?? []) images.set(normalizedImageName(n), img.sizeBytes ?? 0);
    }
    // the same images keep the same map, so the cache can tell that nothing changed for ImageLocality
    if (!sameImages(images, this.imageSizes)) this.imageSizes = images;
    this.allocMilliCPU = this.allocatable.milliCPU;
    this.allocMemory = this.allocatable.memory;
    this.allocEphemeralStorage = this.allocatable.ephemeralStorage;
    this.allocPods = this.allocatable.allowedPodNumber;
    this.taintCount = this.taints.length;
    this.imageCount = this.imageSizes.size;
    this.generation++;
    this.changeLog?.push(this);
  }

  /** Accounts a pod on this node. */
  addPod(pi: PodInfo): void {
    this.pods.push(pi);
    this.update(pi, 1);
    if (pi.hasAffinity) this.podsWithAffinity.push(pi);
    if (pi.requiredAntiAffinityTerms.length > 0) this.podsWithRequiredAntiAffinity.push(pi);
    for (const p of pi.hostPorts) this.usedPorts.push(p);
  }

  /** Removes a pod by key; returns false if it was not on the node. */
  removePod(key: string): boolean {
    return this.removeAt(this.pods.findIndex((p) => p.key === key));
  }

  /** Removes this very PodInfo (found by identity: no string comparisons); true if it was counted here. */
  removePodInfo(pi: PodInfo): boolean {
    return this.removeAt(this.pods.indexOf(pi));
  }

  private removeAt(idx: number): boolean {
    if (idx < 0) return false;
    const pi = this.pods[idx] as PodInfo;
    const key = pi.key;
    this.pods.splice(idx, 1);
    this.update(pi, -1);
    if (pi.hasAffinity) removeFrom(this.podsWithAffinity, key);
    if (pi.requiredAntiAffinityTerms.length > 0) removeFrom(this.podsWithRequiredAntiAffinity, key);
    for (const p of pi.hostPorts) {
      const i = this.usedPorts.findIndex((u) => u.ip === p.ip && u.protocol === p.protocol && u.port === p.port);
      if (i >= 0) this.usedPorts.splice(i, 1);
    }
    return true;
  }

  private update(pi: PodInfo, sign: 1 | -1): void {
    this.requested.add(pi.requests, sign);
    this.reqMilliCPU = this.requested.milliCPU;
    this.reqMemory = this.requested.memory;
    this.reqEphemeralStorage = this.requested.ephemeralStorage;
    this.podCount += sign;
    this.nonZeroMilliCPU += pi.nonZeroMilliCPU * sign;
    this.nonZeroMemory += pi.nonZeroMemory * sign;
    this.generation++;
    this.changeLog?.push(this);
  }

  /** A copy whose pod lists and aggregates can be changed without touching this one (for preemption). */
  clone(): NodeInfo {
    const c = new NodeInfo();
    c.node = this.node;
    c.name = this.name;
    c.labels = this.labels;
    c.taints = this.taints;
    c.unschedulable = this.unschedulable;
    c.allocatable = this.allocatable;
    c.imageSizes = this.imageSizes;
    c.allocMilliCPU = this.allocMilliCPU;
    c.allocMemory = this.allocMemory;
    c.allocEphemeralStorage = this.allocEphemeralStorage;
    c.allocPods = this.allocPods;
    c.taintCount = this.taintCount;
    c.imageCount = this.imageCount;
    // the same lists and aggregates addPod would build, copied
    for (const p of this.pods) c.pods.push(p);
    for (const p of this.podsWithAffinity) c.podsWithAffinity.push(p);
    for (const p of this.podsWithRequiredAntiAffinity) c.podsWithRequiredAntiAffinity.push(p);
    for (const u of this.usedPorts) c.usedPorts.push(u);
    c.requested.add(this.requested, 1);
    c.reqMilliCPU = this.reqMilliCPU;
    c.reqMemory = this.reqMemory;
    c.reqEphemeralStorage = this.reqEphemeralStorage;
    c.podCount = this.podCount;
    c.nonZeroMilliCPU = this.nonZeroMilliCPU;
    c.nonZeroMemory = this.nonZeroMemory;
    c.generation = this.generation;
    return c;
  }
}

function sameImages(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

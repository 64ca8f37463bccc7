/**
 * Node pools: many identical Node objects from one description, as a cluster spec declares them.
 *
 * @packageDocumentation
 */
import type { Node, NodeCondition, Taint } from 'kubernetes-types/core/v1.js';
import { parseMilli, parseValue } from '../api/quantity.js';
import { timestamp } from './_internal/time.js';

/** An image present on a node from the start (`status.images`). */
export interface NodeImage {
  /** The image reference, e.g. `registry.k8s.io/pause:3.9`. */
  readonly name: string;
  /** Its size in bytes (what ImageLocality scores). */
  readonly sizeBytes: number;
}

/** Options of {@link nodePool}. */
export interface NodePoolOptions {
  /** Node names are `<namePrefix>-<i>` for i = 0 … count − 1. */
  readonly namePrefix: string;
  /** How many nodes. */
  readonly count: number;
  /**
   * `status.capacity`: `cpu`, `memory`, `pods`, `ephemeral-storage` and extended resources such as
   * `nvidia.com/gpu`, as quantities.
   * @defaultValue `{ cpu: '4', memory: '16Gi', pods: '110', 'ephemeral-storage': '100Gi' }` for absent keys
   */
  readonly capacity?: Readonly<Record<string, string>>;
  /**
   * What the node reserves for the system (kube-reserved + system-reserved + eviction threshold), subtracted
   * from capacity to give `status.allocatable`. @defaultValue nothing reserved (allocatable = capacity)
   */
  readonly reserved?: Readonly<Record<string, string>>;
  /** Extra labels on every node. @defaultValue none */
  readonly labels?: Readonly<Record<string, string>>;
  /** Zones, assigned round-robin (`topology.kubernetes.io/zone`). @defaultValue `['zone-a']` */
  readonly zones?: readonly string[];
  /** `topology.kubernetes.io/region`. @defaultValue `'region-1'` */
  readonly region?: string;
  /** `node.kubernetes.io/instance-type`. @defaultValue `'sim.standard'` */
  readonly instanceType?: string;
  /** `kubernetes.io/arch`. @defaultValue `'amd64'` */
  readonly arch?: string;
  /** Taints on every node. @defaultValue none */
  readonly taints?: readonly Taint[];
  /** Images already present on every node. @defaultValue none */
  readonly images?: readonly NodeImage[];
  /**
   * Index of the first node in the cluster-wide address plan: node i of the pool gets the InternalIP and the
   * pod CIDR of cluster index `indexBase + i`. Give each pool a distinct range. @defaultValue `0`
   */
  readonly indexBase?: number;
  /** Kubelet version reported in `status.nodeInfo`. @defaultValue `'v1.32.0'` */
  readonly kubeletVersion?: string;
}

const DEFAULT_CAPACITY: Readonly<Record<string, string>> = { cpu: '4', memory: '16Gi', pods: '110', 'ephemeral-storage': '100Gi' };

/** The InternalIP of the node with cluster index `i`: `172.16.0.1` onwards (172.16.0.0/12). */
export function nodeAddress(i: number): string {
  const n = i + 1;
  return `172.${16 + ((n >> 16) & 15)}.${(n >> 8) & 255}.${n & 255}`;
}

/** The pod CIDR (a /24) of the node with cluster index `i`: `10.<64 + i/256>.<i mod 256>.0/24`. */
export function nodePodCIDR(i: number): string {
  return `10.${64 + (i >> 8)}.${i & 255}.0/24`;
}

/** The conditions a healthy kubelet reports (kubelet `nodestatus` setters), stamped at `nowMs`. */
export function healthyNodeConditions(nowMs: number): NodeCondition[] {
  const t = timestamp(nowMs);
  return [
    nodeCondition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available', t),
    nodeCondition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure', t),
    nodeCondition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available', t),
    nodeCondition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status', t),
  ];
}

function nodeCondition(type: string, status: string, reason: string, message: string, t: string): NodeCondition {
  return { type, status, reason, message, lastHeartbeatTime: t, lastTransitionTime: t };
}

/** allocatable = capacity − reserved, per resource, in the capacity's own notation when nothing is reserved. */
function allocatable(capacity: Readonly<Record<string, string>>, reserved: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(capacity)) {
    const r = reserved[name];
    if (r === undefined) out[name] = value;
    else if (name === 'cpu') out[name] = `${Math.max(0, parseMilli(value) - parseMilli(r))}m`;
    else out[name] = String(Math.max(0, parseValue(value) - parseValue(r)));
  }
  return out;
}

/**
 * Node objects for a pool of identical nodes, as a registered kubelet would leave them.
 *
 * @remarks
 * Each node gets capacity and allocatable, the well-known labels (`kubernetes.io/hostname`,
 * `kubernetes.io/os`, `kubernetes.io/arch`, `topology.kubernetes.io/zone` round-robin over `zones`,
 * `topology.kubernetes.io/region`, `node.kubernetes.io/instance-type`), the pool's taints, a pod CIDR and an
 * InternalIP from the cluster-wide address plan, the four kubelet conditions (Ready=True) and
 * `status.images`. Objects share nothing mutable, so 5,000 of them are cheap to build.
 *
 * @example
 * ```ts
 * const nodes = nodePool({
 *   namePrefix: 'gpu', count: 2, zones: ['eu-1a', 'eu-1b'],
 *   capacity: { cpu: '8', memory: '64Gi', 'nvidia.com/gpu': '4' },
 *   taints: [{ key: 'nvidia.com/gpu', effect: 'NoSchedule' }],
 * });
 * nodes[1]?.metadata?.labels?.['topology.kubernetes.io/zone']; // 'eu-1b'
 * ```
 */
export function nodePool(opts: NodePoolOptions, nowMs = 0): Node[] {
  const capacity = { ...DEFAULT_CAPACITY, ...opts.capacity };
  const alloc = allocatable(capacity, opts.reserved ?? {});
  const zones = opts.zones ?? ['zone-a'];
  const images = (opts.images ?? []).map((i) => ({ names: [i.name], sizeBytes: i.sizeBytes }));
  const base = opts.indexBase ?? 0;
  const out: Node[] = [];
  for (let i = 0; i < opts.count; i++) {
    const name = `${opts.namePrefix}-${i}`;
    const labels: Record<string, string> = {
      'kubernetes.io/hostname': name,
      'kubernetes.io/os': 'linux',
      'kubernetes.io/arch': opts.arch ?? 'amd64',
      'topology.kubernetes.io/zone': zones[i % zones.length] ?? 'zone-a',
      'topology.kubernetes.io/region': opts.region ?? 'region-1',
      'node.kubernetes.io/instance-type': opts.instanceType ?? 'sim.standard',
      ...opts.labels,
    };
    const spec: Node['spec'] = { podCIDR: nodePodCIDR(base + i), podCIDRs: [nodePodCIDR(base + i)] };
    if (opts.taints !== undefined && opts.taints.length > 0) spec.taints = opts.taints.map((t) => ({ ...t }));
    out.push({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, labels },
      spec,
      status: {
        capacity: { ...capacity },
        allocatable: { ...alloc },
        conditions: healthyNodeConditions(nowMs),
        addresses: [{ type: 'InternalIP', address: nodeAddress(base + i) }, { type: 'Hostname', address: name }],
        images: images.map((im) => ({ names: [...im.names], sizeBytes: im.sizeBytes })),
        nodeInfo: {
          architecture: opts.arch ?? 'amd64', operatingSystem: 'linux', kubeletVersion: opts.kubeletVersion ?? 'v1.32.0',
          kubeProxyVersion: '', bootID: '', containerRuntimeVersion: 'containerd://1.7.0', kernelVersion: '6.1.0',
          machineID: '', osImage: 'kubesim', systemUUID: '',
        },
      },
    });
  }
  return out;
}

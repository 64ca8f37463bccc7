// Builders for nodes and pods used by the scheduler tests (kept tiny so tables stay readable).
import type { Container, Node, Pod, PodSpec, Taint, Toleration } from 'kubernetes-types/core/v1.js';
import { CycleState, PodInfo, SchedulerCache, type NodeInfo, type SchedulerPlugin, type Status } from '../../src/scheduler/index.js';

export interface NodeOpts {
  cpu?: string; memory?: string; pods?: string; labels?: Record<string, string>; taints?: Taint[];
  unschedulable?: boolean; images?: { names: string[]; sizeBytes: number }[]; extra?: Record<string, string>;
}

export function node(name: string, o: NodeOpts = {}): Node {
  return {
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...(o.labels ?? {}) } },
    spec: { ...(o.taints ? { taints: o.taints } : {}), ...(o.unschedulable ? { unschedulable: true } : {}) },
    status: {
      allocatable: { cpu: o.cpu ?? '4', memory: o.memory ?? '8Gi', pods: o.pods ?? '110', ...(o.extra ?? {}) },
      ...(o.images ? { images: o.images } : {}),
    },
  };
}

export interface PodOpts {
  cpu?: string; memory?: string; ns?: string; labels?: Record<string, string>; nodeName?: string; priority?: number;
  tolerations?: Toleration[]; nodeSelector?: Record<string, string>; spec?: Partial<PodSpec>; containers?: Container[];
  startTime?: string; image?: string;
}

export function pod(name: string, o: PodOpts = {}): Pod {
  const requests: Record<string, string> = {};
  if (o.cpu !== undefined) requests['cpu'] = o.cpu;
  if (o.memory !== undefined) requests['memory'] = o.memory;
  return {
    metadata: { name, namespace: o.ns ?? 'default', ...(o.labels ? { labels: o.labels } : {}) },
    spec: {
      containers: o.containers ?? [{ name: 'c', image: o.image ?? 'busybox', resources: { requests } }],
      ...(o.nodeName !== undefined ? { nodeName: o.nodeName } : {}),
      ...(o.priority !== undefined ? { priority: o.priority } : {}),
      ...(o.tolerations ? { tolerations: o.tolerations } : {}),
      ...(o.nodeSelector ? { nodeSelector: o.nodeSelector } : {}),
      ...(o.spec ?? {}),
    },
    ...(o.startTime !== undefined ? { status: { startTime: o.startTime } } : {}),
  };
}

/** A cache holding `nodes` and the bound `pods`. */
export function cluster(nodes: Node[], pods: Pod[] = []): SchedulerCache {
  const c = new SchedulerCache();
  for (const n of nodes) c.addNode(n);
  for (const p of pods) c.addPod(p);
  return c;
}

/** Runs a plugin's PreScore + Score (+ NormalizeScore) over every node of the cache, like the framework. */
export function scores(plugin: SchedulerPlugin, c: SchedulerCache, p: Pod): number[] {
  const state = new CycleState();
  const pi = new PodInfo(p);
  const nodes = [...c.snapshot.list()];
  const st: Status | undefined = plugin.preScore?.(state, pi, nodes, c.snapshot);
  if (st?.code === 'Skip') return nodes.map(() => 0);
  const out = nodes.map((n: NodeInfo) => plugin.score?.(state, pi, n) ?? 0);
  plugin.normalizeScore?.(state, pi, nodes, out);
  return out;
}

/** Runs PreFilter + Filter on one node; a Skip at PreFilter counts as Success. */
export function filter(plugin: SchedulerPlugin, c: SchedulerCache, p: Pod, nodeName: string): Status | 'Skip' {
  const state = new CycleState();
  const pi = new PodInfo(p);
  const pre = plugin.preFilter?.(state, pi, c.snapshot);
  if (pre?.status.code === 'Skip') return 'Skip';
  const ni = c.snapshot.get(nodeName);
  if (ni === undefined || plugin.filter === undefined) throw new Error('no node / no filter');
  const st = plugin.filter(state, pi, ni);
  return st;
}

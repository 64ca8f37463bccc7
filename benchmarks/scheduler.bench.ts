// kube-scheduler workloads modelled on upstream's scheduler_perf (test/integration/scheduler_perf/config),
// default profile with every default plugin, one JSON line each:
//   SchedulingBasic    5,000 nodes, 150,000 pod-default pods (100m / 500Mi)
//   PodAntiAffinity    5,000 nodes, 2,000 pods with required anti-affinity to each other (color=green,
//                      kubernetes.io/hostname), as pod-with-pod-anti-affinity.yaml
//   TopologySpreading  5,000 nodes in 3 zones, 10,000 pods with a DoNotSchedule zone constraint (maxSkew 5,
//                      selector `foo` Exists), as pod-with-topology-spreading.yaml
//   Preemption         5,000 nodes full of low-priority pods (4 × 1 cpu per 4-cpu node), then 2,000
//                      high-priority 1-cpu pods; each takes two cycles, as in the scheduler: the first fails
//                      and preempts (victims removed, the pod nominated), the second binds it
// The same job runs ../shared/baselines/sched-place.cjs and sched-plugins.cjs (sampled) once, and each line
// carries the plain-plugin baseline and the ratio to it.
// Run: npx tsx benchmarks/scheduler.bench.ts [workload …]   (default: all four)
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { createFramework, PodInfo, SchedulerCache, schedulePod, type Framework } from '../src/scheduler/index.js';

const NODES = 5000;

function sfc32(a: number, b: number, c: number, d: number): () => number {
  return () => {
    a |= 0; b |= 0; c |= 0; d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0; a = b ^ (b >>> 9); b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11); c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

/** scheduler_perf node-default: 4 cpu, 32Gi, 110 pods; zones moon-1…3 round robin. */
function node(i: number): Node {
  const name = `node-${i}`;
  return {
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': `moon-${(i % 3) + 1}` } },
    status: { allocatable: { cpu: '4', memory: '32Gi', pods: '110' }, capacity: { cpu: '4', memory: '32Gi', pods: '110' } },
  };
}

const pause = (cpu: string, memory: string) => [{ name: 'pause', image: 'registry.k8s.io/pause:3.10', ports: [{ containerPort: 80 }],
  resources: { requests: { cpu, memory }, limits: { cpu, memory } } }];

const podDefault = (i: number): Pod => ({ metadata: { name: `pod-${i}`, namespace: 'sched-0' }, spec: { containers: pause('100m', '500Mi') } });

const podAntiAffinity = (i: number): Pod => ({
  metadata: { name: `anti-affinity-pod-${i}`, namespace: 'sched-0', labels: { color: 'green', name: 'test' } },
  spec: {
    containers: pause('100m', '500Mi'),
    affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [
      { labelSelector: { matchLabels: { color: 'green' } }, topologyKey: 'kubernetes.io/hostname', namespaces: ['sched-1', 'sched-0'] }] } },
  },
});

const podSpreading = (i: number): Pod => ({
  metadata: { name: `spreading-pod-${i}`, namespace: 'sched-0', labels: { foo: '' } },
  spec: {
    containers: pause('100m', '500Mi'),
    topologySpreadConstraints: [{ maxSkew: 5, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule',
      labelSelector: { matchExpressions: [{ key: 'foo', operator: 'Exists' }] } }],
  },
});

const podPriority = (name: string, priority: number, nodeName?: string): Pod => ({
  metadata: { name, namespace: 'sched-0' },
  spec: { containers: pause('1', '1Gi'), priority, ...(nodeName !== undefined ? { nodeName } : {}) },
});

interface Outcome { readonly pods: number; readonly seconds: number; readonly cpuSeconds: number; readonly unschedulable: number; readonly extra?: Record<string, number> }

function measure(cache: SchedulerCache, fw: Framework, pods: readonly Pod[], step?: (pi: PodInfo) => boolean): Outcome {
  const random = sfc32(0x9e3779b9, 0x243f6a88, 0xb7e15162, 1);
  let unschedulable = 0;
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (const p of pods) {
    const pi = new PodInfo(p);
    if (step !== undefined) { if (!step(pi)) unschedulable++; continue; }
    const r = schedulePod(fw, cache.snapshot, pi, { random });
    if (r.selectedNode === null) { unschedulable++; continue; }
    cache.assumePod(pi, r.selectedNode);
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  return { pods: pods.length, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, unschedulable };
}

function nodesCache(): SchedulerCache {
  const cache = new SchedulerCache();
  for (let i = 0; i < NODES; i++) cache.addNode(node(i));
  return cache;
}

const workloads: Record<string, () => Outcome> = {
  SchedulingBasic: () => measure(nodesCache(), createFramework(), Array.from({ length: 150_000 }, (_, i) => podDefault(i))),
  PodAntiAffinity: () => measure(nodesCache(), createFramework(), Array.from({ length: 2_000 }, (_, i) => podAntiAffinity(i))),
  TopologySpreading: () => measure(nodesCache(), createFramework(), Array.from({ length: 10_000 }, (_, i) => podSpreading(i))),
  Preemption: () => {
    const cache = nodesCache();
    for (let n = 0; n < NODES; n++) for (let k = 0; k < 4; k++) cache.addPod(podPriority(`low-${n}-${k}`, 10, `node-${n}`));
    const fw = createFramework();
    const random = sfc32(0x9e3779b9, 0x243f6a88, 0xb7e15162, 2);
    let preempted = 0;
    const out = measure(cache, fw, Array.from({ length: 2_000 }, (_, i) => podPriority(`high-${i}`, 1000)), (pi) => {
      const first = schedulePod(fw, cache.snapshot, pi, { random });
      if (first.nominatedNodeName === undefined) return false;
      for (const v of first.victims ?? []) { cache.removePod(v); preempted++; } // the victims' deletion
      fw.nominator.add(pi, first.nominatedNodeName);
      const second = schedulePod(fw, cache.snapshot, pi, { random });
      fw.nominator.delete(pi.key);
      if (second.selectedNode === null) return false;
      cache.assumePod(pi, second.selectedNode);
      return true;
    });
    return { ...out, extra: { victims: preempted } };
  },
};

/** Runs a baseline program once and returns its pods_per_s. */
function baseline(file: string, ...args: string[]): number {
  const path = fileURLToPath(new URL(`../../shared/baselines/${file}`, import.meta.url));
  const out = execFileSync(process.execPath, [path, ...args], { encoding: 'utf8' });
  const m = /pods_per_s=([\d,]+)/.exec(out);
  return m === null ? NaN : Number((m[1] ?? '').replace(/,/g, ''));
}

const selected = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(workloads);
for (const w of selected) if (workloads[w] === undefined) throw new Error(`unknown workload ${JSON.stringify(w)} (${Object.keys(workloads).join(', ')})`);
const basePlace = baseline('sched-place.cjs', 'sampled', 'obj', '5000', '150000');
const basePlugins = baseline('sched-plugins.cjs', 'sampled', '5000', '150000');
for (const w of selected) {
  const o = (workloads[w] as () => Outcome)();
  const podsPerS = Math.round(o.pods / o.seconds);
  console.log(JSON.stringify({
    bench: 'scheduler', workload: w, nodes: NODES, pods: o.pods, pods_per_s: podsPerS,
    baseline_plugins_pods_per_s: basePlugins, baseline_place_pods_per_s: basePlace,
    ratio: Number((podsPerS / basePlugins).toFixed(2)),
    heap_mib: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
    seconds: Number(o.seconds.toFixed(3)), unschedulable: o.unschedulable,
    // CPU time is less sensitive than wall time to other load on a shared machine.
    pods_per_cpu_s: Math.round(o.pods / o.cpuSeconds), ...(o.extra ?? {}),
  }));
}

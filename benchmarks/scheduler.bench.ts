// SchedulingBasic (scheduler_perf): 5,000 nodes, 150,000 pods, every default plugin, one JSON line out.
// Pods and nodes follow scheduler_perf's pod-default / node-default templates (100m / 500Mi; 4 cpu, 32Gi, 110 pods).
// Run: npx tsx benchmarks/scheduler.bench.ts [nodes] [pods]
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { createFramework, PodInfo, SchedulerCache, schedulePod } from '../src/scheduler/index.js';

const NODES = Number(process.argv[2] ?? 5000);
const PODS = Number(process.argv[3] ?? 150000);

function sfc32(a: number, b: number, c: number, d: number): () => number {
  return () => {
    a |= 0; b |= 0; c |= 0; d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0; a = b ^ (b >>> 9); b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11); c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

function node(i: number): Node {
  const name = `node-${i}`;
  return {
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': `zone-${i % 3}` } },
    status: { allocatable: { cpu: '4', memory: '32Gi', pods: '110' }, capacity: { cpu: '4', memory: '32Gi', pods: '110' } },
  };
}

function pod(i: number): Pod {
  return {
    metadata: { name: `pod-${i}`, namespace: 'sched-0' },
    spec: { containers: [{ name: 'pause', image: 'registry.k8s.io/pause:3.10', ports: [{ containerPort: 80 }],
      resources: { requests: { cpu: '100m', memory: '500Mi' }, limits: { cpu: '100m', memory: '500Mi' } } }] },
  };
}

const cache = new SchedulerCache();
for (let i = 0; i < NODES; i++) cache.addNode(node(i));
const fw = createFramework();
const random = sfc32(0x9e3779b9, 0x243f6a88, 0xb7e15162, 1);
const pods = Array.from({ length: PODS }, (_, i) => pod(i));
let unschedulable = 0;
const cpu0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
for (const p of pods) {
  const pi = new PodInfo(p);
  const r = schedulePod(fw, cache.snapshot, pi, { random });
  if (r.selectedNode === null) { unschedulable++; continue; }
  cache.assumePod(pi, r.selectedNode);
}
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
console.log(JSON.stringify({ bench: 'scheduler', workload: 'SchedulingBasic', nodes: NODES, pods: PODS,
  pods_per_s: Math.round(PODS / seconds), seconds: Number(seconds.toFixed(3)), unschedulable,
  // CPU time is less sensitive than wall time to other load on a shared machine.
  pods_per_cpu_s: Math.round(PODS / cpuSeconds) }));

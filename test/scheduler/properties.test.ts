// Properties: whatever schedulePod places respects capacity, taints, node selection, anti-affinity and hard spreading, and a seed fixes the placements.
import fc from 'fast-check';
import type { Node, Pod, Taint } from 'kubernetes-types/core/v1.js';
import { describe, expect, it } from 'vitest';
import { createFramework, PodInfo, schedulePod, SchedulerCache, type NodeInfo, type Snapshot } from '../../src/scheduler/index.js';

const ZONES = ['z1', 'z2', 'z3'];
const APPS = ['web', 'db'];
const TAINTS: Taint[] = [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }, { key: 'evict', effect: 'NoExecute' }, { key: 'soft', effect: 'PreferNoSchedule' }];

const nodeArb = fc.record({
  cpu: fc.integer({ min: 1, max: 8 }), memGi: fc.integer({ min: 1, max: 16 }), pods: fc.integer({ min: 1, max: 6 }),
  zone: fc.option(fc.constantFrom(...ZONES), { nil: undefined }), taint: fc.option(fc.constantFrom(...TAINTS), { nil: undefined }),
  unschedulable: fc.boolean(), disk: fc.constantFrom('ssd', 'hdd'),
});
const podArb = fc.record({
  cpuMilli: fc.integer({ min: 0, max: 3000 }), memMi: fc.integer({ min: 0, max: 4096 }), app: fc.constantFrom(...APPS),
  tolerate: fc.boolean(), selector: fc.option(fc.constantFrom('ssd', 'hdd'), { nil: undefined }),
  antiZone: fc.boolean(), spread: fc.boolean(), priority: fc.integer({ min: 0, max: 2 }),
});
type NodeSpec = typeof nodeArb extends fc.Arbitrary<infer T> ? T : never;
type PodSpecT = typeof podArb extends fc.Arbitrary<infer T> ? T : never;

function mkNode(n: NodeSpec, i: number): Node {
  return {
    metadata: { name: `n${i}`, labels: { 'kubernetes.io/hostname': `n${i}`, disk: n.disk, ...(n.zone ? { zone: n.zone } : {}) } },
    spec: { ...(n.taint ? { taints: [n.taint] } : {}), ...(n.unschedulable ? { unschedulable: true } : {}) },
    status: { allocatable: { cpu: String(n.cpu), memory: `${n.memGi}Gi`, pods: String(n.pods) } },
  };
}

function mkPod(p: PodSpecT, i: number): Pod {
  const term = { labelSelector: { matchLabels: { app: p.app } }, topologyKey: 'zone' };
  return {
    metadata: { name: `p${i}`, namespace: 'default', labels: { app: p.app } },
    spec: {
      priority: p.priority,
      containers: [{ name: 'c', resources: { requests: { cpu: `${p.cpuMilli}m`, memory: `${p.memMi}Mi` } } }],
      ...(p.tolerate ? { tolerations: [{ key: 'dedicated', operator: 'Exists' }] } : {}),
      ...(p.selector ? { nodeSelector: { disk: p.selector } } : {}),
      ...(p.antiZone ? { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } } } : {}),
      ...(p.spread ? { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: p.app } } }] } : {}),
    },
  };
}

/** Returns a violated rule, or null (checked against the snapshot before the pod is added). */
function violation(snap: Snapshot, pi: PodInfo, n: NodeInfo): string | null {
  const r = pi.requests;
  if (n.podCount + 1 > n.allocPods) return 'pods';
  if (r.milliCPU > 0 && n.reqMilliCPU + r.milliCPU > n.allocMilliCPU) return 'cpu';
  if (r.memory > 0 && n.reqMemory + r.memory > n.allocMemory) return 'memory';
  for (const t of n.taints) {
    if (t.effect === 'PreferNoSchedule') continue;
    const ok = (pi.pod.spec?.tolerations ?? []).some((tol) => tol.key === t.key && tol.operator === 'Exists');
    if (!ok) return `taint ${t.key}`;
  }
  if (n.unschedulable) return 'unschedulable';
  for (const [k, v] of Object.entries(pi.pod.spec?.nodeSelector ?? {})) if (n.labels[k] !== v) return 'nodeSelector';
  const zone = n.labels['zone'];
  const app = pi.labels['app'];
  if (pi.requiredAntiAffinityTerms.length > 0) {
    if (zone === undefined) return null;
    for (const m of snap.list()) if (m.labels['zone'] === zone && m.pods.some((p) => p.labels['app'] === app)) return 'anti-affinity';
  }
  if ((pi.pod.spec?.topologySpreadConstraints ?? []).length > 0) {
    if (zone === undefined) return 'spread: no zone label';
    const counts = new Map<string, number>();
    for (const m of snap.list()) {
      const z = m.labels['zone'];
      if (z === undefined) continue;
      const sel = pi.pod.spec?.nodeSelector;
      if (sel && Object.entries(sel).some(([k, v]) => m.labels[k] !== v)) continue;
      counts.set(z, (counts.get(z) ?? 0) + m.pods.filter((p) => p.labels['app'] === app).length);
    }
    const min = Math.min(...counts.values());
    if ((counts.get(zone) ?? 0) + 1 - min > 1) return 'spread skew';
  }
  return null;
}

function run(nodes: NodeSpec[], pods: PodSpecT[], seed: number, check: boolean, explain = false): string[] {
  const cache = new SchedulerCache();
  nodes.forEach((n, i) => cache.addNode(mkNode(n, i)));
  const fw = createFramework();
  let s = seed % 2147483646 + 1;
  const random = () => { s = (s * 48271) % 2147483647; return s / 2147483647; };
  return pods.map((p, i) => {
    const pi = new PodInfo(mkPod(p, i));
    const r = schedulePod(fw, cache.snapshot, pi, { random, explain });
    if (r.selectedNode === null) return `- ${r.message ?? ''}`;
    const ni = cache.snapshot.get(r.selectedNode);
    if (check && ni !== undefined) {
      const v = violation(cache.snapshot, pi, ni);
      if (v !== null) throw new Error(`pod p${i} placed on ${r.selectedNode} violates ${v}`);
    }
    cache.assumePod(pi, r.selectedNode);
    return r.selectedNode;
  });
}

describe('schedulePod properties', () => {
  it('never violates capacity, NoSchedule/NoExecute taints, cordons, nodeSelector, required anti-affinity or DoNotSchedule spread', () => {
    fc.assert(fc.property(fc.array(nodeArb, { minLength: 1, maxLength: 8 }), fc.array(podArb, { maxLength: 25 }), fc.nat(),
      (nodes, pods, seed) => { run(nodes, pods, seed, true); }), { numRuns: 150 });
  });
  it('the same seed gives the same placements', () => {
    fc.assert(fc.property(fc.array(nodeArb, { minLength: 1, maxLength: 8 }), fc.array(podArb, { maxLength: 15 }), fc.nat(),
      (nodes, pods, seed) => { expect(run(nodes, pods, seed, false)).toEqual(run(nodes, pods, seed, false)); }), { numRuns: 50 });
  });
  // Explain mode runs every filter on every node and scores the plain way (raw rows, NormalizeScore, then the
  // weighted sum); the hot path fuses scoring and summing and records rejections lazily. Both must place
  // every pod on the same node and fail with the same message.
  it('explain mode and the hot path give the same placements and messages', () => {
    fc.assert(fc.property(fc.array(nodeArb, { minLength: 1, maxLength: 8 }), fc.array(podArb, { maxLength: 20 }), fc.nat(),
      (nodes, pods, seed) => { expect(run(nodes, pods, seed, false, true)).toEqual(run(nodes, pods, seed, false)); }), { numRuns: 100 });
  });
});

// Acceptance: kubernetes/kubernetes pkg/scheduler/framework/plugins/noderesources/balanced_allocation_test.go
// (TestNodeResourcesBalancedAllocation, the newest cases: best-effort pods are skipped in PreScore), run through
// explain (§1.5.2).
//
// Upstream's `makeNode(name, milliCPU, memory, scalar)` sets capacity = allocatable to cpu and memory (and the
// scalar); these nodes also allow 110 pods, which no case is about, so NodeResourcesFit's pod count passes.
// Upstream reuses bound pods' specs (with `nodeName`) for the incoming pod; its `nodeName` is dropped here, since
// the plugin under test never reads it and explain would run NodeName on it. Resource args go through a
// KubeSchedulerConfiguration's pluginConfig.
//
// Left out: "resources requested, pods scheduled with resources if PreScore not called" (explain always runs
// PreScore: same inputs and numbers as "resources requested, pods scheduled with resources"); the two "include DRA
// resource …" cases (kubesim has no DeviceClasses / ResourceSlices).
import type { Container, Node, Pod, PodSpec } from 'kubernetes-types/core/v1.js';
import { describe, expect, it } from 'vitest';
import { explainCase, expectScores, schedulerConfig } from './harness.js';

const FILE = 'noderesources/balanced_allocation_test.go';

/** Upstream `makeNode(node, milliCPU, memory, extendedResource)`. */
function makeNode(name: string, milliCPU: number, memory: number, scalar?: Record<string, number>): Node {
  const res: Record<string, string> = { cpu: `${milliCPU}m`, memory: `${memory}`, pods: '110' };
  for (const [k, v] of Object.entries(scalar ?? {})) res[k] = `${v}`;
  return { metadata: { name }, status: { capacity: res, allocatable: res } };
}
const container = (name: string, requests: Record<string, string>): Container => ({ name, image: 'pause', resources: { requests } });
// Upstream's pod specs.
const cpuAndMemoryAndGPU = (): PodSpec => ({ nodeName: 'node1', containers: [container('c0', { cpu: '1000m', memory: '2000' }), container('c1', { cpu: '2000m', memory: '3000', 'nvidia.com/gpu': '3' })] });
const cpuOnly = (): PodSpec => ({ nodeName: 'node1', containers: [container('c0', { cpu: '1000m', memory: '0' }), container('c1', { cpu: '2000m', memory: '0' })] });
const cpuAndMemory = (): PodSpec => ({ nodeName: 'node2', containers: [container('c0', { cpu: '1000m', memory: '2000' }), container('c1', { cpu: '2000m', memory: '3000' })] });
const GPU = { 'nvidia.com/gpu': 8 };

const placed = (spec: PodSpec): Pod => ({ spec });
/** The incoming pod: upstream's spec without its `nodeName`. */
function incoming(spec: PodSpec): Pod {
  const { nodeName: _ignored, ...rest } = spec;
  return { metadata: { name: 'incoming' }, spec: rest };
}
const withResources = (...names: string[]): object =>
  schedulerConfig({ NodeResourcesBalancedAllocation: { resources: names.map((name) => ({ name, weight: 1 })) } });

describe(`${FILE} TestNodeResourcesBalancedAllocation`, () => {
  type Case = [name: string, pod: Pod, pods: Pod[], nodes: Node[], want: Record<string, number> | 'Skip', config?: object];
  const cases: Case[] = [
    ['nothing scheduled, nothing requested, skip in PreScore', { metadata: { name: 'incoming' }, spec: { containers: [] } }, [],
      [makeNode('node1', 4000, 10000), makeNode('node2', 4000, 10000)], 'Skip'],
    ['nothing scheduled, resources requested, differently sized nodes', incoming(cpuAndMemory()), [],
      [makeNode('node1', 4000, 10000), makeNode('node2', 6000, 10000)], { node1: 87, node2: 100 }],
    ['resources requested, pods scheduled with resources', incoming(cpuAndMemory()), [placed(cpuOnly()), placed(cpuAndMemory())],
      [makeNode('node1', 10000, 20000), makeNode('node2', 10000, 20000)], { node1: 82, node2: 95 }],
    ['resources requested, pods scheduled with resources, differently sized nodes', incoming(cpuAndMemory()), [placed(cpuOnly()), placed(cpuAndMemory())],
      [makeNode('node1', 10000, 20000), makeNode('node2', 10000, 50000)], { node1: 82, node2: 80 }],
    ['requested resources at node capacity', incoming(cpuOnly()), [placed(cpuOnly()), placed(cpuAndMemory())],
      [makeNode('node1', 6000, 10000), makeNode('node2', 6000, 10000)], { node1: 50, node2: 75 }],
    ['include scalar resource on a node for balanced resource allocation',
      { metadata: { name: 'incoming' }, spec: { containers: [container('c', { memory: '0', 'nvidia.com/gpu': '1' })] } },
      [placed(cpuAndMemory()), placed(cpuAndMemoryAndGPU())], [makeNode('node1', 3500, 40000, GPU), makeNode('node2', 3500, 40000, GPU)],
      { node1: 70, node2: 65 }, withResources('cpu', 'memory', 'nvidia.com/gpu')],
    ['node without the scalar resource should skip the scalar resource', incoming(cpuAndMemory()), [],
      [makeNode('node1', 3500, 40000, GPU), makeNode('node2', 3500, 40000)], { node1: 63, node2: 63 }, withResources('cpu', 'memory', 'nvidia.com/gpu')],
  ];
  it.each(cases)('%s', (name, pod, pods, nodes, want, config) => {
    const r = explainCase({ upstream: `${FILE} TestNodeResourcesBalancedAllocation`, name, nodes, pods, pod, ...(config !== undefined ? { config } : {}) });
    if (want === 'Skip') {
      for (const n of nodes) {
        const node = n.metadata?.name ?? '';
        expect(r.nodes[node]?.feasible, `${node} feasible`).toBe(true);
        expect(r.nodes[node]?.scores['NodeResourcesBalancedAllocation'], `score on ${node}`).toBeUndefined();
      }
    } else {
      expectScores(r, 'NodeResourcesBalancedAllocation', want);
    }
  });
});

// Acceptance: kubernetes/kubernetes pkg/scheduler/framework/plugins/noderesources/fit_test.go, run through
// explain (§1.4 NodeResourcesFit filter, §1.5.1 scoring strategies).
//
// Expected codes are those of the newest upstream file (v1.34): a request larger than the node's allocatable
// itself is UnschedulableAndUnresolvable (preemption cannot help); older releases said Unschedulable. Upstream
// builds quantities in base units: cpu in millicores, memory and ephemeral-storage in bytes, and so do these
// cases ('10m', '20').
//
// TestFitScore runs the scoring strategy through a KubeSchedulerConfiguration (pluginConfig args, what
// `kubesim explain --config` reads). Upstream calls Score on nodes whose Filter would fail (node1 in the
// RequestedToCapacityRatio cases cannot fit 3000 more cpu); explain scores only feasible nodes, so those
// configurations turn NodeResourcesFit's Filter off — the Score under test is unchanged.
//
// Left out (kubesim does not model the feature, or explain cannot observe the difference):
// - TestEnoughRequests, the pod-level resources cases (`spec.resources`, PodLevelResources gate): "both
//   pod-level and container-level resources fit", "pod-level cpu resource not fit", "pod-level memory
//   resource not fit", "pod-level hugepages resource fit", "both pod-level and container-level hugepages
//   resource fit", "pod-level hugepages resource not fit", "one pod-level cpu resource fits and all init and
//   non-init containers resources fit" — kubesim reads container requests only.
// - TestEnoughRequests, the DRA extended resource cases ("extended resource backed by device plugin",
//   "extended resource backed by DRA", "… nil draManager", "extended resource backed by DRA not enabled",
//   "extended resource NOT backed by DRA", "extended resource was backed by Device Plugin (Allocatable: 0)",
//   "…, global cache") — kubesim has no DeviceClasses / DynamicResourceAllocation.
// - TestRestartableInitContainers, the two "…if sidecar containers is disabled" cases — kubesim models the
//   SidecarContainers gate on (GA since v1.33).
// - TestFitScore, the three "… if PreScore is not called" variants — explain always runs PreScore, so they
//   are the same inputs and numbers as the cases above them.
// - TestPreFilterDisabled — a plugin called without its PreFilter; the framework always runs it.
import type { Container, Node, Pod, PodSpec } from 'kubernetes-types/core/v1.js';
import { describe, expect, it } from 'vitest';
import type { Code } from '../../../src/scheduler/index.js';
import { explainCase, expectFilter, expectScores, schedulerConfig } from './harness.js';

const FILE = 'noderesources/fit_test.go';
const EXT_A = 'example.com/aaa';
const EXT_B = 'example.com/bbb';
const K8S_IO_A = 'kubernetes.io/something';
const K8S_IO_B = 'subdomain.kubernetes.io/something';
const HUGE_A = 'hugepages-2Mi';

/** Upstream `framework.Resource`: MilliCPU, Memory (bytes), EphemeralStorage (bytes), ScalarResources. */
interface Res { readonly cpu?: number; readonly mem?: number; readonly eph?: number; readonly scalar?: Readonly<Record<string, number>> }

/** Upstream `newResourcePod(usage…)`: one container per usage, with cpu and memory always set (0 included). */
function containers(prefix: string, ...usage: Res[]): Container[] {
  return usage.map((u, i) => {
    const requests: Record<string, string> = { cpu: `${u.cpu ?? 0}m`, memory: `${u.mem ?? 0}` };
    if (u.eph !== undefined) requests['ephemeral-storage'] = `${u.eph}`;
    for (const [k, v] of Object.entries(u.scalar ?? {})) requests[k] = `${v}`;
    return { name: `${prefix}${i}`, image: 'pause', resources: { requests } };
  });
}
const podOf = (...usage: Res[]): PodSpec => ({ containers: containers('c', ...usage) });
/** Upstream `newResourceInitPod(pod, usage…)`. */
const withInit = (spec: PodSpec, ...usage: Res[]): PodSpec => ({ ...spec, initContainers: containers('init', ...usage) });

/** Upstream `makeAllocatableResources(milliCPU, memory, pods, extendedA, storage, hugePageA)`. */
function allocatable(milliCPU: number, memory: number, pods: number, extendedA: number, storage: number, hugePageA: number): Record<string, string> {
  return { cpu: `${milliCPU}m`, memory: `${memory}`, pods: `${pods}`, [EXT_A]: `${extendedA}`, 'ephemeral-storage': `${storage}`, [HUGE_A]: `${hugePageA}` };
}
const node = (alloc: Record<string, string>): Node => ({ metadata: { name: 'node' }, status: { capacity: alloc, allocatable: alloc } });
/** The pod upstream's `framework.NewNodeInfo(pod)` puts on the node. */
const existing = (spec: PodSpec): Pod => ({ metadata: { name: 'existing' }, spec: { ...spec, nodeName: 'node' } });

type Want = 'fits' | { readonly code: Code; readonly reason: string };
const unschedulable = (...reasons: string[]): Want => ({ code: 'Unschedulable', reason: reasons.join(', ') });
const unresolvable = (...reasons: string[]): Want => ({ code: 'UnschedulableAndUnresolvable', reason: reasons.join(', ') });
const insufficient = (r: string): string => `Insufficient ${r}`;

function checkFilter(upstream: string, name: string, alloc: Record<string, string>, pod: PodSpec, onNode: PodSpec | undefined, want: Want, config?: object): void {
  const r = explainCase({
    upstream, name, nodes: [node(alloc)], pods: onNode === undefined ? [] : [existing(onNode)],
    pod: { metadata: { name: 'incoming' }, spec: pod }, ...(config !== undefined ? { config } : {}),
  });
  expectFilter(r, { plugin: 'NodeResourcesFit', nodes: { node: want === 'fits' ? { code: 'Success' } : want } });
  expect(r.selectedNode).toBe(want === 'fits' ? 'node' : null);
}

describe(`${FILE} TestEnoughRequests`, () => {
  const alloc = allocatable(10, 20, 32, 5, 20, 5);
  const fitArgs = (args: object): object => schedulerConfig({ NodeResourcesFit: args });
  // [upstream name, incoming pod, the pod already on the node, want, NodeResourcesFitArgs]
  const cases: [string, PodSpec, PodSpec, Want, object?][] = [
    ['no resources requested always fits', { containers: [] }, podOf({ cpu: 10, mem: 20 }), 'fits'],
    ['too many resources fails', podOf({ cpu: 1, mem: 1 }), podOf({ cpu: 10, mem: 20 }), unschedulable(insufficient('cpu'), insufficient('memory'))],
    ['too many resources fails due to init container cpu', withInit(podOf({ cpu: 1, mem: 1 }), { cpu: 3, mem: 1 }), podOf({ cpu: 8, mem: 19 }), unschedulable(insufficient('cpu'))],
    ['too many resources fails due to highest init container cpu', withInit(podOf({ cpu: 1, mem: 1 }), { cpu: 3, mem: 1 }, { cpu: 2, mem: 1 }), podOf({ cpu: 8, mem: 19 }), unschedulable(insufficient('cpu'))],
    ['too many resources fails due to init container memory', withInit(podOf({ cpu: 1, mem: 1 }), { cpu: 1, mem: 3 }), podOf({ cpu: 9, mem: 19 }), unschedulable(insufficient('memory'))],
    ['too many resources fails due to highest init container memory', withInit(podOf({ cpu: 1, mem: 1 }), { cpu: 1, mem: 3 }, { cpu: 1, mem: 2 }), podOf({ cpu: 9, mem: 19 }), unschedulable(insufficient('memory'))],
    ["init container fits because it's the max, not sum, of containers and init containers", withInit(podOf({ cpu: 1, mem: 1 }), { cpu: 1, mem: 1 }), podOf({ cpu: 9, mem: 19 }), 'fits'],
    ["multiple init containers fit because it's the max, not sum, of containers and init containers", withInit(podOf({ cpu: 1, mem: 1 }), { cpu: 1, mem: 1 }, { cpu: 1, mem: 1 }), podOf({ cpu: 9, mem: 19 }), 'fits'],
    ['both resources fit', podOf({ cpu: 1, mem: 1 }), podOf({ cpu: 5, mem: 5 }), 'fits'],
    ['one resource memory fits', podOf({ cpu: 2, mem: 1 }), podOf({ cpu: 9, mem: 5 }), unschedulable(insufficient('cpu'))],
    ['one resource cpu fits', podOf({ cpu: 1, mem: 2 }), podOf({ cpu: 5, mem: 19 }), unschedulable(insufficient('memory'))],
    ['equal edge case', podOf({ cpu: 5, mem: 1 }), podOf({ cpu: 5, mem: 19 }), 'fits'],
    ['equal edge case for init container', withInit(podOf({ cpu: 4, mem: 1 }), { cpu: 5, mem: 1 }), podOf({ cpu: 5, mem: 19 }), 'fits'],
    ['extended resource fits', podOf({ scalar: { [EXT_A]: 1 } }), podOf({}), 'fits'],
    ['extended resource fits for init container', withInit(podOf({}), { scalar: { [EXT_A]: 1 } }), podOf({}), 'fits'],
    ['extended resource capacity enforced', podOf({ cpu: 1, mem: 1, scalar: { [EXT_A]: 10 } }), podOf({ scalar: { [EXT_A]: 0 } }), unresolvable(insufficient(EXT_A))],
    ['extended resource capacity enforced for init container', withInit(podOf({}), { cpu: 1, mem: 1, scalar: { [EXT_A]: 10 } }), podOf({ scalar: { [EXT_A]: 0 } }), unresolvable(insufficient(EXT_A))],
    ['extended resource allocatable enforced', podOf({ cpu: 1, mem: 1, scalar: { [EXT_A]: 1 } }), podOf({ scalar: { [EXT_A]: 5 } }), unschedulable(insufficient(EXT_A))],
    ['extended resource allocatable enforced for init container', withInit(podOf({}), { cpu: 1, mem: 1, scalar: { [EXT_A]: 1 } }), podOf({ scalar: { [EXT_A]: 5 } }), unschedulable(insufficient(EXT_A))],
    ['extended resource allocatable enforced for multiple containers', podOf({ cpu: 1, mem: 1, scalar: { [EXT_A]: 3 } }, { cpu: 1, mem: 1, scalar: { [EXT_A]: 3 } }), podOf({ scalar: { [EXT_A]: 2 } }), unresolvable(insufficient(EXT_A))],
    ['extended resource allocatable admits multiple init containers', withInit(podOf({}), { cpu: 1, mem: 1, scalar: { [EXT_A]: 3 } }, { cpu: 1, mem: 1, scalar: { [EXT_A]: 3 } }), podOf({ scalar: { [EXT_A]: 2 } }), 'fits'],
    ['extended resource allocatable enforced for multiple init containers', withInit(podOf({}), { cpu: 1, mem: 1, scalar: { [EXT_A]: 6 } }, { cpu: 1, mem: 1, scalar: { [EXT_A]: 3 } }), podOf({ scalar: { [EXT_A]: 2 } }), unresolvable(insufficient(EXT_A))],
    ['extended resource allocatable enforced for unknown resource', podOf({ cpu: 1, mem: 1, scalar: { [EXT_B]: 1 } }), podOf({}), unresolvable(insufficient(EXT_B))],
    ['extended resource allocatable enforced for unknown resource for init container', withInit(podOf({}), { cpu: 1, mem: 1, scalar: { [EXT_B]: 1 } }), podOf({}), unresolvable(insufficient(EXT_B))],
    ['kubernetes.io resource capacity enforced', podOf({ cpu: 1, mem: 1, scalar: { [K8S_IO_A]: 10 } }), podOf({}), unresolvable(insufficient(K8S_IO_A))],
    ['kubernetes.io resource capacity enforced for init container', withInit(podOf({}), { cpu: 1, mem: 1, scalar: { [K8S_IO_B]: 10 } }), podOf({}), unresolvable(insufficient(K8S_IO_B))],
    ['hugepages resource capacity enforced', podOf({ cpu: 1, mem: 1, scalar: { [HUGE_A]: 10 } }), podOf({ scalar: { [HUGE_A]: 0 } }), unresolvable(insufficient(HUGE_A))],
    ['hugepages resource capacity enforced for init container', withInit(podOf({}), { cpu: 1, mem: 1, scalar: { [HUGE_A]: 10 } }), podOf({ scalar: { [HUGE_A]: 0 } }), unresolvable(insufficient(HUGE_A))],
    ['hugepages resource allocatable enforced for multiple containers', podOf({ cpu: 1, mem: 1, scalar: { [HUGE_A]: 3 } }, { cpu: 1, mem: 1, scalar: { [HUGE_A]: 3 } }), podOf({ scalar: { [HUGE_A]: 2 } }), unresolvable(insufficient(HUGE_A))],
    ['skip checking ignored extended resource', podOf({ cpu: 1, mem: 1, scalar: { [EXT_B]: 1 } }), podOf({}), 'fits', fitArgs({ ignoredResources: [EXT_B] })],
    ['resources + pod overhead fits', { ...podOf({ cpu: 1, mem: 1 }), overhead: { cpu: '3m', memory: '13' } }, podOf({ cpu: 5, mem: 5 }), 'fits'],
    ['requests + overhead does not fit for memory', { ...podOf({ cpu: 1, mem: 1 }), overhead: { cpu: '1m', memory: '15' } }, podOf({ cpu: 5, mem: 5 }), unschedulable(insufficient('memory'))],
    ['skip checking ignored extended resource via resource groups', podOf({ cpu: 1, mem: 1, scalar: { [EXT_B]: 1, [K8S_IO_A]: 1 } }), podOf({}), unresolvable(insufficient(K8S_IO_A)), fitArgs({ ignoredResourceGroups: ['example.com'] })],
    ['skip checking extended resource request with quantity zero via resource groups', podOf({ cpu: 1, mem: 1, scalar: { [EXT_A]: 0 } }), podOf({ scalar: { [EXT_A]: 6 } }), 'fits'],
    ['skip checking resource request with quantity zero', podOf({ scalar: { [EXT_A]: 1 } }), podOf({ cpu: 20, mem: 30, scalar: { [EXT_A]: 1 } }), 'fits'],
  ];
  it.each(cases)('%s', (name, pod, onNode, want, config) => {
    checkFilter(`${FILE} TestEnoughRequests`, name, alloc, pod, onNode, want, config);
  });
});

describe(`${FILE} TestNotEnoughRequests`, () => {
  const alloc = allocatable(10, 20, 1, 0, 0, 0);
  const cases: [string, PodSpec, PodSpec][] = [
    ["even without specified resources, predicate fails when there's no space for additional pod", { containers: [] }, podOf({ cpu: 10, mem: 20 })],
    ["even if both resources fit, predicate fails when there's no space for additional pod", podOf({ cpu: 1, mem: 1 }), podOf({ cpu: 5, mem: 5 })],
    ["even for equal edge case, predicate fails when there's no space for additional pod", podOf({ cpu: 5, mem: 1 }), podOf({ cpu: 5, mem: 19 })],
    ["even for equal edge case, predicate fails when there's no space for additional pod due to init container", withInit(podOf({ cpu: 5, mem: 1 }), { cpu: 5, mem: 1 }), podOf({ cpu: 5, mem: 19 })],
  ];
  it.each(cases)('%s', (name, pod, onNode) => {
    checkFilter(`${FILE} TestNotEnoughRequests`, name, alloc, pod, onNode, unschedulable('Too many pods'));
  });
});

describe(`${FILE} TestStorageRequests`, () => {
  const alloc = allocatable(10, 20, 32, 5, 20, 5);
  const cases: [string, PodSpec, PodSpec, Want][] = [
    ['empty storage requested, and pod fits', podOf({ cpu: 1, mem: 1 }), podOf({ cpu: 2, mem: 10 }), 'fits'],
    ['storage ephemeral local storage request exceeds allocatable', podOf({ eph: 25 }), podOf({ cpu: 2, mem: 2 }), unresolvable(insufficient('ephemeral-storage'))],
    ['ephemeral local storage is sufficient', podOf({ eph: 5 }), podOf({ cpu: 2, mem: 2, eph: 10 }), 'fits'],
    ['pod fits', podOf({ eph: 10 }), podOf({ cpu: 2, mem: 2 }), 'fits'],
  ];
  it.each(cases)('%s', (name, pod, onNode, want) => {
    checkFilter(`${FILE} TestStorageRequests`, name, alloc, pod, onNode, want);
  });
});

describe(`${FILE} TestRestartableInitContainers (SidecarContainers enabled)`, () => {
  const alloc = allocatable(2, 0, 1, 0, 0, 0);
  const withSidecar = (request?: string, sidecarRequest?: string): PodSpec => ({
    containers: [{ name: 'regular', image: 'pause', ...(request !== undefined ? { resources: { requests: { cpu: request } } } : {}) }],
    initContainers: [{ name: 'restartable-init', image: 'pause', restartPolicy: 'Always', ...(sidecarRequest !== undefined ? { resources: { requests: { cpu: sidecarRequest } } } : {}) }],
  });
  const cases: [string, PodSpec, Want][] = [
    ['allow pod without restartable init containers if sidecar containers is enabled', { containers: [{ name: 'regular', image: 'pause' }] }, 'fits'],
    ['allow pod with restartable init containers if sidecar containers is enabled', withSidecar(), 'fits'],
    ["allow pod if the total requested resources do not exceed the node's allocatable resources", withSidecar('1m', '1m'), 'fits'],
    ["not allow pod if the total requested resources do exceed the node's allocatable resources", withSidecar('1m', '2m'), unresolvable(insufficient('cpu'))],
  ];
  it.each(cases)('%s', (name, pod, want) => {
    checkFilter(`${FILE} TestRestartableInitContainers`, name, alloc, pod, undefined, want);
  });
});

describe(`${FILE} TestFitScore`, () => {
  /** Upstream `st.MakeNode().Name(n).Capacity({cpu, memory})` (plus room for pods, which no case is about). */
  const capNode = (name: string, cpu: string, memory: string): Node => ({ metadata: { name }, status: { capacity: { cpu, memory, pods: '110' } } });
  /** Upstream `st.MakePod().Node(n).Req(req)[.SidecarReq(sidecar)]`. */
  const placed = (nodeName: string, req: Record<string, string>, sidecar?: Record<string, string>): Pod => ({
    metadata: { name: `on-${nodeName}` },
    spec: {
      nodeName, containers: [{ name: 'c', image: 'pause', resources: { requests: req } }],
      ...(sidecar !== undefined ? { initContainers: [{ name: 'sidecar', image: 'pause', restartPolicy: 'Always', resources: { requests: sidecar } }] } : {}),
    },
  });
  const requested = (req: Record<string, string>): Pod => ({ metadata: { name: 'incoming' }, spec: { containers: [{ name: 'c', image: 'pause', resources: { requests: req } }] } });
  const strategy = (scoringStrategy: object): object => schedulerConfig({ NodeResourcesFit: { scoringStrategy } }, ['NodeResourcesFit']);
  const defaultResources = [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }];
  const rtcr = (shape: { utilization: number; score: number }[]): object => strategy({ type: 'RequestedToCapacityRatio', resources: defaultResources, requestedToCapacityRatio: { shape } });
  const twoNodes = [capNode('node1', '4000', '10000'), capNode('node2', '6000', '10000')];
  const twoPods = [placed('node1', { cpu: '2000', memory: '4000' }), placed('node2', { cpu: '1000', memory: '2000' })];
  // [upstream name, nodes, existing pods, requested pod, configuration (undefined: the default profile, LeastAllocated), want]
  const cases: [string, Node[], Pod[], Pod, object | undefined, Record<string, number>][] = [
    ['test case for ScoringStrategy RequestedToCapacityRatio case1', twoNodes, twoPods, requested({ cpu: '3000', memory: '5000' }),
      rtcr([{ utilization: 0, score: 10 }, { utilization: 100, score: 0 }]), { node1: 10, node2: 32 }],
    ['test case for ScoringStrategy RequestedToCapacityRatio case2', twoNodes, twoPods, requested({ cpu: '3000', memory: '5000' }),
      rtcr([{ utilization: 0, score: 0 }, { utilization: 100, score: 10 }]), { node1: 95, node2: 68 }],
    ['test case for ScoringStrategy MostAllocated', twoNodes, twoPods, requested({ cpu: '1000', memory: '2000' }),
      strategy({ type: 'MostAllocated', resources: defaultResources }), { node1: 67, node2: 36 }],
    ['test case for ScoringStrategy LeastAllocated', twoNodes, twoPods, requested({ cpu: '1000', memory: '2000' }),
      undefined, { node1: 32, node2: 63 }],
    ['test case for ScoringStrategy MostAllocated with sidecar container',
      [capNode('node1', '4000', '10000'), capNode('node2', '4000', '10000')],
      [placed('node1', { cpu: '1000', memory: '2000' }, { cpu: '1000', memory: '2000' }), placed('node2', { cpu: '1000', memory: '2000' })],
      requested({ cpu: '1000', memory: '2000' }), strategy({ type: 'MostAllocated', resources: defaultResources }), { node1: 67, node2: 45 }],
    ['test case for ScoringStrategy LeastAllocated with sidecar container',
      [capNode('node1', '4000', '10000'), capNode('node2', '4000', '10000')],
      [placed('node1', { cpu: '1000', memory: '2000' }, { cpu: '1000', memory: '2000' }), placed('node2', { cpu: '1000', memory: '2000' })],
      requested({ cpu: '1000', memory: '2000' }), undefined, { node1: 32, node2: 55 }],
  ];
  it.each(cases)('%s', (name, nodes, pods, pod, config, want) => {
    const r = explainCase({ upstream: `${FILE} TestFitScore`, name, nodes, pods, pod, ...(config !== undefined ? { config } : {}) });
    expectScores(r, 'NodeResourcesFit', want);
  });
});

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

// The scoring strategies' own tests (least_allocated_test.go, most_allocated_test.go,
// requested_to_capacity_ratio_test.go): NodeResourcesFit's raw Score (it has no NormalizeScore) with the strategy
// given in the configuration. Upstream's incoming pods sometimes carry `.Node("node1")`, which its unit test
// ignores; it is left out here (explain would run NodeName on it). Left out: "Resources not set, pods scheduled
// with error" (a KubeSchedulerConfiguration defaults unset resources to cpu and memory, so the unit test's nil
// resources cannot be configured) and TestBrokenLinearFunction (a helper, not the plugin).
describe('noderesources scoring strategies', () => {
  /** Upstream `st.MakeNode().Name(n).Capacity(res)` (capacity = allocatable), with room for pods, which no case is about. */
  const capNode = (name: string, res: Record<string, string> = {}): Node => {
    const r = { ...res, pods: '110' };
    return { metadata: { name }, status: { capacity: r, allocatable: r } };
  };
  /** Upstream `st.MakePod().Req(r1).Req(r2)…`: one container per request list. */
  const reqPod = (...reqs: Record<string, string>[]): Pod => ({ metadata: { name: 'incoming' }, spec: { containers: reqs.map((requests, i) => ({ name: `c${i}`, image: 'pause', resources: { requests } })) } });
  const emptyPod = (): Pod => ({ metadata: { name: 'incoming' }, spec: { containers: [] } });
  const on = (nodeName: string, ...reqs: Record<string, string>[]): Pod => ({ spec: { nodeName, containers: reqs.map((requests, i) => ({ name: `c${i}`, image: 'pause', resources: { requests } })) } });
  const onEmpty = (nodeName: string): Pod => ({ spec: { nodeName, containers: [] } });
  type Res = { name: string; weight: number }[];
  const DEFAULT: Res = [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }];
  const EXT = 'abc.com/xyz';
  const EXTENDED: Res = [...DEFAULT, { name: EXT, weight: 1 }];
  interface Strategy { type: string; resources: Res; requestedToCapacityRatio?: { shape: { utilization: number; score: number }[] } }
  const cfg = (s: Strategy, disableFitFilter = false): object => schedulerConfig({ NodeResourcesFit: { scoringStrategy: s } }, disableFitFilter ? ['NodeResourcesFit'] : []);
  type ScoreCase = [name: string, pod: Pod, nodes: Node[], pods: Pod[], resources: Res, want: Record<string, number>, disableFitFilter?: boolean];
  const run = (upstream: string, strategy: (r: Res) => Strategy) => (name: string, pod: Pod, nodes: Node[], pods: Pod[], resources: Res, want: Record<string, number>, disableFitFilter?: boolean): void => {
    const r = explainCase({ upstream, name, nodes, pods, pod, config: cfg(strategy(resources), disableFitFilter === true) });
    expectScores(r, 'NodeResourcesFit', want);
  };
  const invalidWeight = (upstream: string, type: string, name: string, resources: Res, field: RegExp): void => {
    it(name, () => {
      expect(() => explainCase({ upstream, name, nodes: [capNode('node1', { cpu: '4000', memory: '10000' })], pod: reqPod({ cpu: '1000', memory: '2000' }, { cpu: '2000', memory: '3000' }), config: cfg({ type, resources }) })).toThrow(field);
    });
  };
  const c4 = { cpu: '4000', memory: '10000' };
  const c6 = { cpu: '6000', memory: '10000' };
  const c10 = { cpu: '10000', memory: '20000' };
  const r12 = { cpu: '1000', memory: '2000' };
  const r23 = { cpu: '2000', memory: '3000' };
  const cpu3 = { cpu: '3000', memory: '0' };
  const cpu3mem5 = { cpu: '3000', memory: '5000' };

  describe('least_allocated_test.go TestLeastAllocatedScoringStrategy', () => {
    const U = 'noderesources/least_allocated_test.go TestLeastAllocatedScoringStrategy';
    const cases: ScoreCase[] = [
      ['nothing scheduled, nothing requested', emptyPod(), [capNode('node1', c4), capNode('node2', c4)], [], DEFAULT, { node1: 100, node2: 100 }],
      ['nothing scheduled, resources requested, differently sized nodes', reqPod(r12, r23), [capNode('node1', c4), capNode('node2', c6)], [], DEFAULT, { node1: 37, node2: 50 }],
      ['no resources requested, pods scheduled', emptyPod(), [capNode('node1', c4), capNode('node2', c4)],
        [onEmpty('node1'), onEmpty('node1'), onEmpty('node2'), onEmpty('node2')], DEFAULT, { node1: 100, node2: 100 }],
      ['no resources requested, pods scheduled with resources', emptyPod(), [capNode('node1', c10), capNode('node2', c10)],
        [on('node1', cpu3), on('node1', cpu3), on('node2', cpu3), on('node2', cpu3mem5)], DEFAULT, { node1: 70, node2: 57 }],
      ['resources requested, pods scheduled with resources', reqPod(r12, r23), [capNode('node1', c10), capNode('node2', c10)],
        [on('node1', cpu3), on('node2', cpu3mem5)], DEFAULT, { node1: 57, node2: 45 }],
      ['resources requested, pods scheduled with resources, differently sized nodes', reqPod(r12, r23), [capNode('node1', c10), capNode('node2', { cpu: '10000', memory: '50000' })],
        [on('node1', cpu3), on('node2', cpu3mem5)], DEFAULT, { node1: 57, node2: 60 }],
      ['requested resources exceed node capacity', reqPod(cpu3), [capNode('node1', c4), capNode('node2', c4)],
        [on('node1', cpu3), on('node2', cpu3mem5)], DEFAULT, { node1: 50, node2: 25 }, true],
      ['zero node resources, pods scheduled with resources', emptyPod(), [capNode('node1'), capNode('node2')],
        [on('node1', cpu3), on('node2', cpu3mem5)], DEFAULT, { node1: 0, node2: 0 }],
      ['nothing scheduled, resources requested with different weight on CPU and memory, differently sized nodes', reqPod(r12, r23), [capNode('node1', c4), capNode('node2', c6)], [],
        [{ name: 'memory', weight: 2 }, { name: 'cpu', weight: 1 }], { node1: 41, node2: 50 }],
      ['bypass extended resource if the pod does not request', reqPod(r12, r23), [capNode('node1', c6), capNode('node2', { ...c6, [EXT]: '4' })], [], EXTENDED, { node1: 50, node2: 50 }],
      ['honor extended resource if the pod requests', reqPod({ ...cpu3mem5, [EXT]: '2' }), [capNode('node1', { ...c6, [EXT]: '4' }), capNode('node2', { ...c6, [EXT]: '10' })], [],
        EXTENDED, { node1: 50, node2: 60 }],
      ["if the node doesn't have a resource", reqPod({ cpu: '3000', memory: '4000' }), [capNode('node1', c6), capNode('node2', { ...c6, [EXT]: '4' })], [],
        [{ name: EXT, weight: 2 }, { name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }], { node1: 55, node2: 55 }],
    ];
    it.each(cases)('%s', run(U, (resources) => ({ type: 'LeastAllocated', resources })));
    invalidWeight(U, 'LeastAllocated', 'resource with negative weight', [{ name: 'memory', weight: -1 }, { name: 'cpu', weight: 1 }], /scoringStrategy\.resources\[0\]\.weight/);
    invalidWeight(U, 'LeastAllocated', 'resource with zero weight', [{ name: 'memory', weight: 1 }, { name: 'cpu', weight: 0 }], /scoringStrategy\.resources\[1\]\.weight/);
    invalidWeight(U, 'LeastAllocated', 'resource weight larger than MaxNodeScore', [{ name: 'memory', weight: 1 }, { name: 'cpu', weight: 101 }], /scoringStrategy\.resources\[1\]\.weight/);
  });

  describe('most_allocated_test.go TestMostAllocatedScoringStrategy', () => {
    const U = 'noderesources/most_allocated_test.go TestMostAllocatedScoringStrategy';
    const cases: ScoreCase[] = [
      ['nothing scheduled, nothing requested', emptyPod(), [capNode('node1', c4), capNode('node2', c4)], [], DEFAULT, { node1: 0, node2: 0 }],
      ['nothing scheduled, resources requested, differently sized nodes', reqPod(r12, r23), [capNode('node1', c4), capNode('node2', c6)], [], DEFAULT, { node1: 62, node2: 50 }],
      ['no resources requested, pods scheduled with resources', emptyPod(), [capNode('node1', c10), capNode('node2', c10)],
        [on('node1', cpu3), on('node1', cpu3), on('node2', cpu3), on('node2', cpu3mem5)], DEFAULT, { node1: 30, node2: 42 }],
      ['resources requested, pods scheduled with resources', reqPod(r12, r23), [capNode('node1', c10), capNode('node2', c10)],
        [on('node1', cpu3), on('node2', cpu3mem5)], DEFAULT, { node1: 42, node2: 55 }],
      ['resources requested equal node capacity', reqPod({ cpu: '2000', memory: '4000' }, { cpu: '3000', memory: '5000' }),
        [capNode('node1', { cpu: '5000', memory: '10000' }), capNode('node2', { cpu: '10000', memory: '9000' })], [], DEFAULT, { node1: 95, node2: 75 }],
      // Upstream's second case of this name: memory weighs 2.
      ['nothing scheduled, resources requested, differently sized nodes', reqPod(r12, r23), [capNode('node1', c4), capNode('node2', c6)], [],
        [{ name: 'memory', weight: 2 }, { name: 'cpu', weight: 1 }], { node1: 58, node2: 50 }],
      ['no resources requested, pods scheduled, nonzero request for resource',
        { metadata: { name: 'incoming' }, spec: { containers: [{ name: 'container', image: 'pause' }] } },
        [capNode('node1', { cpu: '250m', memory: '1000Mi' }), capNode('node2', { cpu: '250m', memory: '1000Mi' })],
        [{ spec: { nodeName: 'node1', containers: [{ name: 'container', image: 'pause' }] } }, { spec: { nodeName: 'node1', containers: [{ name: 'container', image: 'pause' }] } }],
        DEFAULT, { node1: 80, node2: 30 }],
      ['bypass extended resource if the pod does not request', reqPod(r12, r23), [capNode('node1', c6), capNode('node2', { ...c6, [EXT]: '4' })], [], EXTENDED, { node1: 50, node2: 50 }],
      ['honor extended resource if the pod request', reqPod({ ...cpu3mem5, [EXT]: '2' }), [capNode('node1', { ...c6, [EXT]: '4' }), capNode('node2', { ...c6, [EXT]: '10' })], [],
        EXTENDED, { node1: 50, node2: 40 }],
      ["if the node doesn't have a resource", reqPod({ cpu: '3000', memory: '4000' }), [capNode('node1', c6), capNode('node2', { ...c6, [EXT]: '4' })], [],
        [{ name: EXT, weight: 2 }, { name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }], { node1: 45, node2: 45 }],
    ];
    it.each(cases)('%s', run(U, (resources) => ({ type: 'MostAllocated', resources })));
    invalidWeight(U, 'MostAllocated', 'resource with negative weight', [{ name: 'memory', weight: -1 }, { name: 'cpu', weight: 1 }], /scoringStrategy\.resources\[0\]\.weight/);
    invalidWeight(U, 'MostAllocated', 'resource with zero weight', [{ name: 'memory', weight: 1 }, { name: 'cpu', weight: 0 }], /scoringStrategy\.resources\[1\]\.weight/);
    invalidWeight(U, 'MostAllocated', 'resource weight larger than MaxNodeScore', [{ name: 'memory', weight: 101 }], /scoringStrategy\.resources\[0\]\.weight/);
  });

  describe('requested_to_capacity_ratio_test.go', () => {
    const F = 'noderesources/requested_to_capacity_ratio_test.go';
    const rtcr = (shape: { utilization: number; score: number }[]) => (resources: Res): Strategy => ({ type: 'RequestedToCapacityRatio', resources, requestedToCapacityRatio: { shape } });
    const leastShape = [{ utilization: 0, score: 10 }, { utilization: 100, score: 0 }];
    const binPack = [{ utilization: 0, score: 0 }, { utilization: 100, score: 1 }];
    /** The bin-packing tests' `makeNode(name, 4000, 10000*1024*1024, extended)`. */
    const binNode = (name: string, ext: Record<string, number>): Node =>
      capNode(name, { cpu: '4000m', memory: `${10000 * 1024 * 1024}`, ...Object.fromEntries(Object.entries(ext).map(([k, v]) => [k, `${v}`])) });

    describe('TestRequestedToCapacityRatioScoringStrategy', () => {
      const cases: ScoreCase[] = [
        ['nothing scheduled, nothing requested (default - least requested nodes have priority)', emptyPod(), [capNode('node1', c4), capNode('node2', c4)],
          [onEmpty('node1'), onEmpty('node1')], DEFAULT, { node1: 100, node2: 100 }],
        ['nothing scheduled, resources requested, differently sized nodes (default - least requested nodes have priority)', reqPod(r12, r23),
          [capNode('node1', c4), capNode('node2', c6)], [onEmpty('node1'), onEmpty('node1')], DEFAULT, { node1: 38, node2: 50 }],
        ['no resources requested, pods scheduled with resources (default - least requested nodes have priority)', emptyPod(),
          [capNode('node1', c4), capNode('node2', c6)], [on('node1', cpu3mem5), on('node2', cpu3mem5)], DEFAULT, { node1: 38, node2: 50 }],
      ];
      it.each(cases)('%s', run(`${F} TestRequestedToCapacityRatioScoringStrategy`, rtcr(leastShape)));
    });

    describe('TestResourceBinPackingSingleExtended', () => {
      const n1 = (): Node => binNode('node1', { 'intel.com/foo': 8 });
      const n2 = (): Node => binNode('node2', { 'intel.com/foo': 4 });
      const FOO: Res = [{ name: 'intel.com/foo', weight: 1 }];
      const cases: ScoreCase[] = [
        ['nothing scheduled, nothing requested', emptyPod(), [n1(), n2()], [], FOO, { node1: 0, node2: 0 }],
        ['resources requested, pods scheduled with less resources', reqPod({ 'intel.com/foo': '2' }), [n1(), n2()], [onEmpty('node1')], FOO, { node1: 2, node2: 5 }],
        ['resources requested, pods scheduled with resources, on node with existing pod running ', reqPod({ 'intel.com/foo': '2' }), [n1(), n2()],
          [on('node2', { 'intel.com/foo': '2' })], FOO, { node1: 2, node2: 10 }],
        ['resources requested, pods scheduled with more resources', reqPod({ 'intel.com/foo': '4' }), [n1(), n2()], [onEmpty('node1')], FOO, { node1: 5, node2: 10 }],
      ];
      it.each(cases)('%s', run(`${F} TestResourceBinPackingSingleExtended`, rtcr(binPack)));
    });

    describe('TestResourceBinPackingMultipleExtended', () => {
      const n1 = (): Node => binNode('node1', { 'intel.com/foo': 8, 'intel.com/bar': 4 });
      const n2 = (): Node => binNode('node2', { 'intel.com/foo': 4, 'intel.com/bar': 8 });
      const FOOBAR: Res = [{ name: 'intel.com/foo', weight: 3 }, { name: 'intel.com/bar', weight: 5 }];
      const pod1 = { 'intel.com/foo': '2', 'intel.com/bar': '2' };
      const pod2 = { 'intel.com/foo': '4', 'intel.com/bar': '2' };
      const cases: ScoreCase[] = [
        ['nothing scheduled, nothing requested', emptyPod(), [n1(), n2()], [], FOOBAR, { node1: 0, node2: 0 }],
        ['resources requested, pods scheduled with less resources', reqPod(pod1), [n1(), n2()], [onEmpty('node1')], FOOBAR, { node1: 4, node2: 3 }],
        // node2's existing pod holds all 4 intel.com/foo, so Filter would reject node2; upstream scores it (utilization capped at 100 %).
        ['resources requested, pods scheduled with resources, on node with existing pod running ', reqPod(pod1), [n1(), n2()], [on('node2', pod2)], FOOBAR, { node1: 4, node2: 7 }, true],
        ['resources requested, pods scheduled with more resources', reqPod(pod2), [n1(), n2()], [onEmpty('node1')], FOOBAR, { node1: 5, node2: 5 }],
      ];
      it.each(cases)('%s', run(`${F} TestResourceBinPackingMultipleExtended`, rtcr(binPack)));
    });
  });
});

// explainPod reports, for every node, each Filter plugin's verdict with its reason and, for feasible nodes,
// each Score plugin's raw / normalized / weighted score and the total, with the node kube-scheduler picks
// (reference §1.4, §1.5, §1.6).
import { describe, expect, it } from 'vitest';
import type { Node } from 'kubernetes-types/core/v1.js';
import { ExplainError, explainPod, SchedulerConfigError } from '../../../src/scheduler/index.js';
import { node, pod } from '../helpers.js';

const gpuTaint = [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' as const }];
/** n1 half full (2 cpu / 4Gi of 4 / 8Gi), n2 empty, n3 tainted dedicated=gpu:NoSchedule. */
const small = {
  nodes: [node('n1'), node('n2'), node('n3', { taints: gpuTaint })],
  pods: [pod('busy', { cpu: '2', memory: '4Gi', nodeName: 'n1' })],
};

describe('explainPod on a three-node cluster', () => {
  const r = explainPod({ ...small, pod: pod('web', { cpu: '1', memory: '1Gi' }) });

  it('names the pod, lists every node in input order and picks the best total', () => {
    expect(r.pod).toBe('default/web');
    expect(Object.keys(r.nodes)).toEqual(['n1', 'n2', 'n3']);
    expect(r.selectedNode).toBe('n2');
    expect(r.message).toBeUndefined();
  });

  it('LeastAllocated raw scores follow §1.5.1: Σ ⌊(alloc − req)·100 / alloc⌋ / 2', () => {
    // n1: cpu (4000 − 3000)·100/4000 = 25, memory (8 − 5)·100/8 = 37 → (25 + 37)/2 = 31
    // n2: cpu (4000 − 1000)·100/4000 = 75, memory (8 − 1)·100/8 = 87 → (75 + 87)/2 = 81
    expect(r.nodes['n1']?.scores['NodeResourcesFit']).toEqual({ raw: 31, normalized: 31, weight: 1, weighted: 31 });
    expect(r.nodes['n2']?.scores['NodeResourcesFit']).toEqual({ raw: 81, normalized: 81, weight: 1, weighted: 81 });
  });

  it('BalancedAllocation (§1.5.2), TaintToleration (weight 3, §1.5.3) and the totals (§1.5.8)', () => {
    // n1: cpu 3/4 = 0.75, memory 5/8 = 0.625 → std 0.0625 → ⌊93.75⌋ = 93; n2: 0.25 and 0.125 → 93 too
    expect(r.nodes['n1']?.scores['NodeResourcesBalancedAllocation']?.raw).toBe(93);
    expect(r.nodes['n2']?.scores['NodeResourcesBalancedAllocation']?.raw).toBe(93);
    // no intolerable PreferNoSchedule taints anywhere: raw 0, reversed to 100, × 3
    expect(r.nodes['n2']?.scores['TaintToleration']).toEqual({ raw: 0, normalized: 100, weight: 3, weighted: 300 });
    expect(r.nodes['n1']?.total).toBe(300 + 31 + 93 + 0);
    expect(r.nodes['n2']?.total).toBe(300 + 81 + 93 + 0);
  });

  it('every filter plugin of the default profile has a verdict, Skip where PreFilter opted out', () => {
    expect(r.nodes['n2']?.filter).toEqual({
      NodeUnschedulable: { code: 'Success' }, NodeName: { code: 'Success' }, TaintToleration: { code: 'Success' },
      NodeAffinity: { code: 'Skip' }, NodePorts: { code: 'Skip' }, NodeResourcesFit: { code: 'Success' },
      PodTopologySpread: { code: 'Skip' }, InterPodAffinity: { code: 'Skip' },
    });
  });

  it('a NoSchedule taint the pod does not tolerate fails TaintToleration with the taint in the reason', () => {
    const n3 = r.nodes['n3'];
    expect(n3?.feasible).toBe(false);
    expect(n3?.filter['TaintToleration']).toEqual({
      code: 'UnschedulableAndUnresolvable', reasons: ['node(s) had untolerated taint {dedicated: gpu}'],
    });
    expect(n3?.filter['NodeResourcesFit']).toEqual({ code: 'Success' });
    expect(n3?.scores).toEqual({});
    expect(n3?.total).toBe(0);
  });
});

describe('explainPod when nothing fits', () => {
  it('gives selectedNode null and the FailedScheduling message with the preemption part', () => {
    const r = explainPod({
      nodes: [node('n1', { cpu: '1' }), node('n2', { taints: gpuTaint }), node('n3', { taints: gpuTaint })],
      pods: [], pod: pod('big', { cpu: '2' }),
    });
    expect(r.selectedNode).toBeNull();
    // a 2-cpu pod can never fit a 1-cpu node: UnschedulableAndUnresolvable, so preemption cannot help anywhere
    expect(r.nodes['n1']?.filter['NodeResourcesFit']).toEqual({ code: 'UnschedulableAndUnresolvable', reasons: ['Insufficient cpu'] });
    expect(r.message).toBe('0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {dedicated: gpu}. ' +
      'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.');
  });

  it('a node cut off by a PreFilter node set appears with the PreFilter reason', () => {
    const onlyN2 = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [
      { matchFields: [{ key: 'metadata.name', operator: 'In' as const, values: ['n2'] }] }] } } };
    const r = explainPod({ ...small, pod: pod('pinned', { spec: { affinity: onlyN2 } }) });
    expect(r.selectedNode).toBe('n2');
    expect(Object.keys(r.nodes)).toEqual(['n1', 'n2', 'n3']);
    expect(r.nodes['n1']).toEqual({
      feasible: false, scores: {}, total: 0,
      filter: { PreFilter: { code: 'UnschedulableAndUnresolvable', reasons: ["node(s) didn't satisfy plugin(s) [NodeAffinity]"] } },
    });
  });
});

describe('explainPod evaluates every node', () => {
  it('150 nodes: all filtered and scored, although the adaptive rule (§1.6) would stop at 100 feasible', () => {
    const nodes: Node[] = Array.from({ length: 150 }, (_, i) => node(`node-${String(i).padStart(3, '0')}`));
    const r = explainPod({ nodes, pods: [], pod: pod('p', { cpu: '100m' }) });
    const all = Object.values(r.nodes);
    expect(all).toHaveLength(150);
    expect(all.filter((n) => n.feasible && n.scores['NodeResourcesFit'] !== undefined)).toHaveLength(150);
  });

  it('a lone feasible node is scored too (kube-scheduler skips scoring then; the choice is the same)', () => {
    const r = explainPod({ nodes: [node('n1'), node('n3', { taints: gpuTaint })], pods: [], pod: pod('p', { cpu: '1', memory: '1Gi' }) });
    expect(r.selectedNode).toBe('n1');
    // cpu (4000 − 1000)·100/4000 = 75, memory (8 − 1)·100/8 = 87 → 81
    expect(r.nodes['n1']?.scores['NodeResourcesFit']?.raw).toBe(81);
    expect(r.nodes['n1']?.total).toBeGreaterThan(0);
  });

  it('equal totals: the seed decides (selectHost reservoir sampling), same seed ⇒ same node', () => {
    const nodes = [node('a'), node('b'), node('c')];
    const pick = (seed: number) => explainPod({ nodes, pods: [], pod: pod('p'), seed }).selectedNode;
    expect(pick(7)).toBe(pick(7));
    const chosen = new Set(Array.from({ length: 30 }, (_, s) => pick(s)));
    expect([...chosen].sort()).toEqual(['a', 'b', 'c']);
  });
});

describe('explainPod inputs', () => {
  it('ignores the explained pod when it is also listed as bound, and unbound pods', () => {
    const self = pod('web', { cpu: '1', memory: '1Gi', nodeName: 'n2' });
    const r = explainPod({ ...small, pods: [...small.pods, self, pod('pending', { cpu: '3' })], pod: self });
    expect(r.nodes['n2']?.scores['NodeResourcesFit']?.raw).toBe(81);
  });

  it('a node without status.allocatable is read from status.capacity', () => {
    const n: Node = { metadata: { name: 'cap' }, status: { capacity: { cpu: '2', memory: '2Gi', pods: '10' } } };
    const r = explainPod({ nodes: [n], pods: [], pod: pod('p', { cpu: '1', memory: '1Gi' }) });
    // cpu (2000 − 1000)·100/2000 = 50, memory (2 − 1)·100/2 = 50 → 50
    expect(r.nodes['cap']?.scores['NodeResourcesFit']?.raw).toBe(50);
  });

  it('a schedulerName without a profile is an ExplainError; a bad configuration names the field', () => {
    expect(() => explainPod({ ...small, pod: pod('p', { spec: { schedulerName: 'nope' } }) }))
      .toThrow(new ExplainError('no profile for schedulerName "nope" (profiles: default-scheduler)'));
    expect(() => explainPod({ ...small, pod: pod('p'), config: 'profiles: [{percentageOfNodesToScore: 150}]' }))
      .toThrow(SchedulerConfigError);
    expect(() => explainPod({ ...small, pod: pod('p'), config: 'profiles: [{percentageOfNodesToScore: 150}]' }))
      .toThrow(/profiles\[0\]\.percentageOfNodesToScore/);
  });

  it('the pod is scheduled by the profile its schedulerName names', () => {
    const config = { profiles: [{ schedulerName: 'packer', pluginConfig: [{ name: 'NodeResourcesFit', args: { scoringStrategy: { type: 'MostAllocated' } } }] }] };
    const r = explainPod({ ...small, pod: pod('web', { cpu: '1', memory: '1Gi', spec: { schedulerName: 'packer' } }), config });
    // MostAllocated: n1 cpu 3000·100/4000 = 75, memory 5·100/8 = 62 → 68; n2 25 and 12 → 18
    expect(r.nodes['n1']?.scores['NodeResourcesFit']?.raw).toBe(68);
    expect(r.nodes['n2']?.scores['NodeResourcesFit']?.raw).toBe(18);
    expect(r.selectedNode).toBe('n1');
  });
});

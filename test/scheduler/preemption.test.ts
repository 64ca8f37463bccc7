// DefaultPreemption picks victims (all lower-priority pods, then reprieve by importance) and a node in upstream's order (§1.7).
import { describe, expect, it } from 'vitest';
import { pickOneNodeForPreemption, type PreemptionCandidate } from '../../src/scheduler/plugins/default-preemption.js';
import {
  createFramework, inTreeRegistry, newStatus, PodInfo, schedulePod,
  type CycleState, type NodeInfo, type SchedulerPlugin, type Snapshot, type Status,
} from '../../src/scheduler/index.js';
import { cluster, node, pod } from './helpers.js';

const random = () => 0;
const low = (name: string, nodeName: string, cpu: string, priority: number, startTime?: string) =>
  pod(name, { nodeName, cpu, priority, ...(startTime ? { startTime } : {}) });

describe('DefaultPreemption', () => {
  it('nominates the node whose victims have the lowest priority and keeps reprieved pods', () => {
    const c = cluster([node('n1', { cpu: '4' }), node('n2', { cpu: '4' })], [
      low('a', 'n1', '2', 10), low('b', 'n1', '2', 10),
      low('c', 'n2', '2', 5), low('d', 'n2', '1', 1), low('e', 'n2', '1', 1),
    ]);
    const r = schedulePod(createFramework(), c.snapshot, pod('p', { cpu: '2', priority: 100 }), { random });
    expect(r.selectedNode).toBeNull();
    expect(r.nominatedNodeName).toBe('n2');
    // n2: remove c, d, e; reprieve c (most important): 2 + 2 ≤ 4; then d: 2 + 2 + 1 > 4 → victim; e likewise.
    expect((r.victims ?? []).map((v) => v.metadata?.name).sort()).toEqual(['d', 'e']);
  });

  it('preemptionPolicy Never is not eligible', () => {
    const c = cluster([node('n1', { cpu: '1' })], [low('a', 'n1', '1', 0)]);
    const r = schedulePod(createFramework(), c.snapshot, pod('p', { cpu: '1', priority: 10, spec: { preemptionPolicy: 'Never' } }), { random });
    expect(r.message).toBe('0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.');
  });

  it('equal-priority pods are never victims', () => {
    const c = cluster([node('n1', { cpu: '1' })], [low('a', 'n1', '1', 10)]);
    const r = schedulePod(createFramework(), c.snapshot, pod('p', { cpu: '1', priority: 10 }), { random });
    expect(r.nominatedNodeName).toBeUndefined();
    expect(r.message).toContain('preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.');
  });
});

describe('pickOneNodeForPreemption order (§1.7)', () => {
  const v = (priority: number, startTime = '2024-01-01T00:00:00Z') => new PodInfo(pod(`v${priority}`, { priority, startTime }));
  const cand = (nodeName: string, victims: PodInfo[], pdb = 0): PreemptionCandidate => ({ node: nodeName, victims, numPDBViolations: pdb });
  const cases = [
    { name: '(1) fewest PDB violations', cs: [cand('a', [v(1)], 1), cand('b', [v(5)], 0)], want: 'b' },
    { name: '(2) lowest highest-victim priority', cs: [cand('a', [v(5)]), cand('b', [v(3), v(2)])], want: 'b' },
    { name: '(3) smallest priority sum', cs: [cand('a', [v(3), v(2)]), cand('b', [v(3), v(1)])], want: 'b' },
    { name: '(4) fewest victims', cs: [cand('a', [v(3), v(0), v(0)]), cand('b', [v(3)])], want: 'b' },
    { name: '(5) latest start of the top victims', cs: [cand('a', [v(3, '2024-01-01T00:00:00Z')]), cand('b', [v(3, '2024-06-01T00:00:00Z')])], want: 'b' },
    { name: '(6) first remaining', cs: [cand('a', [v(3)]), cand('b', [v(3)])], want: 'a' },
    { name: 'zero victims wins at once', cs: [cand('a', [v(1)]), cand('b', [])], want: 'b' },
  ];
  for (const c of cases) it(c.name, () => expect(pickOneNodeForPreemption(c.cs)?.node).toBe(c.want));
});

// PostFilter plugins receive the cycle's per-node statuses (upstream NodeToStatusReader): the nodes the
// filters rejected with their first failing status, the others absent; PreFilter-narrowed nodes included.
describe('PostFilter statuses', () => {
  const seen = (c: ReturnType<typeof cluster>, p: ReturnType<typeof pod>) => {
    let got: { size: number; n1: string | undefined; n2: string | undefined; keys: string[]; entries: number; has3: boolean } | undefined;
    const spy = { name: 'Spy', postFilter: (_s: CycleState, _p: PodInfo, _snap: Snapshot, st: ReadonlyMap<string, Status>) => {
      let entries = 0;
      st.forEach(() => { entries++; });
      got = { size: st.size, n1: st.get('n1')?.reasons[0], n2: st.get('n2')?.reasons[0], keys: [...st.keys()].sort(), entries, has3: st.has('n3') };
      return { status: newStatus('Unschedulable', 'Spy') };
    } } satisfies SchedulerPlugin;
    const registry = inTreeRegistry().register('Spy', () => spy);
    const fw = createFramework({ schedulerName: 'default-scheduler', plugins: { postFilter: { enabled: [{ name: 'Spy' }], disabled: [{ name: '*' }] } } }, { registry });
    schedulePod(fw, c.snapshot, p, { random });
    return got;
  };

  it('lists every rejected node with its first failing status', () => {
    const c = cluster([node('n1', { cpu: '1' }), node('n2', { cpu: '1', taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }] }), node('n3', { cpu: '1' })],
      [low('a', 'n1', '1', 0), low('b', 'n3', '1', 0)]);
    expect(seen(c, pod('p', { cpu: '1' }))).toEqual({
      size: 3, n1: 'Insufficient cpu', n2: 'node(s) had untolerated taint {k: v}', keys: ['n1', 'n2', 'n3'], entries: 3, has3: true,
    });
  });

  it('includes the nodes a PreFilter narrowed away', () => {
    const c = cluster([node('n1', { cpu: '1' }), node('n2', { cpu: '1' }), node('n3', { cpu: '1' })], [low('a', 'n1', '1', 0)]);
    const p = pod('p', { cpu: '1', spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [
      { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }] } } } } });
    expect(seen(c, p)).toMatchObject({ size: 3, n1: 'Insufficient cpu', n2: "node(s) didn't satisfy plugin(s) [NodeAffinity]", has3: true });
  });
});

describe('NodeInfo.clone', () => {
  it('has the same pods, lists and sums as the original, and changes independently', () => {
    const c = cluster([node('n1', { cpu: '8' })], [low('a', 'n1', '1', 0), low('b', 'n1', '2', 5)]);
    const orig = c.snapshot.get('n1') as NodeInfo;
    const copy = orig.clone();
    const view = (n: NodeInfo) => ({ pods: n.pods.map((p) => p.key), cpu: n.reqMilliCPU, mem: n.reqMemory, nzCpu: n.nonZeroMilliCPU, nzMem: n.nonZeroMemory,
      count: n.podCount, requested: n.requested.milliCPU, gen: n.generation });
    expect(view(copy)).toEqual(view(orig));
    copy.removePod('default/a');
    expect([copy.reqMilliCPU, orig.reqMilliCPU, copy.podCount, orig.podCount]).toEqual([2000, 3000, 1, 2]);
  });
});

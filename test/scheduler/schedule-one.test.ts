// schedulePod runs one kube-scheduler cycle: sampling with a rotating start (§1.6), weighted totals (§1.5.8), selectHost, and upstream's FailedScheduling text.
import { describe, expect, it } from 'vitest';
import {
  createFramework, inTreeRegistry, newStatus, numFeasibleNodesToFind, PodInfo, schedulePod, SchedulerCache, SUCCESS,
  type CycleState, type NodeInfo, type SchedulerPlugin,
} from '../../src/scheduler/index.js';
import { cluster, node, pod } from './helpers.js';

const random = () => 0.5;

describe('numFeasibleNodesToFind (§1.6)', () => {
  const cases = [
    { name: 'fewer than 100 nodes: all', pct: undefined, nodes: 99, want: 99 },
    { name: 'adaptive at 1,000 nodes: 42 %', pct: undefined, nodes: 1000, want: 420 },
    { name: 'adaptive at 5,000 nodes: 10 %', pct: undefined, nodes: 5000, want: 500 },
    { name: 'adaptive floor 5 % at 6,000 nodes', pct: undefined, nodes: 6000, want: 300 },
    { name: 'adaptive at 100 nodes is never below 100', pct: undefined, nodes: 100, want: 100 },
    { name: 'configured 1 % of 5,000 is raised to 100', pct: 1, nodes: 5000, want: 100 },
    { name: 'configured 100 %: all', pct: 100, nodes: 5000, want: 5000 },
  ];
  for (const c of cases) it(c.name, () => expect(numFeasibleNodesToFind(c.pct, c.nodes)).toBe(c.want));
});

describe('schedulePod', () => {
  it('picks the least allocated node and reports feasible/evaluated counts', () => {
    const c = cluster([node('n1', { cpu: '4' }), node('n2', { cpu: '8' })]);
    const r = schedulePod(createFramework(), c.snapshot, pod('p', { cpu: '2', memory: '1Gi' }), { random });
    expect([r.selectedNode, r.feasibleNodes, r.evaluatedNodes, r.status.code]).toEqual(['n2', 2, 2, 'Success']);
  });

  it('examines 500 of 5,000 nodes and rotates the start index by the nodes processed', () => {
    const c = new SchedulerCache();
    for (let i = 0; i < 5000; i++) c.addNode(node(`n${i}`));
    const fw = createFramework();
    const r = schedulePod(fw, c.snapshot, pod('p', { cpu: '100m' }), { random });
    expect([r.feasibleNodes, r.evaluatedNodes, fw.nextStartNodeIndex]).toEqual([500, 500, 500]);
    schedulePod(fw, c.snapshot, pod('q', { cpu: '100m' }), { random });
    expect(fw.nextStartNodeIndex).toBe(1000);
  });

  it('orders nodes zone by zone, round robin (node tree)', () => {
    const z = (name: string, zone: string) => node(name, { labels: { 'topology.kubernetes.io/zone': zone } });
    const c = cluster([z('a1', 'a'), z('a2', 'a'), z('a3', 'a'), z('b1', 'b'), z('c1', 'c'), z('c2', 'c')]);
    expect(c.snapshot.list().map((n) => n.name)).toEqual(['a1', 'b1', 'c1', 'a2', 'c2', 'a3']);
  });

  it('builds the FailedScheduling message with sorted reason counts and the preemption part', () => {
    const taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' as const };
    const c = cluster(
      [node('n1', { cpu: '2' }), node('n2', { cpu: '2' }), node('n3', { cpu: '2' }), node('g1', { taints: [taint] }), node('g2', { taints: [taint] })],
      [pod('x1', { cpu: '2', nodeName: 'n1' }), pod('x2', { cpu: '2', nodeName: 'n2' }), pod('x3', { cpu: '2', nodeName: 'n3' })]);
    const r = schedulePod(createFramework(), c.snapshot, pod('p', { cpu: '1' }), { random });
    expect(r.selectedNode).toBeNull();
    expect(r.status.code).toBe('Unschedulable');
    expect(r.message).toBe('0/5 nodes are available: 2 node(s) had untolerated taint {dedicated: gpu}, 3 Insufficient cpu. ' +
      'preemption: 0/5 nodes are available: 2 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.');
    expect([...r.diagnosis.unschedulablePlugins].sort()).toEqual(['NodeResourcesFit', 'TaintToleration']);
  });

  it('explains filters and weighted scores per node', () => {
    const c = cluster([node('n1', { cpu: '4', memory: '10000' }), node('n2', { cpu: '6', memory: '10000', taints: [{ key: 'k', effect: 'NoSchedule' }] }), node('n3', { cpu: '6', memory: '10000' })]);
    const r = schedulePod(createFramework(), c.snapshot, pod('p', { cpu: '3', memory: '5000' }), { random, explain: true });
    const ex = r.explain?.nodes ?? {};
    expect(ex['n2']?.feasible).toBe(false);
    expect(ex['n2']?.filter['TaintToleration']).toEqual({ code: 'UnschedulableAndUnresolvable', reasons: ['node(s) had untolerated taint {k: }'] });
    expect(ex['n1']?.scores['NodeResourcesFit']).toEqual({ raw: 37, normalized: 37, weight: 1, weighted: 37 });
    expect(ex['n3']?.scores['TaintToleration']).toEqual({ raw: 0, normalized: 100, weight: 3, weighted: 300 });
    expect(r.selectedNode).toBe('n3');
    expect(ex['n3']?.total).toBeGreaterThan(ex['n1']?.total ?? 0);
  });

  it('same random stream ⇒ same placements; ties are broken by reservoir sampling', () => {
    const run = (seed: number): string[] => {
      let s = seed;
      const rnd = () => { s = (s * 48271) % 2147483647; return s / 2147483647; };
      const c = cluster(Array.from({ length: 20 }, (_, i) => node(`n${i}`)));
      const fw = createFramework();
      return Array.from({ length: 30 }, (_, i) => {
        const pi = new PodInfo(pod(`p${i}`, { cpu: '100m', memory: '100Mi' }));
        const r = schedulePod(fw, c.snapshot, pi, { random: rnd });
        if (r.selectedNode !== null) c.assumePod(pi, r.selectedNode);
        return r.selectedNode ?? '-';
      });
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });

  it('an error when there are no nodes', () => {
    const r = schedulePod(createFramework(), new SchedulerCache().snapshot, pod('p'), { random });
    expect([r.status.code, r.message]).toEqual(['Error', 'no nodes available to schedule pods']);
  });
});

describe('SchedulerCache', () => {
  it('assumed pods count until forgotten; confirmed pods stay', () => {
    const c = cluster([node('n1', { cpu: '1' })]);
    const p = pod('p', { cpu: '1' });
    c.assumePod(p, 'n1');
    expect(c.snapshot.get('n1')?.reqMilliCPU).toBe(1000);
    expect(schedulePod(createFramework(), c.snapshot, pod('q', { cpu: '1' }), { random }).selectedNode).toBeNull();
    c.forgetPod(p);
    expect(c.snapshot.get('n1')?.reqMilliCPU).toBe(0);
    c.assumePod(p, 'n1');
    c.addPod({ ...p, spec: { ...p.spec, containers: p.spec?.containers ?? [], nodeName: 'n1' } });
    expect(c.isAssumed('default/p')).toBe(false);
    expect(c.snapshot.get('n1')?.podCount).toBe(1);
    c.removePod('default/p');
    expect(c.snapshot.get('n1')?.podCount).toBe(0);
  });
  it('updateNode moves a node between zones; removeNode drops it', () => {
    const c = cluster([node('a', { labels: { 'topology.kubernetes.io/zone': 'z1' } }), node('b', { labels: { 'topology.kubernetes.io/zone': 'z1' } })]);
    c.updateNode(node('a', { labels: { 'topology.kubernetes.io/zone': 'z2' } }));
    expect(c.snapshot.list().map((n) => n.name)).toEqual(['b', 'a']);
    c.removeNode('b');
    expect(c.snapshot.list().map((n) => n.name)).toEqual(['a']);
  });
});

describe('PreFilter node narrowing', () => {
  it('nodes outside a PreFilter node set are reported as not satisfying the narrowing plugin', () => {
    const c = cluster([node('n1', { cpu: '1' }), node('n2'), node('n3')], [pod('x', { cpu: '1', nodeName: 'n1' })]);
    const p = pod('p', { cpu: '1', spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [
      { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }] } } } } });
    const r = schedulePod(createFramework(), c.snapshot, p, { random });
    expect(r.message?.startsWith("0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeAffinity].")).toBe(true);
  });
});

// Upstream RunScorePlugins (§1.5.8): after NormalizeScore every weighted score must be in [0, 100], else the
// cycle fails with `plugin "<name>" returns an invalid score <s>, it should in the range of [0, 100] after
// normalizing`; a NormalizeScore error comes first. (kubesim sums the scores of plugins without NormalizeScore
// while scoring and redoes the pass the plain way when one is out of range: the outcome must not change.)
describe('scores out of [0, 100]', () => {
  const withPlugins = (...ps: SchedulerPlugin[]) => {
    const registry = inTreeRegistry();
    for (const p of ps) registry.register(p.name, () => p);
    return createFramework({ schedulerName: 'default-scheduler', plugins: { score: { enabled: ps.map((p) => ({ name: p.name })), disabled: [{ name: '*' }] } } }, { registry });
  };
  const c = () => cluster([node('n1'), node('n2')]);
  const tooHigh = { name: 'TooHigh', score: (_s: CycleState, _p: PodInfo, n: NodeInfo) => (n.name === 'n2' ? 101 : 50) } satisfies SchedulerPlugin;

  it('a plugin without NormalizeScore returning 101 fails the cycle with upstream\'s message', () => {
    const r = schedulePod(withPlugins(tooHigh), c().snapshot, pod('p'), { random });
    expect([r.selectedNode, r.status.code, r.status.plugin, r.message]).toEqual([null, 'Error', 'TooHigh',
      'plugin "TooHigh" returns an invalid score 101, it should in the range of [0, 100] after normalizing']);
  });

  it('a NaN score is out of range too', () => {
    const nan = { name: 'NotANumber', score: () => Number.NaN } satisfies SchedulerPlugin;
    const r = schedulePod(withPlugins(nan), c().snapshot, pod('p'), { random });
    expect(r.message).toBe('plugin "NotANumber" returns an invalid score NaN, it should in the range of [0, 100] after normalizing');
  });

  it('a NormalizeScore error of a later plugin is reported before the out-of-range score', () => {
    const failing = {
      name: 'FailingNormalize', score: () => 1,
      normalizeScore: () => newStatus('Error', 'FailingNormalize', 'cannot normalize'),
    } satisfies SchedulerPlugin;
    const r = schedulePod(withPlugins(tooHigh, failing), c().snapshot, pod('p'), { random });
    expect([r.status.code, r.status.plugin, r.message]).toEqual(['Error', 'FailingNormalize', 'cannot normalize']);
  });

  it('a normalized score out of range names its plugin; in range, the weighted totals pick the node', () => {
    const raw = { name: 'Raw', score: (_s: CycleState, _p: PodInfo, n: NodeInfo) => (n.name === 'n1' ? 7 : 3) } satisfies SchedulerPlugin;
    const scaled = { ...raw, name: 'Scaled', normalizeScore: (_s: CycleState, _p: PodInfo, _n: readonly NodeInfo[], sc: number[]) => {
      for (let i = 0; i < sc.length; i++) sc[i] = (sc[i] as number) * 20;
      return SUCCESS;
    } } satisfies SchedulerPlugin;
    const r = schedulePod(withPlugins(raw, scaled), c().snapshot, pod('p'), { random });
    expect(r.message).toBe('plugin "Scaled" returns an invalid score 140, it should in the range of [0, 100] after normalizing');
    const tenfold = { ...scaled, normalizeScore: (_s: CycleState, _p: PodInfo, _n: readonly NodeInfo[], sc: number[]) => {
      for (let k = 0; k < sc.length; k++) sc[k] = (sc[k] as number) * 10;
      return SUCCESS;
    } } satisfies SchedulerPlugin;
    // n1: 7 + 70 = 77, n2: 3 + 30 = 33, the same with and without explain (which scores the plain way)
    const fast = schedulePod(withPlugins(raw, tenfold), c().snapshot, pod('p'), { random });
    const explained = schedulePod(withPlugins(raw, tenfold), c().snapshot, pod('p'), { random, explain: true });
    expect([fast.selectedNode, explained.selectedNode]).toEqual(['n1', 'n1']);
    expect([explained.explain?.nodes['n1']?.total, explained.explain?.nodes['n2']?.total]).toEqual([77, 33]);
  });
});

// Outside explain mode, a plugin whose normalized score is the same on every node this cycle is left out of
// the totals (TaintToleration without PreferNoSchedule taints anywhere, ImageLocality without images anywhere):
// the cache keeps the count of PreferNoSchedule nodes through node adds, updates and removals.
describe('filters and scores that cannot differ between nodes', () => {
  const soft = { key: 'spot', value: 'true', effect: 'PreferNoSchedule' as const };
  it('a PreferNoSchedule taint added or removed by a node update is scored at once', () => {
    const c = cluster([node('n1'), node('n2')]);
    expect(c.snapshot.preferNoScheduleNodes).toBe(0);
    c.updateNode(node('n1', { taints: [soft] }));
    expect(c.snapshot.preferNoScheduleNodes).toBe(1);
    // TaintToleration (weight 3): n1 normalized 0, n2 100 — n2 wins whatever the tie-break draws
    for (const r of [0, 0.5, 0.99]) expect(schedulePod(createFramework(), c.snapshot, pod('p'), { random: () => r }).selectedNode).toBe('n2');
    c.updateNode(node('n1'));
    c.addNode(node('n3', { taints: [soft] }));
    expect(c.snapshot.preferNoScheduleNodes).toBe(1);
    c.removeNode('n3');
    expect(c.snapshot.preferNoScheduleNodes).toBe(0);
  });

  it('a node reporting an image is scored by ImageLocality', () => {
    const withImage = { ...node('n1'), status: { ...node('n1').status, images: [{ names: ['registry.k8s.io/big:1'], sizeBytes: 900 * 1024 * 1024 }] } };
    const c = cluster([withImage, node('n2')]);
    const p = pod('p', { spec: { containers: [{ name: 'c', image: 'registry.k8s.io/big:1' }] } });
    for (const r of [0, 0.5, 0.99]) expect(schedulePod(createFramework(), c.snapshot, p, { random: () => r }).selectedNode).toBe('n1');
  });

  it('fractional totals are summed with the constant plugins too (adding 300 can round two totals together)', () => {
    // Frac: n1 1 + 2⁻⁵², n2 1. With TaintToleration's constant 3 × 100: 301 and 301 — a tie, which the draw
    // 0 breaks towards the later node; without it n1 would win outright.
    const frac = { name: 'Frac', score: (_s: CycleState, _p: PodInfo, n: NodeInfo) => (n.name === 'n1' ? 1 + 2 ** -52 : 1) } satisfies SchedulerPlugin;
    const registry = inTreeRegistry().register('Frac', () => frac);
    const fw = () => createFramework({ schedulerName: 'default-scheduler', plugins: { score: {
      enabled: [{ name: 'TaintToleration', weight: 3 }, { name: 'Frac' }], disabled: [{ name: '*' }] } } }, { registry });
    const c = cluster([node('n1'), node('n2')]);
    const explained = schedulePod(fw(), c.snapshot, pod('p'), { random: () => 0, explain: true });
    expect([explained.explain?.nodes['n1']?.total, explained.explain?.nodes['n2']?.total]).toEqual([301, 301]);
    expect([schedulePod(fw(), c.snapshot, pod('p'), { random: () => 0 }).selectedNode, explained.selectedNode]).toEqual(['n2', 'n2']);
  });

  // Likewise a Filter that passes every node this cycle is left out of the filter loop (NodeUnschedulable
  // without cordoned nodes, TaintToleration without NoSchedule/NoExecute taints, NodeName for a pod naming no
  // node): the counters must follow node updates, so a node cordoned or tainted later is rejected at once.
  it('a node cordoned or tainted NoSchedule by an update is rejected at once, and admitted again after', () => {
    const c = cluster([node('n1'), node('n2')]);
    const place = () => [0, 0.5, 0.99].map((r) => schedulePod(createFramework(), c.snapshot, pod('p'), { random: () => r }).selectedNode);
    c.updateNode(node('n1', { unschedulable: true }));
    expect([c.snapshot.unschedulableNodes, ...place()]).toEqual([1, 'n2', 'n2', 'n2']);
    c.updateNode(node('n1'));
    c.updateNode(node('n2', { taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }] }));
    expect([c.snapshot.unschedulableNodes, c.snapshot.hardTaintNodes, ...place()]).toEqual([0, 1, 'n1', 'n1', 'n1']);
    c.removeNode('n2');
    expect(c.snapshot.hardTaintNodes).toBe(0);
    const pinned = schedulePod(createFramework(), c.snapshot, pod('q', { spec: { nodeName: 'n9' } }), { random });
    expect(pinned.message).toBe("0/1 nodes are available: 1 node(s) didn't match the requested node name. " +
      'preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.');
  });
});

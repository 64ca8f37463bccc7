// PodTopologySpread and InterPodAffinity count pods per topology domain exactly as the reference describes (§1.4, §1.5.6, §1.5.7).
import { describe, expect, it } from 'vitest';
import { newInterPodAffinity } from '../../../src/scheduler/plugins/inter-pod-affinity/index.js';
import { newPodTopologySpread } from '../../../src/scheduler/plugins/pod-topology-spread/index.js';
import type { Status } from '../../../src/scheduler/index.js';
import { cluster, filter, node, pod, scores } from '../helpers.js';

const code = (s: Status | 'Skip'): string => (s === 'Skip' ? 'Skip' : s.code);
const zoneNodes = () => [
  node('a1', { labels: { zone: 'z1' } }), node('a2', { labels: { zone: 'z1' } }), node('b1', { labels: { zone: 'z2' } }), node('c1'),
];
const web = (name: string, nodeName: string) => pod(name, { labels: { app: 'web' }, nodeName });
const spread = (maxSkew: number, extra: object = {}) => pod('p', { labels: { app: 'web' }, spec: { topologySpreadConstraints: [
  { maxSkew, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } }, ...extra }] } });

describe('PodTopologySpread filter (§1.4)', () => {
  const pts = newPodTopologySpread({});
  const cases = [
    { name: 'skew = 2 + 1 − 0 > 1 in the crowded zone', pods: [web('x', 'a1'), web('y', 'a2')], p: spread(1), node: 'a1', want: 'Unschedulable' },
    { name: 'skew = 0 + 1 − 0 ≤ 1 in the empty zone', pods: [web('x', 'a1'), web('y', 'a2')], p: spread(1), node: 'b1', want: 'Success' },
    { name: 'node without the topology key is unresolvable', pods: [], p: spread(1), node: 'c1', want: 'UnschedulableAndUnresolvable' },
    { name: 'balanced: 1 + 1 − 1 ≤ 1', pods: [web('x', 'a1'), web('y', 'b1')], p: spread(1), node: 'a1', want: 'Success' },
    { name: 'minDomains 3 > 2 domains → min is 0: 1 + 1 − 0 > 1', pods: [web('x', 'a1'), web('y', 'b1')], p: spread(1, { minDomains: 3 }), node: 'a1', want: 'Unschedulable' },
    { name: 'pods in other namespaces do not count', pods: [pod('x', { labels: { app: 'web' }, nodeName: 'a1', ns: 'other' }), pod('y', { labels: { app: 'web' }, nodeName: 'a2', ns: 'other' })], p: spread(1), node: 'a1', want: 'Success' },
    { name: 'no DoNotSchedule constraint: Skip', pods: [], p: pod('p'), node: 'a1', want: 'Skip' },
  ];
  for (const t of cases) it(t.name, () => expect(code(filter(pts, cluster(zoneNodes(), t.pods), t.p, t.node))).toBe(t.want));

  it('nodeAffinityPolicy Honor excludes domains the pod cannot land in from the minimum', () => {
    // z2 holds no pods but the pod's nodeSelector excludes it: min over {z1} is 2, so 2 + 1 − 2 ≤ 1.
    const p = spread(1);
    p.spec = { ...p.spec, containers: p.spec?.containers ?? [], nodeSelector: { zone: 'z1' } };
    expect(code(filter(pts, cluster(zoneNodes(), [web('x', 'a1'), web('y', 'a2')]), p, 'a1'))).toBe('Success');
    const ignore = spread(1, { nodeAffinityPolicy: 'Ignore' });
    ignore.spec = { ...ignore.spec, containers: ignore.spec?.containers ?? [], nodeSelector: { zone: 'z1' } };
    expect(code(filter(pts, cluster(zoneNodes(), [web('x', 'a1'), web('y', 'a2')]), ignore, 'a1'))).toBe('Unschedulable');
  });
});

describe('PodTopologySpread score (§1.5.6)', () => {
  it('hostname constraint: raw round(2·ln 4) = 3 vs 0 → normalized 0 and 100', () => {
    const c = cluster([node('n1'), node('n2')], [web('x', 'n1'), web('y', 'n1')]);
    const p = pod('p', { labels: { app: 'web' }, spec: { topologySpreadConstraints: [
      { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'web' } } }] } });
    expect(scores(newPodTopologySpread({}), c, p)).toEqual([0, 100]);
  });
  it('system defaults apply only when a workload selects the pod', () => {
    const c = cluster([node('n1', { labels: { 'topology.kubernetes.io/zone': 'z1' } }), node('n2', { labels: { 'topology.kubernetes.io/zone': 'z2' } })],
      [web('x', 'n1')]);
    expect(scores(newPodTopologySpread({}), c, pod('p', { labels: { app: 'web' } }))).toEqual([0, 0]);
    c.snapshot.workloadSelectors = () => [{ matchLabels: { app: 'web' } }];
    // hostname: n1 count 1·ln4 + 2, zone: n1 count 1·ln4 + 4 → round(8.77) = 9; n2: 2 + 4 = 6 → 100·(9+6−9)/9 = 66, 100
    expect(scores(newPodTopologySpread({}), c, pod('p', { labels: { app: 'web' } }))).toEqual([66, 100]);
  });
  it('rejects defaultConstraints with defaultingType System', () => {
    expect(() => newPodTopologySpread({ defaultingType: 'System', defaultConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway' }] }))
      .toThrow('defaultingType: Invalid value: "System": when .defaultConstraints are not empty');
  });
});

describe('InterPodAffinity filter (§1.4)', () => {
  const ipa = newInterPodAffinity({});
  const term = (app: string) => ({ labelSelector: { matchLabels: { app } }, topologyKey: 'zone' });
  const anti = (name: string, app: string, labels: Record<string, string> = {}, nodeName?: string) => pod(name, { labels, ...(nodeName ? { nodeName } : {}),
    spec: { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term(app)] } } } });
  const aff = (app: string, labels: Record<string, string> = {}) => pod('p', { labels,
    spec: { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term(app)] } } } });
  const cases = [
    { name: 'anti-affinity rejects the whole zone of a matching pod', pods: [web('x', 'a1')], p: anti('p', 'web'), node: 'a2', want: "node(s) didn't match pod anti-affinity rules" },
    { name: 'anti-affinity allows another zone', pods: [web('x', 'a1')], p: anti('p', 'web'), node: 'b1', want: 'Success' },
    { name: "symmetry: an existing pod's anti-affinity rejects the incoming pod", pods: [anti('x', 'db', {}, 'a1')], p: pod('p', { labels: { app: 'db' } }), node: 'a2', want: "node(s) didn't satisfy existing pods anti-affinity rules" },
    { name: 'affinity needs a matching pod in the domain', pods: [web('x', 'a1')], p: aff('web'), node: 'b1', want: "node(s) didn't match pod affinity rules" },
    { name: 'affinity satisfied in the same zone', pods: [web('x', 'a1')], p: aff('web'), node: 'a2', want: 'Success' },
    { name: 'first pod of a self-affine group may land anywhere with the key', pods: [], p: aff('web', { app: 'web' }), node: 'b1', want: 'Success' },
    { name: 'affinity fails on nodes without the topology key', pods: [], p: aff('web', { app: 'web' }), node: 'c1', want: "node(s) didn't match pod affinity rules" },
  ];
  for (const t of cases) {
    it(t.name, () => {
      const st = filter(ipa, cluster(zoneNodes(), t.pods), t.p, t.node);
      expect(st === 'Skip' ? 'Skip' : st.code === 'Success' ? 'Success' : st.reasons[0]).toBe(t.want);
    });
  }
});

describe('InterPodAffinity score (§1.5.7)', () => {
  it('preferred affinity weight 5 to the zone of a matching pod; min-max normalized', () => {
    const p = pod('p', { spec: { affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [
      { weight: 5, podAffinityTerm: { labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'zone' } }] } } } });
    expect(scores(newInterPodAffinity({}), cluster(zoneNodes(), [web('x', 'a1')]), p)).toEqual([100, 100, 0, 0]);
  });
  it("existing pods' required affinity counts hardPodAffinityWeight; anti-affinity subtracts", () => {
    const holder = pod('h', { nodeName: 'b1', spec: { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [
      { labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'zone' }] } } } });
    const hater = pod('x', { nodeName: 'a1', spec: { affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [
      { weight: 10, podAffinityTerm: { labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'zone' } }] } } } });
    // raw: z1 = −10, z2 = +3, none = 0 → (s − min)/(max − min)·100: 0, 0, 100, 76
    expect(scores(newInterPodAffinity({ hardPodAffinityWeight: 3 }), cluster(zoneNodes(), [holder, hater]), pod('p', { labels: { app: 'web' } })))
      .toEqual([0, 0, 100, 76]);
  });
  it('existing pods with only required anti-affinity add nothing to the score of a pod without preferred terms', () => {
    const holder = pod('h', { nodeName: 'b1', spec: { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [
      { labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'zone' }] } } } });
    const antiOnly = (name: string, nodeName: string) => pod(name, { nodeName, spec: { affinity: { podAntiAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'zone' }] } } } });
    const ipa = newInterPodAffinity({ hardPodAffinityWeight: 3 });
    const incoming = pod('p', { labels: { app: 'web' } });
    // raw: z2 = +3, others 0 → 0, 0, 100, 0 with or without the anti-affinity-only pods
    const c = cluster(zoneNodes(), [holder, antiOnly('a', 'a1'), antiOnly('b', 'b1')]);
    expect(scores(ipa, c, incoming)).toEqual([0, 0, 100, 0]);
    c.removePod('default/h'); // only anti-affinity pods left: nothing scores, PreScore skips
    expect(scores(ipa, c, incoming)).toEqual([0, 0, 0, 0]);
  });
});

// Acceptance: kubernetes/kubernetes pkg/scheduler/framework/plugins/podtopologyspread/filtering_test.go
// (TestSingleConstraint, TestMultipleConstraints) and scoring_test.go (TestPodTopologySpreadScore), run through
// explain (§1.4 PodTopologySpread filter, §1.5.6 score).
//
// Upstream's filter tests run the plugin alone; explain runs the whole default profile, so where the incoming pod
// has a nodeSelector / nodeAffinity or a node is tainted, other filters reject nodes PodTopologySpread passes
// (upstream's own comments: "in real case, it's false"). Those cases assert PodTopologySpread's own verdict per
// node (explain runs every filter on every node), not feasibility. Upstream asserts codes only; the reasons here
// are upstream's constants ErrReasonConstraintsNotMatch and ErrReasonNodeLabelNotMatch.
//
// The NodeInclusionPolicy cases run with the gate on (kubesim models it GA, as v1.33+).
//
// TestPodTopologySpreadScore: upstream calls PreScore with the candidate nodes and lists the others as
// `failedNodes`; here a failed node carries a NoSchedule taint the pod does not tolerate, so TaintToleration
// rejects it (its pods still count: nodeTaintsPolicy defaults to Ignore). Where upstream scores nodes that
// NodeAffinity or TaintToleration would reject (the NodeAffinityPolicy / NodeTaintsPolicy cases — upstream's
// comment: "when we disable NodeAffinity Plugin"), the configuration disables that Filter, as upstream's unit
// test effectively does. Left out: "system defaulting, nodes don't have zone, pods match service" (explain takes
// no Services, which the system default constraints select through) and "matchLabelKeys ignored when feature
// gate disabled" (kubesim models MatchLabelKeysInPodTopologySpread on).
import type { Node, Pod, PodSpec, Taint, TopologySpreadConstraint } from 'kubernetes-types/core/v1.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { describe, it } from 'vitest';
import type { Code } from '../../../src/scheduler/index.js';
import { explainCase, expectPluginFilter, expectScores, schedulerConfig } from './harness.js';

const FILTERING = 'podtopologyspread/filtering_test.go';
const SCORING = 'podtopologyspread/scoring_test.go';
const NOT_MATCH = "node(s) didn't match pod topology spread constraints";
const MISSING_LABEL = `${NOT_MATCH} (missing required label)`;

const fooSelector: LabelSelector = { matchExpressions: [{ key: 'foo', operator: 'Exists' }] };
const barSelector: LabelSelector = { matchExpressions: [{ key: 'bar', operator: 'Exists' }] };
/** Upstream's `taints` in these tests: node.kubernetes.io/unschedulable:NoSchedule. */
const taints: Taint[] = [{ key: 'node.kubernetes.io/unschedulable', value: '', effect: 'NoSchedule' }];

interface SpreadOpts { readonly minDomains?: number; readonly nodeAffinityPolicy?: 'Honor' | 'Ignore'; readonly nodeTaintsPolicy?: 'Honor' | 'Ignore' }
/** Upstream `SpreadConstraint(maxSkew, topologyKey, whenUnsatisfiable, selector, minDomains, nodeAffinityPolicy, nodeTaintsPolicy, …)`. */
function spread(maxSkew: number, topologyKey: string, whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway', labelSelector: LabelSelector | undefined, o: SpreadOpts = {}): TopologySpreadConstraint {
  return { maxSkew, topologyKey, whenUnsatisfiable, ...(labelSelector !== undefined ? { labelSelector } : {}), ...o };
}

/** Upstream `st.MakeNode().Name(name).Label(k, v)….[Taints(…)]`. */
const node = (name: string, labels: Record<string, string>, nodeTaints?: Taint[]): Node =>
  ({ metadata: { name, labels }, ...(nodeTaints !== undefined ? { spec: { taints: nodeTaints } } : {}) });
/** zone1: node-a, node-b; zone2: node-x, node-y — each also labelled `node: <name>`. */
const fourNodes = (): Node[] => [
  node('node-a', { zone: 'zone1', node: 'node-a' }), node('node-b', { zone: 'zone1', node: 'node-b' }),
  node('node-x', { zone: 'zone2', node: 'node-x' }), node('node-y', { zone: 'zone2', node: 'node-y' }),
];

interface PodOpts { readonly namespace?: string; readonly terminating?: boolean }
/** Upstream `st.MakePod().Name(name).Node(nodeName).Label(…)`: an existing pod. */
const placed = (name: string, nodeName: string, labels: Record<string, string>, o: PodOpts = {}): Pod => ({
  metadata: { name, labels, ...(o.namespace !== undefined ? { namespace: o.namespace } : {}), ...(o.terminating === true ? { deletionTimestamp: '2024-01-01T00:00:00Z' } : {}) },
  spec: { nodeName, containers: [] },
});
const FOO = { foo: '' };
/** Pods with label foo spread across node-a/b/x/y as 2/1/0/3. */
const spread2103 = (): Pod[] => [
  placed('p-a1', 'node-a', FOO), placed('p-a2', 'node-a', FOO), placed('p-b1', 'node-b', FOO),
  placed('p-y1', 'node-y', FOO), placed('p-y2', 'node-y', FOO), placed('p-y3', 'node-y', FOO),
];
/** The incoming pod `p`. */
const incoming = (labels: Record<string, string>, constraints: TopologySpreadConstraint[], extra: Partial<PodSpec> = {}): Pod =>
  ({ metadata: { name: 'p', labels }, spec: { containers: [], topologySpreadConstraints: constraints, ...extra } });
const nodeIn = (key: string, values: string[]): Partial<PodSpec> => ({
  affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key, operator: 'In', values }] }] } } },
});
const nodeNotIn = (key: string, values: string[]): Partial<PodSpec> => ({
  affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key, operator: 'NotIn', values }] }] } } },
});

type C = 'S' | 'U' | 'UU';
const CODES: Record<C, { code: Code; reason?: string }> = {
  S: { code: 'Success' }, U: { code: 'Unschedulable', reason: NOT_MATCH }, UU: { code: 'UnschedulableAndUnresolvable', reason: MISSING_LABEL },
};
type FilterCase = [name: string, pod: Pod, nodes: Node[], pods: Pod[], want: Record<string, C>];

function runFilter(upstream: string, [name, pod, nodes, pods, want]: FilterCase): void {
  const r = explainCase({ upstream, name, nodes, pods, pod });
  expectPluginFilter(r, { plugin: 'PodTopologySpread', nodes: Object.fromEntries(Object.entries(want).map(([n, c]) => [n, CODES[c]])) });
}

describe(`${FILTERING} TestSingleConstraint`, () => {
  const byZone = (maxSkew = 1): TopologySpreadConstraint[] => [spread(maxSkew, 'zone', 'DoNotSchedule', fooSelector)];
  const byNode = (maxSkew = 1, o: SpreadOpts = {}): TopologySpreadConstraint[] => [spread(maxSkew, 'node', 'DoNotSchedule', fooSelector, o)];
  const threeNodes = (): Node[] => [node('node-a', { node: 'node-a' }), node('node-b', { node: 'node-b' }), node('node-c', { node: 'node-c' })];
  const spread221 = (): Pod[] => [placed('p-a1', 'node-a', FOO), placed('p-a2', 'node-a', FOO), placed('p-b1', 'node-b', FOO), placed('p-b2', 'node-b', FOO), placed('p-c1', 'node-c', FOO)];
  const zoneSpread21 = (): Pod[] => [placed('p-b1', 'node-a', FOO), placed('p-b2', 'node-b', FOO), placed('p-y1', 'node-y', FOO)];
  const fooNodes = (yTaints?: Taint[]): Node[] => [
    node('node-a', { node: 'node-a', foo: '' }), node('node-b', { node: 'node-b', foo: '' }), node('node-x', { node: 'node-x', foo: '' }),
    node('node-y', { node: 'node-y' }, yTaints),
  ];
  const nodeTaintNodes = (): Node[] => fooNodes(taints);
  const cases: FilterCase[] = [
    ['no existing pods', incoming(FOO, byZone()), fourNodes(), [], { 'node-a': 'S', 'node-b': 'S', 'node-x': 'S', 'node-y': 'S' }],
    ["no existing pods, incoming pod doesn't match itself", incoming(FOO, [spread(1, 'zone', 'DoNotSchedule', barSelector)]), fourNodes(), [],
      { 'node-a': 'S', 'node-b': 'S', 'node-x': 'S', 'node-y': 'S' }],
    ['existing pods in a different namespace do not count', incoming(FOO, byZone()), fourNodes(),
      [placed('p-a1', 'node-a', FOO, { namespace: 'ns1' }), placed('p-b1', 'node-a', FOO, { namespace: 'ns2' }), placed('p-x1', 'node-x', FOO), placed('p-y1', 'node-y', FOO)],
      { 'node-a': 'S', 'node-b': 'S', 'node-x': 'U', 'node-y': 'U' }],
    ['existing pods do not match null selector', incoming(FOO, [spread(1, 'zone', 'DoNotSchedule', undefined)]), fourNodes(),
      [placed('p-x1', 'node-x', FOO), placed('p-y1', 'node-y', FOO)], { 'node-a': 'S', 'node-b': 'S', 'node-x': 'S', 'node-y': 'S' }],
    ['pods spread across zones as 3/3, all nodes fit', incoming(FOO, byZone()), fourNodes(), spread2103(),
      { 'node-a': 'S', 'node-b': 'S', 'node-x': 'S', 'node-y': 'S' }],
    ["pods spread across zones as 1/2 due to absence of label 'zone' on node-b", incoming(FOO, byZone()),
      [node('node-a', { zone: 'zone1', node: 'node-a' }), node('node-b', { zon: 'zone1', node: 'node-b' }), node('node-x', { zone: 'zone2', node: 'node-x' }), node('node-y', { zone: 'zone2', node: 'node-y' })],
      [placed('p-a1', 'node-a', FOO), placed('p-b1', 'node-b', FOO), placed('p-x1', 'node-x', FOO), placed('p-y1', 'node-y', FOO)],
      { 'node-a': 'S', 'node-b': 'UU', 'node-x': 'U', 'node-y': 'U' }],
    ["pod cannot be scheduled as all nodes don't have label 'rack'", incoming(FOO, [spread(1, 'rack', 'DoNotSchedule', fooSelector)]),
      [node('node-a', { zone: 'zone1', node: 'node-a' }), node('node-x', { zone: 'zone2', node: 'node-x' })], [], { 'node-a': 'UU', 'node-x': 'UU' }],
    ['pods spread across nodes as 2/1/0/3, only node-x fits', incoming(FOO, byNode()), fourNodes(), spread2103(),
      { 'node-a': 'U', 'node-b': 'U', 'node-x': 'S', 'node-y': 'U' }],
    ['pods spread across nodes as 2/1/0/3, maxSkew is 2, node-b and node-x fit', incoming(FOO, byNode(2)), fourNodes(), spread2103(),
      { 'node-a': 'U', 'node-b': 'S', 'node-x': 'S', 'node-y': 'U' }],
    ["pods spread across nodes as 2/1/0/3, but pod doesn't match itself", incoming({ bar: '' }, byNode()), fourNodes(), spread2103(),
      { 'node-a': 'U', 'node-b': 'S', 'node-x': 'S', 'node-y': 'U' }],
    ['incoming pod has nodeAffinity, pods spread as 2/~1~/~0~/3, hence node-a fits', incoming(FOO, byNode(), nodeIn('node', ['node-a', 'node-y'])), fourNodes(), spread2103(),
      { 'node-a': 'S', 'node-b': 'S', 'node-x': 'S', 'node-y': 'U' }],
    ['terminating Pods should be excluded', incoming(FOO, byNode()), [node('node-a', { node: 'node-a' }), node('node-b', { node: 'node-b' })],
      [placed('p-a', 'node-a', FOO, { terminating: true }), placed('p-b', 'node-b', FOO)], { 'node-a': 'S', 'node-b': 'U' }],
    ['incoming pod has nodeAffinity, pods spread as 0/~2~/0/1, hence node-a fits', incoming(FOO, byZone(), nodeNotIn('node', ['node-b'])), fourNodes(),
      [placed('p-b1', 'node-b', FOO), placed('p-b2', 'node-b', FOO), placed('p-y1', 'node-y', FOO)],
      { 'node-a': 'S', 'node-b': 'S', 'node-x': 'U', 'node-y': 'U' }],
    ['pods spread across nodes as 2/2/1, maxSkew is 2, and the number of domains < minDomains, then the third node fits',
      incoming(FOO, byNode(2, { minDomains: 4 })), threeNodes(), spread221(), { 'node-a': 'U', 'node-b': 'U', 'node-c': 'S' }],
    ['pods spread across nodes as 2/2/1, maxSkew is 2, and the number of domains > minDomains, then the all nodes fit',
      incoming(FOO, byNode(2, { minDomains: 2 })), threeNodes(), spread221(), { 'node-a': 'S', 'node-b': 'S', 'node-c': 'S' }],
    ['pods spread across zone as 2/1, maxSkew is 2 and the number of domains < minDomains, then the third and fourth nodes fit',
      incoming(FOO, [spread(2, 'zone', 'DoNotSchedule', fooSelector, { minDomains: 3 })]), fourNodes(), zoneSpread21(),
      { 'node-a': 'U', 'node-b': 'U', 'node-x': 'S', 'node-y': 'S' }],
    ['pods spread across zone as 2/1, maxSkew is 2 and the number of domains > minDomains, then the all nodes fit',
      incoming(FOO, [spread(2, 'zone', 'DoNotSchedule', fooSelector, { minDomains: 1 })]), fourNodes(), zoneSpread21(),
      { 'node-a': 'S', 'node-b': 'S', 'node-x': 'S', 'node-y': 'S' }],
    ['NodeAffinityPolicy honored with labelSelectors', incoming(FOO, byNode(), { nodeSelector: { foo: '' } }), fooNodes(), zoneSpread21(),
      { 'node-a': 'U', 'node-b': 'U', 'node-x': 'S', 'node-y': 'S' }],
    ['NodeAffinityPolicy ignored with labelSelectors', incoming(FOO, byNode(1, { nodeAffinityPolicy: 'Ignore' }), { nodeSelector: { foo: '' } }), fooNodes(), zoneSpread21(),
      { 'node-a': 'U', 'node-b': 'U', 'node-x': 'S', 'node-y': 'U' }],
    ['NodeAffinityPolicy honored with nodeAffinity', incoming(FOO, byNode(), nodeIn('foo', [''])), fooNodes(), zoneSpread21(),
      { 'node-a': 'U', 'node-b': 'U', 'node-x': 'S', 'node-y': 'S' }],
    // Upstream names this case like the labelSelectors one above; it is the nodeAffinity variant.
    ['NodeAffinityPolicy ignored with labelSelectors', incoming(FOO, byNode(1, { nodeAffinityPolicy: 'Ignore' }), nodeIn('foo', [''])), fooNodes(), zoneSpread21(),
      { 'node-a': 'U', 'node-b': 'U', 'node-x': 'S', 'node-y': 'U' }],
    ['NodeTaintsPolicy honored', incoming(FOO, byNode(1, { nodeTaintsPolicy: 'Honor' })), nodeTaintNodes(), zoneSpread21(),
      { 'node-a': 'U', 'node-b': 'U', 'node-x': 'S', 'node-y': 'S' }],
    ['NodeTaintsPolicy ignored', incoming(FOO, byNode()), nodeTaintNodes(), zoneSpread21(),
      { 'node-a': 'U', 'node-b': 'U', 'node-x': 'S', 'node-y': 'U' }],
  ];
  it.each(cases)('%s', (...c) => { runFilter(`${FILTERING} TestSingleConstraint`, c); });
});

describe(`${FILTERING} TestMultipleConstraints`, () => {
  const zoneAndNode = (zoneSel: LabelSelector, nodeSel: LabelSelector, zo: SpreadOpts = {}, no: SpreadOpts = {}): TopologySpreadConstraint[] =>
    [spread(1, 'zone', 'DoNotSchedule', zoneSel, zo), spread(1, 'node', 'DoNotSchedule', nodeSel, no)];
  const fooZoneNodes = (b: Record<string, string>, y: Record<string, string>, yTaints?: Taint[]): Node[] => [
    node('node-a', { zone: 'zone1', node: 'node-a', foo: '' }), node('node-b', { zone: 'zone1', node: 'node-b', ...b }),
    node('node-x', { zone: 'zone2', node: 'node-x', foo: '' }), node('node-y', { zone: 'zone2', node: 'node-y', ...y }, yTaints),
  ];
  const abyFoo = (): Pod[] => [placed('p-a1', 'node-a', FOO), placed('p-b1', 'node-b', FOO), placed('p-y1', 'node-y', FOO)];
  const BAR = { bar: '' };
  const FOOBAR = { foo: '', bar: '' };
  const cases: FilterCase[] = [
    ['two Constraints on zone and node, spreads = [3/3, 2/1/0/3]', incoming(FOO, zoneAndNode(fooSelector, fooSelector)), fourNodes(), spread2103(),
      { 'node-a': 'U', 'node-b': 'U', 'node-x': 'S', 'node-y': 'U' }],
    ['two Constraints on zone and node, spreads = [3/4, 2/1/0/4]', incoming(FOO, zoneAndNode(fooSelector, fooSelector)), fourNodes(),
      [...spread2103(), placed('p-y4', 'node-y', FOO)], { 'node-a': 'U', 'node-b': 'U', 'node-x': 'U', 'node-y': 'U' }],
    ['Constraints hold different labelSelectors, spreads = [1/0, 1/0/0/1]', incoming(FOOBAR, zoneAndNode(fooSelector, barSelector)), fourNodes(),
      [placed('p-a1', 'node-a', FOO), placed('p-y1', 'node-y', BAR)], { 'node-a': 'U', 'node-b': 'U', 'node-x': 'S', 'node-y': 'U' }],
    ['Constraints hold different labelSelectors, spreads = [1/0, 0/0/1/1]', incoming(FOOBAR, zoneAndNode(fooSelector, barSelector)), fourNodes(),
      [placed('p-a1', 'node-a', FOO), placed('p-x1', 'node-x', BAR), placed('p-y1', 'node-y', BAR)], { 'node-a': 'U', 'node-b': 'U', 'node-x': 'U', 'node-y': 'U' }],
    ['Constraints hold different labelSelectors, spreads = [2/3, 1/0/0/1]', incoming(FOOBAR, zoneAndNode(fooSelector, barSelector)), fourNodes(),
      [placed('p-a1', 'node-a', FOO), placed('p-a2', 'node-a', FOOBAR), placed('p-y1', 'node-y', FOO), placed('p-y2', 'node-y', FOOBAR), placed('p-y3', 'node-y', FOO)],
      { 'node-a': 'U', 'node-b': 'S', 'node-x': 'U', 'node-y': 'U' }],
    ["Constraints hold different labelSelectors but pod doesn't match itself on 'zone' constraint", incoming(BAR, zoneAndNode(fooSelector, barSelector)), fourNodes(),
      [placed('p-a1', 'node-a', FOO), placed('p-x1', 'node-x', BAR), placed('p-y1', 'node-y', BAR)], { 'node-a': 'S', 'node-b': 'S', 'node-x': 'U', 'node-y': 'U' }],
    ["two Constraints on zone and node, absence of label 'node' on node-x, spreads = [1/1, 1/0/0/1]", incoming(FOO, zoneAndNode(fooSelector, fooSelector)),
      [node('node-a', { zone: 'zone1', node: 'node-a' }), node('node-b', { zone: 'zone1', node: 'node-b' }), node('node-x', { zone: 'zone2' }), node('node-y', { zone: 'zone2', node: 'node-y' })],
      [placed('p-a1', 'node-a', FOO), placed('p-y3', 'node-y', FOO)], { 'node-a': 'U', 'node-b': 'S', 'node-x': 'UU', 'node-y': 'U' }],
    ['two node inclusion Constraints, zone: honor/ignore, node: ignore/ignore',
      incoming(FOO, zoneAndNode(fooSelector, fooSelector, {}, { nodeAffinityPolicy: 'Ignore' }), { nodeSelector: { foo: '' } }),
      fooZoneNodes({ foo: '' }, {}), abyFoo(), { 'node-a': 'U', 'node-b': 'U', 'node-x': 'S', 'node-y': 'U' }],
    ['two node inclusion Constraints, zone: honor/honor, node: honor/ignore',
      incoming(FOO, zoneAndNode(fooSelector, fooSelector, { nodeTaintsPolicy: 'Honor' })),
      fooZoneNodes({ foo: '' }, {}, taints), abyFoo(), { 'node-a': 'U', 'node-b': 'U', 'node-x': 'S', 'node-y': 'U' }],
    ['two node inclusion Constraints, zone: honor/ignore, node: honor/ignore',
      incoming(FOO, zoneAndNode(fooSelector, fooSelector), { nodeSelector: { foo: '' } }),
      fooZoneNodes({}, { foo: '' }, taints), abyFoo(), { 'node-a': 'U', 'node-b': 'S', 'node-x': 'S', 'node-y': 'U' }],
    ['two node inclusion Constraints, zone: honor/honor, node: ignore/ignore',
      incoming(FOO, zoneAndNode(fooSelector, fooSelector, { nodeTaintsPolicy: 'Honor' }, { nodeAffinityPolicy: 'Ignore' }), { nodeSelector: { foo: '' } }),
      fooZoneNodes({}, { foo: '' }, taints), abyFoo(), { 'node-a': 'U', 'node-b': 'U', 'node-x': 'S', 'node-y': 'U' }],
  ];
  it.each(cases)('%s', (...c) => { runFilter(`${FILTERING} TestMultipleConstraints`, c); });
});

describe(`${SCORING} TestPodTopologySpreadScore`, () => {
  const HOST = 'kubernetes.io/hostname';
  /** Rejected by TaintToleration, standing in for upstream's `failedNodes`. */
  const FAILED: Taint[] = [{ key: 'acceptance/failed-node', value: '', effect: 'NoSchedule' }];
  const hostNodes = (names: string[], failed: string[] = []): Node[] =>
    names.map((n) => node(n, { [HOST]: n }, failed.includes(n) ? FAILED : undefined));
  const zoneHostNodes = (zones: Record<string, string>, failed: string[] = []): Node[] =>
    Object.entries(zones).map(([n, z]) => node(n, { zone: z, [HOST]: n }, failed.includes(n) ? FAILED : undefined));
  const pods = (spec: Record<string, number>, labels: Record<string, string> = FOO): Pod[] =>
    Object.entries(spec).flatMap(([n, k]) => Array.from({ length: k }, (_, i) => placed(`p-${n.slice(-1)}${i + 1}`, n, labels)));
  /** `sel: null` — upstream's nil selector. */
  const onHost = (maxSkew = 1, sel: LabelSelector | null = fooSelector): TopologySpreadConstraint[] => [spread(maxSkew, HOST, 'ScheduleAnyway', sel ?? undefined)];
  const zoneAndHost = (zoneSel: LabelSelector, hostSel: LabelSelector, zoneKeys?: string[], hostKeys?: string[]): TopologySpreadConstraint[] => [
    { ...spread(1, 'zone', 'ScheduleAnyway', zoneSel), ...(zoneKeys !== undefined ? { matchLabelKeys: zoneKeys } : {}) },
    { ...spread(1, HOST, 'ScheduleAnyway', hostSel), ...(hostKeys !== undefined ? { matchLabelKeys: hostKeys } : {}) },
  ];
  const BAR = { bar: '' };
  const FOOBAR = { foo: '', bar: '' };
  /** Four nodes; the two-constraint cases with different selectors: P{foo} on a, P{foo,bar} on b, P{foo} P{bar} on y. */
  const mixed = (): Pod[] => [placed('p-a1', 'node-a', FOO), placed('p-b1', 'node-b', FOOBAR), placed('p-y1', 'node-y', FOO), placed('p-y2', 'node-y', BAR)];
  const abcNodes = (cLabels: Record<string, string>, cTaints?: Taint[], ab: Record<string, string> = {}): Node[] => [
    node('node-a', { node: 'node-a', ...ab }), node('node-b', { node: 'node-b', ...ab }), node('node-c', { node: 'node-c', ...cLabels }, cTaints),
  ];
  const pods2110 = (): Pod[] => pods({ 'node-a': 2, 'node-b': 1, 'node-c': 1 });
  const without = (filter: string): object => schedulerConfig({}, [filter]);
  const mlkNodes = (): Node[] => zoneHostNodes({ 'node-a': 'zone1', 'node-b': 'zone1', 'node-c': 'zone2', 'node-d': 'zone2' });
  const mlkPods = (): Pod[] => [placed('p-a1', 'node-a', FOO), placed('p-b1', 'node-b', FOOBAR), placed('p-y1', 'node-c', FOO), placed('p-y2', 'node-c', BAR)];
  type ScoreCase = [name: string, pod: Pod, nodes: Node[], pods: Pod[], want: Record<string, number>, config?: object];
  const cases: ScoreCase[] = [
    ['one constraint on node, no existing pods', incoming(FOO, onHost()), hostNodes(['node-a', 'node-b']), [], { 'node-a': 100, 'node-b': 100 }],
    ['one constraint on node, only one node is candidate', incoming(FOO, onHost()), hostNodes(['node-a', 'node-b'], ['node-b']),
      pods({ 'node-a': 2, 'node-b': 1 }), { 'node-a': 100 }],
    ['one constraint on node, all nodes have the same number of matching pods', incoming(FOO, onHost()), hostNodes(['node-a', 'node-b']),
      pods({ 'node-a': 1, 'node-b': 1 }), { 'node-a': 100, 'node-b': 100 }],
    ['one constraint on node, all 4 nodes are candidates', incoming(FOO, onHost()), hostNodes(['node-a', 'node-b', 'node-c', 'node-d']),
      pods({ 'node-a': 2, 'node-b': 1, 'node-d': 3 }), { 'node-a': 20, 'node-b': 60, 'node-c': 100, 'node-d': 0 }],
    ['one constraint on node, null selector', incoming(FOO, onHost(1, null)), hostNodes(['node-a', 'node-b', 'node-c', 'node-d']),
      pods({ 'node-a': 2, 'node-b': 1, 'node-d': 3 }), { 'node-a': 100, 'node-b': 100, 'node-c': 100, 'node-d': 100 }],
    ['one constraint on node, all 4 nodes are candidates, maxSkew=2', incoming(FOO, onHost(2)), hostNodes(['node-a', 'node-b', 'node-c', 'node-d']),
      pods({ 'node-a': 2, 'node-b': 1, 'node-d': 3 }), { 'node-a': 33, 'node-b': 66, 'node-c': 100, 'node-d': 16 }],
    ['one constraint on node, all 4 nodes are candidates, maxSkew=3', incoming(FOO, onHost(3)), hostNodes(['node-a', 'node-b', 'node-c', 'node-d']),
      pods({ 'node-a': 4, 'node-b': 3, 'node-c': 2, 'node-d': 1 }), { 'node-a': 44, 'node-b': 66, 'node-c': 77, 'node-d': 100 }],
    ['one constraint on node, 3 out of 4 nodes are candidates', incoming(FOO, onHost()), hostNodes(['node-a', 'node-b', 'node-x', 'node-y'], ['node-y']),
      pods({ 'node-a': 4, 'node-b': 2, 'node-x': 1, 'node-y': 3 }), { 'node-a': 33, 'node-b': 83, 'node-x': 100 }],
    ["one constraint on node, 3 out of 4 nodes are candidates, one node doesn't match topology key", incoming(FOO, onHost()),
      [node('node-a', { [HOST]: 'node-a' }), node('node-b', { n: 'node-b' }), node('node-x', { [HOST]: 'node-x' }), node('node-y', { [HOST]: 'node-y' }, FAILED)],
      pods({ 'node-a': 4, 'node-b': 2, 'node-x': 1, 'node-y': 3 }), { 'node-a': 16, 'node-b': 0, 'node-x': 100 }],
    ['one constraint on zone, 3 out of 4 nodes are candidates', incoming(FOO, [spread(1, 'zone', 'ScheduleAnyway', fooSelector)]),
      zoneHostNodes({ 'node-a': 'zone1', 'node-b': 'zone1', 'node-x': 'zone2', 'node-y': 'zone2' }, ['node-y']),
      pods({ 'node-a': 4, 'node-b': 2, 'node-x': 1, 'node-y': 3 }), { 'node-a': 75, 'node-b': 75, 'node-x': 100 }],
    ['two Constraints on zone and node, 2 out of 4 nodes are candidates', incoming(FOO, zoneAndHost(fooSelector, fooSelector)),
      zoneHostNodes({ 'node-a': 'zone1', 'node-b': 'zone1', 'node-x': 'zone2', 'node-y': 'zone2' }, ['node-b', 'node-y']),
      pods({ 'node-a': 2, 'node-b': 1, 'node-x': 2, 'node-y': 4 }), { 'node-a': 100, 'node-x': 63 }],
    ['two Constraints on zone and node, with different labelSelectors', incoming(FOOBAR, zoneAndHost(fooSelector, barSelector)),
      zoneHostNodes({ 'node-a': 'zone1', 'node-b': 'zone1', 'node-x': 'zone2', 'node-y': 'zone2' }), mixed(),
      { 'node-a': 60, 'node-b': 20, 'node-x': 100, 'node-y': 60 }],
    ['two Constraints on zone and node, with different labelSelectors, some nodes have 0 pods', incoming(FOOBAR, zoneAndHost(fooSelector, barSelector)),
      zoneHostNodes({ 'node-a': 'zone1', 'node-b': 'zone1', 'node-x': 'zone2', 'node-y': 'zone2' }),
      [placed('p-b1', 'node-b', BAR), placed('p-x1', 'node-x', FOO), placed('p-y1', 'node-y', FOOBAR)],
      { 'node-a': 100, 'node-b': 60, 'node-x': 40, 'node-y': 0 }],
    ['two Constraints on zone and node, with different labelSelectors, 3 out of 4 nodes are candidates', incoming(FOOBAR, zoneAndHost(fooSelector, barSelector)),
      zoneHostNodes({ 'node-a': 'zone1', 'node-b': 'zone1', 'node-x': 'zone2', 'node-y': 'zone2' }, ['node-y']), mixed(),
      { 'node-a': 50, 'node-b': 25, 'node-x': 100 }],
    ['existing pods in a different namespace do not count', incoming(FOO, onHost()), hostNodes(['node-a', 'node-b']),
      [placed('p-a1', 'node-a', FOO, { namespace: 'ns1' }), placed('p-a2', 'node-a', FOO), placed('p-b1', 'node-b', FOO), placed('p-b2', 'node-b', FOO)],
      { 'node-a': 100, 'node-b': 33 }],
    ['terminating Pods should be excluded', incoming(FOO, onHost()), hostNodes(['node-a', 'node-b']),
      [placed('p-a', 'node-a', FOO, { terminating: true }), placed('p-b', 'node-b', FOO)], { 'node-a': 100, 'node-b': 0 }],
    ['minDomains has no effect when ScheduleAnyway', incoming(FOO, [spread(2, 'node', 'ScheduleAnyway', fooSelector, { minDomains: 10 })]),
      [node('node-a', { node: 'node-a' }), node('node-b', { node: 'node-b' }), node('node-c', { node: 'node-c' })],
      pods({ 'node-a': 2, 'node-b': 2, 'node-c': 1 }), { 'node-a': 75, 'node-b': 75, 'node-c': 100 }],
    ['NodeAffinityPolicy honoed with labelSelectors', incoming(FOO, [spread(1, 'node', 'ScheduleAnyway', fooSelector)], { nodeSelector: { foo: '' } }),
      abcNodes({}, undefined, { foo: '' }), pods2110(), { 'node-a': 0, 'node-b': 33, 'node-c': 100 }, without('NodeAffinity')],
    ['NodeAffinityPolicy ignored with labelSelectors', incoming(FOO, [spread(1, 'node', 'ScheduleAnyway', fooSelector, { nodeAffinityPolicy: 'Ignore' })], { nodeSelector: { foo: '' } }),
      abcNodes({}, undefined, { foo: '' }), pods2110(), { 'node-a': 66, 'node-b': 100, 'node-c': 100 }, without('NodeAffinity')],
    ['NodeAffinityPolicy honoed with nodeAffinity', incoming(FOO, [spread(1, 'node', 'ScheduleAnyway', fooSelector)], nodeIn('foo', [''])),
      abcNodes({}, undefined, { foo: '' }), pods2110(), { 'node-a': 0, 'node-b': 33, 'node-c': 100 }, without('NodeAffinity')],
    ['NodeAffinityPolicy ignored with nodeAffinity', incoming(FOO, [spread(1, 'node', 'ScheduleAnyway', fooSelector, { nodeAffinityPolicy: 'Ignore' })], nodeIn('foo', [''])),
      abcNodes({}, undefined, { foo: '' }), pods2110(), { 'node-a': 66, 'node-b': 100, 'node-c': 100 }, without('NodeAffinity')],
    ['NodeTaintsPolicy honored', incoming(FOO, [spread(1, 'node', 'ScheduleAnyway', fooSelector, { nodeTaintsPolicy: 'Honor' })]),
      abcNodes({}, taints), pods2110(), { 'node-a': 0, 'node-b': 33, 'node-c': 100 }, without('TaintToleration')],
    ['NodeTaintsPolicy ignored', incoming(FOO, [spread(1, 'node', 'ScheduleAnyway', fooSelector)]),
      abcNodes({}, taints), pods2110(), { 'node-a': 66, 'node-b': 100, 'node-c': 100 }, without('TaintToleration')],
    ['matchLabelKeys ANDed with LabelSelector when LabelSelector is empty', incoming(FOOBAR, zoneAndHost({}, {}, ['foo'], ['bar'])),
      mlkNodes(), mlkPods(), { 'node-a': 60, 'node-b': 20, 'node-c': 60, 'node-d': 100 }],
    ["matchLabelKeys ANDed with LabelSelector when LabelSelector isn't empty", incoming({ foo: '', bar: '', baz: '' }, zoneAndHost(fooSelector, barSelector, undefined, ['baz'])),
      mlkNodes(),
      [placed('p-a1', 'node-a', FOO), placed('p-b1', 'node-b', { foo: '', bar: '', baz: '' }), placed('p-c1', 'node-c', FOO), placed('p-c2', 'node-c', BAR), placed('p-d3', 'node-c', { bar: '', baz: '' })],
      { 'node-a': 60, 'node-b': 20, 'node-c': 60, 'node-d': 100 }],
  ];
  it.each(cases)('%s', (name, pod, nodes, existing, want, config) => {
    const r = explainCase({ upstream: `${SCORING} TestPodTopologySpreadScore`, name, nodes, pods: existing, pod, ...(config !== undefined ? { config } : {}) });
    expectScores(r, 'PodTopologySpread', want);
  });
});

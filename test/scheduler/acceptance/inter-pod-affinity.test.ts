// Acceptance: kubernetes/kubernetes pkg/scheduler/framework/plugins/interpodaffinity/filtering_test.go
// (TestRequiredAffinitySingleNode, TestRequiredAffinityMultipleNodes) and scoring_test.go (TestPreferredAffinity,
// TestPreferredAffinityWithHardPodAffinitySymmetricWeight), run through explain (§1.4 InterPodAffinity filter
// with symmetry, §1.5.7 score).
//
// Upstream's namespace "" (st.MakePod without .Namespace) is kubesim's `default`: every pod upstream leaves in ""
// is in `default` here, and a term's `namespaces: [""]` reads `default`. Upstream's namespaces, with the labels
// its `namespaces` fixture gives them (subteam1.team1 / subteam2.team1: team=team1; subteam1.team2 /
// subteam2.team2: team=team2), are Namespace documents in the cluster file, as a user would write them.
//
// Left out:
// - "PodAffinity fails PreFilter with an invalid affinity label syntax", "PodAntiAffinity fails PreFilter with an
//   invalid antiaffinity label syntax", "invalid Affinity fails PreScore", "invalid AntiAffinity fails PreScore":
//   kube-apiserver rejects such pods at creation (label value validation), so they never reach a scheduler.
// - "No nodes to score": explain needs nodes.
import type { Namespace, Node, Pod, PodAffinityTerm, WeightedPodAffinityTerm } from 'kubernetes-types/core/v1.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { describe, expect, it } from 'vitest';
import type { Code } from '../../../src/scheduler/index.js';
import { explainCase, expectPluginFilter, expectScores, schedulerConfig, type AcceptanceCase } from './harness.js';

const FILTERING = 'interpodaffinity/filtering_test.go';
const SCORING = 'interpodaffinity/scoring_test.go';
const AFFINITY = "node(s) didn't match pod affinity rules";
const ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
const EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";

/** Upstream's `namespaces` fixture. */
const NAMESPACES: Namespace[] = [
  { metadata: { name: 'subteam1.team1', labels: { team: 'team1' } } },
  { metadata: { name: 'subteam2.team1', labels: { team: 'team1' } } },
  { metadata: { name: 'subteam1.team2', labels: { team: 'team2' } } },
  { metadata: { name: 'subteam2.team2', labels: { team: 'team2' } } },
];

type Op = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
type Req = [key: string, op: Op, values?: string[]];
interface TermOpts { readonly namespaces?: string[]; readonly namespaceSelector?: LabelSelector }
/** A PodAffinityTerm whose labelSelector ANDs `reqs`. */
function term(topologyKey: string, reqs: Req[], o: TermOpts = {}): PodAffinityTerm {
  return {
    labelSelector: { matchExpressions: reqs.map(([key, operator, values]) => ({ key, operator, ...(values !== undefined ? { values } : {}) })) },
    topologyKey, ...o,
  };
}
/** Upstream `PodAffinityIn(key, topologyKey, values)` and friends: one term, one requirement. */
const inTerm = (key: string, topologyKey: string, values: string[]): PodAffinityTerm => term(topologyKey, [[key, 'In', values]]);
const notInTerm = (key: string, topologyKey: string, values: string[]): PodAffinityTerm => term(topologyKey, [[key, 'NotIn', values]]);
const existsTerm = (key: string, topologyKey: string): PodAffinityTerm => term(topologyKey, [[key, 'Exists']]);
const weighted = (weight: number, podAffinityTerm: PodAffinityTerm): WeightedPodAffinityTerm => ({ weight, podAffinityTerm });

interface Aff {
  readonly required?: PodAffinityTerm[]; readonly anti?: PodAffinityTerm[];
  readonly preferred?: WeightedPodAffinityTerm[]; readonly preferredAnti?: WeightedPodAffinityTerm[];
}
interface PodOpts { readonly name?: string; readonly namespace?: string; readonly node?: string; readonly labels?: Record<string, string>; readonly affinity?: Aff }
function pod(o: PodOpts): Pod {
  const a = o.affinity;
  const affinity = a === undefined ? undefined : {
    ...(a.required !== undefined || a.preferred !== undefined ? { podAffinity: {
      ...(a.required !== undefined ? { requiredDuringSchedulingIgnoredDuringExecution: a.required } : {}),
      ...(a.preferred !== undefined ? { preferredDuringSchedulingIgnoredDuringExecution: a.preferred } : {}),
    } } : {}),
    ...(a.anti !== undefined || a.preferredAnti !== undefined ? { podAntiAffinity: {
      ...(a.anti !== undefined ? { requiredDuringSchedulingIgnoredDuringExecution: a.anti } : {}),
      ...(a.preferredAnti !== undefined ? { preferredDuringSchedulingIgnoredDuringExecution: a.preferredAnti } : {}),
    } } : {}),
  };
  return {
    metadata: { ...(o.name !== undefined ? { name: o.name } : {}), ...(o.namespace !== undefined ? { namespace: o.namespace } : {}), ...(o.labels !== undefined ? { labels: o.labels } : {}) },
    spec: { containers: [], ...(o.node !== undefined ? { nodeName: o.node } : {}), ...(affinity !== undefined ? { affinity } : {}) },
  };
}
const node = (name: string, labels: Record<string, string>): Node => ({ metadata: { name, labels } });

type C = 'S' | 'Skip' | 'A' | 'AA' | 'EA';
const CODES: Record<C, { code: Code; reason?: string }> = {
  S: { code: 'Success' }, Skip: { code: 'Skip' },
  A: { code: 'UnschedulableAndUnresolvable', reason: AFFINITY },
  AA: { code: 'Unschedulable', reason: ANTI_AFFINITY },
  EA: { code: 'Unschedulable', reason: EXISTING_ANTI_AFFINITY },
};

function runFilter(c: AcceptanceCase, want: C[]): void {
  const r = explainCase({ namespaces: NAMESPACES, ...c });
  expectPluginFilter(r, { plugin: 'InterPodAffinity', nodes: Object.fromEntries(c.nodes.map((n, i) => [n.metadata?.name ?? '', CODES[want[i] as C]])) });
  c.nodes.forEach((n, i) => {
    const w = want[i] as C;
    if (w !== 'S' && w !== 'Skip') expect(r.nodes[n.metadata?.name ?? '']?.feasible).toBe(false);
  });
}

describe(`${FILTERING} TestRequiredAffinitySingleNode`, () => {
  const podLabel = { service: 'securityscan' };
  const podLabel2 = { security: 'S1' };
  const existing = (): Pod => pod({ labels: podLabel, node: 'node1' });
  const node1 = node('node1', { region: 'r1', zone: 'z11' });
  const teamSelector: LabelSelector = { matchExpressions: [{ key: 'team', operator: 'In', values: ['team1'] }] };
  const securityscanIn = (topologyKey: string, o: TermOpts = {}): PodAffinityTerm => term(topologyKey, [['service', 'In', ['securityscan', 'value2']]], o);
  const cases: [string, Pod, Pod[], C][] = [
    ['A pod that has no required pod affinity scheduling rules can schedule onto a node with no existing pods', pod({}), [], 'Skip'],
    ['satisfies with requiredDuringSchedulingIgnoredDuringExecution in PodAffinity using In operator that matches the existing pod',
      pod({ labels: podLabel2, affinity: { required: [inTerm('service', 'region', ['securityscan', 'value2'])] } }), [existing()], 'S'],
    ['satisfies the pod with requiredDuringSchedulingIgnoredDuringExecution in PodAffinity using not in operator in labelSelector that matches the existing pod',
      pod({ labels: podLabel2, affinity: { required: [notInTerm('service', 'region', ['securityscan3', 'value3'])] } }), [existing()], 'S'],
    ['Does not satisfy the PodAffinity with labelSelector because of diff Namespace',
      pod({ labels: podLabel2, affinity: { required: [term('', [['service', 'In', ['securityscan', 'value2']]], { namespaces: ['DiffNameSpace'] })] } }),
      [pod({ namespace: 'ns', labels: { service: 'securityscan' }, node: 'node1' })], 'A'],
    ["Doesn't satisfy the PodAffinity because of unmatching labelSelector with the existing pod",
      pod({ labels: podLabel, affinity: { required: [inTerm('service', '', ['antivirusscan', 'value2'])] } }), [existing()], 'A'],
    ['satisfies the PodAffinity with different label Operators in multiple RequiredDuringSchedulingIgnoredDuringExecution ',
      pod({ labels: podLabel2, affinity: { required: [
        term('region', [['service', 'Exists'], ['wrongkey', 'DoesNotExist']]),
        term('region', [['service', 'In', ['securityscan']], ['service', 'NotIn', ['WrongValue']]]),
      ] } }), [existing()], 'S'],
    ["The labelSelector requirements(items of matchExpressions) are ANDed, the pod cannot schedule onto the node because one of the matchExpression item don't match.",
      pod({ labels: podLabel2, affinity: { required: [
        term('region', [['service', 'Exists'], ['wrongkey', 'DoesNotExist']]),
        term('region', [['service', 'In', ['securityscan2']], ['service', 'NotIn', ['WrongValue']]]),
      ] } }), [existing()], 'A'],
    ['satisfies the PodAffinity and PodAntiAffinity with the existing pod',
      pod({ labels: podLabel2, affinity: { required: [inTerm('service', 'region', ['securityscan', 'value2'])], anti: [inTerm('service', 'node', ['antivirusscan', 'value2'])] } }),
      [existing()], 'S'],
    ['satisfies the PodAffinity and PodAntiAffinity and PodAntiAffinity symmetry with the existing pod',
      pod({ labels: podLabel2, affinity: { required: [inTerm('service', 'region', ['securityscan', 'value2'])], anti: [inTerm('service', 'node', ['antivirusscan', 'value2'])] } }),
      [pod({ node: 'node1', labels: podLabel, affinity: { anti: [inTerm('service', 'node', ['antivirusscan', 'value2'])] } })], 'S'],
    ["satisfies the PodAffinity but doesn't satisfy the PodAntiAffinity with the existing pod",
      pod({ labels: podLabel2, affinity: { required: [inTerm('service', 'region', ['securityscan', 'value2'])], anti: [inTerm('service', 'zone', ['securityscan', 'value2'])] } }),
      [existing()], 'AA'],
    ["satisfies the PodAffinity and PodAntiAffinity but doesn't satisfy PodAntiAffinity symmetry with the existing pod",
      pod({ labels: podLabel, affinity: { required: [inTerm('service', 'region', ['securityscan', 'value2'])], anti: [inTerm('service', 'node', ['antivirusscan', 'value2'])] } }),
      [pod({ labels: podLabel, node: 'node1', affinity: { anti: [inTerm('service', 'zone', ['securityscan', 'value2'])] } })], 'EA'],
    ['pod matches its own Label in PodAffinity and that matches the existing pod Labels',
      pod({ labels: podLabel, affinity: { required: [notInTerm('service', 'region', ['securityscan', 'value2'])] } }),
      [pod({ labels: { service: 'securityscan' }, node: 'node2' })], 'A'],
    ["verify that PodAntiAffinity from existing pod is respected when pod has no AntiAffinity constraints. doesn't satisfy PodAntiAffinity symmetry with the existing pod",
      pod({ labels: podLabel }), [pod({ node: 'node1', labels: podLabel, affinity: { anti: [inTerm('service', 'zone', ['securityscan', 'value2'])] } })], 'EA'],
    ['verify that PodAntiAffinity from existing pod is respected when pod has no AntiAffinity constraints. satisfy PodAntiAffinity symmetry with the existing pod',
      pod({ labels: podLabel }), [pod({ node: 'node1', labels: podLabel, affinity: { anti: [notInTerm('service', 'zone', ['securityscan', 'value2'])] } })], 'Skip'],
    ["satisfies the PodAntiAffinity with existing pod but doesn't satisfy PodAntiAffinity symmetry with incoming pod",
      pod({ labels: podLabel, affinity: { anti: [existsTerm('service', 'region'), existsTerm('security', 'region')] } }),
      [pod({ node: 'node1', labels: podLabel2, affinity: { anti: [existsTerm('security', 'zone')] } })], 'AA'],
    ['PodAntiAffinity symmetry check a1: incoming pod and existing pod partially match each other on AffinityTerms',
      pod({ labels: podLabel, affinity: { anti: [existsTerm('service', 'zone'), existsTerm('security', 'zone')] } }),
      [pod({ node: 'node1', labels: podLabel2, affinity: { anti: [existsTerm('security', 'zone')] } })], 'AA'],
    ['PodAntiAffinity symmetry check a2: incoming pod and existing pod partially match each other on AffinityTerms',
      pod({ labels: podLabel2, affinity: { anti: [existsTerm('security', 'zone')] } }),
      [pod({ node: 'node1', labels: podLabel, affinity: { anti: [existsTerm('service', 'zone'), existsTerm('security', 'zone')] } })], 'EA'],
    ['PodAntiAffinity symmetry check b1: incoming pod and existing pod partially match each other on AffinityTerms',
      pod({ labels: { abc: '', xyz: '' }, affinity: { anti: [existsTerm('abc', 'zone'), existsTerm('def', 'zone')] } }),
      [pod({ node: 'node1', labels: { def: '', xyz: '' }, affinity: { anti: [existsTerm('abc', 'zone'), existsTerm('def', 'zone')] } })], 'AA'],
    ['PodAntiAffinity symmetry check b2: incoming pod and existing pod partially match each other on AffinityTerms',
      pod({ labels: { def: '', xyz: '' }, affinity: { anti: [existsTerm('abc', 'zone'), existsTerm('def', 'zone')] } }),
      [pod({ node: 'node1', labels: { abc: '', xyz: '' }, affinity: { anti: [existsTerm('abc', 'zone'), existsTerm('def', 'zone')] } })], 'AA'],
    ['affinity with NamespaceSelector',
      pod({ labels: podLabel2, affinity: { required: [securityscanIn('region', { namespaceSelector: teamSelector })] } }),
      [pod({ namespace: 'subteam1.team1', labels: podLabel, node: 'node1' })], 'S'],
    ['affinity with non-matching NamespaceSelector',
      pod({ labels: podLabel2, affinity: { required: [securityscanIn('region', { namespaceSelector: teamSelector })] } }),
      [pod({ namespace: 'subteam1.team2', labels: podLabel, node: 'node1' })], 'A'],
    ['anti-affinity with matching NamespaceSelector',
      pod({ namespace: 'subteam1.team1', labels: podLabel2, affinity: { anti: [securityscanIn('zone', { namespaceSelector: teamSelector })] } }),
      [pod({ namespace: 'subteam2.team1', labels: podLabel, node: 'node1' })], 'AA'],
    ['anti-affinity with matching all NamespaceSelector',
      pod({ namespace: 'subteam1.team1', labels: podLabel2, affinity: { anti: [securityscanIn('zone', { namespaceSelector: {} })] } }),
      [pod({ namespace: 'subteam2.team1', labels: podLabel, node: 'node1' })], 'AA'],
    ['anti-affinity with non-matching NamespaceSelector',
      pod({ namespace: 'subteam1.team1', labels: podLabel2, affinity: { anti: [securityscanIn('zone', { namespaceSelector: teamSelector })] } }),
      [pod({ namespace: 'subteam1.team2', labels: podLabel, node: 'node1' })], 'S'],
  ];
  it.each(cases)('%s', (name, incoming, pods, want) => {
    runFilter({ upstream: `${FILTERING} TestRequiredAffinitySingleNode`, name, nodes: [node1], pods, pod: incoming }, [want]);
  });
});

describe(`${FILTERING} TestRequiredAffinityMultipleNodes`, () => {
  const rgChina = { region: 'China' };
  const rgChinaAzAz1 = { region: 'China', az: 'az1' };
  const rgIndia = { region: 'India' };
  const rz = (name: string, zone: string): Node => node(name, { region: 'r1', zone, hostname: name });
  const cases: [string, Pod, Pod[], Node[], C[]][] = [
    ['A pod can be scheduled onto all the nodes that have the same topology key & label value with one of them has an existing pod that matches the affinity rules',
      pod({ affinity: { required: [inTerm('foo', 'region', ['bar'])] } }), [pod({ name: 'p1', node: 'node1', labels: { foo: 'bar' } })],
      [node('node1', rgChina), node('node2', rgChinaAzAz1), node('node3', rgIndia)], ['S', 'S', 'A']],
    ["The affinity rule is to schedule all of the pods of this collection to the same zone. The first pod of the collection should not be blocked from being scheduled onto any node, even there's no existing pod that matches the rule anywhere.",
      pod({ labels: { foo: 'bar', service: 'securityscan' }, affinity: { required: [inTerm('foo', 'zone', ['bar']), inTerm('service', 'zone', ['securityscan'])] } }),
      [pod({ name: 'p1', node: 'nodeA', labels: { foo: 'bar' } })],
      [node('nodeA', { zone: 'az1', hostname: 'h1' }), node('nodeB', { zone: 'az2', hostname: 'h2' })], ['S', 'S']],
    ['The first pod of the collection can only be scheduled on nodes labelled with the requested topology keys',
      pod({ labels: { foo: 'bar', service: 'securityscan' }, affinity: { required: [inTerm('foo', 'zone', ['bar']), inTerm('service', 'zone', ['securityscan'])] } }),
      [pod({ name: 'p1', node: 'nodeA', labels: { foo: 'bar' } })],
      [node('nodeA', { zoneLabel: 'az1', hostname: 'h1' }), node('nodeB', { zoneLabel: 'az2', hostname: 'h2' })], ['A', 'A']],
    ['NodeA and nodeB have same topologyKey and label value. NodeA has an existing pod that matches the inter pod affinity rule. The pod can not be scheduled onto nodeA and nodeB.',
      pod({ affinity: { anti: [inTerm('foo', 'region', ['abc'])] } }), [pod({ node: 'nodeA', labels: { foo: 'abc' } })],
      [node('nodeA', { region: 'r1', hostname: 'nodeA' }), node('nodeB', { region: 'r1', hostname: 'nodeB' })], ['AA', 'AA']],
    ['This test ensures that anti-affinity matches a pod when any term of the anti-affinity rule matches a pod.',
      pod({ affinity: { anti: [inTerm('foo', 'region', ['abc']), inTerm('service', 'zone', ['securityscan'])] } }),
      [pod({ node: 'nodeA', labels: { foo: 'abc', service: 'securityscan' } })],
      [node('nodeA', { region: 'r1', zone: 'z1', hostname: 'nodeA' }), node('nodeB', { region: 'r1', zone: 'z2', hostname: 'nodeB' })], ['AA', 'AA']],
    ['NodeA and nodeB have same topologyKey and label value. NodeA has an existing pod that matches the inter pod affinity rule. The pod can not be scheduled onto nodeA and nodeB but can be scheduled onto nodeC',
      pod({ affinity: { anti: [inTerm('foo', 'region', ['abc'])] } }), [pod({ node: 'nodeA', labels: { foo: 'abc' } })],
      [node('nodeA', rgChina), node('nodeB', rgChinaAzAz1), node('nodeC', rgIndia)], ['AA', 'AA', 'S']],
    ['NodeA and nodeB have same topologyKey and label value. NodeA has an existing pod that matches the inter pod affinity rule. The pod can not be scheduled onto nodeA, nodeB, but can be scheduled onto nodeC (NodeC has an existing pod that match the inter pod affinity rule but in different namespace)',
      pod({ namespace: 'NS1', labels: { foo: '123' }, affinity: { anti: [inTerm('foo', 'region', ['bar'])] } }),
      [pod({ node: 'nodeA', namespace: 'NS1', labels: { foo: 'bar' } }), pod({ node: 'nodeC', namespace: 'NS2', affinity: { anti: [inTerm('foo', 'region', ['123'])] } })],
      [node('nodeA', rgChina), node('nodeB', rgChinaAzAz1), node('nodeC', rgIndia)], ['AA', 'AA', 'S']],
    ["Test existing pod's anti-affinity: if an existing pod has a term with invalid topologyKey, labelSelector of the term is firstly checked, and then topologyKey of the term is also checked",
      pod({ labels: { foo: '' } }), [pod({ node: 'nodeA', affinity: { anti: [existsTerm('foo', 'invalid-node-label')] } })],
      [rz('nodeA', 'z1'), rz('nodeB', 'z1')], ['Skip', 'Skip']],
    ["Test incoming pod's anti-affinity: even if labelSelector matches, we still check if topologyKey matches",
      pod({ affinity: { anti: [existsTerm('foo', 'invalid-node-label')] } }), [pod({ node: 'nodeA', labels: { foo: '' } })],
      [rz('nodeA', 'z1'), rz('nodeB', 'z1')], ['S', 'S']],
    ["Test existing pod's anti-affinity: incoming pod wouldn't considered as a fit as it violates each existingPod's terms on all nodes",
      pod({ labels: { foo: '', bar: '' } }),
      [pod({ node: 'nodeA', affinity: { anti: [existsTerm('foo', 'zone')] } }), pod({ node: 'nodeA', affinity: { anti: [existsTerm('bar', 'region')] } })],
      [rz('nodeA', 'z1'), rz('nodeB', 'z2')], ['EA', 'EA']],
    ["Test incoming pod's anti-affinity: incoming pod wouldn't considered as a fit as it at least violates one anti-affinity rule of existingPod",
      pod({ affinity: { anti: [existsTerm('foo', 'zone'), existsTerm('bar', 'region')] } }),
      [pod({ node: 'nodeA', labels: { foo: '' } }), pod({ node: 'nodeB', labels: { bar: '' } })],
      [rz('nodeA', 'z1'), rz('nodeB', 'z2')], ['AA', 'AA']],
    ["Test existing pod's anti-affinity: only when labelSelector and topologyKey both match, it's counted as a single term match - case when one term has invalid topologyKey",
      pod({ labels: { foo: '', bar: '' } }), [pod({ node: 'nodeA', affinity: { anti: [existsTerm('foo', 'invalid-node-label'), existsTerm('bar', 'zone')] } })],
      [rz('nodeA', 'z1'), rz('nodeB', 'z2')], ['EA', 'S']],
    ["Test incoming pod's anti-affinity: only when labelSelector and topologyKey both match, it's counted as a single term match - case when one term has invalid topologyKey",
      pod({ affinity: { anti: [existsTerm('foo', 'invalid-node-label'), existsTerm('bar', 'zone')] } }), [pod({ name: 'podA', node: 'nodeA', labels: { foo: '', bar: '' } })],
      [rz('nodeA', 'z1'), rz('nodeB', 'z2')], ['AA', 'S']],
    ["Test existing pod's anti-affinity: only when labelSelector and topologyKey both match, it's counted as a single term match - case when all terms have valid topologyKey",
      pod({ labels: { foo: '', bar: '' } }), [pod({ node: 'nodeA', affinity: { anti: [existsTerm('foo', 'region'), existsTerm('bar', 'zone')] } })],
      [rz('nodeA', 'z1'), rz('nodeB', 'z2')], ['EA', 'EA']],
    ["Test incoming pod's anti-affinity: only when labelSelector and topologyKey both match, it's counted as a single term match - case when all terms have valid topologyKey",
      pod({ affinity: { anti: [existsTerm('foo', 'region'), existsTerm('bar', 'zone')] } }), [pod({ node: 'nodeA', labels: { foo: '', bar: '' } })],
      [rz('nodeA', 'z1'), rz('nodeB', 'z2')], ['AA', 'AA']],
    ["Test existing pod's anti-affinity: existingPod on nodeA and nodeB has at least one anti-affinity term matches incoming pod, so incoming pod can only be scheduled to nodeC",
      pod({ labels: { foo: '', bar: '' } }),
      [pod({ node: 'nodeA', affinity: { anti: [existsTerm('foo', 'zone'), existsTerm('labelA', 'zone')] } }), pod({ node: 'nodeB', affinity: { anti: [existsTerm('bar', 'zone'), existsTerm('labelB', 'zone')] } })],
      [rz('nodeA', 'z1'), rz('nodeB', 'z2'), rz('nodeC', 'z3')], ['EA', 'EA', 'S']],
    ["Test incoming pod's affinity: firstly check if all affinityTerms match, and then check if all topologyKeys match",
      pod({ affinity: { required: [existsTerm('foo', 'region'), existsTerm('bar', 'zone')] } }), [pod({ name: 'pod1', labels: { foo: '', bar: '' }, node: 'nodeA' })],
      [rz('nodeA', 'z1'), rz('nodeB', 'z1')], ['S', 'S']],
    ["Test incoming pod's affinity: firstly check if all affinityTerms match, and then check if all topologyKeys match, and the match logic should be satisfied on the same pod",
      pod({ affinity: { required: [existsTerm('foo', 'region'), existsTerm('bar', 'zone')] } }),
      [pod({ node: 'nodeA', name: 'pod1', labels: { foo: '' } }), pod({ node: 'nodeB', name: 'pod2', labels: { bar: '' } })],
      [rz('nodeA', 'z1'), rz('nodeB', 'z2')], ['A', 'A']],
  ];
  it.each(cases)('%s', (name, incoming, pods, nodes, want) => {
    runFilter({ upstream: `${FILTERING} TestRequiredAffinityMultipleNodes`, name, nodes, pods, pod: incoming }, want);
  });
});

/** Asserts that the plugin's PreScore skipped (no InterPodAffinity score on any node), as upstream's `Skip` status. */
function expectScoreSkipped(r: ReturnType<typeof explainCase>, nodes: readonly Node[]): void {
  for (const n of nodes) {
    const name = n.metadata?.name ?? '';
    expect(r.nodes[name]?.feasible, `${name} feasible`).toBe(true);
    expect(r.nodes[name]?.scores['InterPodAffinity'], `InterPodAffinity score on ${name}`).toBeUndefined();
  }
}

describe(`${SCORING} TestPreferredAffinity`, () => {
  const rgChina = { region: 'China' };
  const rgIndia = { region: 'India' };
  const azAz1 = { az: 'az1' };
  const azAz2 = { az: 'az2' };
  const rgChinaAzAz1 = { region: 'China', az: 'az1' };
  const S1 = { security: 'S1' };
  const S2 = { security: 'S2' };
  const stayWithS1InRegion: Aff = { preferred: [weighted(5, inTerm('security', 'region', ['S1']))] };
  const stayWithS2InRegion: Aff = { preferred: [weighted(6, inTerm('security', 'region', ['S2']))] };
  const affinity3: Aff = { preferred: [
    weighted(8, term('region', [['security', 'NotIn', ['S1']], ['security', 'In', ['S2']]])),
    weighted(2, term('region', [['security', 'Exists'], ['wrongkey', 'DoesNotExist']])),
  ] };
  const hardAffinity: Aff = { required: [
    inTerm('security', 'region', ['S1', 'value2']),
    term('region', [['security', 'Exists'], ['wrongkey', 'DoesNotExist']]),
  ] };
  const awayFromS1InAz: Aff = { preferredAnti: [weighted(5, inTerm('security', 'az', ['S1']))] };
  const awayFromS2InAz: Aff = { preferredAnti: [weighted(5, inTerm('security', 'az', ['S2']))] };
  const stayWithS1InRegionAwayFromS2InAz: Aff = {
    preferred: [weighted(8, inTerm('security', 'region', ['S1']))], preferredAnti: [weighted(5, inTerm('security', 'az', ['S2']))],
  };
  const nsTerm = (): PodAffinityTerm => term('region', [['security', 'In', ['S1']]], {
    namespaces: ['subteam2.team2'], namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'In', values: ['team1'] }] },
  });
  const affinityNamespaceSelector: Aff = { preferred: [weighted(5, nsTerm())] };
  const antiAffinityNamespaceSelector: Aff = { preferredAnti: [weighted(5, nsTerm())] };
  const on = (nodeName: string, labels?: Record<string, string>, affinity?: Aff, namespace?: string): Pod =>
    pod({ node: nodeName, ...(labels !== undefined ? { labels } : {}), ...(affinity !== undefined ? { affinity } : {}), ...(namespace !== undefined ? { namespace } : {}) });
  const n3 = (): Node[] => [node('node1', rgChina), node('node2', rgIndia), node('node3', azAz1)];
  const nsPods = (third: string): Pod[] => [
    on('node1', S1, undefined, 'subteam1.team1'), on('node1', S1, undefined, 'subteam1.team1'), on('node1', S1, undefined, third), on('node2', S1, undefined, 'subteam2.team1'),
  ];
  type ScoreCase = [name: string, incoming: Pod, pods: Pod[], nodes: Node[], want: Record<string, number> | 'Skip', config?: object];
  const cases: ScoreCase[] = [
    ['all nodes are same priority as Affinity is nil', pod({ labels: S1 }), [], n3(), 'Skip'],
    ['Affinity: pod that matches topology key & pods in nodes will get high score comparing to otherswhich doesn\'t match either pods in nodes or in topology key',
      pod({ labels: S1, affinity: stayWithS1InRegion }), [on('node1', S1), on('node2', S2), on('node3', S1)], n3(), { node1: 100, node2: 0, node3: 0 }],
    ['All the nodes that have the same topology key & label value with one of them has an existing pod that match the affinity rules, have the same score',
      pod({ affinity: stayWithS1InRegion }), [on('node1', S1)], [node('node1', rgChina), node('node2', rgChinaAzAz1), node('node3', rgIndia)],
      { node1: 100, node2: 100, node3: 0 }],
    ['Affinity: nodes in one region has more matching pods comparing to other region, so the region which has more matches will get high score',
      pod({ labels: S1, affinity: stayWithS2InRegion }),
      [on('node1', S2), on('node1', S2), on('node2', S2), on('node3', S2), on('node4', S2), on('node5', S2)],
      [node('node1', rgChina), node('node2', rgIndia), node('node3', rgChina), node('node4', rgChina), node('node5', rgIndia)],
      { node1: 100, node2: 0, node3: 100, node4: 100, node5: 0 }],
    ['Affinity: different Label operators and values for pod affinity scheduling preference, including some match failures ',
      pod({ labels: S1, affinity: affinity3 }), [on('node1', S1), on('node2', S2), on('node3', S1)], n3(), { node1: 20, node2: 100, node3: 0 }],
    ['Affinity symmetry: considered only the preferredDuringSchedulingIgnoredDuringExecution in pod affinity symmetry',
      pod({ labels: S2 }), [on('node1', S1, stayWithS1InRegion), on('node2', S2, stayWithS2InRegion)], n3(), { node1: 0, node2: 100, node3: 0 }],
    ['Affinity symmetry with namespace selector',
      pod({ namespace: 'subteam1.team1', labels: S1 }), [on('node1', S1, affinityNamespaceSelector), on('node2', S2, stayWithS2InRegion)], n3(), { node1: 100, node2: 0, node3: 0 }],
    ['AntiAffinity symmetry with namespace selector',
      pod({ namespace: 'subteam1.team1', labels: S1 }), [on('node1', S1, antiAffinityNamespaceSelector), on('node2', S2, stayWithS2InRegion)], n3(), { node1: 0, node2: 100, node3: 100 }],
    ['Affinity symmetry: considered RequiredDuringSchedulingIgnoredDuringExecution in pod affinity symmetry',
      pod({ labels: S1 }), [on('node1', S1, hardAffinity), on('node2', S2, hardAffinity)], n3(), { node1: 100, node2: 100, node3: 0 }],
    ['Anti Affinity: pod that does not match existing pods in node will get high score ',
      pod({ labels: S1, affinity: awayFromS1InAz }), [on('node1', S1), on('node2', S2)], [node('node1', azAz1), node('node2', rgChina)], { node1: 0, node2: 100 }],
    ['Anti Affinity: pod that does not match topology key & match the pods in nodes will get higher score comparing to others ',
      pod({ labels: S1, affinity: awayFromS1InAz }), [on('node1', S1), on('node2', S1)], [node('node1', azAz1), node('node2', rgChina)], { node1: 0, node2: 100 }],
    ['Anti Affinity: one node has more matching pods comparing to other node, so the node which has more unmatches will get high score',
      pod({ labels: S1, affinity: awayFromS1InAz }), [on('node1', S1), on('node1', S1), on('node2', S2)], [node('node1', azAz1), node('node2', rgIndia)], { node1: 0, node2: 100 }],
    ['Anti Affinity symmetry: the existing pods in node which has anti affinity match will get high score',
      pod({ labels: S2 }), [on('node1', S1, awayFromS2InAz), on('node2', S2, awayFromS1InAz)], [node('node1', azAz1), node('node2', azAz2)], { node1: 0, node2: 100 }],
    ['Affinity and Anti Affinity: considered only preferredDuringSchedulingIgnoredDuringExecution in both pod affinity & anti affinity',
      pod({ labels: S1, affinity: stayWithS1InRegionAwayFromS2InAz }), [on('node1', S1), on('node2', S1)], [node('node1', rgChina), node('node2', azAz1)], { node1: 100, node2: 0 }],
    ['Affinity and Anti Affinity: considering both affinity and anti-affinity, the pod to schedule and existing pods have the same labels',
      pod({ labels: S1, affinity: stayWithS1InRegionAwayFromS2InAz }),
      [on('node1', S1), on('node1', S1), on('node2', S1), on('node3', S1), on('node3', S1), on('node4', S1), on('node5', S1)],
      [node('node1', rgChinaAzAz1), node('node2', rgIndia), node('node3', rgChina), node('node4', rgChina), node('node5', rgIndia)],
      { node1: 100, node2: 0, node3: 100, node4: 100, node5: 0 }],
    ['Affinity and Anti Affinity and symmetry: considered only preferredDuringSchedulingIgnoredDuringExecution in both pod affinity & anti affinity & symmetry',
      pod({ labels: S1, affinity: stayWithS1InRegionAwayFromS2InAz }),
      [on('node1', S1), on('node2', S2), on('node3', undefined, stayWithS1InRegionAwayFromS2InAz), on('node4', undefined, awayFromS1InAz)],
      [node('node1', rgChina), node('node2', azAz1), node('node3', rgIndia), node('node4', azAz2)], { node1: 100, node2: 0, node3: 100, node4: 0 }],
    ["Avoid panic when partial nodes in a topology don't have pods with affinity",
      pod({ labels: S1 }), [on('node1', S1), on('node2', undefined, stayWithS1InRegionAwayFromS2InAz)], [node('node1', rgChina), node('node2', rgChina)], { node1: 0, node2: 0 }],
    ['Affinity with pods matching NamespaceSelector',
      pod({ namespace: 'subteam1.team1', labels: S1, affinity: affinityNamespaceSelector }), nsPods('subteam1.team2'), [node('node1', rgChina), node('node2', rgIndia)], { node1: 100, node2: 0 }],
    ['Affinity with pods matching both NamespaceSelector and Namespaces fields',
      pod({ namespace: 'subteam1.team1', labels: S1, affinity: affinityNamespaceSelector }), nsPods('subteam2.team2'), [node('node1', rgChina), node('node2', rgIndia)], { node1: 100, node2: 0 }],
    // Upstream names the two anti-affinity variants like the affinity ones above.
    ['Affinity with pods matching NamespaceSelector',
      pod({ namespace: 'subteam1.team1', labels: S1, affinity: antiAffinityNamespaceSelector }), nsPods('subteam1.team2'), [node('node1', rgChina), node('node2', rgIndia)], { node1: 0, node2: 100 }],
    ['Affinity with pods matching both NamespaceSelector and Namespaces fields',
      pod({ namespace: 'subteam1.team1', labels: S1, affinity: antiAffinityNamespaceSelector }), nsPods('subteam2.team2'), [node('node1', rgChina), node('node2', rgIndia)], { node1: 0, node2: 100 }],
    ['Ignore preferred terms of existing pods',
      pod({ labels: S2 }), [on('node1', S1, stayWithS1InRegionAwayFromS2InAz), on('node2', S2, stayWithS2InRegion)], [node('node1', rgChina), node('node2', rgIndia)], 'Skip',
      schedulerConfig({ InterPodAffinity: { ignorePreferredTermsOfExistingPods: true } })],
    ['Do not ignore preferred terms of existing pods',
      pod({ labels: S2 }), [on('node1', S1, stayWithS1InRegionAwayFromS2InAz), on('node2', S2, stayWithS2InRegion)], [node('node1', rgChina), node('node2', rgIndia)], { node1: 0, node2: 100 }],
  ];
  it.each(cases)('%s', (name, incoming, pods, nodes, want, config) => {
    const r = explainCase({ upstream: `${SCORING} TestPreferredAffinity`, name, nodes, pods, pod: incoming, namespaces: NAMESPACES, ...(config !== undefined ? { config } : {}) });
    if (want === 'Skip') expectScoreSkipped(r, nodes);
    else expectScores(r, 'InterPodAffinity', want);
  });
});

describe(`${SCORING} TestPreferredAffinityWithHardPodAffinitySymmetricWeight`, () => {
  const S1 = { service: 'S1' };
  const hardPodAffinity: Aff = { required: [term('region', [['service', 'In', ['S1']]], {
    namespaces: ['default', 'subteam2.team2'], namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'In', values: ['team1'] }] },
  })] };
  const nodes = (): Node[] => [node('node1', { region: 'China' }), node('node2', { region: 'India' }), node('node3', { az: 'az1' })];
  const pods = (): Pod[] => [pod({ node: 'node1', affinity: hardPodAffinity }), pod({ node: 'node2', affinity: hardPodAffinity })];
  const weight = (hardPodAffinityWeight: number): object => schedulerConfig({ InterPodAffinity: { hardPodAffinityWeight } });
  const cases: [string, string | undefined, number, Record<string, number> | 'Skip'][] = [
    ['with default weight', undefined, 1, { node1: 100, node2: 100, node3: 0 }],
    ['with zero weight', undefined, 0, 'Skip'],
    ['with no matching namespace', 'subteam1.team2', 1, 'Skip'],
    ['with matching NamespaceSelector', 'subteam1.team1', 1, { node1: 100, node2: 100, node3: 0 }],
    ['with matching Namespaces', 'subteam2.team2', 1, { node1: 100, node2: 100, node3: 0 }],
  ];
  it.each(cases)('%s', (name, namespace, w, want) => {
    const r = explainCase({
      upstream: `${SCORING} TestPreferredAffinityWithHardPodAffinitySymmetricWeight`, name, nodes: nodes(), pods: pods(), namespaces: NAMESPACES,
      pod: pod({ labels: S1, ...(namespace !== undefined ? { namespace } : {}) }), config: weight(w),
    });
    if (want === 'Skip') expectScoreSkipped(r, nodes());
    else expectScores(r, 'InterPodAffinity', want);
  });
});

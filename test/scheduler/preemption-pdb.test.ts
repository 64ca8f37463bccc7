// PDB-aware preemption (§1.7; upstream defaultpreemption SelectVictimsOnNode / filterPodsWithPDBViolation /
// pickOneNodeForPreemption): victims whose eviction would violate a PodDisruptionBudget are reprieved first and
// counted; the node with the fewest violations wins. kubesim has no disruption controller, so
// disruptionsAllowed is computed from the matching pods' readiness unless the PDB's status says.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseManifests } from '../../src/api/apply/index.js';
import { clusterFromManifests, createFramework, explainPod, schedulePod } from '../../src/scheduler/index.js';
import { computeDisruptionsAllowed } from '../../src/scheduler/plugins/pdb.js';
import { cluster, node, pod } from './helpers.js';

const random = () => 0;
const ready = (p: Pod, isReady = true): Pod => ({ ...p, status: { ...p.status, conditions: [{ type: 'Ready', status: isReady ? 'True' : 'False' }] } });
const labelled = (name: string, nodeName: string, cpu: string, priority: number, labels: Record<string, string>, startTime?: string): Pod =>
  ready(pod(name, { nodeName, cpu, priority, labels, ...(startTime ? { startTime } : {}) }));
/** A PDB; `status` as a real cluster's disruption controller would have written it (partial: only what is read). */
const pdb = (spec: NonNullable<PodDisruptionBudget['spec']>, status?: Partial<NonNullable<PodDisruptionBudget['status']>>): PodDisruptionBudget =>
  ({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'budget', namespace: 'default' }, spec,
    ...(status ? { status: status as NonNullable<PodDisruptionBudget['status']> } : {}) });

function preempt(nodes: ReturnType<typeof node>[], pods: Pod[], pdbs: PodDisruptionBudget[], incoming: Pod) {
  const c = cluster(nodes, pods);
  c.snapshot.pdbs = pdbs;
  return schedulePod(createFramework(), c.snapshot, incoming, { random });
}
const names = (ps: readonly Pod[] | undefined) => (ps ?? []).map((p) => p.metadata?.name);

describe('default_preemption_test.go "preemption with violation of same pdb"', () => {
  it('both pods of a budget allowing 1 disruption are victims; the second one violates it', () => {
    // node1: 4 cpu; p1.1 and p1.2 (2 cpu each, app=foo, mid priority); the preemptor needs the whole node
    const r = preempt([node('node1', { cpu: '4' })],
      [labelled('p1.1', 'node1', '2', 100, { app: 'foo' }), labelled('p1.2', 'node1', '2', 100, { app: 'foo' })],
      [pdb({ selector: { matchLabels: { app: 'foo' } } }, { disruptionsAllowed: 1 })],
      pod('p', { cpu: '4', priority: 1000 }));
    expect(r.nominatedNodeName).toBe('node1');
    expect(names(r.victims).sort()).toEqual(['p1.1', 'p1.2']);
  });
});

describe('node choice and reprieve order', () => {
  it('the node with fewer PDB violations wins over the one with lower-priority victims (criterion 1 before 2)', () => {
    const pods = [labelled('guarded', 'n1', '2', 1, { app: 'db' }), labelled('free', 'n2', '2', 5, { app: 'web' })];
    const incoming = pod('p', { cpu: '2', priority: 1000 });
    const nodes = [node('n1', { cpu: '2' }), node('n2', { cpu: '2' })];
    // without a budget, n1's victim has the lower priority (1 < 5): n1
    expect(preempt(nodes, pods, [], incoming).nominatedNodeName).toBe('n1');
    // minAvailable 1 over the one ready db pod: 0 disruptions allowed, evicting it violates → n2
    const r = preempt(nodes, pods, [pdb({ minAvailable: 1, selector: { matchLabels: { app: 'db' } } })], incoming);
    expect(r.nominatedNodeName).toBe('n2');
    expect(names(r.victims)).toEqual(['free']);
  });

  it('PDB-violating pods are reprieved first, so the unprotected pod of equal priority becomes the victim', () => {
    // equal priority: importance falls to start time, so `guarded` (started later) would be the victim…
    const pods = [
      labelled('guarded', 'n1', '2', 5, { app: 'db' }, '2026-01-01T00:10:00Z'),
      labelled('plain', 'n1', '2', 5, { app: 'web' }, '2026-01-01T00:00:00Z'),
    ];
    const nodes = [node('n1', { cpu: '4' })];
    const incoming = pod('p', { cpu: '2', priority: 1000 });
    expect(names(preempt(nodes, pods, [], incoming).victims)).toEqual(['guarded']);
    // …but with a budget protecting it, it is reprieved first and `plain` goes
    expect(names(preempt(nodes, pods, [pdb({ maxUnavailable: 0, selector: { matchLabels: { app: 'db' } } })], incoming).victims)).toEqual(['plain']);
  });

  it('a pod already in the budget’s status.disruptedPods does not consume it', () => {
    const pods = [labelled('guarded', 'n1', '2', 1, { app: 'db' }), labelled('free', 'n2', '2', 5, { app: 'web' })];
    const budget = pdb({ minAvailable: 1, selector: { matchLabels: { app: 'db' } } }, { disruptionsAllowed: 0, disruptedPods: { guarded: '2026-01-01T00:00:00Z' }, currentHealthy: 1, desiredHealthy: 1, expectedPods: 1 });
    expect(preempt([node('n1', { cpu: '2' }), node('n2', { cpu: '2' })], pods, [budget], pod('p', { cpu: '2', priority: 1000 })).nominatedNodeName).toBe('n1');
  });
});

describe('disruptionsAllowed as the disruption controller computes it', () => {
  const three = [ready(pod('a')), ready(pod('b')), ready(pod('c'))];
  it.each([
    ['minAvailable 2 over 3 ready pods', pdb({ minAvailable: 2 }), three, 1],
    ['minAvailable 2 over 2 ready and 1 unready', pdb({ minAvailable: 2 }), [three[0], three[1], ready(pod('c'), false)], 0],
    ['minAvailable "50%" of 3 → ⌈1.5⌉ = 2', pdb({ minAvailable: '50%' }), three, 1],
    ['maxUnavailable 1 of 3', pdb({ maxUnavailable: 1 }), three, 1],
    ['maxUnavailable "50%" of 4 (⌈2⌉), 3 ready', pdb({ maxUnavailable: '50%' }), [...three, ready(pod('d'), false)], 1],
    ['a terminating pod is not healthy', pdb({ minAvailable: 2 }), [three[0], three[1], { ...three[2], metadata: { name: 'c', deletionTimestamp: '2026-01-01T00:00:00Z' } }], 0],
  ] as [string, PodDisruptionBudget, Pod[], number][])('%s → %d', (_name, b, pods, want) => {
    expect(computeDisruptionsAllowed(b, pods)).toBe(want);
  });
});

describe('explain reads PodDisruptionBudgets from the cluster manifests', () => {
  it('clusterFromManifests returns them and preemption respects them', () => {
    const docs = [
      { apiVersion: 'v1', kind: 'Node', ...node('n1', { cpu: '2' }) }, { apiVersion: 'v1', kind: 'Node', ...node('n2', { cpu: '2' }) },
      { apiVersion: 'v1', kind: 'Pod', ...labelled('guarded', 'n1', '2', 1, { app: 'db' }) },
      { apiVersion: 'v1', kind: 'Pod', ...labelled('free', 'n2', '2', 5, { app: 'web' }) },
      pdb({ minAvailable: 1, selector: { matchLabels: { app: 'db' } } }),
    ];
    const { nodes, pods, pdbs } = clusterFromManifests(parseManifests(docs.map((d) => stringify(d)).join('---\n')));
    expect(pdbs).toHaveLength(1);
    const r = explainPod({ nodes, pods, pdbs, pod: pod('p', { cpu: '2', priority: 1000 }) });
    expect(r.selectedNode).toBeNull();
    expect([r.nominatedNodeName, r.victims]).toEqual(['n2', ['default/free']]);
    const without = explainPod({ nodes, pods, pod: pod('p', { cpu: '2', priority: 1000 }) });
    expect([without.nominatedNodeName, without.victims]).toEqual(['n1', ['default/guarded']]);
  });
});

// Node-local plugins (taints, affinity, name, ports, cordon, images, gates, queue order) match the reference (§1.1, §1.4, §1.5.3–1.5.5).
import { describe, expect, it } from 'vitest';
import { imageLocality } from '../../../src/scheduler/plugins/image-locality.js';
import { newNodeAffinity } from '../../../src/scheduler/plugins/node-affinity.js';
import { nodeName } from '../../../src/scheduler/plugins/node-name.js';
import { nodePorts } from '../../../src/scheduler/plugins/node-ports.js';
import { nodeUnschedulable } from '../../../src/scheduler/plugins/node-unschedulable.js';
import { prioritySort } from '../../../src/scheduler/plugins/priority-sort.js';
import { schedulingGates } from '../../../src/scheduler/plugins/scheduling-gates.js';
import { taintToleration } from '../../../src/scheduler/plugins/taint-toleration.js';
import { PodInfo, type Status } from '../../../src/scheduler/index.js';
import { cluster, filter, node, pod, scores } from '../helpers.js';

const code = (s: Status | 'Skip'): string => (s === 'Skip' ? 'Skip' : s.code);
const reasons = (s: Status | 'Skip'): readonly string[] => (s === 'Skip' ? [] : s.reasons);

describe('TaintToleration (§1.4, §1.5.3)', () => {
  const gpu = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' as const };
  const cases = [
    { name: 'untolerated NoSchedule taint', tol: [], want: 'UnschedulableAndUnresolvable' },
    { name: 'Equal toleration with same value', tol: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }], want: 'Success' },
    { name: 'Exists with empty key tolerates everything', tol: [{ operator: 'Exists' }], want: 'Success' },
    { name: 'wrong effect does not tolerate', tol: [{ key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }], want: 'UnschedulableAndUnresolvable' },
    { name: 'wrong value does not tolerate', tol: [{ key: 'dedicated', value: 'cpu' }], want: 'UnschedulableAndUnresolvable' },
  ];
  for (const t of cases) {
    it(t.name, () => {
      const st = filter(taintToleration, cluster([node('n1', { taints: [gpu] })]), pod('p', { tolerations: t.tol }), 'n1');
      expect(code(st)).toBe(t.want);
    });
  }
  it('names the taint in the reason', () => {
    expect(reasons(filter(taintToleration, cluster([node('n1', { taints: [gpu] })]), pod('p'), 'n1'))).toEqual(['node(s) had untolerated taint {dedicated: gpu}']);
  });
  it('PreferNoSchedule never filters', () => {
    const c = cluster([node('n1', { taints: [{ key: 'k', effect: 'PreferNoSchedule' }] })]);
    expect(code(filter(taintToleration, c, pod('p'), 'n1'))).toBe('Success');
  });
  it('scores intolerable PreferNoSchedule taints, reversed: 0,1,2 → 100,50,0', () => {
    const soft = (k: string) => ({ key: k, effect: 'PreferNoSchedule' as const });
    const c = cluster([node('n0'), node('n1', { taints: [soft('a')] }), node('n2', { taints: [soft('a'), soft('b')] })]);
    expect(scores(taintToleration, c, pod('p'))).toEqual([100, 50, 0]);
    expect(scores(taintToleration, c, pod('p', { tolerations: [{ key: 'a', operator: 'Exists', effect: 'PreferNoSchedule' }] }))).toEqual([100, 100, 0]);
  });
});

describe('NodeAffinity (§1.4, §1.5.4)', () => {
  const c = cluster([node('n1', { labels: { zone: 'a', gen: '3' } }), node('n2', { labels: { zone: 'b', gen: '5' } }), node('n3')]);
  const na = newNodeAffinity({});
  const req = (terms: unknown[]) => pod('p', { spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms as never } } } } });
  const cases = [
    { name: 'nodeSelector must match every label', p: pod('p', { nodeSelector: { zone: 'a' } }), node: 'n2', want: 'UnschedulableAndUnresolvable' },
    { name: 'nodeSelector match', p: pod('p', { nodeSelector: { zone: 'a' } }), node: 'n1', want: 'Success' },
    { name: 'terms are ORed', p: req([{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['x'] }] }, { matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] }]), node: 'n2', want: 'Success' },
    { name: 'Gt compares integers', p: req([{ matchExpressions: [{ key: 'gen', operator: 'Gt', values: ['4'] }] }]), node: 'n1', want: 'UnschedulableAndUnresolvable' },
    { name: 'DoesNotExist', p: req([{ matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }]), node: 'n3', want: 'Success' },
    { name: 'an empty term matches nothing', p: req([{}]), node: 'n1', want: 'UnschedulableAndUnresolvable' },
    { name: 'matchFields metadata.name', p: req([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n3'] }] }]), node: 'n3', want: 'Success' },
    { name: 'no selector or affinity: Skip', p: pod('p'), node: 'n1', want: 'Skip' },
  ];
  for (const t of cases) it(t.name, () => expect(code(filter(na, c, t.p, t.node))).toBe(t.want));
  it("reason is upstream's", () => {
    expect(reasons(filter(na, c, pod('p', { nodeSelector: { zone: 'x' } }), 'n1'))).toEqual(["node(s) didn't match Pod's node affinity/selector"]);
  });
  it('preferred weights 2 and 5 normalize to 40, 100, 0', () => {
    const p = pod('p', { spec: { affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [
      { weight: 2, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] } },
      { weight: 5, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] } }] } } } });
    expect(scores(na, c, p)).toEqual([40, 100, 0]);
  });
  it('addedAffinity is enforced for every pod', () => {
    const enforced = newNodeAffinity({ addedAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }] } } });
    expect(reasons(filter(enforced, c, pod('p'), 'n2'))).toEqual(["node(s) didn't match scheduler-enforced node affinity"]);
    expect(code(filter(enforced, c, pod('p'), 'n1'))).toBe('Success');
  });
});

describe('NodeName, NodeUnschedulable, NodePorts (§1.4)', () => {
  it('NodeName rejects other nodes', () => {
    const c = cluster([node('n1'), node('n2')]);
    expect(code(filter(nodeName, c, pod('p', { nodeName: 'n1' }), 'n2'))).toBe('UnschedulableAndUnresolvable');
    expect(code(filter(nodeName, c, pod('p', { nodeName: 'n1' }), 'n1'))).toBe('Success');
  });
  it('NodeUnschedulable rejects cordoned nodes unless tolerated', () => {
    const c = cluster([node('n1', { unschedulable: true })]);
    expect(reasons(filter(nodeUnschedulable, c, pod('p'), 'n1'))).toEqual(['node(s) were unschedulable']);
    const tol = [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }];
    expect(code(filter(nodeUnschedulable, c, pod('p', { tolerations: tol }), 'n1'))).toBe('Success');
  });
  const withPort = (name: string, port: number, ip?: string, nodeN?: string) => pod(name, { ...(nodeN ? { nodeName: nodeN } : {}),
    containers: [{ name: 'c', ports: [{ containerPort: 80, hostPort: port, ...(ip ? { hostIP: ip } : {}) }] }] });
  const cases = [
    { name: 'same port, wildcard IP conflicts', used: withPort('a', 8080, undefined, 'n1'), want: withPort('p', 8080, '10.0.0.1'), code: 'Unschedulable' },
    { name: 'same port, different specific IPs do not conflict', used: withPort('a', 8080, '10.0.0.2', 'n1'), want: withPort('p', 8080, '10.0.0.1'), code: 'Success' },
    { name: 'different ports', used: withPort('a', 8081, undefined, 'n1'), want: withPort('p', 8080), code: 'Success' },
  ];
  for (const t of cases) it(`NodePorts: ${t.name}`, () => expect(code(filter(nodePorts, cluster([node('n1')], [t.used]), t.want, 'n1'))).toBe(t.code));
  it('NodePorts skips pods without host ports', () => expect(filter(nodePorts, cluster([node('n1')]), pod('p'), 'n1')).toBe('Skip'));
});

describe('ImageLocality (§1.5.5)', () => {
  it('scales by spread: 500 MiB on 1 of 2 nodes → 250 MiB → 23', () => {
    const MiB = 1024 * 1024;
    const c = cluster([node('n1', { images: [{ names: ['nginx:1.25'], sizeBytes: 500 * MiB }] }), node('n2')]);
    expect(scores(imageLocality, c, pod('p', { image: 'nginx:1.25' }))).toEqual([23, 0]);
  });
  it('re-scores a node when the spread changes: n2 pulls the image → 500 MiB on 2 of 2 → 500 MiB → 48 (cached per node otherwise)', () => {
    const MiB = 1024 * 1024;
    const img = [{ names: ['nginx:1.25'], sizeBytes: 500 * MiB }];
    const c = cluster([node('n1', { images: img }), node('n2')]);
    expect(scores(imageLocality, c, pod('p', { image: 'nginx:1.25' }))).toEqual([23, 0]);
    expect(scores(imageLocality, c, pod('q', { image: 'nginx:1.25' }))).toEqual([23, 0]);
    c.updateNode(node('n2', { images: img }));
    expect(scores(imageLocality, c, pod('r', { image: 'nginx:1.25' }))).toEqual([48, 48]);
    // a third node without the image: the spread is 2 of 3 again (333 MiB → 31)
    c.addNode(node('n3'));
    expect(scores(imageLocality, c, pod('s', { image: 'nginx:1.25' }))).toEqual([31, 31, 0]);
    // another pod's images on the same nodes: its own score, not the cached one
    expect(scores(imageLocality, c, pod('t', { image: 'redis' }))).toEqual([0, 0, 0]);
  });
  it('appends :latest to untagged images', () => {
    const MiB = 1024 * 1024;
    const c = cluster([node('n1', { images: [{ names: ['redis:latest'], sizeBytes: 1000 * MiB }] })]);
    expect(scores(imageLocality, c, pod('p', { image: 'redis' }))).toEqual([100]);
  });
});

describe('SchedulingGates and PrioritySort (§1.1)', () => {
  it('gated pods wait', () => {
    const st = schedulingGates.preEnqueue(new PodInfo(pod('p', { spec: { schedulingGates: [{ name: 'a' }, { name: 'b' }] } })));
    expect([st.code, st.reasons]).toEqual(['UnschedulableAndUnresolvable', ['waiting for scheduling gates: [a b]']]);
  });
  it('higher priority first, then earlier timestamp', () => {
    const q = (prio: number, ts: number) => ({ podInfo: new PodInfo(pod('p', { priority: prio })), timestampMs: ts, attempts: 0 });
    expect(prioritySort.less(q(10, 5), q(1, 0))).toBe(true);
    expect(prioritySort.less(q(1, 0), q(1, 5))).toBe(true);
    expect(prioritySort.less(q(1, 5), q(1, 0))).toBe(false);
  });
});

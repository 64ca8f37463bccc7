// Acceptance: the single-node filter plugins, from kubernetes/kubernetes pkg/scheduler/framework/plugins/
//   nodename/node_name_test.go, nodeunschedulable/node_unschedulable_test.go, nodeports/node_ports_test.go,
//   nodeaffinity/node_affinity_test.go — run through explain (§1.4).
import type { Container, ContainerPort, Node, NodeSelectorRequirement, NodeSelectorTerm, Pod, PodSpec } from 'kubernetes-types/core/v1.js';
import { describe, expect, it } from 'vitest';
import { explainCase, expectFilter } from './harness.js';

describe('nodename/node_name_test.go TestNodeName', () => {
  const cases: [string, string | undefined, string, boolean][] = [
    ['no host specified', undefined, 'foo', true],
    ['host matches', 'foo', 'foo', true],
    ["host doesn't match", 'bar', 'foo', false],
  ];
  it.each(cases)('%s', (name, podNodeName, nodeName, fits) => {
    // The incoming pod's spec.nodeName is what NodeName checks; explain ignores it when reading bound pods.
    const r = explainCase({ upstream: 'nodename/node_name_test.go TestNodeName', name, nodes: [{ metadata: { name: nodeName } }],
      pod: { metadata: { name: 'p' }, spec: { containers: [], ...(podNodeName !== undefined ? { nodeName: podNodeName } : {}) } } });
    expectFilter(r, { plugin: 'NodeName', nodes: { [nodeName]: fits ? { code: 'Success' } : { code: 'UnschedulableAndUnresolvable', reason: "node(s) didn't match the requested node name" } } });
  });
});

describe('nodeunschedulable/node_unschedulable_test.go TestNodeUnschedulable', () => {
  const cases: [string, PodSpec, boolean, boolean][] = [
    ['Does not schedule pod to unschedulable node (node.Spec.Unschedulable==true)', { containers: [] }, true, false],
    ['Schedule pod to normal node', { containers: [] }, false, true],
    ['Schedule pod with toleration to unschedulable node (node.Spec.Unschedulable==true)',
      { containers: [], tolerations: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] }, true, true],
  ];
  it.each(cases)('%s', (name, spec, unschedulable, fits) => {
    const r = explainCase({ upstream: 'nodeunschedulable/node_unschedulable_test.go TestNodeUnschedulable', name,
      nodes: [{ metadata: { name: 'n' }, spec: { unschedulable } }], pod: { metadata: { name: 'p' }, spec } });
    expectFilter(r, { plugin: 'NodeUnschedulable', nodes: { n: fits ? { code: 'Success' } : { code: 'UnschedulableAndUnresolvable', reason: 'node(s) were unschedulable' } } });
  });
});

describe('nodeports/node_ports_test.go TestNodePorts', () => {
  /** Upstream `newPod(host, "PROTO/IP/PORT"…)`: one container with those host ports. */
  const ports = (...infos: string[]): ContainerPort[] => infos.map((s) => {
    const [protocol, hostIP, port] = s.split('/') as [string, string, string];
    return { containerPort: Number(port), hostPort: Number(port), hostIP, protocol };
  });
  const withPorts = (...infos: string[]): Container[] => [{ name: 'c', image: 'pause', ports: ports(...infos) }];
  const sidecar = (restartPolicy: 'Always' | undefined): PodSpec => ({
    containers: [], initContainers: [{ name: 'init', image: 'pause', ...(restartPolicy ? { restartPolicy } : {}), ports: [{ containerPort: 8001, hostPort: 8001, protocol: 'TCP' }] }],
  });
  const REJECT = { code: 'Unschedulable', reason: "node(s) didn't have free ports for the requested pod ports" } as const;
  type Want = 'Skip' | 'Success' | 'Reject';
  const cases: [string, PodSpec, string[], Want][] = [
    ['skip filter', { containers: [] }, [], 'Skip'],
    ['other port', { containers: withPorts('UDP/127.0.0.1/8080') }, ['UDP/127.0.0.1/9090'], 'Success'],
    ['same udp port', { containers: withPorts('UDP/127.0.0.1/8080') }, ['UDP/127.0.0.1/8080'], 'Reject'],
    ['same tcp port', { containers: withPorts('TCP/127.0.0.1/8080') }, ['TCP/127.0.0.1/8080'], 'Reject'],
    ['different host ip', { containers: withPorts('TCP/127.0.0.1/8080') }, ['TCP/127.0.0.2/8080'], 'Success'],
    ['different protocol', { containers: withPorts('UDP/127.0.0.1/8080') }, ['TCP/127.0.0.1/8080'], 'Success'],
    ['second udp port conflict', { containers: withPorts('UDP/127.0.0.1/8000', 'UDP/127.0.0.1/8080') }, ['UDP/127.0.0.1/8080'], 'Reject'],
    ['first tcp port conflict', { containers: withPorts('TCP/127.0.0.1/8001', 'UDP/127.0.0.1/8080') }, ['TCP/127.0.0.1/8001', 'UDP/127.0.0.1/8081'], 'Reject'],
    ['first tcp port conflict due to 0.0.0.0 hostIP', { containers: withPorts('TCP/0.0.0.0/8001') }, ['TCP/127.0.0.1/8001'], 'Reject'],
    ['TCP hostPort conflict due to 0.0.0.0 hostIP', { containers: withPorts('TCP/10.0.10.10/8001', 'TCP/0.0.0.0/8001') }, ['TCP/127.0.0.1/8001'], 'Reject'],
    ['second tcp port conflict to 0.0.0.0 hostIP', { containers: withPorts('TCP/127.0.0.1/8001') }, ['TCP/0.0.0.0/8001'], 'Reject'],
    ['second different protocol', { containers: withPorts('UDP/127.0.0.1/8001') }, ['TCP/0.0.0.0/8001'], 'Success'],
    ['UDP hostPort conflict due to 0.0.0.0 hostIP', { containers: withPorts('UDP/127.0.0.1/8001') }, ['TCP/0.0.0.0/8001', 'UDP/0.0.0.0/8001'], 'Reject'],
    ['non-sidecar initContainer using hostPort', sidecar(undefined), ['TCP/0.0.0.0/8001'], 'Skip'],
    ['TCP hostPort conflict from sidecar initContainer', sidecar('Always'), ['TCP/0.0.0.0/8001'], 'Reject'],
  ];
  it.each(cases)('%s', (name, spec, existing, want) => {
    const pods: Pod[] = existing.length === 0 ? [] : [{ metadata: { name: 'existing' }, spec: { nodeName: 'm1', containers: withPorts(...existing) } }];
    const r = explainCase({ upstream: 'nodeports/node_ports_test.go TestNodePorts', name, nodes: [{ metadata: { name: 'm1' } }], pods, pod: { metadata: { name: 'p' }, spec } });
    expectFilter(r, { plugin: 'NodePorts', nodes: { m1: want === 'Reject' ? REJECT : { code: want } } });
  });

  it('an empty hostIP counts as 0.0.0.0 (upstream sanitizes it), so it conflicts with any IP', () => {
    const pods: Pod[] = [{ metadata: { name: 'existing' }, spec: { nodeName: 'm1', containers: [{ name: 'c', image: 'pause', ports: [{ containerPort: 80, hostPort: 80, hostIP: '' }] }] } }];
    const r = explainCase({ upstream: 'nodeports/node_ports_test.go TestNodePorts', name: 'empty hostIP', nodes: [{ metadata: { name: 'm1' } }], pods,
      pod: { metadata: { name: 'p' }, spec: { containers: withPorts('TCP/127.0.0.1/80') } } });
    expectFilter(r, { plugin: 'NodePorts', nodes: { m1: REJECT } });
  });
});

describe('nodeaffinity/node_affinity_test.go TestNodeAffinity', () => {
  const ERR = "node(s) didn't match Pod's node affinity/selector";
  const required = (...terms: NodeSelectorTerm[]): NonNullable<PodSpec['affinity']> => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } });
  const expr = (...e: NodeSelectorRequirement[]): NodeSelectorTerm => ({ matchExpressions: e });
  type Want = 'Success' | 'Skip' | 'Reject';
  const cases: [string, Omit<PodSpec, 'containers'>, Record<string, string>, Want, string?][] = [
    ['missing labels', { nodeSelector: { foo: 'bar' } }, {}, 'Reject'],
    ['same labels', { nodeSelector: { foo: 'bar' } }, { foo: 'bar' }, 'Success'],
    ['node labels are superset', { nodeSelector: { foo: 'bar' } }, { foo: 'bar', baz: 'blah' }, 'Success'],
    ['node labels are subset', { nodeSelector: { foo: 'bar', baz: 'blah' } }, { foo: 'bar' }, 'Reject'],
    ['Pod with matchExpressions using In operator that matches the existing node',
      { affinity: required(expr({ key: 'foo', operator: 'In', values: ['bar', 'value2'] })) }, { foo: 'bar' }, 'Success'],
    ['Pod with matchExpressions using Gt operator that matches the existing node',
      { affinity: required(expr({ key: 'kernel-version', operator: 'Gt', values: ['0204'] })) }, { 'kernel-version': '0206' }, 'Success'],
    ['Pod with matchExpressions using NotIn operator that matches the existing node',
      { affinity: required(expr({ key: 'mem-type', operator: 'NotIn', values: ['DDR', 'DDR2'] })) }, { 'mem-type': 'DDR3' }, 'Success'],
    ['Pod with matchExpressions using Exists operator that matches the existing node',
      { affinity: required(expr({ key: 'GPU', operator: 'Exists' })) }, { GPU: 'NVIDIA-GRID-K1' }, 'Success'],
    ["Pod with affinity that don't match node's labels won't schedule onto the node",
      { affinity: required(expr({ key: 'foo', operator: 'In', values: ['value1', 'value2'] })) }, { foo: 'bar' }, 'Reject'],
    ["Pod with empty MatchExpressions is not a valid value will match no objects and won't schedule onto the node",
      { affinity: required({ matchExpressions: [] }) }, { foo: 'bar' }, 'Reject'],
    ['Pod with no Affinity will schedule onto a node', {}, { foo: 'bar' }, 'Skip'],
    ['Pod with Affinity but nil NodeSelector will schedule onto a node', { affinity: { nodeAffinity: {} } }, { foo: 'bar' }, 'Skip'],
    ['Pod with multiple matchExpressions ANDed that matches the existing node',
      { affinity: required(expr({ key: 'GPU', operator: 'Exists' }, { key: 'GPU', operator: 'NotIn', values: ['AMD', 'INTER'] })) }, { GPU: 'NVIDIA-GRID-K1' }, 'Success'],
    ["Pod with multiple matchExpressions ANDed that doesn't match the existing node",
      { affinity: required(expr({ key: 'GPU', operator: 'Exists' }, { key: 'GPU', operator: 'In', values: ['AMD', 'INTER'] })) }, { GPU: 'NVIDIA-GRID-K1' }, 'Reject'],
    ["Pod with multiple NodeSelectorTerms ORed in affinity, matches the node's labels and will schedule onto the node",
      { affinity: required(expr({ key: 'foo', operator: 'In', values: ['bar', 'value2'] }), expr({ key: 'diffkey', operator: 'In', values: ['wrong', 'value2'] })) }, { foo: 'bar' }, 'Success'],
    ['Pod with an Affinity and a PodSpec.NodeSelector(the old thing that we are deprecating) both are satisfied, will schedule onto the node',
      { nodeSelector: { foo: 'bar' }, affinity: required(expr({ key: 'foo', operator: 'Exists' })) }, { foo: 'bar' }, 'Success'],
    ["Pod with an Affinity matches node's labels but the PodSpec.NodeSelector(the old thing that we are deprecating) is not satisfied, won't schedule onto the node",
      { nodeSelector: { foo: 'bar' }, affinity: required(expr({ key: 'foo', operator: 'Exists' })) }, { foo: 'barrrrrr' }, 'Reject'],
    ["Pod with an invalid value in Affinity term won't be scheduled onto the node",
      { affinity: required(expr({ key: 'foo', operator: 'NotIn', values: ['invalid value: ___@#$%^'] })) }, { foo: 'bar' }, 'Reject'],
    ['Pod with matchFields using In operator that matches the existing node',
      { affinity: required({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node1'] }] }) }, {}, 'Success', 'node1'],
    ['Pod with two terms: matchFields does not match, but matchExpressions matches',
      { affinity: required({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node1'] }, { key: 'metadata.name', operator: 'In', values: ['node2'] }] },
        expr({ key: 'foo', operator: 'In', values: ['bar'] })) }, { foo: 'bar' }, 'Success', 'node2'],
  ];
  it.each(cases)('%s', (name, spec, labels, want, nodeName = 'node') => {
    const node: Node = { metadata: { name: nodeName, labels } };
    const r = explainCase({ upstream: 'nodeaffinity/node_affinity_test.go TestNodeAffinity', name, nodes: [node], pod: { metadata: { name: 'p' }, spec: { containers: [], ...spec } } });
    expectFilter(r, { plugin: 'NodeAffinity', nodes: { [nodeName]: want === 'Reject' ? { code: 'UnschedulableAndUnresolvable', reason: ERR } : { code: want } } });
  });

  it('Pod with matchFields using In operator that does not match the existing node: PreFilter narrows to node1, node2 is never filtered', () => {
    const r = explainCase({ upstream: 'nodeaffinity/node_affinity_test.go TestNodeAffinity', name: 'Pod with matchFields using In operator that does not match the existing node',
      nodes: [{ metadata: { name: 'node2' } }],
      pod: { metadata: { name: 'p' }, spec: { containers: [], affinity: required({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node1'] }] }) } } });
    // upstream: wantPreFilterResult {NodeNames: node1}; scheduling then treats node2 as UnschedulableAndUnresolvable
    expect(r.nodes['node2']?.feasible).toBe(false);
    expect(r.nodes['node2']?.filter['PreFilter']).toEqual({ code: 'UnschedulableAndUnresolvable', reasons: ["node(s) didn't satisfy plugin(s) [NodeAffinity]"] });
    expect(r.selectedNode).toBeNull();
  });
});

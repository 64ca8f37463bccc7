// Acceptance: kubernetes/kubernetes pkg/scheduler/framework/plugins/tainttoleration/taint_toleration_test.go,
// run through explain (§1.4 TaintToleration filter, §1.5.3 score with DefaultNormalizeScore reversed).
//
// Reason text: the newest upstream test asserts `node(s) had untolerated taint(s)`; releases v1.30–v1.34 (the
// reference's range, and the issue's FailedScheduling example) name the taint, `node(s) had untolerated taint
// {dedicated: user1}`, which is what kubesim prints. The code, UnschedulableAndUnresolvable, is the same in both.
// Cases that need the alpha TaintTolerationComparisonOperators gate enabled are left out (kubesim models the
// gate off); the gate-off cases of TestTaintTolerationFilterWithFeatureGate are in.
import type { Node, Pod, Taint, Toleration } from 'kubernetes-types/core/v1.js';
import { describe, expect, it } from 'vitest';
import { explainCase, expectFilter, expectScores } from './harness.js';

const FILE = 'tainttoleration/taint_toleration_test.go';
const nodeWithTaints = (name: string, taints: Taint[]): Node => ({ metadata: { name }, spec: { taints } });
const podWithTolerations = (name: string, tolerations: Toleration[]): Pod => ({ metadata: { name }, spec: { containers: [], tolerations } });
const UNTOLERATED = /^node\(s\) had untolerated taint/;

describe(`${FILE} TestTaintTolerationScore`, () => {
  const cases: [string, Pod, Node[], Record<string, number>][] = [
    ['node with taints tolerated by the pod, gets a higher score than those node with intolerable taints',
      podWithTolerations('pod1', [{ key: 'foo', operator: 'Equal', value: 'bar', effect: 'PreferNoSchedule' }]),
      [nodeWithTaints('nodeA', [{ key: 'foo', value: 'bar', effect: 'PreferNoSchedule' }]),
        nodeWithTaints('nodeB', [{ key: 'foo', value: 'blah', effect: 'PreferNoSchedule' }])],
      { nodeA: 100, nodeB: 0 }],
    ['the nodes that all of their taints are tolerated by the pod, get the same score, no matter how many tolerable taints a node has',
      podWithTolerations('pod1', [{ key: 'cpu-type', operator: 'Equal', value: 'arm64', effect: 'PreferNoSchedule' },
        { key: 'disk-type', operator: 'Equal', value: 'ssd', effect: 'PreferNoSchedule' }]),
      [nodeWithTaints('nodeA', []), nodeWithTaints('nodeB', [{ key: 'cpu-type', value: 'arm64', effect: 'PreferNoSchedule' }]),
        nodeWithTaints('nodeC', [{ key: 'cpu-type', value: 'arm64', effect: 'PreferNoSchedule' }, { key: 'disk-type', value: 'ssd', effect: 'PreferNoSchedule' }])],
      { nodeA: 100, nodeB: 100, nodeC: 100 }],
    ['the more intolerable taints a node has, the lower score it gets.',
      podWithTolerations('pod1', [{ key: 'foo', operator: 'Equal', value: 'bar', effect: 'PreferNoSchedule' }]),
      [nodeWithTaints('nodeA', []), nodeWithTaints('nodeB', [{ key: 'cpu-type', value: 'arm64', effect: 'PreferNoSchedule' }]),
        nodeWithTaints('nodeC', [{ key: 'cpu-type', value: 'arm64', effect: 'PreferNoSchedule' }, { key: 'disk-type', value: 'ssd', effect: 'PreferNoSchedule' }])],
      { nodeA: 100, nodeB: 50, nodeC: 0 }],
    ['only taints and tolerations that have effect PreferNoSchedule are checked by taints-tolerations priority function',
      podWithTolerations('pod1', [{ key: 'cpu-type', operator: 'Equal', value: 'arm64', effect: 'NoSchedule' },
        { key: 'disk-type', operator: 'Equal', value: 'ssd', effect: 'NoSchedule' }]),
      [nodeWithTaints('nodeA', []), nodeWithTaints('nodeB', [{ key: 'cpu-type', value: 'arm64', effect: 'NoSchedule' }]),
        nodeWithTaints('nodeC', [{ key: 'cpu-type', value: 'arm64', effect: 'PreferNoSchedule' }, { key: 'disk-type', value: 'ssd', effect: 'PreferNoSchedule' }])],
      { nodeA: 100, nodeB: 100, nodeC: 0 }],
    ['Default behaviour No taints and tolerations, lands on node with no taints',
      podWithTolerations('pod1', []),
      [nodeWithTaints('nodeA', []), nodeWithTaints('nodeB', [{ key: 'cpu-type', value: 'arm64', effect: 'PreferNoSchedule' }])],
      { nodeA: 100, nodeB: 0 }],
  ];
  it.each(cases)('%s', (name, pod, nodes, want) => {
    const r = explainCase({ upstream: `${FILE} TestTaintTolerationScore`, name, nodes, pod });
    expectScores(r, 'TaintToleration', want);
  });
});

describe(`${FILE} TestTaintTolerationFilter (and the gate-off cases of TestTaintTolerationFilterWithFeatureGate)`, () => {
  type C = [string, Toleration[], Taint[], boolean];
  const cases: C[] = [
    ["A pod having no tolerations can't be scheduled onto a node with nonempty taints",
      [], [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }], false],
    ['A pod which can be scheduled on a dedicated node assigned to user1 with effect NoSchedule',
      [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }], [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }], true],
    ["A pod which can't be scheduled on a dedicated node assigned to user2 with effect NoSchedule",
      [{ key: 'dedicated', operator: 'Equal', value: 'user2', effect: 'NoSchedule' }], [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }], false],
    ['A pod can be scheduled onto the node, with a toleration uses operator Exists that tolerates the taints on the node',
      [{ key: 'foo', operator: 'Exists', effect: 'NoSchedule' }], [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }], true],
    ['A pod has multiple tolerations, node has multiple taints, all the taints are tolerated, pod can be scheduled onto the node',
      [{ key: 'dedicated', operator: 'Equal', value: 'user2', effect: 'NoSchedule' }, { key: 'foo', operator: 'Exists', effect: 'NoSchedule' }],
      [{ key: 'dedicated', value: 'user2', effect: 'NoSchedule' }, { key: 'foo', value: 'bar', effect: 'NoSchedule' }], true],
    ["A pod has a toleration that keys and values match the taint on the node, but (non-empty) effect doesn't match, can't be scheduled onto the node",
      [{ key: 'foo', operator: 'Equal', value: 'bar', effect: 'PreferNoSchedule' }], [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }], false],
    ['The pod has a toleration that keys and values match the taint on the node, the effect of toleration is empty, and the effect of taint is NoSchedule. Pod can be scheduled onto the node',
      [{ key: 'foo', operator: 'Equal', value: 'bar' }], [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }], true],
    ["The pod has a toleration that key and value don't match the taint on the node, but the effect of taint on node is PreferNoSchedule. Pod can be scheduled onto the node",
      [{ key: 'dedicated', operator: 'Equal', value: 'user2', effect: 'NoSchedule' }], [{ key: 'dedicated', value: 'user1', effect: 'PreferNoSchedule' }], true],
    ['The pod has no toleration, but the effect of taint on node is PreferNoSchedule. Pod can be scheduled onto the node',
      [], [{ key: 'dedicated', value: 'user1', effect: 'PreferNoSchedule' }], true],
    ['[WithFeatureGate] Pod with Gt toleration cannot be scheduled when feature gate is disabled',
      [{ key: 'node.kubernetes.io/sla', operator: 'Gt', value: '750', effect: 'NoSchedule' }], [{ key: 'node.kubernetes.io/sla', value: '950', effect: 'NoSchedule' }], false],
    ['[WithFeatureGate] Pod with Lt toleration cannot be scheduled when feature gate is disabled',
      [{ key: 'node.kubernetes.io/sla', operator: 'Lt', value: '950', effect: 'NoSchedule' }], [{ key: 'node.kubernetes.io/sla', value: '800', effect: 'NoSchedule' }], false],
    ['[WithFeatureGate] Pod with mixed tolerations (Equal and Gt) when feature gate is disabled - only Equal is honored',
      [{ key: 'dedicated', operator: 'Equal', value: 'user1', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/sla', operator: 'Gt', value: '750', effect: 'NoSchedule' }],
      [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }], true],
    ['[WithFeatureGate] Pod with mixed tolerations, Gt toleration needed but filtered out when feature gate is disabled',
      [{ key: 'dedicated', operator: 'Equal', value: 'user1', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/sla', operator: 'Gt', value: '750', effect: 'NoSchedule' }],
      [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/sla', value: '950', effect: 'NoSchedule' }], false],
  ];
  it.each(cases)('%s', (name, tolerations, taints, fits) => {
    const r = explainCase({ upstream: `${FILE} TestTaintTolerationFilter`, name, nodes: [nodeWithTaints('nodeA', taints)], pod: podWithTolerations('pod1', tolerations) });
    expectFilter(r, { plugin: 'TaintToleration', nodes: { nodeA: fits ? { code: 'Success' } : { code: 'UnschedulableAndUnresolvable', reason: UNTOLERATED } } });
    expect(r.selectedNode).toBe(fits ? 'nodeA' : null);
  });
});

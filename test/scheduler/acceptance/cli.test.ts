// Acceptance through the `kubesim explain` process itself: a sample of the upstream cases (one per plugin
// file) is written as cluster.yaml / pod.yaml and run with `kubesim explain -f … --pod …` (from source); the
// printed JSON must equal the in-process explain of the same YAML and carry upstream's expected values.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ExplainResult } from '../../../src/scheduler/index.js';
import { caseYaml, explainCase, expectFilter, expectPluginFilter, expectScores, type AcceptanceCase } from './harness.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kubesim-acceptance-'));

function kubesimExplain(c: AcceptanceCase, tag: string): Promise<ExplainResult> {
  const y = caseYaml(c);
  const cluster = join(dir, `${tag}-cluster.yaml`);
  const pod = join(dir, `${tag}-pod.yaml`);
  writeFileSync(cluster, y.cluster);
  writeFileSync(pod, y.pod);
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', 'test/fixtures/cli.ts', 'explain', '-f', cluster, '--pod', pod], { cwd: root, encoding: 'utf8' },
      (err, stdout, stderr) => (err === null ? resolve(JSON.parse(stdout) as ExplainResult) : reject(new Error(`${err.message}\n${stderr}`))));
  });
}

const cases: { tag: string; c: AcceptanceCase; check: (r: ExplainResult) => void }[] = [
  {
    tag: 'taint-score',
    c: {
      upstream: 'tainttoleration/taint_toleration_test.go TestTaintTolerationScore', name: 'the more intolerable taints a node has, the lower score it gets.',
      pod: { metadata: { name: 'pod1' }, spec: { containers: [], tolerations: [{ key: 'foo', operator: 'Equal', value: 'bar', effect: 'PreferNoSchedule' }] } },
      nodes: [{ metadata: { name: 'nodeA' }, spec: { taints: [] } },
        { metadata: { name: 'nodeB' }, spec: { taints: [{ key: 'cpu-type', value: 'arm64', effect: 'PreferNoSchedule' }] } },
        { metadata: { name: 'nodeC' }, spec: { taints: [{ key: 'cpu-type', value: 'arm64', effect: 'PreferNoSchedule' }, { key: 'disk-type', value: 'ssd', effect: 'PreferNoSchedule' }] } }],
    },
    check: (r) => expectScores(r, 'TaintToleration', { nodeA: 100, nodeB: 50, nodeC: 0 }),
  },
  {
    tag: 'ports',
    c: {
      upstream: 'nodeports/node_ports_test.go TestNodePorts', name: 'UDP hostPort conflict due to 0.0.0.0 hostIP', nodes: [{ metadata: { name: 'm1' } }],
      pods: [{ metadata: { name: 'e' }, spec: { nodeName: 'm1', containers: [{ name: 'c', image: 'pause', ports: [
        { containerPort: 8001, hostPort: 8001, hostIP: '0.0.0.0', protocol: 'TCP' }, { containerPort: 8001, hostPort: 8001, hostIP: '0.0.0.0', protocol: 'UDP' }] }] } }],
      pod: { metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'pause', ports: [{ containerPort: 8001, hostPort: 8001, hostIP: '127.0.0.1', protocol: 'UDP' }] }] } },
    },
    check: (r) => expectFilter(r, { plugin: 'NodePorts', nodes: { m1: { code: 'Unschedulable', reason: "node(s) didn't have free ports for the requested pod ports" } } }),
  },
  {
    tag: 'affinity',
    c: {
      upstream: 'nodeaffinity/node_affinity_test.go TestNodeAffinity', name: "Pod with multiple matchExpressions ANDed that doesn't match the existing node",
      nodes: [{ metadata: { name: 'node', labels: { GPU: 'NVIDIA-GRID-K1' } } }],
      pod: { metadata: { name: 'p' }, spec: { containers: [], affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [
        { matchExpressions: [{ key: 'GPU', operator: 'Exists' }, { key: 'GPU', operator: 'In', values: ['AMD', 'INTER'] }] }] } } } } },
    },
    check: (r) => expectFilter(r, { plugin: 'NodeAffinity', nodes: { node: { code: 'UnschedulableAndUnresolvable', reason: "node(s) didn't match Pod's node affinity/selector" } } }),
  },
  {
    tag: 'unschedulable',
    c: {
      upstream: 'nodeunschedulable/node_unschedulable_test.go TestNodeUnschedulable', name: 'Schedule pod with toleration to unschedulable node (node.Spec.Unschedulable==true)',
      nodes: [{ metadata: { name: 'n' }, spec: { unschedulable: true } }],
      pod: { metadata: { name: 'p' }, spec: { containers: [], tolerations: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] } },
    },
    check: (r) => { expectFilter(r, { plugin: 'NodeUnschedulable', nodes: { n: { code: 'Success' } } }); expect(r.selectedNode).toBe('n'); },
  },
  {
    tag: 'fit',
    c: {
      upstream: 'noderesources/fit_test.go TestEnoughRequests', name: 'too many resources fails due to init container cpu',
      nodes: [{ metadata: { name: 'node' }, status: { allocatable: { cpu: '10m', memory: '20', pods: '32' } } }],
      pods: [{ metadata: { name: 'e' }, spec: { nodeName: 'node', containers: [{ name: 'c', image: 'pause', resources: { requests: { cpu: '8m', memory: '19' } } }] } }],
      pod: { metadata: { name: 'p' }, spec: {
        containers: [{ name: 'c', image: 'pause', resources: { requests: { cpu: '1m', memory: '1' } } }],
        initContainers: [{ name: 'i', image: 'pause', resources: { requests: { cpu: '3m', memory: '1' } } }] } },
    },
    check: (r) => expectFilter(r, { plugin: 'NodeResourcesFit', nodes: { node: { code: 'Unschedulable', reason: 'Insufficient cpu' } } }),
  },
  {
    tag: 'spread',
    c: {
      upstream: 'podtopologyspread/filtering_test.go TestSingleConstraint', name: 'pods spread across nodes as 2/1/0/3, only node-x fits',
      nodes: ['node-a', 'node-b', 'node-x', 'node-y'].map((n) => ({ metadata: { name: n, labels: { zone: n < 'node-x' ? 'zone1' : 'zone2', node: n } } })),
      pods: ([['p-a1', 'node-a'], ['p-a2', 'node-a'], ['p-b1', 'node-b'], ['p-y1', 'node-y'], ['p-y2', 'node-y'], ['p-y3', 'node-y']] as [string, string][])
        .map(([name, nodeName]) => ({ metadata: { name, labels: { foo: '' } }, spec: { nodeName, containers: [] } })),
      pod: { metadata: { name: 'p', labels: { foo: '' } }, spec: { containers: [], topologySpreadConstraints: [
        { maxSkew: 1, topologyKey: 'node', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchExpressions: [{ key: 'foo', operator: 'Exists' }] } }] } },
    },
    check: (r) => {
      const U = { code: 'Unschedulable', reason: "node(s) didn't match pod topology spread constraints" } as const;
      expectPluginFilter(r, { plugin: 'PodTopologySpread', nodes: { 'node-a': U, 'node-b': U, 'node-x': { code: 'Success' }, 'node-y': U } });
      expect(r.selectedNode).toBe('node-x');
    },
  },
  {
    // The Namespace documents of the cluster file reach the scheduler through the CLI too.
    tag: 'pod-affinity-namespace-selector',
    c: {
      upstream: 'interpodaffinity/filtering_test.go TestRequiredAffinitySingleNode', name: 'affinity with NamespaceSelector',
      namespaces: [{ metadata: { name: 'subteam1.team1', labels: { team: 'team1' } } }],
      nodes: [{ metadata: { name: 'node1', labels: { region: 'r1', zone: 'z11' } } }],
      pods: [{ metadata: { name: 'e', namespace: 'subteam1.team1', labels: { service: 'securityscan' } }, spec: { nodeName: 'node1', containers: [] } }],
      pod: { metadata: { name: 'p', labels: { security: 'S1' } }, spec: { containers: [], affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{
        labelSelector: { matchExpressions: [{ key: 'service', operator: 'In', values: ['securityscan', 'value2'] }] },
        namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'In', values: ['team1'] }] }, topologyKey: 'region' }] } } } },
    },
    check: (r) => { expectFilter(r, { plugin: 'InterPodAffinity', nodes: { node1: { code: 'Success' } } }); expect(r.selectedNode).toBe('node1'); },
  },
];

describe.concurrent('upstream cases through the kubesim explain process', () => {
  it.each(cases)('$c.upstream: $c.name', async ({ tag, c, check }) => {
    const out = await kubesimExplain(c, tag);
    expect(out).toEqual(explainCase(c));
    check(out);
  });
});

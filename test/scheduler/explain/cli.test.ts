// `kubesim explain -f cluster.yaml --pod pod.yaml [--config …] [--table]` prints explainPod's JSON (or a
// table) for YAML files on disk; bad files and flags print one `kubesim: …` line and exit 2.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseManifests } from '../../../src/api/apply/index.js';
import { clusterFromManifests, explainPod, podFromManifests, type ExplainResult } from '../../../src/scheduler/index.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
/** Runs `kubesim explain …` in a child process (asynchronously, so the cases run concurrently). */
const kubesim = (...args: string[]) => new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
  execFile(process.execPath, ['--import', 'tsx', 'test/fixtures/cli.ts', 'explain', ...args], { cwd: root, encoding: 'utf8' },
    (err, stdout, stderr) => resolve({ status: err === null ? 0 : typeof err.code === 'number' ? err.code : -1, stdout, stderr }));
});

const dir = mkdtempSync(join(tmpdir(), 'kubesim-explain-'));
const write = (name: string, text: string): string => { const p = join(dir, name); writeFileSync(p, text); return p; };

const CLUSTER = `apiVersion: v1
kind: Node
metadata: {name: node-1}
status: {allocatable: {cpu: "4", memory: 8Gi, pods: "110"}}
---
apiVersion: v1
kind: Node
metadata: {name: node-2}
status: {allocatable: {cpu: "4", memory: 8Gi, pods: "110"}}
---
apiVersion: v1
kind: Node
metadata: {name: node-3}
spec: {taints: [{key: dedicated, value: gpu, effect: NoSchedule}]}
status: {allocatable: {cpu: "4", memory: 8Gi, pods: "110"}}
---
apiVersion: v1
kind: Pod
metadata: {name: busy}
spec:
  nodeName: node-1
  containers: [{name: c, image: busybox, resources: {requests: {cpu: "2", memory: 4Gi}}}]
---
apiVersion: v1
kind: Service
metadata: {name: ignored}
spec: {ports: [{port: 80}]}
`;
const POD = `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop}
spec:
  containers: [{name: c, image: nginx, resources: {requests: {cpu: "1", memory: 1Gi}}}]
`;
const cluster = write('cluster.yaml', CLUSTER);
const podFile = write('pod.yaml', POD);

describe.concurrent('kubesim explain', () => {
  it('prints the same JSON as explainPod: node-2 wins with LeastAllocated 81 vs 31 (§1.5.1)', async () => {
    const r = await kubesim('-f', cluster, '--pod', podFile);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as ExplainResult;
    const { nodes, pods } = clusterFromManifests(parseManifests(CLUSTER));
    expect(out).toEqual(explainPod({ nodes, pods, pod: podFromManifests(parseManifests(POD)) }));
    expect(out.pod).toBe('shop/web');
    expect(out.selectedNode).toBe('node-2');
    expect(out.nodes['node-1']?.scores['NodeResourcesFit']?.raw).toBe(31);
    expect(out.nodes['node-3']?.filter['TaintToleration']?.reasons).toEqual(['node(s) had untolerated taint {dedicated: gpu}']);
  });

  it('--table prints a node table marking the choice and a score table', async () => {
    const r = await kubesim('-f', cluster, '--pod', podFile, '--table');
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('pod shop/web → node-2');
    expect(lines).toContain('node-2 *  yes       474');
    expect(lines).toContain('node-3    no        -      TaintToleration: node(s) had untolerated taint {dedicated: gpu}');
    expect(lines).toContain('node-1  NodeResourcesFit                 31   31          1       31');
  });

  it('--config picks the profile: MostAllocated packs onto node-1 (raw 68 vs 18)', async () => {
    const config = write('sched.yaml', `apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
profiles:
- schedulerName: default-scheduler
  pluginConfig:
  - name: NodeResourcesFit
    args: {scoringStrategy: {type: MostAllocated}}
`);
    const r = await kubesim('-f', cluster, '--pod', podFile, '--config', config);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as ExplainResult;
    expect(out.selectedNode).toBe('node-1');
    expect([out.nodes['node-1']?.scores['NodeResourcesFit']?.raw, out.nodes['node-2']?.scores['NodeResourcesFit']?.raw]).toEqual([68, 18]);
  });

  const mistakes: [string, string[], RegExp][] = [
    ['a missing cluster file', ['-f', join(dir, 'nope.yaml'), '--pod', podFile], /^kubesim: cannot read cluster file ".*nope\.yaml": no such file$/],
    ['a directory as pod file', ['-f', cluster, '--pod', dir], /^kubesim: cannot read pod file ".*": is a directory$/],
    ['broken YAML', ['-f', write('bad.yaml', 'kind: Node\nmetadata: {name: [\n'), '--pod', podFile], /^kubesim: .*bad\.yaml.*yaml: line \d+/],
    ['a cluster without nodes', ['-f', podFile, '--pod', podFile], /^kubesim: .*pod\.yaml holds no Node objects$/],
    ['a pod file without a pod', ['-f', cluster, '--pod', write('svc.yaml', 'kind: Service\nmetadata: {name: s}\n')], /^kubesim: .*svc\.yaml hold no Pod and no workload with a pod template$/],
    ['an invalid configuration', ['-f', cluster, '--pod', podFile, '--config', write('c.yaml', 'percentageOfNodesToScore: 101\n')],
      /^kubesim: invalid KubeSchedulerConfiguration: percentageOfNodesToScore: Invalid value: 101/],
    ['a missing --pod', ['-f', cluster], /^kubesim: explain needs -f <cluster\.yaml> and --pod <pod\.yaml>$/],
    ['an unknown flag', ['-f', cluster, '--pod', podFile, '--json'], /^kubesim: unknown flag "--json"$/],
  ];
  it.each(mistakes)('%s: one line on stderr, exit 2, nothing on stdout', async (_name, args, line) => {
    const r = await kubesim(...args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toMatch(line);
  });
});

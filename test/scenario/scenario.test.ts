// Scenario files: mistakes are reported with the path of each problem and nothing runs; the example scenarios
// meet their expectations; the same scenario and seed give the same fingerprint from the CLI in two processes.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenario, parseScenario, runScenario, ScenarioError } from '../../src/scenario/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'test/fixtures/cli.ts', ...args], { cwd: root, encoding: 'utf8' });

describe('scenario files', () => {
  it('lists every mistake with its path, and runs nothing', () => {
    const text = `
apiVersion: kubesim.io/v1alpha1
kind: Scenario
spec:
  horizon: 5 minutes
  cluster:
    nodePools: [{ namePrefix: node }]
  manifests: [does-not-exist.yaml]
  timeline:
    - { at: 1m, action: explode }
    - { action: scale, deployment: web, replicas: -1 }
  expect:
    - { deploymentAvailable: { name: web } }
`;
    let err: unknown;
    try {
      parseScenario(text, { source: 'bad.yaml', baseDir: root });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ScenarioError);
    const paths = (err as ScenarioError).problems.map((p) => p.path);
    expect(paths).toEqual([
      'spec.seed',
      'spec.horizon',
      'spec.cluster.nodePools[0]',
      'spec.manifests[0]',
      'spec.timeline[0].action',
      'spec.timeline[1].at',
      'spec.timeline[1].replicas',
      'spec.expect[0].deploymentAvailable.by',
    ]);
    expect((err as Error).message).toMatch(/^bad\.yaml: invalid scenario:\n {2}spec\.seed: Required value/);
  });

  it.each(['deployment', 'rolling-update', 'node-crash', 'crashloop-rollback', 'zone-outage'])('examples/%s meets its expectations', (name) => {
    const report = runScenario(loadScenario(`${root}examples/${name}/scenario.yaml`));
    expect(report.expectations.length).toBeGreaterThan(0);
    for (const e of report.expectations) expect(e, e.detail).toMatchObject({ ok: true });
  });

  it('node-crash: the crashed node’s pods are replaced on healthy nodes (§6: 50 s grace + 300 s toleration)', () => {
    const report = runScenario(loadScenario(`${root}examples/node-crash/scenario.yaml`));
    const pods = report.cluster.list<{ spec?: { nodeName?: string }; metadata?: { deletionTimestamp?: string }; status?: { phase?: string } }>('Pod');
    const live = pods.filter((p) => p.metadata?.deletionTimestamp === undefined);
    expect(live).toHaveLength(10);
    expect(live.every((p) => p.spec?.nodeName !== 'node-2' && p.status?.phase === 'Running')).toBe(true);
    expect(pods.some((p) => p.spec?.nodeName === 'node-2' && p.metadata?.deletionTimestamp !== undefined)).toBe(true);
  });
});

describe('the kubesim command', () => {
  it('gives the same fingerprint for the same scenario and seed in two processes', () => {
    const run = (seed: string) => {
      const r = cli('run', 'examples/rolling-update/scenario.yaml', '--seed', seed, '--json');
      expect(r.status, r.stderr).toBe(0);
      return (JSON.parse(r.stdout) as { fingerprint: string }).fingerprint;
    };
    const a = run('5');
    expect(run('5')).toBe(a);
    expect(run('6')).not.toBe(a);
  });

  it('bad input gives one clear line and exit code 2, never a stack trace', () => {
    const bad = cli('run', 'examples/nope.yaml');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^kubesim: examples\/nope\.yaml: invalid scenario:\n {2}\(file\): ENOENT/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    const flag = cli('run', 'examples/deployment/scenario.yaml', '--speed', '9');
    expect(flag.status).toBe(2);
    expect(flag.stderr).toMatch(/^kubesim: unknown flag "--speed"/);
    const until = cli('run', 'examples/deployment/scenario.yaml', '--until', 'soon');
    expect(until.stderr).toMatch(/^kubesim: invalid duration "soon"/);
  });
});

describe('faults in scenario files', () => {
  const head = `
apiVersion: kubesim.io/v1alpha1
kind: Scenario
metadata: { name: faults }
spec:
  seed: 4
  horizon: 8m
  cluster:
    nodePools: [{ namePrefix: node, count: 4, zones: [zone-a, zone-b] }]
  manifests:
    - apiVersion: apps/v1
      kind: Deployment
      metadata: { name: web }
      spec:
        replicas: 4
        selector: { matchLabels: { app: web } }
        template:
          metadata: { labels: { app: web } }
          spec: { containers: [{ name: web, image: nginx:1.25 }] }
`;

  it('reports every bad fault field with its path', () => {
    const text = `${head}  timeline:
    - { at: 1m, action: fault, fault: { type: apiErrors, code: 418, probability: 2 } }
    - { at: 2m, action: fault, fault: { type: meteor } }
    - { at: 3m, action: fault, fault: { type: partition, components: [kube-scheduler] }, for: soon }
    - { at: 4m, action: drain }
  faults:
    - { at: 1m, fault: { type: watchChaos, drop: -1, colour: red } }
    - { fault: { type: nodeCrash } }
`;
    let err: unknown;
    try {
      parseScenario(text, { source: 'faults.yaml' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ScenarioError);
    const problems = (err as ScenarioError).problems.map((p) => `${p.path}: ${p.reason}`);
    expect(problems).toEqual([
      'spec.timeline[0].fault.code: must be one of 409, 429, 500, 504',
      'spec.timeline[0].fault.probability: must be between 0 and 1',
      expect.stringMatching(/^spec\.timeline\[1\]\.fault\.type: Unsupported value: "meteor": supported values: nodeCrash, /),
      expect.stringMatching(/^spec\.timeline\[2\]\.for: /),
      'spec.timeline[3].node: Required value',
      'spec.faults[0].fault.colour: unknown field for a watchChaos fault',
      'spec.faults[0].fault.drop: must be between 0 and 1',
      'spec.faults[1].at: Required value',
      'spec.faults[1].fault.node: Required value',
    ]);
  });

  it('parses fault, healAll and drain actions into their round-trippable form, spec.faults merged by time', () => {
    const s = parseScenario(`${head}  timeline:
    - at: 3m
      action: fault
      fault: { type: partition, components: [kube-scheduler] }
      for: 2m
    - { at: 6m, action: healAll }
    - { at: 7m, action: drain, node: node-2 }
  faults:
    - { at: 1m, fault: { type: nodeCrash, node: node-1 }, for: 10m }
    - { at: 4m, fault: { type: watchCompaction } }
`);
    expect(s.timeline).toEqual([
      { action: 'fault', atMs: 60_000, fault: { type: 'nodeCrash', node: 'node-1' }, durationMs: 600_000 },
      { action: 'fault', atMs: 180_000, fault: { type: 'partition', components: ['kube-scheduler'] }, durationMs: 120_000 },
      { action: 'fault', atMs: 240_000, fault: { type: 'watchCompaction' } },
      { action: 'healAll', atMs: 360_000 },
      { action: 'drain', atMs: 420_000, node: 'node-2' },
    ]);
  });

  it('runs a scenario with faults: a crashed node and a partitioned scheduler heal, then a drain moves pods off node-2', () => {
    const s = parseScenario(`${head}  timeline:
    - { at: 1m, action: fault, fault: { type: partition, components: [kube-scheduler] }, for: 1m }
    - { at: 1m, action: fault, fault: { type: nodeCrash, node: node-1 } }
    - { at: 3m, action: healAll }
    - { at: 5m, action: drain, node: node-2 }
  expect:
    - deploymentAvailable: { name: web, by: 8m }
`);
    const report = runScenario(s, { trace: { capacity: 100_000, include: 'notes' } });
    for (const e of report.expectations) expect(e, e.detail).toMatchObject({ ok: true });
    const c = report.cluster;
    expect(c.faultHistory().map((f) => [f.fault.type, f.startedAtMs, f.endedAtMs])).toEqual([
      ['partition', 60_000, 120_000],
      ['nodeCrash', 60_000, 180_000],
    ]);
    const notes = c.sim.trace().flatMap((t) => (t.kind === 'note' && t.what.startsWith('fault ') ? [[t.time, t.what]] : []));
    expect(notes).toEqual([
      [60_000, 'fault start'],
      [60_000, 'fault start'],
      [120_000, 'fault heal'],
      [180_000, 'fault heal'],
    ]);
    const node2 = c.get<{ spec?: { unschedulable?: boolean } }>('Node', '', 'node-2');
    expect(node2?.spec?.unschedulable).toBe(true);
    const web = c.list<{ spec?: { nodeName?: string }; metadata?: { deletionTimestamp?: string } }>('Pod').filter((p) => p.metadata?.deletionTimestamp === undefined);
    expect(web).toHaveLength(4);
    expect(web.some((p) => p.spec?.nodeName === 'node-2')).toBe(false);
  });
});

describe('examples/zone-outage', () => {
  it('zone-b goes Unknown 50 s after the outage, its pods are evicted 300 s after the taint and stay Terminating until the heal, and every invariant holds', () => {
    const atNine = runScenario(loadScenario(`${root}examples/zone-outage/scenario.yaml`), { untilMs: 9 * 60_000 });
    const nodes = atNine.cluster.list<{ metadata: { name: string; labels: Record<string, string> }; status: { conditions: { type: string; status: string }[] } }>('Node');
    for (const n of nodes) {
      const ready = n.status.conditions.find((c) => c.type === 'Ready')?.status;
      expect(ready).toBe(n.metadata.labels['topology.kubernetes.io/zone'] === 'zone-b' ? 'Unknown' : 'True');
    }
    const pods = atNine.cluster.list<{ metadata: { deletionTimestamp?: string }; spec: { nodeName: string } }>('Pod');
    const zoneB = new Set(nodes.filter((n) => n.metadata.labels['topology.kubernetes.io/zone'] === 'zone-b').map((n) => n.metadata.name));
    // on an unreachable node a deleted pod cannot finish terminating (kubernetes-behaviour.md §6)
    for (const p of pods) expect(p.metadata.deletionTimestamp !== undefined).toBe(zoneB.has(p.spec.nodeName));
    expect(pods.filter((p) => !zoneB.has(p.spec.nodeName))).toHaveLength(10);
    const end = runScenario(loadScenario(`${root}examples/zone-outage/scenario.yaml`));
    expect(end.expectations.filter((e) => e.expectation.startsWith('invariant '))).toHaveLength(5);
    expect(end.expectations.every((e) => e.ok)).toBe(true);
    expect(end.cluster.list('Pod')).toHaveLength(10);
  });
});

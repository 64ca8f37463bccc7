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

  it.each(['deployment', 'rolling-update', 'node-crash', 'crashloop-rollback'])('examples/%s meets its expectations', (name) => {
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

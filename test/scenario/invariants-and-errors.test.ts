// Scenario files name the testing kit's built-in invariants as expectations (checked at every store change of the
// run, reported PASS/FAIL like any expectation, and by `kubesim run` with a non-zero exit); a timeline action that
// fails as a kubectl command would (`rollout undo` with no history: "no rollout history found") is reported and
// the run goes on.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseScenario, runScenario, ScenarioError } from '../../src/scenario/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'test/fixtures/cli.ts', ...args], { cwd: root, encoding: 'utf8' });

const scenario = (expect: string, timeline = '[]', faults = '[]') => `
apiVersion: kubesim.io/v1alpha1
kind: Scenario
metadata: { name: inv }
spec:
  seed: 4
  horizon: 4m
  cluster:
    nodePools: [{ namePrefix: node, count: 3 }]
  manifests:
    - apiVersion: apps/v1
      kind: Deployment
      metadata: { name: web, namespace: default }
      spec:
        replicas: 4
        selector: { matchLabels: { app: web } }
        template:
          metadata: { labels: { app: web } }
          spec: { containers: [{ name: web, image: nginx, resources: { requests: { cpu: 100m } } }] }
  timeline: ${timeline}
  faults: ${faults}
  expect: ${expect}
`;

describe('scenario invariants and action errors', () => {
  it('checks every built-in invariant through a rolling update and reports each as held', () => {
    const s = parseScenario(scenario('[{ invariant: all }]', '[{ at: 1m, action: setImage, deployment: web, container: web, image: "nginx:2" }]'));
    const r = runScenario(s);
    const names = r.expectations.map((e) => e.expectation);
    expect(names).toEqual([
      'invariant no-node-overcommitted',
      'invariant pods-fit-node-at-bind',
      'invariant no-pod-lost',
      'invariant rollout-within-bounds',
      'invariant informers-match-store',
    ]);
    for (const e of r.expectations) {
      expect(e.ok).toBe(true);
      expect(e.detail).toMatch(/^held over \d+ checks$/);
    }
  });

  it('reports a violated invariant with its time and reason (a dropped DELETED event leaves a stale informer)', () => {
    const faults = '[{ at: 30s, fault: { type: watchChaos, components: [replicaset-controller], kinds: [Pod], eventTypes: [DELETED], drop: 1 }, for: 1m }]';
    const timeline = '[{ at: 40s, action: scale, deployment: web, replicas: 1 }]';
    const s = parseScenario(scenario('[{ invariant: informers-match-store }]', timeline, faults));
    const r = runScenario(s);
    const e = r.expectations[0];
    expect(e?.ok).toBe(false);
    expect(e?.detail).toMatch(/^violated at t=\d+m?\d*s? \(event \d+\): kube-controller-manager: Pod informer/);
  });

  it('rejects an unknown invariant name with the path and the supported values', () => {
    let err: unknown;
    try {
      parseScenario(scenario('[{ invariant: no-such-thing }]'), { source: 'x.yaml' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ScenarioError);
    expect((err as ScenarioError).problems[0]?.path).toBe('spec.expect[0].invariant');
    expect((err as ScenarioError).problems[0]?.reason).toMatch(/Unsupported value: "no-such-thing": supported values: "all", "no-node-overcommitted"/);
  });

  it('a failing action is reported and the run goes on; kubesim run prints it and the invariant verdicts', () => {
    const text = scenario('[{ invariant: no-pod-lost }]', '[{ at: 1m, action: rolloutUndo, deployment: web }, { at: 2m, action: scale, deployment: web, replicas: 6 }]');
    const r = runScenario(parseScenario(text));
    expect(r.actionErrors).toEqual([{ atMs: 60_000, action: 'rolloutUndo', error: 'error: no rollout history found' }]);
    expect(r.cluster.list('Pod')).toHaveLength(6);
    const dir = mkdtempSync(join(tmpdir(), 'kubesim-inv-'));
    const file = join(dir, 'scenario.yaml');
    writeFileSync(file, text);
    const out = cli('run', file);
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(/action rolloutUndo at t=1m: error: no rollout history found/);
    expect(out.stdout).toMatch(/PASS invariant no-pod-lost: held over \d+ checks/);
  });
});

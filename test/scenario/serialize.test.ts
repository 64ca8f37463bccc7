// scenarioToYaml: what it writes, parseScenario reads back to an equal Scenario (property over scenarioArb and the
// example files), with the comment header intact and durations exact to the millisecond.
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadScenario, parseScenario } from '../../src/scenario/index.js';
import { scenarioToYaml } from '../../src/scenario/serialize.js';
import type { Scenario } from '../../src/scenario/types.js';
import { scenarioArb } from '../../src/testing/arbitraries/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('scenarioToYaml', () => {
  it('round-trips every generated scenario through parseScenario', () => {
    fc.assert(
      fc.property(scenarioArb({ maxNodes: 6, maxDeployments: 3, maxActions: 6, maxFaults: 3 }), (s) => {
        expect(parseScenario(scenarioToYaml(s))).toEqual(s);
      }),
      { numRuns: 200 },
    );
  });

  it.each(readdirSync(`${root}examples`).filter((d) => existsSync(`${root}examples/${d}/scenario.yaml`)))('round-trips examples/%s', (name) => {
    const s = loadScenario(`${root}examples/${name}/scenario.yaml`);
    expect(parseScenario(scenarioToYaml(s))).toEqual(s);
  });

  it('writes durations exactly, expectations in file form, and the comment header first', () => {
    const s: Scenario = {
      name: 'odd-times',
      seed: '42',
      horizonMs: 3_723_456,
      nodePools: [{ namePrefix: 'node', count: 1 }],
      manifests: [],
      timeline: [
        { action: 'scale', deployment: 'web', namespace: 'default', replicas: 0, atMs: 1 },
        { action: 'cordon', node: 'node-0', atMs: 61_001 },
        { action: 'rolloutUndo', deployment: 'web', namespace: 'prod', toRevision: 2, atMs: 90_000 },
      ],
      expect: [
        { type: 'deploymentAvailable', deployment: 'web', namespace: 'default', byMs: 60_000 },
        { type: 'deploymentAvailableAtLeast', deployment: 'web', namespace: 'default', count: 2, byMs: 1_500 },
        { type: 'podsRunning', count: 3, namespace: 'prod', byMs: 120_000 },
        { type: 'noPodPendingLongerThan', durationMs: 30_000 },
        { type: 'podStartupP99Below', durationMs: 2_500 },
      ],
    };
    const text = scenarioToYaml(s, { comment: 'invariant no-node-overcommitted failed at t=1m\n\nreplay: npx kubesim run x.yaml' });
    expect(text.split('\n').slice(0, 4)).toEqual([
      '# invariant no-node-overcommitted failed at t=1m',
      '#',
      '# replay: npx kubesim run x.yaml',
      'apiVersion: kubesim.io/v1alpha1',
    ]);
    expect(text).toContain('horizon: 1h2m3.456s');
    expect(text).toContain('seed: "42"');
    expect(text).toContain('- { at: 1ms, action: scale, deployment: web, namespace: default, replicas: 0 }');
    expect(parseScenario(text)).toEqual(s);
  });
});

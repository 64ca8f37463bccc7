// Replay: the fingerprint checkCluster prints for a failing case is the one `kubesim run <written yaml> --json`
// prints from a separate process, the one replayScenario(file) gives in process, and the one replay({ seed, path })
// gives; the replay finds the same violation at the same instant.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Cluster } from '../../src/cluster/index.js';
import { runScenario } from '../../src/scenario/index.js';
import { scenarioArb } from '../../src/testing/arbitraries/index.js';
import { checkCluster, ClusterPropertyError, type ClusterProperty, replay } from '../../src/testing/check-cluster.js';
import { allDeploymentsAvailable, allNodesReady } from '../../src/testing/liveness.js';
import { replayScenario, withLivenessWindow } from '../../src/testing/replay.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'test/fixtures/cli.ts', ...args], { cwd: root, encoding: 'utf8' });

function noReplicaSetOverThreePods(c: Cluster): string | null {
  const byOwner = new Map<string, number>();
  for (const p of c.list<{ metadata: { ownerReferences?: { name: string }[] } }>('Pod')) {
    const o = p.metadata.ownerReferences?.[0]?.name ?? '';
    byOwner.set(o, (byOwner.get(o) ?? 0) + 1);
  }
  const worst = [...byOwner].find(([, n]) => n > 3);
  return worst === undefined ? null : `ReplicaSet ${worst[0]} has ${worst[1]} pods`;
}

const property: ClusterProperty = {
  scenario: scenarioArb({ faults: false, actions: ['scale', 'setImage', 'cordon'], horizon: '2m' }),
  invariants: [noReplicaSetOverThreePods],
};

describe('replay of a printed counterexample', () => {
  let err: ClusterPropertyError;
  beforeAll(() => {
    try {
      checkCluster(property, { seed: 7, counterexampleDir: mkdtempSync(join(tmpdir(), 'kubesim-replay-')) });
    } catch (e) {
      if (!(e instanceof ClusterPropertyError)) throw e;
      err = e;
    }
  });

  it('gives the printed fingerprint from the CLI in a separate process', () => {
    expect(err).toBeInstanceOf(ClusterPropertyError);
    const r = cli('run', err.file as string, '--json');
    expect(r.stderr).toBe('');
    expect((JSON.parse(r.stdout) as { fingerprint: string }).fingerprint).toBe(err.fingerprint);
  });

  it('gives the printed fingerprint and the same violation in process, from the file and from seed and path', () => {
    const fromFile = replayScenario(err.file as string, { invariants: property.invariants ?? [] });
    expect(fromFile.fingerprint).toBe(err.fingerprint);
    expect(fromFile.violation).toEqual(err.failure);
    expect(fromFile.violation?.reason).toMatch(/^ReplicaSet web-\w+ has 4 pods$/);
    const fromPath = replay({ seed: err.seed, path: err.path }, property);
    expect(fromPath.fingerprint).toBe(err.fingerprint);
    expect(fromPath.failure).toEqual(err.failure);
    expect(fromPath.scenario).toEqual(err.scenario);
  });

  it('without invariants, a replay is the plain run (the monitor adds no events)', () => {
    const plain = runScenario(err.scenario);
    const r = replayScenario(err.scenario, { invariants: [] });
    expect(r.fingerprint).toBe(plain.fingerprint);
    expect(r.violation).toBeUndefined();
    expect(r.report?.events).toBe(plain.events);
  });

  it('adds the liveness window once: a written scenario replays unchanged', () => {
    const spec = { after: 'healAll' as const, within: '1m', conditions: [] };
    const once = withLivenessWindow(err.scenario, spec);
    expect(once.horizonMs).toBe(err.scenario.horizonMs + 60_000);
    expect(withLivenessWindow(once, spec)).toEqual(once);
    expect(() => withLivenessWindow(err.scenario, { ...spec, within: 'soon' })).toThrow(/soon/);
  });
});

describe('replay of counterexamples with faults and with liveness', () => {
  const cliFingerprint = (file: string): string => {
    const r = cli('run', file, '--json');
    expect(r.stderr).toBe('');
    return (JSON.parse(r.stdout) as { fingerprint: string }).fingerprint;
  };
  const failing = (property: ClusterProperty, seed: number): ClusterPropertyError => {
    try {
      checkCluster(property, { seed, counterexampleDir: mkdtempSync(join(tmpdir(), 'kubesim-replay-')) });
    } catch (e) {
      if (e instanceof ClusterPropertyError) return e;
      throw e;
    }
    throw new Error('expected a counterexample');
  };

  it('a fault plan replays to the same fingerprint from the CLI and in process', () => {
    // planted: "nodes never go NotReady" under crashes, kubelet stops and partitions
    const property: ClusterProperty = {
      scenario: scenarioArb({ faults: ['nodeCrash', 'kubeletStop', 'partition'], actions: [], horizon: '3m' }),
      invariants: [allNodesReady()],
    };
    const err = failing(property, 5);
    expect(err.scenario.timeline.some((a) => a.action === 'fault')).toBe(true);
    expect(err.failure.reason).toMatch(/^node \S+: Ready=Unknown/);
    expect(cliFingerprint(err.file as string)).toBe(err.fingerprint);
    const again = replayScenario(err.file as string, property);
    expect(again.fingerprint).toBe(err.fingerprint);
    expect(again.violation).toEqual(err.failure);
  });

  it('a liveness failure replays to the same fingerprint: the heal and the window are in the file', () => {
    // planted: a deadline too short for a node crash to be noticed and its pods replaced
    const property: ClusterProperty = {
      scenario: scenarioArb({ healable: true, faults: ['nodeCrash'], actions: [], horizon: '2m' }),
      invariants: [],
      liveness: { after: 'healAll', within: '1s', conditions: [allDeploymentsAvailable()] },
    };
    const err = failing(property, 1);
    expect(err.failure.kind).toBe('liveness');
    expect(err.scenario.timeline.at(-1)).toEqual({ action: 'healAll', atMs: 120_000 });
    expect(err.scenario.horizonMs).toBe(121_000);
    expect(cliFingerprint(err.file as string)).toBe(err.fingerprint);
    const again = replayScenario(err.file as string, property);
    expect(again.fingerprint).toBe(err.fingerprint);
    expect(again.violation).toMatchObject({ kind: 'liveness', atMs: 121_000 });
  });
});

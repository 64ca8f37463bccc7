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

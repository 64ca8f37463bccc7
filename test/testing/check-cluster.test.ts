// checkCluster: passes when the property holds; on a planted bug it throws one report with fast-check's seed and
// path, the violated invariant with its reason and virtual time, the shrunk counterexample as Scenario YAML (also
// written to a file), the fingerprint and the replay lines; liveness, predicate and run errors are reported too.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { describe, expect, it } from 'vitest';
import type { Cluster } from '../../src/cluster/index.js';
import { parseScenario } from '../../src/scenario/index.js';
import { describeScenario, scenarioArb } from '../../src/testing/arbitraries/index.js';
import { checkCluster, ClusterPropertyError } from '../../src/testing/check-cluster.js';

const TODAY = { faults: false, actions: ['scale', 'setImage', 'rolloutUndo', 'delete', 'cordon', 'uncordon'] } as const;
const small = scenarioArb({ ...TODAY, horizon: '3m' });
const dir = mkdtempSync(join(tmpdir(), 'kubesim-check-'));

/** A planted "bug": the property claims a cluster never has more than six pods. */
function atMostSixPods(c: Cluster): string | null {
  const n = c.list('Pod').length;
  return n > 6 ? `${n} pods exist` : null;
}

function failureOf(f: () => unknown): ClusterPropertyError {
  try {
    f();
  } catch (e) {
    if (e instanceof ClusterPropertyError) return e;
    throw e;
  }
  throw new Error('expected checkCluster to fail');
}

describe('checkCluster', () => {
  it('returns the number of runs when the property holds', () => {
    expect(checkCluster({ scenario: small, invariants: [() => null] }, { numRuns: 5, seed: 1 })).toEqual({ runs: 5, seed: 1 });
  });

  it('finds a planted bug, shrinks it and prints everything needed to replay it', () => {
    const err = failureOf(() => checkCluster({ scenario: small, invariants: [atMostSixPods] }, { seed: 42, counterexampleDir: dir }));
    const m = err.message;
    expect(m).toMatch(/^checkCluster: property failed after \d+ run\(s\); shrunk \d+ time\(s\)\n/);
    expect(m).toContain(`fast-check seed 42, path "${err.path}"`);
    expect(err.path).toMatch(/^\d+(:\d+)*$/);
    expect(m).toMatch(/invariant atMostSixPods violated at t=\S+ \(\d+ ms\), event \d+: 7 pods exist/);
    expect(err.failure).toMatchObject({ kind: 'invariant', name: 'atMostSixPods', reason: '7 pods exist' });
    expect(m).toContain(`fingerprint ${err.fingerprint}`);
    expect(err.file).toBe(join(dir, `counterexample-${err.fingerprint}.yaml`));
    expect(m).toContain(`npx kubesim run ${err.file}`);
    expect(m).toContain(`replay({ seed: 42, path: "${err.path}" }, property)`);
    // the shrunk scenario: one node, no actions, the fewest pods that break the claim (5 + 2: replicas are ≤ 5)
    expect(describeScenario(err.scenario)).toBe('1 node, 2 manifests, 0 actions, 0 faults, 3m');
    // the YAML is in the message and in the file, with the header, and reads back to the scenario
    const text = readFileSync(err.file as string, 'utf8');
    expect(m).toContain(`--- counterexample (Scenario YAML) ---\n${text}`);
    expect(text).toMatch(/^# Counterexample found by kubesim checkCluster \(fast-check seed 42, path "[\d:]+"\), shrunk \d+ times\.\n# invariant atMostSixPods violated at t=/);
    expect(parseScenario(text)).toEqual(err.scenario);
  });

  it('reports a liveness failure at the deadline after the heal, with the condition’s reason', () => {
    const threePods = (c: Cluster) => (c.list<Pod>('Pod').filter((p) => p.status?.phase === 'Running').length >= 3 ? null : 'fewer than 3 pods Running');
    const err = failureOf(() =>
      checkCluster({ scenario: small, invariants: [], liveness: { after: 'healAll', within: '2m', conditions: [threePods] } }, { seed: 3, counterexampleDir: false }),
    );
    expect(err.failure).toMatchObject({ kind: 'liveness', reason: 'fewer than 3 pods Running', atMs: 300_000 });
    expect(err.message).toMatch(/liveness failed at t=5m \(300000 ms\), event \d+: fewer than 3 pods Running/);
    // the window is in the scenario: a healAll at the old horizon, the horizon at its deadline
    expect(err.scenario.horizonMs).toBe(300_000);
    expect(err.scenario.timeline.at(-1)).toEqual({ action: 'healAll', atMs: 180_000 });
    expect(err.file).toBeUndefined();
    expect(err.message).toContain('npx kubesim run <the YAML below, saved to a file>');
  });

  it('reports a failing predicate and an exception from the run', () => {
    const p = failureOf(() => checkCluster({ scenario: small, invariants: [], predicate: (r) => (r.events > 10 ? `${r.events} events` : null) }, { seed: 1, counterexampleDir: false }));
    expect(p.failure).toMatchObject({ kind: 'predicate', atMs: 180_000 });
    expect(p.message).toMatch(/predicate failed at t=3m \(180000 ms\), event \d+: \d+ events/);
    const thrower = (c: Cluster): string | null => {
      if (c.now > 60_000) throw new TypeError('broken check');
      return null;
    };
    const e = failureOf(() => checkCluster({ scenario: small, invariants: [thrower] }, { seed: 1, counterexampleDir: false }));
    expect(e.failure).toMatchObject({ kind: 'error', name: 'TypeError', reason: 'broken check' });
    expect(e.message).toMatch(/the run threw TypeError at t=1m0\.\d+s|the run threw TypeError at t=1m\S* \(\d+ ms\)/);
  });

  it('passes fast-check parameters on (numRuns, seed)', () => {
    let runs = 0;
    checkCluster({ scenario: small.map((s) => { runs++; return s; }), invariants: [] }, { numRuns: 3, seed: 9 });
    expect(runs).toBe(3);
    expect(existsSync(dir)).toBe(true);
  });
});

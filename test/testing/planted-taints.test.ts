// Planted bug 1: a custom scheduler plugin that ignores NoSchedule taints. The profile switches the built-in
// TaintToleration off and enables the user's TaintGuard filter instead; its buggy version looks only at NoExecute
// taints. checkCluster, over scenarios whose node pools carry taints, finds a pod bound to a node whose NoSchedule
// taint it does not tolerate (`pods-fit-node-at-bind`), shrinks it to a node or two and no actions, and the printed
// counterexample replays to the same violation and fingerprint. The fixed TaintGuard passes the same property with
// the same seed and number of runs.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarioArb } from '../../src/testing/arbitraries/index.js';
import { checkCluster, type ClusterProperty } from '../../src/testing/check-cluster.js';
import { podsFitNodeAtBind } from '../../src/testing/invariants.js';
import { expectCaught, failureOf, runsNeeded, sizeOf } from './fixtures/counterexample.js';
import { TAINT_GUARD_CONFIG, taintGuardRegistry } from './fixtures/taint-guard.js';

const SEED = 7;
const NUM_RUNS = 100;

/** Small scenarios with tainted pools, all scheduled by the TaintGuard profile. */
const scenario = scenarioArb({ maxNodes: 4, maxActions: 3, faults: false, schedulerConfig: false, behaviour: false, taints: true, horizon: '1m' })
  .map((s) => ({ ...s, schedulerConfig: TAINT_GUARD_CONFIG }));

const property = (version: 'buggy' | 'fixed'): ClusterProperty => ({
  scenario,
  invariants: [podsFitNodeAtBind()],
  cluster: { scheduler: { registry: taintGuardRegistry(version) } },
});

describe('planted bug: a scheduler plugin that ignores NoSchedule taints', () => {
  it('is caught by pods-fit-node-at-bind and shrunk to a tainted node and no actions', () => {
    const p = property('buggy');
    const err = failureOf(p, { seed: SEED, numRuns: NUM_RUNS, counterexampleDir: mkdtempSync(join(tmpdir(), 'kubesim-planted-taints-')) });
    console.log(`[planted-taints] found after ${runsNeeded(err)} run(s), shrunk to ${JSON.stringify(sizeOf(err.scenario))}\n${err.message}`);
    expectCaught(err, p, { invariant: 'pods-fit-node-at-bind', seed: SEED, maxNodes: 2, maxActions: 0 });
    expect(err.failure.reason).toMatch(/^pod default\/\S+ bound to node \S+: untolerated taint \{dedicated=batch:NoSchedule\}$/);
    expect(err.scenario.nodePools.some((pool) => pool.taints?.some((t) => t.effect === 'NoSchedule'))).toBe(true);
  });

  it('is not reported for the fixed plugin (same property, seed and runs)', () => {
    expect(checkCluster(property('fixed'), { seed: SEED, numRuns: NUM_RUNS })).toEqual({ runs: NUM_RUNS, seed: SEED });
  });
});

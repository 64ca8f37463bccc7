// Planted bug 3: a rollout whose maxUnavailable is ignored. The built-in Deployment controller runs as a user actor
// behind a lens (fixtures/max-unavailable-ignored.ts) that hides maxUnavailable from it, with the built-in one
// switched off — the least invasive seam: no kubesim code changes, the controller's own arithmetic does the rest.
// Over scenarios with rollouts and node-crash fault plans, `rollout-within-bounds` catches a rollout that drops
// below replicas − maxUnavailable in a failure-free window; the counterexample shrinks to a node or two and a
// single image change. The same seam with the lens switched off passes with the same seed and number of runs.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarioArb } from '../../src/testing/arbitraries/index.js';
import { checkCluster, type ClusterProperty } from '../../src/testing/check-cluster.js';
import { rolloutWithinBounds } from '../../src/testing/invariants.js';
import { expectCaught, failureOf, runsNeeded, sizeOf } from './fixtures/counterexample.js';
import { deploymentControllerBehindLens } from './fixtures/max-unavailable-ignored.js';

const SEED = 3;
const NUM_RUNS = 100;

const scenario = scenarioArb({
  maxNodes: 4, maxActions: 3, actions: ['setImage', 'scale'], faults: ['nodeCrash'], maxFaults: 2,
  schedulerConfig: false, behaviour: false, horizon: '4m',
});

const property = (ignoreMaxUnavailable: boolean): ClusterProperty => ({
  scenario,
  invariants: [rolloutWithinBounds()],
  cluster: { components: { deploymentController: false }, actors: { 'deployment-controller': deploymentControllerBehindLens({ ignoreMaxUnavailable }) } },
});

describe('planted bug: a rollout that ignores maxUnavailable under node failures', () => {
  it('is caught by rollout-within-bounds and shrunk to one image change', () => {
    const p = property(true);
    const err = failureOf(p, { seed: SEED, numRuns: NUM_RUNS, counterexampleDir: mkdtempSync(join(tmpdir(), 'kubesim-planted-rollout-')) });
    console.log(`[planted-max-unavailable] found after ${runsNeeded(err)} run(s), shrunk to ${JSON.stringify(sizeOf(err.scenario))}\n${err.message}`);
    expectCaught(err, p, { invariant: 'rollout-within-bounds', seed: SEED, maxNodes: 2, maxActions: 3 });
    expect(err.failure.reason).toMatch(/^deployment default\/\S+: \d+ available < \d+ \(replicas \d+ − maxUnavailable \d+\)$/);
    expect(err.scenario.timeline.some((a) => a.action === 'setImage')).toBe(true);
  });

  it('is not reported for the same controller without the lens (same property, seed and runs)', () => {
    expect(checkCluster(property(false), { seed: SEED, numRuns: NUM_RUNS })).toEqual({ runs: NUM_RUNS, seed: SEED });
  });
});

// The property in the README's "Property testing and faults" section, run as written (pinned seeds): rollouts
// stay within bounds and every default invariant holds under random fault plans, and once healed every Deployment
// is available again. Running it found five simulator bugs (kubelet recovery, scheduler requeue on node updates, a
// false positive of pods-fit-node-at-bind); seeds 2, 3, 8 and 11 are the ones that found them.
import { describe, expect, it } from 'vitest';
import { allDeploymentsAvailable, checkCluster, defaultInvariants, scenarioArb } from '../../src/testing/index.js';

describe('the README property', () => {
  it.each([2, 3, 8, 11])('holds for 100 generated scenarios with faults (fast-check seed %i)', (seed) => {
    const r = checkCluster(
      {
        scenario: scenarioArb({ maxNodes: 5, faults: true, healable: true }),
        invariants: defaultInvariants(),
        liveness: { after: 'healAll', within: '5m', conditions: [allDeploymentsAvailable()] },
      },
      { numRuns: 100, seed, counterexampleDir: false },
    );
    expect(r).toEqual({ runs: 100, seed });
  });
});

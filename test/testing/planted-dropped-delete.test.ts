// Planted bug 4: an informer that drops a DELETED event. The watchChaos fault plays the buggy informer: for a while,
// every DELETED event of one kind to one component is dropped (`eventTypes: ['DELETED'], drop: 1`). Nothing in the
// informer ever brings the deleted object back out of its cache (no relist without a 410 Gone), so once the fault is
// healed and the cluster has settled, `informers-match-store` finds a cache holding an object the store no longer
// has. The same fault that only *delays* those events (`delayMs: 5000`, nothing dropped) is the correct informer:
// it passes the same property with the same seed and number of runs.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Fault } from '../../src/faults/types.js';
import type { Scenario, TimedAction } from '../../src/scenario/types.js';
import { scenarioArb } from '../../src/testing/arbitraries/index.js';
import { checkCluster, type ClusterProperty } from '../../src/testing/check-cluster.js';
import { informersMatchStore } from '../../src/testing/invariants.js';
import { expectCaught, failureOf, runsNeeded, sizeOf } from './fixtures/counterexample.js';

const SEED = 4;
const NUM_RUNS = 100;

/** One watchChaos fault on DELETED events of one kind to one component, healed after 10–60 s. */
const deletedEventsFault = (effect: Pick<Extract<Fault, { type: 'watchChaos' }>, 'drop' | 'delayMs'>): fc.Arbitrary<TimedAction> =>
  fc
    .record({
      atS: fc.integer({ min: 0, max: 90 }),
      forS: fc.integer({ min: 10, max: 60 }),
      component: fc.constantFrom('replicaset-controller', 'kube-scheduler', 'deployment-controller'),
      kind: fc.constantFrom('Pod', 'ReplicaSet'),
    })
    .map((g) => ({
      action: 'fault',
      atMs: g.atS * 1000,
      durationMs: g.forS * 1000,
      fault: { type: 'watchChaos', components: [g.component], kinds: [g.kind], eventTypes: ['DELETED'], ...effect },
    }));

/** Scenarios that delete pods and ReplicaSets (scale, roll out, delete, drain), plus that one fault. */
const scenarioWith = (fault: fc.Arbitrary<TimedAction>): fc.Arbitrary<Scenario> =>
  fc
    .tuple(scenarioArb({ maxNodes: 3, maxActions: 3, actions: ['scale', 'setImage', 'delete', 'drain'], faults: false, schedulerConfig: false, behaviour: false, horizon: '5m' }), fault)
    .map(([s, f]) => ({ ...s, timeline: [...s.timeline, f].sort((a, b) => a.atMs - b.atMs) }));

const property = (effect: Pick<Extract<Fault, { type: 'watchChaos' }>, 'drop' | 'delayMs'>): ClusterProperty => ({
  scenario: scenarioWith(deletedEventsFault(effect)),
  invariants: [informersMatchStore()],
});

describe('planted bug: an informer that drops a DELETED event', () => {
  it('is caught by informers-match-store after the cluster settles, and shrunk to one deletion', () => {
    const p = property({ drop: 1 });
    const err = failureOf(p, { seed: SEED, numRuns: NUM_RUNS, counterexampleDir: mkdtempSync(join(tmpdir(), 'kubesim-planted-delete-')) });
    console.log(`[planted-dropped-delete] found after ${runsNeeded(err)} run(s), shrunk to ${JSON.stringify(sizeOf(err.scenario))}\n${err.message}`);
    expectCaught(err, p, { invariant: 'informers-match-store', seed: SEED, maxNodes: 2, maxActions: 2 });
    expect(err.failure.reason).toMatch(/^(replicaset-controller|kube-scheduler|deployment-controller): (Pod|ReplicaSet) informer still has default\/\S+, which the store no longer holds/);
    // the only fault is the planted one, and the violation comes after it healed
    const faults = err.scenario.timeline.filter((a) => a.action === 'fault');
    expect(faults).toHaveLength(1);
    const f = faults[0] as Extract<TimedAction, { action: 'fault' }>;
    expect(err.failure.atMs).toBeGreaterThan(f.atMs + (f.durationMs ?? 0));
  });

  it('is not reported when the DELETED events are only delayed (same property, seed and runs)', () => {
    expect(checkCluster(property({ delayMs: 5_000 }), { seed: SEED, numRuns: NUM_RUNS })).toEqual({ runs: NUM_RUNS, seed: SEED });
  });
});

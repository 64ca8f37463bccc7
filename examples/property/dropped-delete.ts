/**
 * The property of docs/property-testing.md's walk-through: after the cluster has settled, every component's
 * informer cache equals the store — run over small generated scenarios plus one watch fault on DELETED events.
 *
 * `lostDeletes` is the planted bug: for a while, one component's watch loses every DELETED event of one kind (an
 * informer that drops them). `lateDeletes` is the correct counterpart: the same events arrive up to 5 s late, but
 * they arrive. test/testing/planted-dropped-delete.test.ts runs both.
 *
 * In your own project import from 'kubesim' and 'kubesim/testing' instead of the source tree.
 *
 * @packageDocumentation
 */
import fc from 'fast-check';
import type { Fault } from '../../src/faults/types.js';
import type { Scenario, TimedAction } from '../../src/scenario/types.js';
import { scenarioArb } from '../../src/testing/arbitraries/index.js';
import type { ClusterProperty } from '../../src/testing/check-cluster.js';
import { informersMatchStore } from '../../src/testing/invariants.js';

/** What the fault does to the DELETED events it matches. */
export type DeletedEvents = Pick<Extract<Fault, { type: 'watchChaos' }>, 'drop' | 'delayMs'>;

/** The planted bug: DELETED events are lost. */
export const lostDeletes: DeletedEvents = { drop: 1 };
/** The correct informer under a slow watch: DELETED events come up to 5 s late. */
export const lateDeletes: DeletedEvents = { delayMs: 5_000 };

/** One watchChaos fault on the DELETED events of one kind to one component, from 0–60 s, healed after 10–40 s. */
export function deletedEventsFault(effect: DeletedEvents): fc.Arbitrary<TimedAction> {
  return fc
    .record({
      atS: fc.integer({ min: 0, max: 60 }),
      forS: fc.integer({ min: 10, max: 40 }),
      component: fc.constantFrom('replicaset-controller', 'kube-scheduler', 'deployment-controller'),
      kind: fc.constantFrom('Pod', 'ReplicaSet'),
    })
    .map((g) => ({
      action: 'fault',
      atMs: g.atS * 1000,
      durationMs: g.forS * 1000,
      fault: { type: 'watchChaos', components: [g.component], kinds: [g.kind], eventTypes: ['DELETED'], ...effect },
    }));
}

/** Up to 3 nodes, Deployments, and up to 3 actions that delete pods or ReplicaSets, over 4 virtual minutes; plus the fault. */
export function scenarioWithDeletedEventsFault(effect: DeletedEvents): fc.Arbitrary<Scenario> {
  const base = scenarioArb({
    maxNodes: 3, maxActions: 3, actions: ['scale', 'setImage', 'delete', 'drain'],
    faults: false, schedulerConfig: false, behaviour: false, horizon: '4m',
  });
  return fc.tuple(base, deletedEventsFault(effect)).map(([s, f]) => ({ ...s, timeline: [...s.timeline, f].sort((a, b) => a.atMs - b.atMs) }));
}

/** The property: informer caches match the store once quiet (checked only after faults have healed and settled). */
export function informersSurviveDeletedEventsFault(effect: DeletedEvents): ClusterProperty {
  return { scenario: scenarioWithDeletedEventsFault(effect), invariants: [informersMatchStore()] };
}

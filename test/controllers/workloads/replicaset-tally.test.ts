// The ReplicaSet controller's tallies (status counts kept by the pod handlers) must always equal what a walk
// over the controlled pods counts, whatever sequence of pod events arrives.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OwnerIndex } from '../../../src/controllers/_internal/owner-index.js';
import { isPodActive, isPodReady } from '../../../src/controllers/_internal/pods.js';
import { type PodObject, type ReplicaSetObject, type RsRuntime, selects, selectorsOf } from '../../../src/controllers/replicaset/runtime.js';
import { Tallies, templateMatches } from '../../../src/controllers/replicaset/tally.js';

const OWNERS = ['rs-a', 'rs-b'];

function replicaSet(uid: string, generation: number, app: string): ReplicaSetObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: uid, namespace: 'default', uid, generation },
    spec: { selector: { matchLabels: { app } }, template: { metadata: { labels: { app, tier: 'front' } }, spec: { containers: [] } } },
  } as ReplicaSetObject;
}

interface PodShape {
  readonly name: string;
  readonly owner: string | undefined;
  readonly app: string;
  readonly tier: boolean;
  readonly phase: string;
  readonly ready: boolean;
  readonly deleting: boolean;
}

function pod(p: PodShape): PodObject {
  return Object.freeze({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: p.name,
      namespace: 'default',
      labels: p.tier ? { app: p.app, tier: 'front' } : { app: p.app },
      ...(p.deleting ? { deletionTimestamp: '1970-01-01T00:00:01Z' } : {}),
      ...(p.owner !== undefined ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: p.owner, uid: p.owner, controller: true }] } : {}),
    },
    status: { phase: p.phase, conditions: [{ type: 'Ready', status: p.ready ? 'True' : 'False' }] },
  }) as PodObject;
}

const shapeArb: fc.Arbitrary<PodShape> = fc.record({
  name: fc.constantFrom('p1', 'p2', 'p3', 'p4', 'p5'),
  owner: fc.constantFrom(undefined, ...OWNERS),
  app: fc.constantFrom('web', 'db'),
  tier: fc.boolean(),
  phase: fc.constantFrom('Pending', 'Running', 'Succeeded', 'Failed'),
  ready: fc.boolean(),
  deleting: fc.boolean(),
});

type Step = { readonly op: 'put'; readonly pod: PodShape } | { readonly op: 'delete'; readonly name: string; readonly deleting: boolean } | { readonly op: 'sync'; readonly owner: string; readonly generation: number; readonly app: string };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: shapeArb.map((p): Step => ({ op: 'put', pod: p })) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), name: fc.constantFrom('p1', 'p2', 'p3', 'p4', 'p5'), deleting: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('sync' as const), owner: fc.constantFrom(...OWNERS), generation: fc.integer({ min: 1, max: 3 }), app: fc.constantFrom('web', 'db') }) },
);

describe('ReplicaSet tallies', () => {
  it('equal a walk over the controlled pods after any sequence of pod events and selector changes', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 60 }), (steps) => {
        const rt = { compiled: new Map() } as unknown as RsRuntime;
        const index = new OwnerIndex<PodObject>();
        const tallies = new Tallies();
        const cache = new Map<string, PodObject>();
        const apps = new Map<string, { generation: number; app: string }>();
        for (const step of steps) {
          if (step.op === 'put') {
            const next = pod(step.pod);
            const old = cache.get(step.pod.name);
            cache.set(step.pod.name, next);
            index.upsert(old, next);
            tallies.update(old, next);
          } else if (step.op === 'delete') {
            const old = cache.get(step.name);
            if (old === undefined) continue;
            cache.delete(step.name);
            // the DELETED event's object may differ from the cached one (a deletionTimestamp set at once)
            const last = step.deleting ? ({ ...old, metadata: { ...old.metadata, deletionTimestamp: '1970-01-01T00:00:02Z' } } as PodObject) : old;
            index.remove(last);
            tallies.update(old, undefined);
          } else {
            const prev = apps.get(step.owner);
            const generation = prev === undefined || prev.app === step.app ? (prev?.generation ?? step.generation) : prev.generation + 1;
            apps.set(step.owner, { generation, app: step.app });
            const rs = replicaSet(step.owner, generation, step.app);
            const compiled = selectorsOf(rt, rs);
            const t = tallies.of(step.owner, compiled, () => index.owned(step.owner));
            let unmatched = 0;
            let active = 0;
            let fullyLabeled = 0;
            let ready = 0;
            for (const p of index.owned(step.owner)) {
              if (!selects(compiled, p.metadata.labels)) unmatched++;
              else if (isPodActive(p)) {
                active++;
                if (templateMatches(compiled, p.metadata.labels)) fullyLabeled++;
                if (isPodReady(p)) ready++;
              }
            }
            expect({ unmatched: t.unmatched, active: t.active, fullyLabeled: t.fullyLabeled, ready: t.ready }).toEqual({ unmatched, active, fullyLabeled, ready });
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});

// The ReplicaSet tallies skip a pod update whose old and new versions count the same (same owner-reference and
// labels objects, same activity and readiness): the store shares unchanged subtrees between versions, so most
// status updates are such. With subtrees shared as the store shares them, the tallies must still equal a walk
// over the controlled pods (kubernetes-behaviour.md §2.7: replicas, fullyLabeledReplicas, readyReplicas).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OwnerIndex } from '../../../src/controllers/_internal/owner-index.js';
import { isPodActive, isPodReady } from '../../../src/controllers/_internal/pods.js';
import { type Compiled, type PodObject, type ReplicaSetObject, type RsRuntime, selects, selectorsOf } from '../../../src/controllers/replicaset/runtime.js';
import { type Tally, Tallies, templateMatches } from '../../../src/controllers/replicaset/tally.js';

const OWNER = 'rs-a';
const rs = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: OWNER, namespace: 'default', uid: OWNER, generation: 1 },
  spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web', tier: 'front' } }, spec: { containers: [] } } },
} as ReplicaSetObject;

/** Interned subtrees: equal labels or owner references are the same frozen object, as the store keeps them. */
const LABELS = {
  web: Object.freeze({ app: 'web' }),
  webFront: Object.freeze({ app: 'web', tier: 'front' }),
  db: Object.freeze({ app: 'db' }),
};
const REFS = Object.freeze([Object.freeze({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: OWNER, uid: OWNER, controller: true })]);

interface Shape {
  readonly labels: keyof typeof LABELS;
  readonly owned: boolean;
  readonly phase: string;
  readonly ready: boolean;
  readonly deleting: boolean;
}

function pod(name: string, s: Shape): PodObject {
  return Object.freeze({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: Object.freeze({
      name,
      namespace: 'default',
      labels: LABELS[s.labels],
      ...(s.deleting ? { deletionTimestamp: '1970-01-01T00:00:01Z' } : {}),
      ...(s.owned ? { ownerReferences: REFS } : {}),
    }),
    status: { phase: s.phase, conditions: [{ type: 'Ready', status: s.ready ? 'True' : 'False' }] },
  }) as unknown as PodObject;
}

function walk(index: OwnerIndex<PodObject>, compiled: Compiled): Pick<Tally, 'unmatched' | 'active' | 'fullyLabeled' | 'ready'> {
  const out = { unmatched: 0, active: 0, fullyLabeled: 0, ready: 0 };
  for (const p of index.owned(OWNER)) {
    if (!selects(compiled, p.metadata.labels)) out.unmatched++;
    else if (isPodActive(p)) {
      out.active++;
      if (templateMatches(compiled, p.metadata.labels)) out.fullyLabeled++;
      if (isPodReady(p)) out.ready++;
    }
  }
  return out;
}

const shapeArb: fc.Arbitrary<Shape> = fc.record({
  labels: fc.constantFrom<keyof typeof LABELS>('web', 'webFront', 'db'),
  owned: fc.boolean(),
  phase: fc.constantFrom('Pending', 'Running', 'Succeeded', 'Failed'),
  ready: fc.boolean(),
  deleting: fc.boolean(),
});

describe('ReplicaSet tallies with shared subtrees (§2.7)', () => {
  it('equal a walk over the controlled pods after any sequence of updates', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('p1', 'p2', 'p3'), shapeArb), { maxLength: 80 }), (steps) => {
        const rt = { compiled: new Map() } as unknown as RsRuntime;
        const compiled = selectorsOf(rt, rs);
        const index = new OwnerIndex<PodObject>();
        const tallies = new Tallies();
        const cache = new Map<string, PodObject>();
        const t = tallies.of(OWNER, compiled, () => index.owned(OWNER));
        for (const [name, shape] of steps) {
          const next = pod(name, shape);
          const old = cache.get(name);
          cache.set(name, next);
          index.upsert(old, next);
          tallies.update(old, next);
          expect({ unmatched: t.unmatched, active: t.active, fullyLabeled: t.fullyLabeled, ready: t.ready }).toEqual(walk(index, compiled));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('a pod turning Ready with the same labels and owner objects is counted', () => {
    const rt = { compiled: new Map() } as unknown as RsRuntime;
    const compiled = selectorsOf(rt, rs);
    const index = new OwnerIndex<PodObject>();
    const tallies = new Tallies();
    const running = { labels: 'webFront', owned: true, phase: 'Running', deleting: false } as const;
    const before = pod('p1', { ...running, ready: false });
    index.upsert(undefined, before);
    const t = tallies.of(OWNER, compiled, () => index.owned(OWNER));
    expect([t.active, t.fullyLabeled, t.ready]).toEqual([1, 1, 0]);
    const after = pod('p1', { ...running, ready: true });
    expect(after.metadata.labels).toBe(before.metadata.labels);
    index.upsert(before, after);
    tallies.update(before, after);
    expect([t.active, t.fullyLabeled, t.ready]).toEqual([1, 1, 1]);
    // and a status-only update (same share) changes nothing
    const again = pod('p1', { ...running, ready: true });
    index.upsert(after, again);
    tallies.update(after, again);
    expect([t.active, t.fullyLabeled, t.ready]).toEqual([1, 1, 1]);
  });
});

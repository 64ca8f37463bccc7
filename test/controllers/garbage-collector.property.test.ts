// For random owner/dependent forests, random deletion policies and random watch latencies and injected 409 Conflicts, the
// garbage collector converges (kubernetes-behaviour.md §8, "ownerReferences & GC"): after quiescence no object
// references a uid that no longer exists, no object remains whose owners are all gone unless one of them was
// deleted with Orphan, and nothing is left waiting on a foregroundDeletion or orphan finalizer.
import fc from 'fast-check';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api/errors.js';
import type { KubeObject } from '../../src/api/store/types.js';
import { cluster, configMap, ownerRef } from './helpers.js';

type Policy = 'Background' | 'Foreground' | 'Orphan';

interface Spec {
  /** owners[i]: indices (< i) of the owners of object i. */
  readonly owners: number[][];
  /** Objects with an extra reference to a uid that never existed. */
  readonly dangling: boolean[];
  readonly blocking: boolean[];
  readonly deletions: { index: number; policy: Policy; atMs: number }[];
  readonly seed: number;
  readonly shuffle: boolean;
  readonly jitterMs: number;
  /** Every n-th write of the collector fails with 409 Conflict (0: never). */
  readonly conflictEvery: number;
}

const specArb: fc.Arbitrary<Spec> = fc.integer({ min: 1, max: 10 }).chain((n) =>
  fc.record({
    owners: fc.tuple(
      ...Array.from({ length: n }, (_, i) =>
        i === 0 ? fc.constant<number[]>([]) : fc.uniqueArray(fc.integer({ min: 0, max: i - 1 }), { maxLength: 2 }),
      ),
    ),
    dangling: fc.array(fc.integer({ min: 0, max: 5 }).map((x) => x === 0), { minLength: n, maxLength: n }),
    blocking: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    deletions: fc.array(
      fc.record({
        index: fc.integer({ min: 0, max: n - 1 }),
        policy: fc.constantFrom<Policy>('Background', 'Foreground', 'Orphan'),
        atMs: fc.integer({ min: 0, max: 1500 }),
      }),
      { maxLength: 4 },
    ),
    seed: fc.integer(),
    shuffle: fc.boolean(),
    jitterMs: fc.integer({ min: 0, max: 30 }),
    conflictEvery: fc.constantFrom(0, 2, 3, 5),
  }),
);

function run(spec: Spec) {
  let writes = 0;
  const c = cluster({
    seed: spec.seed,
    tieBreak: spec.shuffle ? 'shuffle' : 'fifo',
    namespaceController: false,
    server: {
      watchLatency: { minMs: 1, maxMs: 1 + spec.jitterMs },
      intercept: (req) =>
        spec.conflictEvery > 0 && req.user.endsWith('garbage-collector') && (req.verb === 'update' || req.verb === 'delete') && ++writes % spec.conflictEvery === 0
          ? new ApiError('Conflict', 'injected conflict')
          : undefined,
    },
  });
  c.sim.runUntil(10);
  const created: KubeObject[] = [];
  spec.owners.forEach((owners, i) => {
    const refs: OwnerReference[] = owners.map((o, k) => ownerRef(created[o] as KubeObject, { controller: k === 0, blockOwnerDeletion: spec.blocking[i] === true }));
    if (spec.dangling[i] === true) refs.push({ apiVersion: 'v1', kind: 'ConfigMap', name: `ghost-${i}`, uid: `never-${i}` });
    created.push(c.write((api) => api.create(configMap(`o${i}`, refs))));
  });
  const orphaned = new Set<string>();
  for (const d of [...spec.deletions].sort((a, b) => a.atMs - b.atMs)) {
    c.sim.runUntil(20 + d.atMs);
    const obj = created[d.index] as KubeObject;
    if (c.core.get('ConfigMap', 'default', obj.metadata.name ?? '')?.metadata.uid !== obj.metadata.uid) continue;
    if (d.policy === 'Orphan') orphaned.add(obj.metadata.uid ?? '');
    c.write((api) => api.delete('ConfigMap', 'default', obj.metadata.name ?? '', { propagationPolicy: d.policy }));
  }
  c.sim.runUntil(c.sim.now + 30_000, { maxEvents: 2_000_000 });
  return { c, created, orphaned };
}

describe('garbage collector properties', () => {
  it('after quiescence: no reference to a missing uid, no orphan left behind, no finalizer left waiting', () => {
    fc.assert(
      fc.property(specArb, (spec) => {
        const { c, created, orphaned } = run(spec);
        const live = new Map(c.core.list('ConfigMap', { namespace: 'default' }).items.map((o) => [o.metadata.uid ?? '', o]));
        for (const obj of live.values()) {
          const name = obj.metadata.name ?? '';
          for (const ref of obj.metadata.ownerReferences ?? []) expect(live.has(ref.uid), `${name} → ${ref.name}`).toBe(true);
          expect(obj.metadata.deletionTimestamp, `${name} still terminating`).toBeUndefined();
          const original = created.find((o) => o.metadata.uid === obj.metadata.uid);
          const owners = original?.metadata.ownerReferences ?? [];
          if (owners.length > 0 && owners.every((r) => !live.has(r.uid))) {
            expect(owners.some((r) => orphaned.has(r.uid)), `${name}: every owner gone, none orphaned it`).toBe(true);
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  it('is deterministic: the same forest, deletions and seed give the same run fingerprint', () => {
    fc.assert(
      fc.property(specArb, (spec) => {
        expect(run(spec).c.sim.fingerprint).toBe(run(spec).c.sim.fingerprint);
      }),
      { numRuns: 10 },
    );
  });
});

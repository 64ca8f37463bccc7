// Demonstrates the store's invariants as properties: strictly increasing resourceVersions, no-op updates,
// replayable watch history, 410 Gone after compaction, and index-backed lists equal to full scans
// (kubernetes-behaviour.md §8).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/api/errors.js';
import { parseFieldSelector, parseLabelSelector, selectableFields } from '../../../src/api/selectors/index.js';
import type { KubeObject, ObjectStore } from '../../../src/api/store/index.js';
import { fixture, pod } from './helpers.js';

type Op =
  | { op: 'create'; name: string; ns: string; app: string; node: string | undefined }
  | { op: 'relabel'; name: string; ns: string; app: string }
  | { op: 'bind'; name: string; ns: string; node: string }
  | { op: 'status'; name: string; ns: string; phase: string }
  | { op: 'delete'; name: string; ns: string };

const nameArb = fc.constantFrom('p1', 'p2', 'p3', 'p4', 'p5', 'p6');
const nsArb = fc.constantFrom('default', 'prod');
const appArb = fc.constantFrom('web', 'db', 'cache');
const nodeArb = fc.constantFrom('n1', 'n2');
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('create' as const), name: nameArb, ns: nsArb, app: appArb, node: fc.option(nodeArb, { nil: undefined }) }),
  fc.record({ op: fc.constant('relabel' as const), name: nameArb, ns: nsArb, app: appArb }),
  fc.record({ op: fc.constant('bind' as const), name: nameArb, ns: nsArb, node: nodeArb }),
  fc.record({ op: fc.constant('status' as const), name: nameArb, ns: nsArb, phase: fc.constantFrom('Pending', 'Running') }),
  fc.record({ op: fc.constant('delete' as const), name: nameArb, ns: nsArb }),
);

/** Applies an op, ignoring the expected API errors (AlreadyExists, NotFound). */
function apply(store: ObjectStore, o: Op): void {
  try {
    const cur = o.op === 'create' ? undefined : store.mustGet('Pod', o.ns, o.name);
    const spec = (cur?.['spec'] ?? {}) as object;
    if (o.op === 'create') store.create(pod(o.name, { ns: o.ns, labels: { app: o.app }, ...(o.node !== undefined ? { nodeName: o.node } : {}) }));
    else if (o.op === 'relabel' && cur) store.update({ ...cur, metadata: { ...cur.metadata, labels: { app: o.app } } });
    else if (o.op === 'bind' && cur) store.update({ ...cur, spec: { ...spec, nodeName: o.node } });
    else if (o.op === 'status' && cur) store.update({ ...cur, status: { phase: o.phase } }, { subresource: 'status' });
    else if (o.op === 'delete') store.delete('Pod', o.ns, o.name);
  } catch (e) {
    if (!(e instanceof ApiError) || (e.reason !== 'AlreadyExists' && e.reason !== 'NotFound')) throw e;
  }
}

function replay(store: ObjectStore, from: number): Map<string, KubeObject> {
  const m = new Map<string, KubeObject>();
  for (const ev of store.eventsSince('Pod', from)) {
    const key = `${ev.object.metadata.namespace ?? ''}/${ev.object.metadata.name ?? ''}`;
    if (ev.type === 'DELETED') m.delete(key);
    else m.set(key, ev.object);
  }
  return m;
}

describe('store invariants (§8)', () => {
  it('every write gets the next revision: resourceVersion strictly increases, one event per write', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), (ops) => {
        const { store, events } = fixture();
        for (const o of ops) apply(store, o);
        events.forEach((ev, i) => {
          expect(ev.resourceVersion).toBe(i + 1);
          expect(ev.object.metadata.resourceVersion).toBe(String(ev.resourceVersion));
        });
        expect(store.resourceVersion).toBe(events.length);
      }),
    );
  });

  it('an update with structurally equal content returns the same reference and emits nothing', () => {
    const json = fc.jsonValue({ maxDepth: 3 });
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('spec', 'data', 'rules'), json), json, (body, status) => {
        const { store, events } = fixture();
        const stored = store.create({ apiVersion: 'v1', kind: 'Thing', metadata: { name: 't', namespace: 'default', labels: { a: 'b' } }, ...body, status });
        const copy = JSON.parse(JSON.stringify(stored)) as KubeObject;
        expect(store.update(copy)).toBe(stored);
        expect(store.update(copy, { subresource: 'status' })).toBe(stored);
        expect(events).toHaveLength(1);
      }),
    );
  });

  it('replaying eventsSince(0) onto an empty map reproduces the store', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), (ops) => {
        const { store } = fixture();
        for (const o of ops) apply(store, o);
        expect([...replay(store, 0).values()].sort((a, b) => `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`))).toEqual(
          store.list('Pod').items,
        );
      }),
    );
  });

  it('a compacted revision is 410 Gone; later revisions still replay onto a list taken then', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 8 }), fc.nat(), (ops, limit, pick) => {
        const { store } = fixture({ historyLimit: limit });
        const snapshots: Map<string, KubeObject>[] = [new Map()];
        for (const o of ops) {
          apply(store, o);
          while (snapshots.length <= store.resourceVersion) {
            snapshots.push(new Map(store.list('Pod').items.map((p) => [`${p.metadata.namespace ?? ''}/${p.metadata.name ?? ''}`, p])));
          }
        }
        const oldest = Math.max(0, store.resourceVersion - limit);
        const rv = pick % (store.resourceVersion + 1);
        if (rv < oldest) {
          expect(() => store.eventsSince('Pod', rv)).toThrow(ApiError);
          expect(() => store.eventsSince('Pod', rv)).toThrow(`too old resource version: ${rv} (${oldest})`);
        } else {
          const m = new Map(snapshots[rv]);
          for (const ev of store.eventsSince('Pod', rv)) {
            const key = `${ev.object.metadata.namespace ?? ''}/${ev.object.metadata.name ?? ''}`;
            if (ev.type === 'DELETED') m.delete(key);
            else m.set(key, ev.object);
          }
          expect([...m.values()].map((p) => p.metadata.resourceVersion).sort()).toEqual(store.list('Pod').items.map((p) => p.metadata.resourceVersion).sort());
        }
        store.compact();
        if (store.resourceVersion > 0) expect(() => store.eventsSince('Pod', store.resourceVersion - 1)).toThrow('too old resource version');
      }),
    );
  });

  it('a list through the indexes equals a full scan with the same selectors', () => {
    const labelSel = fc.constantFrom('', 'app=web', 'app in (web,db)', 'app', '!app', 'app!=db', 'app=web,app!=db', 'app=nope');
    const fieldSel = fc.constantFrom('', 'spec.nodeName=n1', 'spec.nodeName=', 'spec.nodeName!=n2', 'status.phase=Running', 'metadata.name=p1');
    const ns = fc.constantFrom(undefined, 'default', 'prod', 'empty');
    // Two rounds: a label key is indexed by the first list selecting on it, then maintained by the later writes.
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 50 }), fc.array(opArb, { maxLength: 50 }), labelSel, fieldSel, ns, (first, then, ls, fs, namespace) => {
        const { store } = fixture();
        const check = () => {
          const got = store.list('Pod', { labelSelector: ls, fieldSelector: fs, ...(namespace !== undefined ? { namespace } : {}) }).items;
          const l = parseLabelSelector(ls);
          const f = parseFieldSelector(fs);
          const getters = selectableFields('Pod');
          const want = store
            .list('Pod')
            .items.filter((p) => (namespace === undefined || p.metadata.namespace === namespace) && l.matches(p.metadata.labels) && f.matches(p, getters));
          expect(got).toEqual(want);
        };
        for (const o of first) apply(store, o);
        check();
        for (const o of then) apply(store, o);
        check();
      }),
      { numRuns: 400 },
    );
  });

  it('a filtered watch sees objects entering the selection as ADDED and leaving it as DELETED', () => {
    const { store } = fixture();
    const p = store.create(pod('a', { labels: { app: 'web' } }));
    const q = store.update({ ...p, metadata: { ...p.metadata, labels: { app: 'db' } } });
    store.update({ ...q, metadata: { ...q.metadata, labels: { app: 'web' } } });
    expect(store.eventsSince('Pod', 0, { labelSelector: 'app=web' }).map((e) => [e.type, e.resourceVersion])).toEqual([
      ['ADDED', 1],
      ['DELETED', 2],
      ['ADDED', 3],
    ]);
    expect(() => store.eventsSince('Pod', 9)).toThrow('Too large resource version: 9, current: 3');
  });
});

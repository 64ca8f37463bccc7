// Demonstrates the store's API-server semantics: server-set metadata, optimistic concurrency, generation,
// the status subresource, finalizers and graceful deletion (kubernetes-behaviour.md §8).
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/api/errors.js';
import type { KubeObject } from '../../../src/api/store/index.js';
import { deployment, fixture, pod } from './helpers.js';

function reasonOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e.reason;
    throw e;
  }
  return undefined;
}

describe('create (§8 resourceVersion, generation)', () => {
  it('assigns uid, a global resourceVersion, creationTimestamp and generation 1', () => {
    const { store, at } = fixture({ epochMs: 1_700_000_000_000 });
    at(1_500);
    const a = store.create(pod('a'));
    const b = store.create(deployment('web', 2));
    expect(a.metadata).toMatchObject({ name: 'a', namespace: 'default', resourceVersion: '1', generation: 1 });
    expect(a.metadata.creationTimestamp).toBe('2023-11-14T22:13:21Z');
    expect(b.metadata.resourceVersion).toBe('2');
    expect(a.metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.metadata.uid).not.toBe(b.metadata.uid);
    expect(Object.isFrozen(a) && Object.isFrozen(a.metadata) && Object.isFrozen(a['spec'])).toBe(true);
    expect(store.resourceVersion).toBe(2);
  });

  it('a uid reserved with allocateUid (for admission) is the one stored, and never handed out twice', () => {
    const { store } = fixture();
    const uid = store.allocateUid();
    const a = store.create(pod('a'), { uid });
    const b = store.create(pod('b'));
    expect(a.metadata.uid).toBe(uid);
    expect(b.metadata.uid).not.toBe(uid);
  });

  it('a second create of the same name is 409 AlreadyExists and changes nothing', () => {
    const { store, events } = fixture();
    store.create(pod('a'));
    expect(() => store.create(pod('a'))).toThrow('pods "a" already exists');
    expect(store.resourceVersion).toBe(1);
    expect(events).toHaveLength(1);
  });

  it('generateName gets a deterministic 5-character suffix from upstream alphabet', () => {
    const names = (): string[] => {
      const { store } = fixture();
      return [1, 2, 3].map(() => store.create({ ...pod(''), metadata: { generateName: 'web-', namespace: 'default' } }).metadata.name ?? '');
    };
    const first = names();
    expect(first).toEqual(names());
    expect(new Set(first).size).toBe(3);
    for (const n of first) expect(n).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('a namespaced object without namespace is 422 Invalid; cluster-scoped objects drop it', () => {
    const { store } = fixture();
    expect(reasonOf(() => store.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' } }))).toBe('Invalid');
    const node = store.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', namespace: 'ignored' } });
    expect(node.metadata.namespace).toBeUndefined();
    expect(store.get('Node', 'whatever', 'n1')).toBe(node);
  });
});

describe('update (§8 optimistic concurrency, generation, status subresource)', () => {
  it('a stale resourceVersion is 409 Conflict; no resourceVersion is unconditional', () => {
    const { store } = fixture();
    const v1 = store.create(deployment('web', 1));
    const v2 = store.update({ ...v1, spec: { replicas: 2 } });
    expect(() => store.update({ ...v1, spec: { replicas: 3 } })).toThrow(/Operation cannot be fulfilled on deployments.apps "web"/);
    const { resourceVersion: _rv, ...meta } = v2.metadata;
    const v3 = store.update({ ...v2, metadata: meta, spec: { replicas: 4 } });
    expect(v3.metadata.resourceVersion).toBe('3');
  });

  it('a missing object is 404 NotFound', () => {
    const { store } = fixture();
    expect(reasonOf(() => store.update(pod('ghost')))).toBe('NotFound');
    expect(reasonOf(() => store.mustGet('Pod', 'default', 'ghost'))).toBe('NotFound');
  });

  it('a no-op update returns the same reference with no revision and no event', () => {
    const { store, events } = fixture();
    const v1 = store.create(deployment('web', 1));
    expect(store.update({ ...v1, spec: { replicas: 1 } })).toBe(v1);
    expect(store.update(v1, { subresource: 'status' })).toBe(v1);
    expect(store.resourceVersion).toBe(1);
    expect(events).toHaveLength(1);
  });

  it('generation increments only when the spec changes, not on labels or status', () => {
    const { store } = fixture();
    const v1 = store.create(deployment('web', 1));
    const v2 = store.update({ ...v1, metadata: { ...v1.metadata, labels: { a: 'b' } } });
    expect(v2.metadata.generation).toBe(1);
    const v3 = store.update({ ...v2, spec: { replicas: 5 } });
    expect(v3.metadata.generation).toBe(2);
    const v4 = store.update({ ...v3, status: { observedGeneration: 2 } }, { subresource: 'status' });
    expect(v4.metadata.generation).toBe(2);
    expect(v4['spec']).toBe(v3['spec']);
  });

  it('the main resource ignores status; the status subresource ignores everything else', () => {
    const { store } = fixture();
    const v1 = store.create(deployment('web', 1));
    expect(store.update({ ...v1, status: { replicas: 9 } })).toBe(v1);
    const v2 = store.update({ ...v1, spec: { replicas: 7 }, metadata: { ...v1.metadata, labels: { x: 'y' } }, status: { replicas: 3 } }, { subresource: 'status' });
    expect(v2['status']).toEqual({ replicas: 3 });
    expect(v2['spec']).toBe(v1['spec']);
    expect(v2.metadata.labels).toBeUndefined();
  });

  it('uid may be omitted but not changed; creationTimestamp is preserved', () => {
    const { store } = fixture();
    const v1 = store.create(pod('a'));
    const { uid: _u, ...noUid } = v1.metadata;
    const v2 = store.update({ ...v1, metadata: { ...noUid, creationTimestamp: '2000-01-01T00:00:00Z', labels: { a: '1' } } });
    expect(v2.metadata.uid).toBe(v1.metadata.uid);
    expect(v2.metadata.creationTimestamp).toBe(v1.metadata.creationTimestamp);
    expect(() => store.update({ ...v2, metadata: { ...v2.metadata, uid: 'other' } })).toThrow('metadata.uid: Invalid value: "other": field is immutable');
  });

  it('unchanged subtrees are shared with the previous version', () => {
    const { store } = fixture();
    const v1 = store.create(pod('a', { labels: { app: 'web' } }));
    const v2 = store.update({ ...v1, metadata: { ...v1.metadata, labels: { app: 'web' }, annotations: { n: '1' } } });
    expect(v2.metadata.labels).toBe(v1.metadata.labels);
    expect(v2['spec']).toBe(v1['spec']);
  });
});

describe('delete (§8 deletion, finalizers, graceful deletion, propagation)', () => {
  it('without finalizers or grace the object is removed; the DELETED event carries the last state with a new revision', () => {
    const { store, events } = fixture();
    store.create(pod('a'));
    const r = store.delete('Pod', 'default', 'a');
    expect(r.deleted).toBe(true);
    expect(r.object.metadata.resourceVersion).toBe('2');
    expect(store.get('Pod', 'default', 'a')).toBeUndefined();
    expect(events.map((e) => [e.type, e.resourceVersion])).toEqual([['ADDED', 1], ['DELETED', 2]]);
  });

  it('with finalizers the object is marked (deletionTimestamp now, grace 0, generation +1) until the last finalizer goes', () => {
    const { store, events, at } = fixture();
    const v1 = store.create(pod('a', { finalizers: ['example.com/guard'] }));
    at(5_000);
    const r = store.delete('Pod', 'default', 'a');
    expect(r.deleted).toBe(false);
    expect(r.object.metadata).toMatchObject({ deletionTimestamp: '1970-01-01T00:00:05Z', deletionGracePeriodSeconds: 0, generation: 2 });
    expect(store.delete('Pod', 'default', 'a').object).toBe(r.object);
    expect(() => store.update({ ...r.object, metadata: { ...r.object.metadata, finalizers: ['example.com/guard', 'new'] } })).toThrow(
      'no new finalizers can be added if the object is being deleted',
    );
    const last = store.update({ ...r.object, metadata: { ...r.object.metadata, finalizers: [] } });
    expect(store.get('Pod', 'default', 'a')).toBeUndefined();
    expect(events.at(-1)).toMatchObject({ type: 'DELETED', object: last, oldObject: r.object });
    expect(v1.metadata.deletionTimestamp).toBeUndefined();
  });

  it('grace > 0 sets deletionTimestamp = now + grace; a shorter grace shortens it, a longer one is ignored', () => {
    const { store, at } = fixture();
    store.create(pod('a', { nodeName: 'n1' }));
    at(10_000);
    const r1 = store.delete('Pod', 'default', 'a', { gracePeriodSeconds: 30 });
    expect(r1.object.metadata).toMatchObject({ deletionTimestamp: '1970-01-01T00:00:40Z', deletionGracePeriodSeconds: 30, generation: 2 });
    expect(store.delete('Pod', 'default', 'a', { gracePeriodSeconds: 60 }).object).toBe(r1.object);
    const r2 = store.delete('Pod', 'default', 'a', { gracePeriodSeconds: 5 });
    expect(r2.object.metadata).toMatchObject({ deletionTimestamp: '1970-01-01T00:00:15Z', deletionGracePeriodSeconds: 5, generation: 2 });
    const r3 = store.delete('Pod', 'default', 'a', { gracePeriodSeconds: 0 });
    expect(r3.deleted).toBe(true);
  });

  it('a status update of a gracefully terminating pod does not remove it', () => {
    const { store } = fixture();
    store.create(pod('a', { nodeName: 'n1' }));
    const { object } = store.delete('Pod', 'default', 'a', { gracePeriodSeconds: 30 });
    store.update({ ...object, status: { phase: 'Running' } }, { subresource: 'status' });
    expect(store.get('Pod', 'default', 'a')?.['status']).toEqual({ phase: 'Running' });
  });

  it.each([
    ['Foreground', ['foregroundDeletion']],
    ['Orphan', ['orphan']],
  ] as const)('propagationPolicy %s adds finalizer %j and keeps the object', (policy, finalizers) => {
    const { store } = fixture();
    store.create(deployment('web', 1));
    const r = store.delete('Deployment', 'default', 'web', { propagationPolicy: policy });
    expect(r.deleted).toBe(false);
    expect(r.object.metadata.finalizers).toEqual(finalizers);
    expect(r.object.metadata.deletionTimestamp).toBeDefined();
  });

  it('preconditions on uid and resourceVersion fail with 409 Conflict', () => {
    const { store } = fixture();
    const v1 = store.create(pod('a'));
    expect(() => store.delete('Pod', 'default', 'a', { preconditions: { uid: 'nope' } })).toThrow('the UID in the precondition (nope) does not match');
    expect(() => store.delete('Pod', 'default', 'a', { preconditions: { resourceVersion: '99' } })).toThrow(/ResourceVersion in the precondition \(99\)/);
    expect(store.delete('Pod', 'default', 'a', { preconditions: { uid: v1.metadata.uid ?? '' } }).deleted).toBe(true);
  });
});

describe('indexes and listeners', () => {
  it('byOwner lists dependents across kinds and follows ownerReference changes', () => {
    const { store } = fixture();
    const rs: KubeObject = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'rs', namespace: 'default' }, spec: {} };
    const owner = store.create(rs);
    const ref = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: owner.metadata.uid ?? '' }];
    const p1 = store.create({ ...pod('b'), metadata: { ...pod('b').metadata, ownerReferences: ref } });
    store.create({ ...pod('a'), metadata: { ...pod('a').metadata, ownerReferences: ref } });
    expect(store.byOwner(owner.metadata.uid ?? '').map((o) => o.metadata.name)).toEqual(['a', 'b']);
    store.update({ ...p1, metadata: { ...p1.metadata, ownerReferences: [] } });
    expect(store.byOwner(owner.metadata.uid ?? '').map((o) => o.metadata.name)).toEqual(['a']);
  });

  it('lists are in namespace/name order and reflect label and node changes', () => {
    const { store } = fixture();
    store.create(pod('b', { ns: 'x', labels: { app: 'web' } }));
    const a = store.create(pod('a', { ns: 'y', labels: { app: 'web' } }));
    store.create(pod('c', { ns: 'x', labels: { app: 'db' }, nodeName: 'n1' }));
    expect(store.list('Pod', { labelSelector: 'app=web' }).items.map((o) => o.metadata.name)).toEqual(['b', 'a']);
    store.update({ ...a, metadata: { ...a.metadata, labels: { app: 'db' } }, spec: { ...(a['spec'] as object), nodeName: 'n1' } });
    expect(store.list('Pod', { labelSelector: 'app=db' }).items.map((o) => o.metadata.name)).toEqual(['c', 'a']);
    expect(store.list('Pod', { fieldSelector: 'spec.nodeName=n1' }).items).toHaveLength(2);
    expect(store.list('Pod', { fieldSelector: 'spec.nodeName=' }).items.map((o) => o.metadata.name)).toEqual(['b']);
    expect(store.count('Pod', 'x')).toBe(2);
    expect(() => store.list('Pod', { fieldSelector: 'spec.bogus=1' })).toThrow('field label not supported: spec.bogus');
  });

  it('writes made inside a listener reach every listener after the current event, in revision order', () => {
    const { store } = fixture();
    const seen: number[] = [];
    store.subscribe((ev) => {
      if (ev.object.metadata.name === 'a') store.create(pod('b'));
    });
    store.subscribe((ev) => seen.push(ev.resourceVersion));
    store.create(pod('a'));
    expect(seen).toEqual([1, 2]);
  });
});

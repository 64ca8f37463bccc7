// An update built from the stored object (`{ ...stored, status }`) finds its object through the stored metadata
// instead of the name index; what the store returns and stores must not change (kubernetes-behaviour.md §8:
// optimistic concurrency, 404 for a deleted object) and stored objects must not show how it is done.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/api/errors.js';
import { fixture, pod } from './helpers.js';

describe('update by reference to the stored metadata', () => {
  it('stored metadata shows nothing extra: keys, JSON and spreads are as before', () => {
    const { store } = fixture();
    const a = store.create(pod('a'));
    const b = store.update({ ...a, status: { phase: 'Running' } }, { subresource: 'status' });
    for (const o of [a, b]) {
      expect(Object.keys(o.metadata)).toEqual(['name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp']);
      expect(JSON.parse(JSON.stringify(o.metadata))).toEqual({ ...o.metadata });
      expect(Object.getOwnPropertySymbols({ ...o.metadata })).toEqual([]);
      expect(Object.isFrozen(o.metadata)).toBe(true);
    }
  });

  it('an update from a deleted object is 404, and from an older version of a re-created one 409', () => {
    const { store } = fixture();
    const a = store.create(pod('a'));
    store.delete('Pod', 'default', 'a');
    expect(() => store.update({ ...a, status: { phase: 'Running' } }, { subresource: 'status' })).toThrow('pods "a" not found');
    const again = store.create(pod('a'));
    let err: unknown;
    try {
      store.update({ ...a, status: { phase: 'Running' } }, { subresource: 'status' });
    } catch (e) {
      err = e;
    }
    expect((err as ApiError).code).toBe(409);
    // without a resourceVersion the update is unconditional: it writes the re-created object
    const { resourceVersion: _rv, ...meta } = a.metadata;
    const out = store.update({ ...a, metadata: meta, status: { phase: 'Running' } }, { subresource: 'status' });
    expect(out.metadata.uid).toBe(again.metadata.uid);
    expect(store.get('Pod', 'default', 'a')).toBe(out);
  });

  it("another store's object is looked up by name in this store", () => {
    const one = fixture();
    const two = fixture();
    const a1 = one.store.create(pod('a'));
    two.store.create(pod('other'));
    expect(() => two.store.update({ ...a1, status: { phase: 'Running' } }, { subresource: 'status' })).toThrow('pods "a" not found');
    const a2 = two.store.create(pod('a'));
    const { resourceVersion: _rv, ...meta } = a1.metadata;
    const out = two.store.update({ ...a1, metadata: meta, status: { phase: 'Failed' } }, { subresource: 'status' });
    expect(out.metadata.uid).toBe(a2.metadata.uid);
    expect(one.store.get('Pod', 'default', 'a')).toBe(a1);
  });

  it('a metadata object of one kind does not address an object of another', () => {
    const { store } = fixture();
    const a = store.create(pod('a'));
    expect(() => store.update({ apiVersion: 'v1', kind: 'ConfigMap', metadata: a.metadata }, {})).toThrow(ApiError);
  });
});

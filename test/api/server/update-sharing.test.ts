// Demonstrates that an update of a kind without defaulting (a Lease renewal), which the API server hands to the
// store without deep-copying it first, stores what a deep copy would: unchanged subtrees stay the stored
// references, only what changed is new and frozen, the caller's object is never frozen or kept, and no-op
// updates stay no-ops.
import { describe, expect, it } from 'vitest';
import { ApiServerCore } from '../../../src/api/server/core.js';
import { copyJson, shareOrCopy } from '../../../src/api/store/_internal/objects.js';
import type { KubeObject } from '../../../src/api/store/types.js';

const lease = (renewTime: string, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'coordination.k8s.io/v1',
  kind: 'Lease',
  metadata: { name: 'node-1', namespace: 'kube-node-lease', labels: { a: 'b' }, ...extra },
  spec: { holderIdentity: 'node-1', leaseDurationSeconds: 40, renewTime },
});

describe('update shares the stored object for kinds without defaults', () => {
  it('keeps unchanged subtrees, freezes the new ones and leaves the request alone', () => {
    const api = new ApiServerCore({ now: () => 0 });
    const first = api.create(lease('2025-01-01T00:00:00.000000Z'));
    const req = lease('2025-01-01T00:00:10.000000Z');
    const next = api.update(req);
    expect(next.metadata.labels).toBe(first.metadata.labels);
    expect(next.spec).not.toBe(first.spec);
    expect(next.spec).toEqual({ holderIdentity: 'node-1', leaseDurationSeconds: 40, renewTime: '2025-01-01T00:00:10.000000Z' });
    expect(Object.isFrozen(next.spec)).toBe(true);
    expect(Object.isFrozen(req)).toBe(false);
    expect(Object.isFrozen(req.spec)).toBe(false);
    expect(Object.isFrozen(req.metadata.labels)).toBe(false);
    expect(next.spec).not.toBe(req.spec);
    // a namespace-less request is defaulted on a copy, not on the caller's metadata
    const bare = { ...lease('2025-01-01T00:00:20.000000Z'), metadata: { name: 'node-1' } } as KubeObject;
    expect(() => api.update(bare)).toThrow(/not found/);
    expect(bare.metadata).toEqual({ name: 'node-1' });
    expect(next.metadata.resourceVersion).not.toBe(first.metadata.resourceVersion);
  });

  it('answers an unchanged renewal with the stored reference (no revision)', () => {
    const api = new ApiServerCore({ now: () => 0 });
    const first = api.create(lease('2025-01-01T00:00:00.000000Z'));
    expect(api.update(lease('2025-01-01T00:00:00.000000Z'))).toBe(first);
    expect(api.update(first)).toBe(first);
    expect(api.store.resourceVersion).toBe(Number(first.metadata.resourceVersion));
  });

  it('still validates what the request says', () => {
    const api = new ApiServerCore({ now: () => 0 });
    api.create(lease('2025-01-01T00:00:00.000000Z'));
    const bad = { ...lease('x'), spec: { leaseDurationSeconds: 0 } } as KubeObject;
    expect(() => api.update(bad)).toThrow(/spec.leaseDurationSeconds/);
    expect(() => api.update(lease('x', { labels: { 'a b': 'c' } }))).toThrow(/metadata.labels/);
  });

  it.each([
    ['equal objects', { a: { b: [1, 2] } }, { a: { b: [1, 2] } }],
    ['a changed leaf', { a: { b: [1, 3] }, c: { d: 1 } }, { a: { b: [1, 2] }, c: { d: 1 } }],
    ['a longer array', { a: [1, 2, 3] }, { a: [1, 2] }],
    ['a shorter array', { a: [1] }, { a: [1, 2] }],
    ['a dropped key', { a: 1 }, { a: 1, b: 2 }],
    ['an undefined key', { a: 1, b: undefined }, { a: 1 }],
    ['an object for an array', { a: { 0: 1 } }, { a: [1] }],
    ['null', { a: null }, { a: { b: 1 } }],
  ])('reads as a deep copy for %s', (_name, value, stored) => {
    const out = shareOrCopy(value, stored) as Record<string, unknown>;
    expect(out).toEqual(copyJson(value));
    if (out !== stored) expect(out).not.toBe(value);
  });
});

// The garbage collector carries out cascading deletion at exact virtual times (kubernetes-behaviour.md §8,
// "ownerReferences & GC"): Background deletes dependents after the owner is gone, Foreground keeps the owner
// (deletionTimestamp + finalizer foregroundDeletion) until its blocking dependents are gone, Orphan strips the
// references and then removes the owner, and dependents whose owners never existed are collected.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api/errors.js';
import type { GarbageCollectorState } from '../../src/controllers/garbage-collector/index.js';
import { cluster, configMap, FIXED_LATENCY, ownerRef, pod, replicaSet } from './helpers.js';

/** A ReplicaSet `web` with pods web-1 and web-2 created at t=10; the GC has seen them by t=500. */
function withReplicaSet(opts: Parameters<typeof cluster>[0] = {}) {
  const c = cluster(opts);
  c.sim.runUntil(10);
  const rs = c.write((api) => api.create(replicaSet('web')));
  c.write((api) => ['web-1', 'web-2'].forEach((n) => api.create(pod(n, [ownerRef(rs)]))));
  c.sim.runUntil(1000);
  return { ...c, rs };
}

const podNames = (c: ReturnType<typeof cluster>) => c.core.list('Pod', { namespace: 'default' }).items.map((p) => p.metadata.name);

describe('garbage collector', () => {
  it('Background: the pods of a deleted ReplicaSet are deleted one GC batch after the DELETED event', () => {
    const c = withReplicaSet();
    expect(c.sim.stateOf<GarbageCollectorState>('garbage-collector').synced).toBe(true);
    c.write((api) => api.delete('ReplicaSet', 'default', 'web'));
    // DELETED reaches the GC at t=1001 (watch latency 1); the batch timer fires 100 ms later
    c.sim.runUntil(1100);
    expect(podNames(c)).toEqual(['web-1', 'web-2']);
    c.sim.runUntil(1101);
    expect(podNames(c)).toEqual([]);
    expect(c.notes('gc delete')).toEqual([
      [1101, 'gc delete', 'Pod default/web-1 (owner ReplicaSet web gone)'],
      [1101, 'gc delete', 'Pod default/web-2 (owner ReplicaSet web gone)'],
    ]);
  });

  it('Foreground: the owner stays with deletionTimestamp until its pods are gone, then disappears', () => {
    const c = withReplicaSet();
    c.write((api) => api.delete('ReplicaSet', 'default', 'web', { propagationPolicy: 'Foreground' }));
    c.sim.runUntil(1100);
    const marked = c.core.get('ReplicaSet', 'default', 'web');
    expect(marked?.metadata.deletionTimestamp).toBeDefined();
    expect(marked?.metadata.finalizers).toEqual(['foregroundDeletion']);
    expect(podNames(c)).toEqual(['web-1', 'web-2']);
    // t=1101: the batch deletes the pods; their DELETED events (t=1102) queue the owner again
    c.sim.runUntil(1101);
    expect(podNames(c)).toEqual([]);
    expect(c.core.get('ReplicaSet', 'default', 'web')).toBeDefined();
    c.sim.runUntil(1200);
    expect(c.core.get('ReplicaSet', 'default', 'web')).toBeDefined();
    // t=1201: the next batch (armed at 1101, when the owner re-queued its blocking pods) finds none left
    // and removes the finalizer; the update removes the owner at that instant
    c.sim.runUntil(1201);
    expect(c.core.get('ReplicaSet', 'default', 'web')).toBeUndefined();
    expect(c.notes('gc')).toContainEqual([1201, 'gc finalize', 'ReplicaSet default/web (remove finalizer foregroundDeletion)']);
    expect(c.notes('gc delete')).toEqual([
      [1101, 'gc delete', 'Pod default/web-1 (owner ReplicaSet web deleting in foreground)'],
      [1101, 'gc delete', 'Pod default/web-2 (owner ReplicaSet web deleting in foreground)'],
    ]);
  });

  it('Orphan: the pods stay without ownerReferences and the owner disappears', () => {
    const c = withReplicaSet();
    c.write((api) => api.delete('ReplicaSet', 'default', 'web', { propagationPolicy: 'Orphan' }));
    c.sim.runUntil(1101);
    expect(c.core.get('ReplicaSet', 'default', 'web')?.metadata.finalizers).toEqual(['orphan']);
    expect(c.core.get('Pod', 'default', 'web-1')?.metadata.ownerReferences).toBeUndefined();
    c.sim.runUntil(1201);
    expect(c.core.get('ReplicaSet', 'default', 'web')).toBeDefined();
    c.sim.runUntil(1202);
    expect(c.core.get('ReplicaSet', 'default', 'web')).toBeUndefined();
    c.sim.runUntil(5000);
    expect(podNames(c)).toEqual(['web-1', 'web-2']);
    expect(c.core.list('Pod').items.every((p) => p.metadata.ownerReferences === undefined)).toBe(true);
    expect(c.notes('gc delete')).toEqual([]);
  });

  it('a pod created with an ownerReference to a uid that never existed is collected after a live lookup', () => {
    const c = cluster();
    c.sim.runUntil(10);
    c.write((api) => api.create(pod('stray', [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'ghost', uid: 'no-such-uid' }])));
    // ADDED at 11 → batch at 111 → GET replicasets/ghost answered 404 at 112 → delete at 112
    c.sim.runUntil(111);
    expect(podNames(c)).toEqual(['stray']);
    c.sim.runUntil(112);
    expect(podNames(c)).toEqual([]);
    expect(c.notes('gc delete')).toEqual([[112, 'gc delete', 'Pod default/stray (owner ReplicaSet ghost gone)']]);
  });

  it('dependents dangling before the collector starts are collected once its informers have synced', () => {
    const c = cluster({ namespaceController: false });
    // written at t=0 before any informer listed: the lists (answered at t=1) carry them
    c.write((api) => api.create(configMap('stray', [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'gone', uid: 'u-gone' }])));
    c.sim.runUntil(500);
    expect(c.core.get('ConfigMap', 'default', 'stray')).toBeUndefined();
    expect(c.notes('gc')).toEqual([
      [1, 'gc synced', expect.stringMatching(/objects$/)],
      [102, 'gc delete', 'ConfigMap default/stray (owner ConfigMap gone gone)'],
    ]);
  });

  it('a dependent with one owner gone and one present loses only the dangling reference', () => {
    const c = cluster();
    c.sim.runUntil(10);
    const a = c.write((api) => api.create(configMap('a')));
    const b = c.write((api) => api.create(configMap('b')));
    c.write((api) => api.create(pod('shared', [ownerRef(a), ownerRef(b, { controller: false })])));
    c.sim.runUntil(1000);
    c.write((api) => api.delete('ConfigMap', 'default', 'a'));
    c.sim.runUntil(2000);
    expect(c.core.get('Pod', 'default', 'shared')?.metadata.ownerReferences?.map((r) => r.name)).toEqual(['b']);
    expect(c.notes('gc update')).toEqual([[1101, 'gc update', `Pod default/shared (remove ownerReferences to ${a.metadata.uid})`]]);
  });

  it('a namespaced owner in another namespace counts as absent', () => {
    const c = cluster();
    c.sim.runUntil(10);
    const owner = c.write((api) => api.create(configMap('owner', [], 'kube-system')));
    c.write((api) => api.create(configMap('dep', [ownerRef(owner)])));
    c.sim.runUntil(1000);
    expect(c.core.get('ConfigMap', 'kube-system', 'owner')).toBeDefined();
    expect(c.core.get('ConfigMap', 'default', 'dep')).toBeUndefined();
  });

  it('retries after 409 Conflict: the next batch re-reads the dependent from the informer cache', () => {
    let conflicts = 0;
    const c = withReplicaSet({
      server: {
        ...FIXED_LATENCY,
        intercept: (req) =>
          req.verb === 'delete' && req.name === 'web-1' && conflicts++ === 0 ? new ApiError('Conflict', 'injected conflict') : undefined,
      },
    });
    c.write((api) => api.delete('ReplicaSet', 'default', 'web'));
    c.sim.runUntil(1101);
    expect(podNames(c)).toEqual(['web-1']);
    // the 409 comes back at 1103 and re-queues web-1; the next batch fires at 1203
    c.sim.runUntil(1203);
    expect(podNames(c)).toEqual([]);
    expect(c.notes('gc')).toContainEqual([1103, 'gc conflict', 'injected conflict']);
    expect(c.notes('gc delete').map(([t, , d]) => `${t} ${d}`)).toEqual([
      '1101 Pod default/web-1 (owner ReplicaSet web gone)',
      '1101 Pod default/web-2 (owner ReplicaSet web gone)',
      '1203 Pod default/web-1 (owner ReplicaSet web gone)',
    ]);
  });
});

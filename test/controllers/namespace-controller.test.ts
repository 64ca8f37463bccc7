// Deleting a namespace puts it in phase Terminating, forbids new content, and the namespace controller deletes
// every object in it — pods first — re-checking every second while content remains, then finalizes the
// namespace (kubernetes-behaviour.md §8, "Namespaces" and NamespaceLifecycle admission).
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api/errors.js';
import type { NamespaceControllerState } from '../../src/controllers/namespace/index.js';
import type { KubeObject } from '../../src/api/store/types.js';
import { cluster, configMap, pod } from './helpers.js';

/** Namespace `team` with two unscheduled pods, a ConfigMap and a Secret, created at t=10. */
function withTeam(boundPod = false) {
  const c = cluster();
  c.sim.runUntil(10);
  c.write((api) => {
    api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } });
    api.create(pod('a', [], 'team'));
    api.create(pod('b', [], 'team', boundPod ? 'node-1' : undefined));
    api.create(configMap('cfg', [], 'team'));
    api.create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'team' }, stringData: { k: 'v' } });
  });
  c.sim.runUntil(1000);
  return c;
}

const content = (c: ReturnType<typeof cluster>) =>
  ['Pod', 'ConfigMap', 'Secret'].flatMap((k) => c.core.list(k, { namespace: 'team' }).items.map((o) => `${k}/${o.metadata.name}`));

describe('namespace controller', () => {
  it('deletes the content of a Terminating namespace, pods first, then finalizes it', () => {
    const c = withTeam();
    c.write((api) => api.delete('Namespace', '', 'team'));
    expect((c.core.get('Namespace', '', 'team') as { status?: { phase?: string } }).status?.phase).toBe('Terminating');
    // 1001 MODIFIED seen → list pods (answered 1002) → delete + list again (1003) → list the other kinds
    // (1004) → delete + list again (1005) → finalize, which removes the namespace when it arrives at 1005
    c.sim.runUntil(1002);
    expect(content(c)).toEqual(['ConfigMap/cfg', 'Secret/s']);
    c.sim.runUntil(1004);
    expect(content(c)).toEqual([]);
    expect(c.core.get('Namespace', '', 'team')).toBeDefined();
    c.sim.runUntil(1005);
    expect(c.core.get('Namespace', '', 'team')).toBeUndefined();
    c.sim.runUntil(1007);
    expect(c.notes('namespace')).toEqual([
      [1002, 'namespace delete', 'Pod team/a'],
      [1002, 'namespace delete', 'Pod team/b'],
      [1004, 'namespace delete', 'ConfigMap team/cfg'],
      [1004, 'namespace delete', 'Secret team/s'],
      [1007, 'namespace finalized', 'team'],
    ]);
    expect(c.sim.stateOf<NamespaceControllerState>('namespace-controller').finalized).toEqual(['team']);
  });

  it('a create in a Terminating namespace is Forbidden', () => {
    const c = withTeam();
    c.write((api) => api.delete('Namespace', '', 'team'));
    let err: unknown;
    try {
      c.core.create(configMap('late', [], 'team'));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).reason).toBe('Forbidden');
    expect((err as ApiError).message).toBe(
      'configmaps "late" is forbidden: unable to create new content in namespace team because it is being terminated',
    );
  });

  it('while a pod terminates gracefully it re-checks every second, and deletes other kinds only after', () => {
    const c = withTeam(true);
    c.write((api) => api.delete('Namespace', '', 'team'));
    c.sim.runUntil(3500);
    // pod b is bound: deleted with its 30 s grace period, so it stays with a deletionTimestamp
    expect(content(c)).toEqual(['Pod/b', 'ConfigMap/cfg', 'Secret/s']);
    expect(c.core.get('Pod', 'team', 'b')?.metadata.deletionTimestamp).toBeDefined();
    expect(c.notes('namespace content remains').map(([t]) => t)).toEqual([1003, 2004, 3005]);
    // the kubelet would finish the deletion; here the test does, at t=3500
    c.write((api) => api.delete('Pod', 'team', 'b', { gracePeriodSeconds: 0 }));
    c.sim.runUntil(4010);
    expect(content(c)).toEqual([]);
    expect(c.core.get('Namespace', '', 'team')).toBeUndefined();
    expect(c.notes('namespace finalized')).toEqual([[4010, 'namespace finalized', 'team']]);
  });

  // Upstream namespace REST Delete sets metadata.deletionTimestamp with phase Terminating; the namespace stays
  // while spec.finalizers holds `kubernetes`, and the finalize write that removes it deletes the namespace
  // (ShouldDeleteNamespaceDuringUpdate, pkg/registry/core/namespace/storage; kubernetes-behaviour.md §8).
  it('a terminating namespace carries deletionTimestamp until its content is gone, then the finalize removes it', () => {
    const c = withTeam(true);
    const seen: string[] = [];
    c.core.subscribe((ev) => {
      if (ev.object.kind === 'Namespace' && ev.object.metadata.name === 'team') {
        const ns = ev.object as { spec?: { finalizers?: string[] }; status?: { phase?: string } };
        seen.push(`${c.sim.now} ${ev.type} ${ns.status?.phase ?? ''} ${ev.object.metadata.deletionTimestamp ?? '-'} [${(ns.spec?.finalizers ?? []).join(',')}]`);
      }
    });
    c.write((api) => api.delete('Namespace', '', 'team'));
    c.sim.runUntil(3500);
    const during = c.core.get('Namespace', '', 'team') as { spec?: { finalizers?: string[] }; status?: { phase?: string } } & KubeObject;
    expect(during.metadata.deletionTimestamp).toBe('1970-01-01T00:00:01Z');
    expect(during.status?.phase).toBe('Terminating');
    expect(during.spec?.finalizers).toEqual(['kubernetes']);
    c.write((api) => api.delete('Pod', 'team', 'b', { gracePeriodSeconds: 0 }));
    c.sim.runUntil(4010);
    expect(c.core.get('Namespace', '', 'team')).toBeUndefined();
    expect(seen).toEqual([
      '1000 MODIFIED Terminating 1970-01-01T00:00:01Z [kubernetes]',
      // the finalize request, served at 4008 (answered 4010): its write leaves no finalizer, so it is the deletion
      '4008 DELETED Terminating 1970-01-01T00:00:01Z []',
    ]);
  });

  it('leaves alone a deleting namespace whose kubernetes finalizer is already gone', () => {
    const c = withTeam();
    c.write((api) => {
      api.finalizeNamespace('team');
      api.delete('Namespace', '', 'team', { propagationPolicy: 'Orphan' });
    });
    c.sim.runUntil(3000);
    // deleting, but without the kubernetes finalizer: the namespace controller does not sweep it
    expect(c.core.get('Namespace', '', 'team')?.metadata.deletionTimestamp).toBeDefined();
    expect(c.notes('namespace delete')).toEqual([]);
    expect(content(c)).toEqual(['Pod/a', 'Pod/b', 'ConfigMap/cfg', 'Secret/s']);
  });
});

// Deleting a Namespace, as kube-apiserver's namespace registry does it (kubernetes-behaviour.md §8 "Namespaces";
// upstream pkg/registry/core/namespace/storage/storage.go `REST.Delete`, `ShouldDeleteNamespaceDuringUpdate`, and
// pkg/registry/core/namespace/strategy.go `PrepareForUpdate`):
// - the first delete sets metadata.deletionTimestamp (no grace period) and status.phase Terminating in one write;
//   the namespace stays while spec.finalizers holds `kubernetes`;
// - a second delete while it terminates is 409 Conflict;
// - creates in it are 403 Forbidden (NamespaceLifecycle admission);
// - the finalize subresource removes `kubernetes`; a deleting namespace with no finalizers left (spec and
//   metadata) is removed by that write; metadata finalizers (propagation policy) keep it until they go;
// - a main-resource update cannot change spec.finalizers.
import type { Namespace } from 'kubernetes-types/core/v1.js';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/api/errors.js';
import { ApiServerCore } from '../../../src/api/server/core.js';
import type { KubeObject, WatchEvent } from '../../../src/api/store/types.js';

function setup() {
  let nowMs = 0;
  const api = new ApiServerCore({ now: () => nowMs });
  api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } });
  api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'team' }, data: { k: 'v' } });
  const events: WatchEvent[] = [];
  api.subscribe((ev) => {
    if (ev.object.kind === 'Namespace') events.push(ev);
  });
  return { api, events, at: (ms: number) => (nowMs = ms) };
}

const ns = (api: ApiServerCore) => api.get('Namespace', '', 'team') as (Namespace & KubeObject) | undefined;

function errorOf(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected an ApiError');
}

describe('namespace deletion (namespace registry REST.Delete)', () => {
  it('the first delete sets deletionTimestamp and phase Terminating in one write; the namespace stays', () => {
    const { api, events, at } = setup();
    at(90_000);
    const r = api.delete('Namespace', '', 'team');
    expect(r.deleted).toBe(false);
    const got = ns(api);
    expect(got?.metadata.deletionTimestamp).toBe('1970-01-01T00:01:30Z');
    // upstream sets only the timestamp: no grace period, as `kubectl get ns -o yaml` shows for a terminating namespace
    expect(got?.metadata.deletionGracePeriodSeconds).toBeUndefined();
    expect(got?.status?.phase).toBe('Terminating');
    expect(got?.spec?.finalizers).toEqual(['kubernetes']);
    expect(events.map((e) => [e.type, (e.object as Namespace).status?.phase, e.object.metadata.deletionTimestamp])).toEqual([
      ['MODIFIED', 'Terminating', '1970-01-01T00:01:30Z'],
    ]);
    expect(Object.isFrozen(got?.status)).toBe(true);
  });

  it('a second delete while it terminates is 409 Conflict with upstream wording, and changes nothing', () => {
    const { api, events } = setup();
    api.delete('Namespace', '', 'team');
    const before = ns(api);
    const err = errorOf(() => api.delete('Namespace', '', 'team'));
    expect(err.code).toBe(409);
    expect(err.message).toBe(
      'Operation cannot be fulfilled on namespaces "team": The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.',
    );
    expect(ns(api)).toBe(before);
    expect(events).toHaveLength(1);
  });

  it('creates in a terminating namespace are Forbidden (NamespaceLifecycle)', () => {
    const { api } = setup();
    api.delete('Namespace', '', 'team');
    const err = errorOf(() => api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'late', namespace: 'team' } }));
    expect(err.code).toBe(403);
    expect(err.message).toBe('configmaps "late" is forbidden: unable to create new content in namespace team because it is being terminated');
  });

  it('finalize removes the kubernetes finalizer and with it the namespace (one DELETED event)', () => {
    const { api, events, at } = setup();
    at(1_000);
    api.delete('Namespace', '', 'team');
    at(5_000);
    const r = api.finalizeNamespace('team');
    expect(r.deleted).toBe(true);
    expect(ns(api)).toBeUndefined();
    expect(events.map((e) => e.type)).toEqual(['MODIFIED', 'DELETED']);
    const last = events[1]?.object as Namespace & KubeObject;
    expect(last.spec).toEqual({});
    expect(last.metadata.deletionTimestamp).toBe('1970-01-01T00:00:01Z');
    expect(last.status?.phase).toBe('Terminating');
  });

  it('finalize of a namespace that is not being deleted only removes the finalizer', () => {
    const { api } = setup();
    const r = api.finalizeNamespace('team');
    expect(r.deleted).toBe(false);
    expect(ns(api)?.spec).toEqual({});
    expect(ns(api)?.status?.phase).toBe('Active');
  });

  it('Foreground: the foregroundDeletion finalizer keeps the finalized namespace until it is removed', () => {
    const { api, events } = setup();
    api.delete('Namespace', '', 'team', { propagationPolicy: 'Foreground' });
    expect(ns(api)?.metadata.finalizers).toEqual(['foregroundDeletion']);
    expect(api.finalizeNamespace('team').deleted).toBe(false);
    const held = ns(api);
    expect(held?.spec).toEqual({});
    expect(held?.metadata.finalizers).toEqual(['foregroundDeletion']);
    // the garbage collector's last step: the metadata finalizer goes, and with nothing left the namespace goes too
    const { finalizers: _f, ...meta } = held?.metadata ?? {};
    api.update({ ...(held as KubeObject), metadata: meta });
    expect(ns(api)).toBeUndefined();
    expect(events.map((e) => e.type)).toEqual(['MODIFIED', 'MODIFIED', 'DELETED']);
  });

  it('a delete of a namespace already finalized (spec.finalizers empty) removes it', () => {
    const { api } = setup();
    api.finalizeNamespace('team');
    api.delete('Namespace', '', 'team');
    expect(ns(api)?.metadata.deletionTimestamp).toBeDefined();
    expect(api.delete('Namespace', '', 'team').deleted).toBe(true);
    expect(ns(api)).toBeUndefined();
  });

  it('a main-resource update keeps spec.finalizers (only namespaces/finalize changes them)', () => {
    const { api } = setup();
    const cur = ns(api) as KubeObject;
    const out = api.update({ ...cur, metadata: { ...cur.metadata, labels: { team: 'a' } }, spec: { finalizers: [] } });
    expect((out as Namespace).spec?.finalizers).toEqual(['kubernetes']);
    expect(out.metadata.labels).toMatchObject({ team: 'a' });
    api.delete('Namespace', '', 'team');
    const t = ns(api) as KubeObject;
    api.update({ ...t, spec: {} });
    expect(ns(api)?.spec?.finalizers).toEqual(['kubernetes']);
  });
});

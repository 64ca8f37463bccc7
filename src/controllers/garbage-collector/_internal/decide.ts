/**
 * What the garbage collector does with one object (upstream `attemptToDeleteItem`,
 * `processDeletingDependentsItem` and `classifyReferences`), as a pure function of the graph.
 *
 * @internal
 * @packageDocumentation
 */
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import type { KubeObject } from '../../../api/store/types.js';
import { FOREGROUND_FINALIZER, isDeletingDependents, ORPHAN_FINALIZER, type OwnerGraph, ownerRefs } from './graph.js';

/** The scope of an owner kind, or `undefined` when the API does not serve it. */
export type ScopeOf = (apiVersion: string, kind: string) => 'Namespaced' | 'Cluster' | undefined;

/** An object's owner references sorted by what is known of each owner. */
export interface Classified {
  /** The owner exists and is not waiting for its dependents' deletion. */
  readonly solid: OwnerReference[];
  /** The owner is gone (or is not where a reference can point: another namespace). */
  readonly dangling: OwnerReference[];
  /** The owner is being deleted in the foreground. */
  readonly waiting: OwnerReference[];
  /** Not observed and not known to be gone: a live GET decides. */
  readonly unknown: OwnerReference[];
  /** The reference cannot be resolved (kind not served, namespaced owner of a cluster-scoped object). */
  readonly unresolvable: OwnerReference[];
}

/** What to do with an object. */
export type Action =
  | { readonly type: 'none' }
  | { readonly type: 'verify'; readonly refs: readonly OwnerReference[] }
  | { readonly type: 'enqueue'; readonly uids: readonly string[] }
  | { readonly type: 'strip'; readonly uids: readonly string[] }
  | { readonly type: 'delete'; readonly policy: 'Background' | 'Foreground' | 'Orphan'; readonly reason: string }
  | { readonly type: 'removeFinalizer'; readonly finalizer: string };

/** The namespace an owner reference resolves in: the dependent's for namespaced owners, '' otherwise. */
export function ownerNamespace(item: KubeObject, scope: 'Namespaced' | 'Cluster'): string {
  return scope === 'Cluster' ? '' : (item.metadata.namespace ?? '');
}

/** Upstream `classifyReferences`, reading the graph instead of the API for owners it has observed. */
export function classify(graph: OwnerGraph, item: KubeObject, scopeOf: ScopeOf): Classified {
  const c: Classified = { solid: [], dangling: [], waiting: [], unknown: [], unresolvable: [] };
  for (const ref of ownerRefs(item)) {
    const scope = scopeOf(ref.apiVersion, ref.kind);
    const itemNamespaced = (item.metadata.namespace ?? '') !== '';
    if (scope === undefined || (!itemNamespaced && scope === 'Namespaced')) {
      c.unresolvable.push(ref);
      continue;
    }
    if (graph.absent.has(ref.uid)) {
      c.dangling.push(ref);
      continue;
    }
    const owner = graph.objects.get(ref.uid) ?? graph.verified.get(ref.uid);
    if (owner === undefined) c.unknown.push(ref);
    // a namespaced owner must live in the dependent's namespace; elsewhere the reference counts as absent
    else if ((owner.metadata.namespace ?? '') !== ownerNamespace(item, scope)) c.dangling.push(ref);
    else if (isDeletingDependents(owner)) c.waiting.push(ref);
    else c.solid.push(ref);
  }
  return c;
}

/** The dependents of `uid` whose reference to it has `blockOwnerDeletion: true` (upstream `blockingDependents`). */
function blockingDependents(graph: OwnerGraph, uid: string): string[] {
  return graph.dependentsOf(uid).filter((d) => {
    const dep = graph.objects.get(d);
    return dep !== undefined && ownerRefs(dep).some((r) => r.uid === uid && r.blockOwnerDeletion === true);
  });
}

/** Why a dependent is collected, for the trace: `owner ReplicaSet web gone`. */
function reason(c: Classified): string {
  const gone = c.dangling.map((r) => `${r.kind} ${r.name}`);
  const waiting = c.waiting.map((r) => `${r.kind} ${r.name}`);
  const parts: string[] = [];
  if (gone.length > 0) parts.push(`${gone.length === 1 ? 'owner' : 'owners'} ${gone.join(', ')} gone`);
  if (waiting.length > 0) parts.push(`${waiting.length === 1 ? 'owner' : 'owners'} ${waiting.join(', ')} deleting in foreground`);
  return parts.join('; ');
}

/**
 * Decides what to do with an observed object.
 *
 * @remarks
 * An object being deleted is left alone unless it waits for its own dependents (then: remove the finalizer once
 * no blocking dependent remains, else make sure they are being deleted). Otherwise its references are
 * classified: unknown owners are verified first; an unresolvable reference stops everything; with a solid owner only the dangling and waiting references
 * are removed; with a foreground-deleting owner and dependents of its own it is deleted in the foreground;
 * with no solid owner it is deleted with the policy its own finalizers ask for (upstream default case).
 */
export function decide(graph: OwnerGraph, item: KubeObject, scopeOf: ScopeOf): Action {
  const uid = item.metadata.uid ?? '';
  if (item.metadata.deletionTimestamp !== undefined) {
    if (!isDeletingDependents(item)) return { type: 'none' };
    const blocking = blockingDependents(graph, uid);
    if (blocking.length === 0) return { type: 'removeFinalizer', finalizer: FOREGROUND_FINALIZER };
    return { type: 'enqueue', uids: blocking.filter((d) => !isDeletingDependents(graph.objects.get(d) ?? item)) };
  }
  if (ownerRefs(item).length === 0) return { type: 'none' };
  const c = classify(graph, item, scopeOf);
  if (c.unknown.length > 0) return { type: 'verify', refs: c.unknown };
  // upstream's lookup of an unresolvable owner fails, so the item is retried and never collected
  if (c.unresolvable.length > 0) return { type: 'none' };
  if (c.solid.length > 0) {
    const uids = [...c.dangling, ...c.waiting].map((r) => r.uid);
    return uids.length === 0 ? { type: 'none' } : { type: 'strip', uids };
  }
  if (c.waiting.length > 0 && graph.dependentCount(uid) > 0) return { type: 'delete', policy: 'Foreground', reason: reason(c) };
  const finalizers = item.metadata.finalizers ?? [];
  const policy = finalizers.includes(ORPHAN_FINALIZER) ? 'Orphan' : finalizers.includes(FOREGROUND_FINALIZER) ? 'Foreground' : 'Background';
  return { type: 'delete', policy, reason: reason(c) };
}

/**
 * The garbage collector's dependency graph (upstream `GraphBuilder.uidToNode`): observed objects by uid,
 * owner uid → dependent uids, and the uids known to be gone.
 *
 * @internal
 * @packageDocumentation
 */
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import type { KubeObject } from '../../../api/store/types.js';

/** The `foregroundDeletion` finalizer (upstream `metav1.FinalizerDeleteDependents`). */
export const FOREGROUND_FINALIZER = 'foregroundDeletion';
/** The `orphan` finalizer (upstream `metav1.FinalizerOrphanDependents`). */
export const ORPHAN_FINALIZER = 'orphan';

/** The object's owner references (empty when it has none). */
export function ownerRefs(obj: KubeObject): readonly OwnerReference[] {
  return obj.metadata.ownerReferences ?? [];
}

/** The empty list of removed owners (shared: callers only read it). */
const NONE: readonly string[] = Object.freeze([]);

/** Whether the object is being deleted and waits for the GC behind `finalizer`. */
function deletingWith(obj: KubeObject, finalizer: string): boolean {
  return obj.metadata.deletionTimestamp !== undefined && (obj.metadata.finalizers ?? []).includes(finalizer);
}

/** Upstream `isDeletingDependents`: deletionTimestamp set and finalizer `foregroundDeletion`. */
export function isDeletingDependents(obj: KubeObject): boolean {
  return deletingWith(obj, FOREGROUND_FINALIZER);
}

/** Being deleted with finalizer `orphan`: its dependents must lose their reference to it. */
export function isOrphaning(obj: KubeObject): boolean {
  return deletingWith(obj, ORPHAN_FINALIZER);
}

/** `Kind namespace/name` (or `Kind name`), as traces print objects. */
export function describe(obj: KubeObject): string {
  const ns = obj.metadata.namespace ?? '';
  return `${obj.kind} ${ns === '' ? '' : `${ns}/`}${obj.metadata.name ?? ''}`;
}

/**
 * The uid graph built from the informers' events.
 *
 * @remarks
 * Every structure is bounded by what the cluster holds now: an absent or GET-verified uid is kept only while
 * some observed object still references it.
 */
export class OwnerGraph {
  /** Observed objects by uid (the informers' latest versions). */
  readonly objects = new Map<string, KubeObject>();
  /** Owners of kinds not observed (or not yet observed) that a live GET found, by uid. */
  readonly verified = new Map<string, KubeObject>();
  /** Uids known to be gone (a DELETED event, or a GET answering 404 / another uid). */
  readonly absent = new Set<string>();
  private readonly deps = new Map<string, Set<string>>();

  /** The uids of the objects whose owner references name `uid`. */
  dependentsOf(uid: string): readonly string[] {
    const set = this.deps.get(uid);
    return set === undefined ? [] : [...set];
  }

  /** Number of dependents of `uid`. */
  dependentCount(uid: string): number {
    return this.deps.get(uid)?.size ?? 0;
  }

  /** Records an added or updated object; returns the owner uids it no longer references. */
  upsert(obj: KubeObject): readonly string[] {
    const uid = obj.metadata.uid ?? '';
    const old = this.objects.get(uid);
    this.objects.set(uid, obj);
    // both are empty nearly always: no hashing of the uid then
    if (this.verified.size > 0) this.verified.delete(uid);
    if (this.absent.size > 0) this.absent.delete(uid);
    // the store shares an unchanged list between versions: a status write or lease renewal keeps its edges
    if (old !== undefined && old.metadata.ownerReferences === obj.metadata.ownerReferences) return NONE;
    const before = new Set((old === undefined ? [] : ownerRefs(old)).map((r) => r.uid));
    const after = new Set(ownerRefs(obj).map((r) => r.uid));
    const removed: string[] = [];
    for (const o of before) {
      if (after.has(o)) continue;
      removed.push(o);
      this.unlink(o, uid);
    }
    for (const o of after) {
      if (before.has(o)) continue;
      let set = this.deps.get(o);
      if (set === undefined) this.deps.set(o, (set = new Set()));
      set.add(uid);
    }
    return removed;
  }

  /** Records a deletion; returns the uids of the deleted object's owners. */
  remove(obj: KubeObject): string[] {
    const uid = obj.metadata.uid ?? '';
    const old = this.objects.get(uid) ?? obj;
    this.objects.delete(uid);
    this.verified.delete(uid);
    if (this.dependentCount(uid) > 0) this.absent.add(uid);
    const owners = ownerRefs(old).map((r) => r.uid);
    for (const o of owners) this.unlink(o, uid);
    return owners;
  }

  /** Marks an owner uid as gone (a live GET did not find it), if something still references it. */
  markAbsent(uid: string): void {
    if (this.dependentCount(uid) > 0 && !this.objects.has(uid)) this.absent.add(uid);
  }

  /** Records an owner that a live GET found, if something still references it and it is not known gone. */
  markVerified(owner: KubeObject): void {
    const uid = owner.metadata.uid ?? '';
    if (this.dependentCount(uid) > 0 && !this.objects.has(uid) && !this.absent.has(uid)) this.verified.set(uid, owner);
  }

  private unlink(owner: string, dependent: string): void {
    const set = this.deps.get(owner);
    if (set === undefined) return;
    set.delete(dependent);
    if (set.size > 0) return;
    this.deps.delete(owner);
    this.absent.delete(owner);
    this.verified.delete(owner);
  }
}

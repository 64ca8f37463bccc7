/**
 * An index of cached objects by controller uid, plus the orphans (no controller) per namespace: what
 * `ClaimPods` / `ClaimReplicaSets` need without listing a namespace on every sync.
 *
 * @internal
 * @packageDocumentation
 */
import type { KubeObject } from '../../api/store/types.js';
import { controllerOf } from './pods.js';

/**
 * Objects by controller uid, and orphans by namespace.
 *
 * @remarks Buckets are keyed by object name: an owner and its dependents share a namespace, and an orphan
 * bucket is one namespace, so names are unique within a bucket.
 */
export class OwnerIndex<T extends KubeObject> {
  private readonly byOwner = new Map<string, Map<string, T>>();
  private readonly orphansByNs = new Map<string, Map<string, T>>();

  /** Records `obj` (replacing `old`, its previous version, when given). */
  upsert(old: T | undefined, obj: T): void {
    const ref = controllerOf(obj);
    if (old !== undefined) {
      // most updates (status, binding) keep the owner: replace in place
      const sameRefs = old.metadata.ownerReferences === obj.metadata.ownerReferences;
      if ((sameRefs || controllerOf(old)?.uid === ref?.uid) && old.metadata.namespace === obj.metadata.namespace) {
        const k = ref !== undefined ? ref.uid : (obj.metadata.namespace ?? '');
        const b = (ref !== undefined ? this.byOwner : this.orphansByNs).get(k);
        if (b !== undefined) {
          b.set(obj.metadata.name ?? '', obj);
          return;
        }
      }
      this.remove(old);
    }
    if (ref !== undefined) bucket(this.byOwner, ref.uid).set(obj.metadata.name ?? '', obj);
    else bucket(this.orphansByNs, obj.metadata.namespace ?? '').set(obj.metadata.name ?? '', obj);
  }

  /** Forgets `obj`. */
  remove(obj: T): void {
    const ref = controllerOf(obj);
    const map = ref !== undefined ? this.byOwner : this.orphansByNs;
    const k = ref !== undefined ? ref.uid : (obj.metadata.namespace ?? '');
    const b = map.get(k);
    if (b === undefined) return;
    b.delete(obj.metadata.name ?? '');
    if (b.size === 0) map.delete(k);
  }

  /** The objects whose controller has this uid. */
  owned(uid: string): Iterable<T> {
    return this.byOwner.get(uid)?.values() ?? [];
  }

  /** Number of objects whose controller has this uid. */
  ownedCount(uid: string): number {
    return this.byOwner.get(uid)?.size ?? 0;
  }

  /** The objects without a controller in a namespace. */
  orphans(namespace: string): Iterable<T> {
    return this.orphansByNs.get(namespace)?.values() ?? [];
  }
}

function bucket<T>(map: Map<string, Map<string, T>>, k: string): Map<string, T> {
  let b = map.get(k);
  if (b === undefined) {
    b = new Map();
    map.set(k, b);
  }
  return b;
}

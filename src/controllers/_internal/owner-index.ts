/**
 * An index of cached objects by controller uid, plus the orphans (no controller) per namespace: what
 * `ClaimPods` / `ClaimReplicaSets` need without listing a namespace on every sync.
 *
 * @internal
 * @packageDocumentation
 */
import type { KubeObject } from '../../api/store/types.js';
import { controllerOf, keyOf } from './pods.js';

/** Objects by controller uid, and orphans by namespace. */
export class OwnerIndex<T extends KubeObject> {
  private readonly byOwner = new Map<string, Map<string, T>>();
  private readonly orphansByNs = new Map<string, Map<string, T>>();

  /** Records `obj` (replacing `old`, its previous version, when given). */
  upsert(old: T | undefined, obj: T): void {
    const ref = controllerOf(obj);
    if (old !== undefined) {
      // most updates (status, binding) keep the owner: replace in place
      const oldRef = controllerOf(old);
      if (oldRef?.uid === ref?.uid && old.metadata.namespace === obj.metadata.namespace) {
        const k = ref !== undefined ? ref.uid : (obj.metadata.namespace ?? '');
        const b = (ref !== undefined ? this.byOwner : this.orphansByNs).get(k);
        if (b !== undefined) {
          b.set(keyOf(obj), obj);
          return;
        }
      }
      this.remove(old);
    }
    if (ref !== undefined) bucket(this.byOwner, ref.uid).set(keyOf(obj), obj);
    else bucket(this.orphansByNs, obj.metadata.namespace ?? '').set(keyOf(obj), obj);
  }

  /** Forgets `obj`. */
  remove(obj: T): void {
    const ref = controllerOf(obj);
    const map = ref !== undefined ? this.byOwner : this.orphansByNs;
    const k = ref !== undefined ? ref.uid : (obj.metadata.namespace ?? '');
    const b = map.get(k);
    if (b === undefined) return;
    b.delete(keyOf(obj));
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

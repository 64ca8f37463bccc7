/**
 * Computes the object an update would store (upstream `rest.BeforeUpdate` + the strategies' generation
 * and status rules), sharing every unchanged subtree with the stored object.
 *
 * @internal
 * @packageDocumentation
 */
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import type { FieldError } from '../../errors.js';
import type { KubeObject } from '../types.js';
import { copyWithout, shareOrCopy, withKey } from './objects.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type MutableObject = { apiVersion: string; kind: string; metadata: Mutable<ObjectMeta>; [field: string]: unknown };

/**
 * Metadata fields the server owns: an update cannot change them, they are copied from the stored object
 * (upstream `BeforeUpdate`: uid, creationTimestamp, deletion fields and generation are preserved).
 */
const SERVER_OWNED: ReadonlySet<string> = new Set([
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'creationTimestamp',
  'generation',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
]);

/** Object keys other than these are "spec" for the generation rule. */
const NOT_SPEC = new Set(['apiVersion', 'kind', 'metadata', 'status']);

/** A prepared write: the stored object itself when nothing changes. */
export type Prepared = { readonly noop: true; readonly obj: KubeObject } | { readonly noop: false; readonly obj: MutableObject };

/** Field errors an update of the main resource is refused for (uid changed, finalizer added while deleting). */
export function updateErrors(old: KubeObject, incoming: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const uid = incoming.metadata.uid;
  if (uid !== undefined && uid !== '' && uid !== old.metadata.uid) {
    errs.push({ field: 'metadata.uid', type: 'Invalid value', value: uid, detail: 'field is immutable' });
  }
  if (old.metadata.deletionTimestamp !== undefined) {
    const before = new Set(old.metadata.finalizers ?? []);
    const added = (incoming.metadata.finalizers ?? []).filter((f) => !before.has(f));
    if (added.length > 0) {
      const detail = `no new finalizers can be added if the object is being deleted, found new finalizers ${JSON.stringify(added)}`;
      errs.push({ field: 'metadata.finalizers', type: 'Forbidden', detail });
    }
  }
  return errs;
}

/**
 * `value`, with every subtree equal to the corresponding subtree of `stored` replaced by that (frozen) subtree:
 * `stored` itself when the two are equal (as `deepEqual` judges), else a value equal to `value` (its
 * keys, in its order) that shares what did not change. A scale of a ReplicaSet then keeps its selector and
 * template objects, so what readers memoize per object (compiled selectors, template hashes) stays valid, and
 * freezing stops at the shared subtrees.
 *
 * @remarks A frozen part of `value` (its writer froze it: nobody can change it any more) in which nothing was
 * replaced by a stored part and no key holds `undefined` is kept as it is rather than copied: a kubelet that
 * freezes the pod status it sends has its changed conditions and container statuses stored without a copy.
 */
export function shareUnchanged(value: unknown, stored: unknown): unknown {
  if (value === stored) return stored;
  if (typeof value !== 'object' || value === null || typeof stored !== 'object' || stored === null) return value;
  if (Array.isArray(value)) return Array.isArray(stored) ? shareArray(value, stored) : value;
  if (Array.isArray(stored)) return value;
  return shareObject(value as Readonly<Record<string, unknown>>, stored as Readonly<Record<string, unknown>>);
}

/** Whether `s`, what {@link shareUnchanged} made of `v`, is `v` itself and frozen (or a primitive). */
function keptFrozen(s: unknown, v: unknown): boolean {
  return s === v && (typeof v !== 'object' || v === null || Object.isFrozen(v));
}

/**
 * {@link shareUnchanged} of two arrays. While every element so far is the stored one (`same`) or the value's own,
 * frozen (`mine`, only for a frozen `value`), nothing is copied; the first element that is neither starts the copy,
 * with the elements before it taken from whichever of the two they all equal.
 */
function shareArray(value: readonly unknown[], stored: readonly unknown[]): readonly unknown[] {
  let out: unknown[] | undefined;
  let same = value.length === stored.length;
  let mine = Object.isFrozen(value);
  for (let i = 0; i < value.length; i++) {
    const v = value[i];
    const s = i < stored.length ? shareUnchanged(v, stored[i]) : v;
    if (out === undefined) {
      const wasSame = same;
      if (s !== stored[i]) same = false;
      if (mine && !keptFrozen(s, v)) mine = false;
      if (!same && !mine) out = (wasSame ? stored : value).slice(0, i);
    }
    if (out !== undefined) out.push(s);
  }
  if (out !== undefined) return out;
  if (same) return stored;
  return mine ? value : [];
}

/** {@link shareUnchanged} of two plain objects (see {@link shareArray} for `same` and `mine`). */
function shareObject(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): unknown {
  let out: Record<string, unknown> | undefined;
  let same = true;
  let mine = Object.isFrozen(a);
  let count = 0;
  for (const k in a) {
    const v = a[k];
    if (v === undefined) {
      // an undefined-valued key is dropped, so the value cannot be kept as it is
      if (out === undefined && mine) {
        mine = false;
        if (!same) out = prefix(a, a, k);
      }
      continue;
    }
    count++;
    const s = shareUnchanged(v, b[k]);
    if (out === undefined) {
      const wasSame = same;
      if (s !== b[k]) same = false;
      if (mine && !keptFrozen(s, v)) mine = false;
      if (!same && !mine) out = prefix(a, wasSame ? b : a, k);
    }
    if (out !== undefined) out[k] = s;
  }
  if (out !== undefined) return out;
  if (!same) return a;
  let storedCount = 0;
  for (const k in b) if (b[k] !== undefined) storedCount++;
  if (storedCount === count) return b;
  if (mine) return a;
  // every key of `value` is equal in `stored`, which has more: `value`'s keys with the stored values
  return prefix(a, b, undefined);
}

/** `a`'s keys before `end` (all of them when undefined) that hold a value, with the values of `from`. */
function prefix(a: Readonly<Record<string, unknown>>, from: Readonly<Record<string, unknown>>, end: string | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const j in a) {
    if (j === end) break;
    if (a[j] !== undefined) out[j] = from[j];
  }
  return out;
}

/**
 * Copies `value` into `target[key]`, sharing what equals `shared`; reports whether it differs. With `copy`, what
 * differs is copied (the input is the caller's), else it is kept as is (the input is a draft).
 */
function take(target: Record<string, unknown>, key: string, value: unknown, shared: unknown, copy: boolean): boolean {
  if (value === undefined) {
    delete target[key];
    return shared !== undefined;
  }
  const merged = copy ? shareOrCopy(value, shared) : shareUnchanged(value, shared);
  target[key] = merged;
  return merged !== shared;
}

/** Builds the metadata of a main-resource update; returns it and whether anything but server fields moved. */
function mergeMeta(oldMeta: Readonly<ObjectMeta>, inMeta: Readonly<ObjectMeta>, copy: boolean): { meta: Mutable<ObjectMeta>; changed: boolean } {
  const meta: Record<string, unknown> = {};
  const old = oldMeta as Readonly<Record<string, unknown>>;
  const given = inMeta as Readonly<Record<string, unknown>>;
  let changed = false;
  for (const k in given) {
    if (SERVER_OWNED.has(k)) continue;
    if (take(meta, k, given[k], old[k], copy)) changed = true;
  }
  for (const k in old) {
    if (old[k] === undefined) continue;
    if (SERVER_OWNED.has(k)) meta[k] = old[k];
    else if (!(k in meta)) changed = true;
  }
  return { meta: meta as Mutable<ObjectMeta>, changed };
}

/**
 * The object a main-resource update stores: incoming metadata except the server-owned fields, incoming
 * spec (every top-level field but metadata/status), the stored status when `keepStatus`; generation +1
 * only when the spec changed. `copy`: the incoming object is the caller's, so what changed is copied, not kept.
 */
export function prepareMainUpdate(old: KubeObject, incoming: KubeObject, keepStatus: boolean, copy = false): Prepared {
  const { meta, changed: metaChanged } = mergeMeta(old.metadata, incoming.metadata, copy);
  const next: MutableObject = { apiVersion: old.apiVersion, kind: old.kind, metadata: meta };
  let specChanged = false;
  for (const k in incoming) {
    if (NOT_SPEC.has(k)) continue;
    if (take(next, k, incoming[k], old[k], copy)) specChanged = true;
  }
  for (const k in old) {
    if (!NOT_SPEC.has(k) && !(k in next) && old[k] !== undefined) specChanged = true;
  }
  let statusChanged = false;
  if (keepStatus) {
    if (old['status'] !== undefined) next['status'] = old['status'];
  } else {
    statusChanged = take(next, 'status', incoming['status'], old['status'], copy);
  }
  if (!metaChanged && !specChanged && !statusChanged) return { noop: true, obj: old };
  if (specChanged) meta.generation = (old.metadata.generation ?? 0) + 1;
  return { noop: false, obj: next };
}

/**
 * The object a `/status` update stores: the stored object with only `status` taken from the request, sharing
 * every part of it equal to the stored status (a kubelet's new condition leaves the container statuses frozen
 * and shared), so only what changed is frozen and kept anew.
 */
export function prepareStatusUpdate(old: KubeObject, incoming: KubeObject): Prepared {
  const stored = old['status'];
  const status = shareUnchanged(incoming['status'], stored);
  if (status === stored) return { noop: true, obj: old };
  const next = withKey(old, 'status', status) as MutableObject;
  next.metadata = copyWithout(old.metadata, undefined) as Mutable<ObjectMeta>;
  return { noop: false, obj: next };
}

/**
 * Whether an update removes the object (upstream `ShouldDeleteDuringUpdate`): it is being deleted with no
 * grace period left (0 or none) and the new version has no finalizers.
 */
export function shouldDeleteDuringUpdate(oldMeta: Readonly<ObjectMeta>, newMeta: Readonly<ObjectMeta>): boolean {
  if ((newMeta.finalizers?.length ?? 0) > 0) return false;
  if (oldMeta.deletionTimestamp === undefined) return false;
  return (oldMeta.deletionGracePeriodSeconds ?? 0) === 0;
}

/**
 * The shapes the object store works with: stored objects, watch events and the options of each verb.
 *
 * @packageDocumentation
 */
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import type { FieldCatalogExtensions } from '../selectors/field-value.js';
import type { FieldSelector } from '../selectors/field-selector.js';
import type { CompiledSelector } from '../selectors/label-selector.js';

/**
 * Any Kubernetes object as the store keeps it: deeply frozen, with the server-assigned metadata filled.
 *
 * @example
 * ```ts
 * const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap',
 *   metadata: { name: 'cfg', namespace: 'default' }, data: { a: '1' } };
 * ```
 */
export type KubeObject = {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: Readonly<ObjectMeta>;
  readonly [field: string]: unknown;
};

/**
 * One change to one object, as a watch delivers it.
 *
 * @remarks
 * `resourceVersion` is the revision of the write (also in `object.metadata.resourceVersion`, a string).
 * `oldObject` is the state before the write (absent for `ADDED`). A `DELETED` event carries the last state
 * of the object stamped with the deletion's revision, as etcd3 watchers do.
 *
 * @example
 * ```ts
 * store.subscribe((ev: WatchEvent) => { if (ev.type === 'DELETED') gc.enqueue(ev.object.metadata.uid); });
 * ```
 */
export interface WatchEvent {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly object: KubeObject;
  readonly oldObject?: KubeObject;
  readonly resourceVersion: number;
}

/**
 * How an {@link ObjectStore} is configured.
 *
 * @example
 * ```ts
 * const opts: StoreOptions = { scopeOf: (k) => (k === 'Node' ? 'Cluster' : 'Namespaced'), now: () => sim.nowMs };
 * ```
 */
export interface StoreOptions {
  /** Cluster- or namespace-scoped, per kind. */
  scopeOf(kind: string): 'Namespaced' | 'Cluster';
  /** Virtual time in ms, for `creationTimestamp` / `deletionTimestamp`. */
  now(): number;
  /**
   * Wall-clock instant (ms since the Unix epoch) that virtual time 0 corresponds to, for timestamps.
   * @defaultValue `0` (1970-01-01T00:00:00Z)
   */
  readonly epochMs?: number;
  /**
   * Number of watch events kept; older revisions are compacted and watching from them fails with 410 Gone.
   * @defaultValue `10000`
   */
  readonly historyLimit?: number;
  /**
   * The resource name used in error messages (`pods "web-1" not found`), e.g. `deployments.apps`.
   * @defaultValue the lower-cased plural of the kind, with the API group appended when not core
   */
  resourceOf?(kind: string): string;
  /**
   * Whether a kind has a `/status` subresource; when it has, main-resource updates ignore `status`.
   * @defaultValue every kind has one
   */
  hasStatusSubresource?(kind: string): boolean;
  /** Extra selectable fields for field selectors, per kind (the extension hook). */
  readonly selectableFields?: FieldCatalogExtensions;
  /**
   * Fields indexed per kind for field-selector lists (`spec.nodeName=x` reads one bucket).
   * @defaultValue `{ Pod: ['spec.nodeName'] }`
   */
  readonly indexedFields?: Readonly<Record<string, readonly string[]>>;
  /**
   * Deep-freeze every stored object (already frozen subtrees are skipped). Turn off only in benchmarks.
   * @defaultValue `true`
   */
  readonly freeze?: boolean;
  /**
   * Whether kind-specific finalizers still hold an object (a Namespace's `spec.finalizers`): an update that
   * leaves a deleting object without `metadata.finalizers` removes it only when this says no (upstream
   * `ShouldDeleteNamespaceDuringUpdate`).
   * @defaultValue no kind has such finalizers
   */
  heldByKindFinalizers?(obj: KubeObject): boolean;
}

/**
 * Which objects a list or watch selects.
 *
 * @example
 * ```ts
 * const sel: SelectOptions = { namespace: 'default', labelSelector: 'app=web', fieldSelector: 'spec.nodeName=n1' };
 * ```
 */
export interface SelectOptions {
  /** Only this namespace (ignored for cluster-scoped kinds). */
  readonly namespace?: string;
  /** Label selector, compiled or in string form. */
  readonly labelSelector?: CompiledSelector | string;
  /** Field selector, parsed or in string form; fields must be selectable for the kind. */
  readonly fieldSelector?: FieldSelector | string;
}

/**
 * A list result: the items in key order (`namespace/name`, as etcd returns them) and the store revision.
 *
 * @example
 * ```ts
 * const { items, resourceVersion } = store.list('Pod', { namespace: 'default' });
 * ```
 */
export interface ListResult {
  readonly items: readonly KubeObject[];
  readonly resourceVersion: string;
}

/**
 * Options of {@link ObjectStore.update}.
 *
 * @example
 * ```ts
 * store.update(podWithNewStatus, { subresource: 'status' });
 * ```
 */
export interface UpdateOptions {
  /** `'status'` writes only `status`; otherwise the main resource is written and `status` ignored. */
  readonly subresource?: 'status';
  /**
   * For server-side strategies that write spec and status in one revision (the pod binding sets
   * `spec.nodeName` and the PodScheduled condition together): the main write also takes `status`.
   * @defaultValue false
   */
  readonly withStatus?: boolean;
  /**
   * The input belongs to the caller: the stored version copies every part of it that changed instead of
   * keeping (and freezing) the caller's objects — the API server's update of a kind without defaulting passes
   * the request's object this way instead of deep-copying it first.
   * @defaultValue false (the input is a draft the store may keep and freeze)
   */
  readonly copyInput?: boolean;
}

/**
 * Options of {@link ObjectStore.delete} (upstream `DeleteOptions`).
 *
 * @example
 * ```ts
 * store.delete('Pod', 'default', 'web-1', { gracePeriodSeconds: 30 });
 * ```
 */
export interface DeleteOptions {
  /**
   * Graceful deletion period; when given the object gets `deletionTimestamp = now + grace` and stays
   * while the grace is > 0. Negative values count as 1. Absent: delete at once (or mark, if finalizers).
   */
  readonly gracePeriodSeconds?: number;
  /** The delete fails with 409 Conflict unless the stored object has this uid / resourceVersion. */
  readonly preconditions?: { readonly uid?: string; readonly resourceVersion?: string };
  /** Dependent handling: `Foreground` adds finalizer `foregroundDeletion`, `Orphan` adds `orphan`. */
  readonly propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
}

/**
 * The outcome of a delete: the object as it now is, and whether it is gone from the store.
 *
 * @example
 * ```ts
 * const { deleted } = store.delete('Pod', 'default', 'web-1');
 * ```
 */
export interface DeleteResult {
  readonly object: KubeObject;
  readonly deleted: boolean;
}

/**
 * The object store: kubesim's etcd plus the generic registry rules of kube-apiserver
 * (kubernetes-behaviour.md §8).
 *
 * @packageDocumentation
 */
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import { alreadyExists, conflict, invalid, notFound } from '../errors.js';
import { parseFieldSelector } from '../selectors/field-selector.js';
import { checkSelectableFields, type FieldGetter, selectableFields } from '../selectors/field-value.js';
import { parseLabelSelector } from '../selectors/label-selector.js';
import { deepEqual } from './_internal/deep-equal.js';
import { Dispatcher } from './_internal/dispatcher.js';
import { copyWithout, deepFreeze, withKey } from './_internal/objects.js';
import { type Cell, KindTable, type Query } from './_internal/kind-table.js';
import type { MutableMeta } from './_internal/mutable-meta.js';
import { generatedName, uidFor } from './_internal/names.js';
import { OwnerIndex } from './_internal/owner-index.js';
import { checkPreconditions, planDelete, propagationFinalizers } from './_internal/prepare-delete.js';
import { prepareMainUpdate, prepareStatusUpdate, shouldDeleteDuringUpdate, updateErrors } from './_internal/prepare-update.js';
import { defaultResourceName, kindGroupOf } from './_internal/resource-names.js';
import { formatTimestamp } from './_internal/timestamp.js';
import { WatchHistory } from './_internal/watch-history.js';
import { filterWatchEvent } from './_internal/watch-filter.js';
import type {
  DeleteOptions,
  DeleteResult,
  KubeObject,
  ListResult,
  SelectOptions,
  StoreOptions,
  UpdateOptions,
  WatchEvent,
} from './types.js';

/** Metadata a create always sets itself (upstream `FillObjectMetaSystemFields` / `BeforeCreate`). */
const CREATE_SERVER_SET: ReadonlySet<string> = new Set([
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
]);

const DEFAULT_INDEXED_FIELDS: Readonly<Record<string, readonly string[]>> = { Pod: ['spec.nodeName'] };
/** Upstream retries a colliding generated name a few times (`RetryGenerateName`). */
const GENERATE_NAME_ATTEMPTS = 8;

/**
 * An in-memory, versioned object store with watch history: etcd and the generic registry of
 * kube-apiserver in one synchronous, deterministic object.
 *
 * @remarks
 * - One global revision counter: every write gets the next `resourceVersion` and exactly one
 *   {@link WatchEvent}; a no-op update returns the stored reference with no revision and no event.
 * - Stored objects are deeply frozen; unchanged subtrees are shared with the previous version.
 * - Indexes (namespace, owner uid, `spec.nodeName` of pods, label keys) are maintained on every write, and
 *   {@link ObjectStore.list} reads the most selective one. A label key is indexed from the first list that
 *   selects on it (that list reads every object of the kind once): writes pay only for the label keys lists
 *   use. Lists are in etcd key order (`namespace/name`).
 * - Listeners run synchronously after each write; events caused inside a listener are delivered after
 *   the current one, so every listener sees revisions in order.
 *
 * @example
 * ```ts
 * const store = new ObjectStore({ scopeOf: () => 'Namespaced', now: () => 0 });
 * const pod = store.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', namespace: 'default' }, spec: {} });
 * pod.metadata.resourceVersion; // '1'
 * store.list('Pod', { fieldSelector: 'spec.nodeName=' }).items.length; // 1
 * ```
 */
export class ObjectStore {
  private readonly tables = new Map<string, KindTable>();
  private readonly owners = new OwnerIndex();
  private readonly history: WatchHistory;
  private readonly resourceNames = new Map<string, string>();
  private readonly dispatcher = new Dispatcher();
  /** The key under which stored metadata knows its cell (one per store: another store's objects never match). */
  private readonly cellKey = Symbol('kubesim.cell');
  private revision = 0;
  private uids = 0;
  private generatedNames = 0;

  constructor(private readonly opts: StoreOptions) {
    this.history = new WatchHistory(Math.max(0, Math.floor(opts.historyLimit ?? 10_000)));
  }

  /** The current global revision (the resourceVersion of the latest write). */
  get resourceVersion(): number {
    return this.revision;
  }

  /**
   * Stores a new object: assigns `uid`, `resourceVersion`, `creationTimestamp`, `generation: 1` and, for
   * `generateName`, a name with a deterministic 5-character suffix. `opts.uid` stores a uid taken
   * earlier from {@link ObjectStore.allocateUid} (admission runs before the write and may need it).
   * @throws {@link ApiError} 409 AlreadyExists; 422 Invalid when name or namespace is missing.
   */
  create(input: KubeObject, opts: { readonly uid?: string } = {}): KubeObject {
    const kind = input.kind;
    const meta: Readonly<ObjectMeta> = input.metadata ?? {};
    const namespaced = this.opts.scopeOf(kind) === 'Namespaced';
    const table = this.table(kind, input.apiVersion);
    const namespace = namespaced ? (meta.namespace ?? '') : '';
    if (namespaced && namespace === '') {
      throw invalid(this.kindGroup(kind), meta.name ?? '', [{ field: 'metadata.namespace', type: 'Required value' }]);
    }
    const name = this.pickName(table, namespace, meta);
    if (table.get(namespace, name) !== undefined) throw alreadyExists(this.resource(kind), name);
    const rv = ++this.revision;
    // Server-set fields are written last; copying key by key keeps V8 on its fast path (no override spread).
    const m = copyWithout(meta, CREATE_SERVER_SET) as MutableMeta;
    m.name = name;
    if (namespaced) m.namespace = namespace;
    m.uid = opts.uid ?? uidFor(++this.uids);
    m.resourceVersion = String(rv);
    m.generation = 1;
    m.creationTimestamp = formatTimestamp(this.nowUnixMs());
    const cell: Cell = { kind, namespace, name, obj: input, removed: false };
    this.stamp(m, cell);
    const obj = this.seal(withKey(input, 'metadata', m) as KubeObject);
    cell.obj = obj;
    table.insert(cell);
    this.owners.move(cell, undefined, m.ownerReferences);
    this.emit({ type: 'ADDED', object: obj, resourceVersion: rv });
    return obj;
  }

  private pickName(table: KindTable, namespace: string, meta: Readonly<ObjectMeta>): string {
    if (meta.name !== undefined && meta.name !== '') return meta.name;
    const prefix = meta.generateName ?? '';
    if (prefix === '') {
      const detail = 'name or generateName is required';
      throw invalid(this.kindGroup(table.kind), '', [{ field: 'metadata.name', type: 'Required value', detail }]);
    }
    let name = generatedName(prefix, this.generatedNames++);
    for (let i = 1; i < GENERATE_NAME_ATTEMPTS && table.get(namespace, name) !== undefined; i++) {
      name = generatedName(prefix, this.generatedNames++);
    }
    return name;
  }

  /**
   * Reserves the next uid, for a create that passes it as `opts.uid` (the API server needs the uid
   * during admission, before the object is stored).
   */
  allocateUid(): string {
    return uidFor(++this.uids);
  }

  /**
   * Writes a new version of an existing object (the main resource, or only `status`).
   *
   * @remarks
   * A `metadata.resourceVersion` other than the stored one fails with 409 Conflict; none means
   * unconditional. A write that changes nothing returns the stored reference (no revision, no event).
   * The main write ignores `status` (when the kind has a status subresource) and server-owned metadata
   * (`uid` may be omitted but not changed, 422); `generation` goes up by one when anything outside
   * `metadata`/`status` changed. A `status` write takes only `status`. While an object is being deleted
   * no finalizer may be added; when the last one goes and the deletion grace is 0, the object is removed.
   * @throws {@link ApiError} 404 NotFound, 409 Conflict, 422 Invalid.
   */
  update(input: KubeObject, opts: UpdateOptions = {}): KubeObject {
    const kind = input.kind;
    const meta: Readonly<ObjectMeta> = input.metadata ?? {};
    const cell = this.cellOf(kind, meta);
    const old = cell.obj;
    const given = meta.resourceVersion;
    if (given !== undefined && given !== '' && given !== old.metadata.resourceVersion) {
      throw conflict(this.resource(kind), cell.name);
    }
    let prepared;
    if (opts.subresource === 'status') {
      prepared = prepareStatusUpdate(old, input);
    } else {
      const errs = updateErrors(old, input);
      if (errs.length > 0) throw invalid(this.kindGroup(kind), cell.name, errs);
      const keepStatus = opts.withStatus !== true && (this.opts.hasStatusSubresource?.(kind) ?? true);
      prepared = prepareMainUpdate(old, input, keepStatus, opts.copyInput === true);
    }
    if (prepared.noop) return prepared.obj;
    const rv = ++this.revision;
    prepared.obj.metadata.resourceVersion = String(rv);
    this.stamp(prepared.obj.metadata, cell);
    // A status write copies only the top level and metadata; everything else is the stored (frozen) subtrees
    // and the request's status, so only those three need freezing.
    const next = opts.subresource === 'status' ? this.sealStatusWrite(prepared.obj) : this.seal(prepared.obj);
    if (this.removedByUpdate(old, next)) this.removeCell(cell, next, rv);
    else this.replaceCell(cell, next, rv);
    return next;
  }

  /**
   * Starts a deletion that the kind's own finalizers finish (upstream namespace REST `Delete`, first call): in
   * one revision, `deletionTimestamp` becomes now (no grace period), the propagation policy sets the `orphan` /
   * `foregroundDeletion` finalizers, and `status` (when given) replaces the stored status. The object stays
   * until an update empties its finalizers ({@link StoreOptions.heldByKindFinalizers}).
   * @returns the stored object (the same reference when nothing changed).
   * @throws {@link ApiError} 404 NotFound; 409 Conflict when a precondition fails.
   * @example
   * ```ts
   * store.startDeletion('Namespace', '', 'team', { status: { phase: 'Terminating' } }).metadata.deletionTimestamp;
   * ```
   */
  startDeletion(kind: string, namespace: string, name: string, opts: DeleteOptions & { readonly status?: unknown } = {}): KubeObject {
    const cell = this.mustCell(kind, namespace, name);
    const old = cell.obj;
    checkPreconditions(this.resource(kind), old, opts.preconditions);
    const meta = copyWithout(old.metadata, undefined) as MutableMeta;
    meta.deletionTimestamp ??= formatTimestamp(this.nowUnixMs());
    const finalizers = propagationFinalizers(old.metadata.finalizers ?? [], opts.propagationPolicy);
    if (finalizers !== undefined) {
      if (finalizers.length === 0) delete meta.finalizers;
      else meta.finalizers = finalizers;
    }
    const status = opts.status === undefined ? old['status'] : opts.status;
    if (deepEqual(meta, old.metadata) && deepEqual(status, old['status'])) return old;
    const rv = ++this.revision;
    meta.resourceVersion = String(rv);
    this.stamp(meta, cell);
    const next = this.seal(withKey(withKey(old, 'metadata', meta), 'status', status) as KubeObject);
    this.replaceCell(cell, next, rv);
    return next;
  }

  /**
   * Deletes an object, or starts its graceful / finalized deletion (see {@link DeleteOptions}).
   * @returns the object as it now is and whether it has left the store.
   * @throws {@link ApiError} 404 NotFound; 409 Conflict when a precondition fails.
   */
  delete(kind: string, namespace: string, name: string, opts: DeleteOptions = {}): DeleteResult {
    const cell = this.mustCell(kind, namespace, name);
    const old = cell.obj;
    checkPreconditions(this.resource(kind), old, opts.preconditions);
    const plan = planDelete(old, opts, { nowUnixMs: this.nowUnixMs() });
    if (plan.action === 'keep') return { object: old, deleted: false };
    if (plan.action === 'mark' && deepEqual(plan.meta, old.metadata)) return { object: old, deleted: false };
    const rv = ++this.revision;
    const meta = withKey(plan.meta, 'resourceVersion', String(rv));
    this.stamp(meta, cell);
    const next = this.seal(withKey(old, 'metadata', meta) as KubeObject);
    if (plan.action === 'mark') {
      this.replaceCell(cell, next, rv);
      return { object: next, deleted: false };
    }
    this.removeCell(cell, next, rv);
    return { object: next, deleted: true };
  }

  /** The stored object, or `undefined`; `namespace` is ignored for cluster-scoped kinds. */
  get(kind: string, namespace: string, name: string): KubeObject | undefined {
    return this.cell(kind, namespace, name)?.obj;
  }

  /**
   * The stored object.
   * @throws {@link ApiError} 404 NotFound.
   */
  mustGet(kind: string, namespace: string, name: string): KubeObject {
    return this.mustCell(kind, namespace, name).obj;
  }

  /**
   * The objects of a kind that match, in key order (`namespace/name`), with the current revision.
   * @remarks Reads the most selective index: a namespace, an indexed field pinned by `=`, or a label
   *   bucket pinned by `=`/`in`/`exists`; cost is proportional to that bucket, not to the store.
   * @throws {@link ApiError} 400 BadRequest for an unparsable selector or an unsupported field label.
   */
  list(kind: string, opts: SelectOptions = {}): ListResult {
    const resourceVersion = String(this.revision);
    const table = this.tables.get(kind);
    const query = this.query(kind, opts);
    return { items: table === undefined ? [] : table.select(query), resourceVersion };
  }

  /** How many objects of a kind are stored (in one namespace, when given). */
  count(kind: string, namespace?: string): number {
    const ns = namespace === undefined || this.opts.scopeOf(kind) === 'Cluster' ? undefined : namespace;
    return this.tables.get(kind)?.countIn(ns) ?? 0;
  }

  /**
   * The events of a kind after `resourceVersion`, in order, seen through an optional filter.
   * @remarks With a filter, an object that starts matching arrives as `ADDED` and one that stops
   *   matching as `DELETED`, as the watch cache delivers them.
   * @throws {@link ApiError} 410 Gone when the revision was compacted; 504 Timeout when it is ahead of
   *   the store.
   */
  eventsSince(kind: string, resourceVersion: number, filter?: SelectOptions): readonly WatchEvent[] {
    const query = filter === undefined ? undefined : this.query(kind, filter);
    const out: WatchEvent[] = [];
    this.history.forEachSince(resourceVersion, this.revision, (ev) => {
      if (ev.object.kind !== kind) return;
      const seen = query === undefined ? ev : filterWatchEvent(ev, query);
      if (seen !== undefined) out.push(seen);
    });
    return out;
  }

  /** Registers a synchronous listener for every write of every kind; returns the unsubscribe function. */
  subscribe(listener: (ev: WatchEvent) => void): () => void {
    return this.dispatcher.subscribe(listener);
  }

  /** Forgets watch history up to `upToRevision` (default: all of it), so older watches get 410 Gone. */
  compact(upToRevision: number = this.revision): void {
    this.history.compact(Math.min(upToRevision, this.revision));
  }

  /** The objects whose `ownerReferences` name this uid, ordered by kind then key. */
  byOwner(ownerUid: string): readonly KubeObject[] {
    return this.owners.dependents(ownerUid);
  }

  private query(kind: string, opts: SelectOptions): Query {
    const namespaced = this.opts.scopeOf(kind) === 'Namespaced';
    const ls = opts.labelSelector;
    const fs = typeof opts.fieldSelector === 'string' ? parseFieldSelector(opts.fieldSelector) : opts.fieldSelector;
    if (fs !== undefined) checkSelectableFields(fs, kind, this.opts.selectableFields);
    return {
      namespace: namespaced && opts.namespace !== undefined && opts.namespace !== '' ? opts.namespace : undefined,
      labels: typeof ls === 'string' ? parseLabelSelector(ls) : ls,
      fields: fs,
      getters: selectableFields(kind, this.opts.selectableFields),
    };
  }

  private table(kind: string, apiVersion: string): KindTable {
    let table = this.tables.get(kind);
    if (table === undefined) {
      const getters = selectableFields(kind, this.opts.selectableFields);
      const paths = (this.opts.indexedFields ?? DEFAULT_INDEXED_FIELDS)[kind] ?? [];
      const indexed = paths.map((p): [string, FieldGetter] => [p, getters[p] ?? ((o) => String(o))]);
      table = new KindTable(kind, apiVersion, indexed);
      this.tables.set(kind, table);
    }
    return table;
  }

  private cell(kind: string, namespace: string, name: string): Cell | undefined {
    const ns = this.opts.scopeOf(kind) === 'Namespaced' ? namespace : '';
    return this.tables.get(kind)?.get(ns, name);
  }

  /**
   * The cell an update names. A request built from the stored object (`{ ...stored, status }`, the usual
   * read-modify-write) carries the stored metadata object itself, which knows its cell: no index lookup.
   */
  private cellOf(kind: string, meta: Readonly<ObjectMeta>): Cell {
    const known = (meta as { readonly [k: symbol]: Cell | undefined })[this.cellKey];
    if (known !== undefined && !known.removed && known.obj.metadata === meta && known.kind === kind) return known;
    return this.mustCell(kind, meta.namespace ?? '', meta.name ?? '');
  }

  /**
   * Records a new stored version's cell on its metadata (a non-enumerable property keyed by this store's own
   * symbol: invisible to JSON, spreads, `for…in`, `Object.keys` and structural comparisons).
   */
  private stamp(meta: object, cell: Cell): void {
    Object.defineProperty(meta, this.cellKey, { value: cell });
  }

  private mustCell(kind: string, namespace: string, name: string): Cell {
    const cell = this.cell(kind, namespace, name);
    if (cell === undefined) throw notFound(this.resource(kind), name);
    return cell;
  }

  /** Upstream `ShouldDeleteDuringUpdate`, and for kinds with their own finalizers, none left there either. */
  private removedByUpdate(old: KubeObject, next: KubeObject): boolean {
    return shouldDeleteDuringUpdate(old.metadata, next.metadata) && this.opts.heldByKindFinalizers?.(next) !== true;
  }

  private replaceCell(cell: Cell, next: KubeObject, rv: number): void {
    const old = cell.obj;
    (this.tables.get(cell.kind) as KindTable).replace(cell, next);
    this.owners.move(cell, old.metadata.ownerReferences, next.metadata.ownerReferences);
    this.emit({ type: 'MODIFIED', object: next, oldObject: old, resourceVersion: rv });
  }

  private removeCell(cell: Cell, last: KubeObject, rv: number): void {
    const old = cell.obj;
    (this.tables.get(cell.kind) as KindTable).remove(cell);
    cell.removed = true;
    this.owners.move(cell, old.metadata.ownerReferences, undefined);
    this.emit({ type: 'DELETED', object: last, oldObject: old, resourceVersion: rv });
  }

  private emit(ev: WatchEvent): void {
    this.history.push(ev);
    this.dispatcher.deliver(ev);
  }

  private seal<T extends KubeObject>(obj: T): T {
    return this.opts.freeze === false ? obj : deepFreeze(obj);
  }

  /** {@link ObjectStore.seal} for a {@link prepareStatusUpdate} result: fresh top level and metadata. */
  private sealStatusWrite<T extends KubeObject>(obj: T): T {
    if (this.opts.freeze === false) return obj;
    deepFreeze(obj['status']);
    Object.freeze(obj.metadata);
    return Object.freeze(obj);
  }

  private nowUnixMs(): number {
    return (this.opts.epochMs ?? 0) + this.opts.now();
  }

  private resource(kind: string): string {
    const cached = this.resourceNames.get(kind);
    if (cached !== undefined) return cached;
    const apiVersion = this.tables.get(kind)?.apiVersion;
    const name = this.opts.resourceOf?.(kind) ?? defaultResourceName(kind, apiVersion);
    // Without an apiVersion yet the group is unknown: do not cache the guess.
    if (apiVersion !== undefined || this.opts.resourceOf !== undefined) this.resourceNames.set(kind, name);
    return name;
  }

  private kindGroup(kind: string): string {
    return kindGroupOf(kind, this.tables.get(kind)?.apiVersion);
  }
}

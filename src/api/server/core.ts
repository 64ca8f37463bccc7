/**
 * The API server's request handling, synchronous and pure: admission (mutating defaults, validation,
 * namespace lifecycle, priority, default tolerations) in Kubernetes' order, then the store.
 *
 * @remarks
 * The API server actor wraps this core and adds latency, identities and watches; `apply` calls it directly for
 * dry runs and writes at the current instant. Order of a create (kubernetes-behaviour.md §8): kind lookup →
 * namespace lifecycle → mutating admission (API defaults, DefaultTolerationSeconds, Priority) → server fields
 * (uid) and `PrepareForCreate` → validation → persist. A pod whose spec equals one admitted before (the pods of
 * one template) reuses that admission of its spec (`pod-spec-memo.ts`); its namespace, metadata and nodeName
 * are still checked, and anything invalid goes through the full chain for its errors.
 *
 * @packageDocumentation
 */
import type { Namespace, Pod, PodCondition } from 'kubernetes-types/core/v1.js';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1.js';
import { ApiError, invalid, notFound } from '../errors.js';
import { defaultPodPriority, defaultTolerationSeconds, type PriorityClassSource } from '../kinds/pod-admission.js';
import { KUBERNETES_FINALIZER } from '../kinds/namespace.js';
import { validateObjectMeta } from '../kinds/meta.js';
import { dns1123Subdomain } from '../kinds/memo.js';
import { podKind } from '../kinds/pod.js';
import { defaultRegistry, type KindInfo, type KindRegistry } from '../kinds/registry.js';
import { ObjectStore } from '../store/object-store.js';
import type { DeleteOptions, DeleteResult, KubeObject, ListResult, SelectOptions, WatchEvent } from '../store/types.js';
import { deepEqual } from '../store/_internal/deep-equal.js';
import { deepFreeze, withKey } from '../store/_internal/objects.js';
import { formatTimestamp } from '../store/_internal/timestamp.js';
import { cloneJson } from './clone.js';
import { type AdmittedSpec, PodSpecMemo } from './pod-spec-memo.js';

/** A mutable copy of a request's object. */
type Draft = { apiVersion: string; kind: string; metadata: Record<string, unknown>; [field: string]: unknown };

/** Options of a write. */
export interface WriteOptions {
  /** Run admission and validation only; store nothing (`kubectl --dry-run=server`). */
  readonly dryRun?: boolean;
  /** For dry runs of several documents: namespaces that earlier documents will create. */
  readonly pendingNamespaces?: ReadonlySet<string>;
}

/** Options of {@link ApiServerCore}. */
export interface ApiServerCoreOptions {
  /** Virtual time in ms (for timestamps). */
  now(): number;
  /** The kinds served. @defaultValue `defaultRegistry()` */
  readonly registry?: KindRegistry;
  /** Watch history kept by the store (events). @defaultValue the store's default */
  readonly historyLimit?: number;
  /** Namespaces that exist at startup. @defaultValue default, kube-system, kube-public, kube-node-lease */
  readonly initialNamespaces?: readonly string[];
}

/** The namespaces kube-apiserver creates at startup (§8). */
export const SYSTEM_NAMESPACES: readonly string[] = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/**
 * Admission and storage for every request, without latency or identities.
 *
 * @example
 * ```ts
 * const api = new ApiServerCore({ now: () => sim.now });
 * api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' },
 *              spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } });
 * api.get('Pod', 'default', 'web')?.spec; // defaulted: restartPolicy Always, dnsPolicy ClusterFirst, ...
 * ```
 */
export class ApiServerCore {
  /** The kinds served. */
  readonly registry: KindRegistry;
  /** The object store (read it freely; write only through this core). */
  readonly store: ObjectStore;
  private readonly priorityClasses: PriorityClassSource;
  private readonly nowMs: () => number;
  /** Pod specs admitted recently, for the pods of one template; valid while {@link classesVersion} holds. */
  private readonly podSpecs = new PodSpecMemo();
  /** Bumped on every PriorityClass write (the Priority admission step reads them). */
  private classesVersion = 0;

  constructor(opts: ApiServerCoreOptions) {
    this.registry = opts.registry ?? defaultRegistry();
    this.nowMs = opts.now;
    const reg = this.registry;
    this.store = new ObjectStore({
      now: opts.now,
      scopeOf: (kind) => reg.get(kind)?.scope ?? 'Namespaced',
      resourceOf: (kind) => reg.get(kind)?.plural ?? `${kind.toLowerCase()}s`,
      hasStatusSubresource: (kind) => reg.get(kind)?.hasStatus ?? false,
      heldByKindFinalizers: (obj) => obj.kind === 'Namespace' && ((obj as Namespace).spec?.finalizers?.length ?? 0) > 0,
      ...(opts.historyLimit !== undefined ? { historyLimit: opts.historyLimit } : {}),
    });
    // PriorityClasses are few and rarely written: keep them in a map maintained from the store's change feed,
    // so the Priority admission step costs a lookup, not a list, on every pod create.
    const classes = new Map<string, PriorityClass>();
    let globalDefault: PriorityClass | undefined;
    let defaultDirty = false;
    this.store.subscribe((ev) => {
      if (ev.object.kind !== 'PriorityClass') return;
      this.classesVersion++;
      const name = ev.object.metadata.name ?? '';
      if (ev.type === 'DELETED') classes.delete(name);
      else classes.set(name, ev.object as unknown as PriorityClass);
      defaultDirty = true;
    });
    this.priorityClasses = {
      get: (name) => classes.get(name),
      globalDefault: () => {
        if (defaultDirty) {
          globalDefault = undefined;
          for (const pc of classes.values()) {
            if (pc.globalDefault === true && (globalDefault === undefined || pc.value < globalDefault.value)) globalDefault = pc;
          }
          defaultDirty = false;
        }
        return globalDefault;
      },
    };
    for (const name of opts.initialNamespaces ?? SYSTEM_NAMESPACES) {
      this.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    }
  }

  /** The kind's info; throws the "not supported yet" error for a kind kubesim does not serve. */
  kindInfo(obj: { apiVersion?: unknown; kind?: unknown }): KindInfo {
    if (typeof obj.kind !== 'string' || obj.kind === '') throw new ApiError('BadRequest', 'Object \'Kind\' is missing');
    if (typeof obj.apiVersion !== 'string' || obj.apiVersion === '') {
      throw new ApiError('BadRequest', `Object 'apiVersion' is missing in kind "${obj.kind}"`);
    }
    return this.registry.lookup(obj.apiVersion, obj.kind);
  }

  /** Creates an object through admission. @throws {@link ApiError} */
  create(obj: KubeObject, opts: WriteOptions = {}): KubeObject {
    const info = this.kindInfo(obj);
    if (info === podKind && opts.dryRun !== true) {
      const admitted = this.podSpecs.lookup(obj['spec'], this.classesVersion);
      if (admitted !== undefined) {
        const stored = this.createAdmittedPod(obj, info, admitted, opts);
        if (stored !== undefined) return stored;
      }
    }
    const draft = cloneJson(obj) as unknown as Draft;
    draft.metadata ??= {};
    if (info.scope === 'Namespaced') this.admitNamespace(draft, info, opts);
    else delete draft.metadata.namespace;
    info.default?.(draft);
    if (info.kind === 'Pod') {
      // a stored pod is frozen: it may share the default list (a dry run's draft is handed back mutable)
      defaultTolerationSeconds(draft as Pod, opts.dryRun !== true);
      defaultPodPriority(draft as Pod, this.priorityClasses);
    }
    const uid = opts.dryRun === true ? 'dry-run' : this.store.allocateUid();
    draft.metadata.uid = uid;
    info.prepareForCreate?.(draft);
    this.validate(info, draft, undefined);
    if (opts.dryRun === true) return draft;
    if (info.kind !== 'Pod') return this.store.create(draft, { uid });
    shareCanonicalPodParts(draft);
    const stored = this.store.create(draft, { uid });
    if (info === podKind) this.podSpecs.record(obj['spec'], stored['spec'] as Record<string, unknown>, stored['status'], this.classesVersion);
    return stored;
  }

  /**
   * A pod create whose spec equals one admitted before (nodeName aside): the namespace lifecycle and the
   * metadata are checked as on the full path, the spec and status are the memoized admission's. `undefined`
   * when this request must take the full path (invalid metadata or nodeName: the full path words the errors),
   * before anything was changed.
   */
  private createAdmittedPod(obj: KubeObject, info: KindInfo, admitted: AdmittedSpec, opts: WriteOptions): KubeObject | undefined {
    const request = obj['spec'] as Readonly<Record<string, unknown>>;
    const nodeName = request['nodeName'];
    if (nodeName !== undefined && (typeof nodeName !== 'string' || (nodeName !== '' && dns1123Subdomain(nodeName).length > 0))) return undefined;
    const m: unknown = obj.metadata;
    if (m !== undefined && m !== null && (typeof m !== 'object' || Array.isArray(m))) return undefined;
    // the request's metadata, copied; labels equal to the last pod's of this template are shared (frozen)
    const metadata: Record<string, unknown> = {};
    let sharedLabels = false;
    if (m !== undefined && m !== null) {
      const given = m as Readonly<Record<string, unknown>>;
      for (const k in given) {
        const v = given[k];
        if (v === undefined) continue;
        if (k === 'labels' && admitted.labels !== undefined && deepEqual(v, admitted.labels)) {
          metadata[k] = admitted.labels;
          sharedLabels = true;
        } else metadata[k] = cloneJson(v);
      }
    }
    const draft = { metadata };
    this.admitNamespace(draft, info, opts);
    if (validateObjectMeta(draft, info, undefined).length > 0) return undefined;
    // frozen here (its parts already are), so that the store's deep freeze stops at it
    const spec = nodeName === undefined && sameKeyOrder(request, admitted.keys) ? admitted.spec : Object.freeze(withNodeName(request, admitted.spec, admitted.keys, nodeName));
    // the full path's key order: the request's keys in its order, then metadata and status when it had none
    const pod = {} as Draft;
    const o = obj as Readonly<Record<string, unknown>>;
    for (const k in o) {
      const v = o[k];
      if (v === undefined) continue;
      if (k === 'metadata') pod.metadata = metadata;
      else if (k === 'spec') pod[k] = spec;
      else if (k === 'status') pod[k] = admitted.status;
      else pod[k] = cloneJson(v);
    }
    pod.metadata ??= metadata;
    pod['status'] ??= admitted.status;
    const uid = this.store.allocateUid();
    metadata['uid'] = uid;
    const stored = this.store.create(pod, { uid });
    if (!sharedLabels) {
      const labels = stored.metadata.labels;
      if (labels !== undefined && Object.isFrozen(labels)) admitted.labels = labels;
    }
    return stored;
  }

  /**
   * Updates an object (main resource, or `status` with `subresource: 'status'`) through admission.
   * @throws {@link ApiError} 404, 409, 422
   */
  update(obj: KubeObject, opts: WriteOptions & { readonly subresource?: 'status' } = {}): KubeObject {
    const info = this.kindInfo(obj);
    if (opts.subresource === 'status') {
      if (opts.dryRun === true) return obj;
      return this.store.update(obj, { subresource: 'status' });
    }
    const ns = info.scope === 'Namespaced' ? (obj.metadata.namespace ?? 'default') : '';
    const name = obj.metadata.name ?? '';
    const old = this.store.get(info.kind, ns, name);
    if (old === undefined) throw notFound(this.resource(info), name);
    if (info.default === undefined && info.kind !== 'Pod' && opts.dryRun !== true) {
      // Nothing mutates a kind without defaulting: validate the request as sent and let the store copy only
      // what changed (one pass instead of a deep copy and then a comparison; a Lease renewal copies its spec).
      const input = obj.metadata.namespace === ns || info.scope !== 'Namespaced' ? obj : withNamespace(obj, ns);
      this.validate(info, input, old);
      return this.store.update(input, { copyInput: true });
    }
    const draft = cloneJson(obj) as unknown as Draft;
    if (info.scope === 'Namespaced') draft.metadata.namespace = ns;
    // upstream namespace strategy PrepareForUpdate: spec.finalizers change only through namespaces/finalize
    if (info.kind === 'Namespace') keepNamespaceFinalizers(draft, old as Namespace & KubeObject);
    info.default?.(draft);
    // upstream runs DefaultTolerationSeconds on update too, so a re-applied pod keeps its tolerations
    if (info.kind === 'Pod') defaultTolerationSeconds(draft as Pod);
    this.validate(info, draft, old);
    if (opts.dryRun === true) return draft;
    return this.store.update(draft);
  }

  /**
   * Binds a pod to a node (the `pods/binding` subresource): sets `spec.nodeName` and the PodScheduled
   * condition. Fails with 409 when the pod is already bound (upstream: "pod X is already assigned to node Y").
   */
  bind(namespace: string, name: string, nodeName: string): KubeObject {
    const pod = this.store.get('Pod', namespace, name) as Pod | undefined;
    if (pod === undefined) throw notFound('pods', name);
    const current = pod.spec?.nodeName ?? '';
    if (current !== '') throw new ApiError('Conflict', `pod ${name} is already assigned to node "${current}"`);
    if (pod.metadata?.deletionTimestamp !== undefined) {
      throw new ApiError('Conflict', `pod ${name} is being deleted, cannot be assigned to a host`);
    }
    // upstream's binding is one write: spec.nodeName and the PodScheduled condition in the same revision
    const conditions: PodCondition[] = [];
    for (const c of pod.status?.conditions ?? []) if (c.type !== 'PodScheduled') conditions.push(c);
    conditions.push({ type: 'PodScheduled', status: 'True', lastTransitionTime: formatTimestamp(this.nowMs()) });
    // frozen here (the rest is the stored pod's): the store keeps the new spec and status as they are, without a copy;
    // copied key by key (an overriding spread leaves V8's fast path), keys where a spread would put them
    const spec = Object.freeze(withKey(pod.spec ?? {}, 'nodeName', nodeName));
    const status = deepFreeze(withKey(pod.status ?? {}, 'conditions', conditions));
    const next = withKey(withKey(pod, 'spec', spec), 'status', status) as KubeObject;
    return this.store.update(next, { withStatus: true });
  }

  /**
   * Deletes an object. Pods are deleted gracefully (their `terminationGracePeriodSeconds`, default 30) unless
   * unscheduled or terminated, as upstream's pod strategy does; the kubelet finishes the deletion.
   * A Namespace gets `deletionTimestamp` and phase `Terminating` and stays while `spec.finalizers` holds it: the
   * namespace controller deletes its content and then {@link ApiServerCore.finalizeNamespace} removes the
   * `kubernetes` finalizer, which removes the namespace (upstream namespace REST `Delete`; a second delete while
   * it terminates is 409 Conflict).
   */
  delete(kind: string, namespace: string, name: string, opts: DeleteOptions & { readonly dryRun?: boolean } = {}): DeleteResult {
    const info = this.registry.get(kind);
    if (info === undefined) throw this.registry.lookup('', kind);
    const ns = info.scope === 'Namespaced' ? namespace : '';
    const obj = this.store.get(kind, ns, name);
    if (obj === undefined) throw notFound(info.plural, name);
    if (opts.dryRun === true) return { object: obj, deleted: false };
    const { dryRun: _d, ...rest } = opts;
    if (kind === 'Namespace') return this.deleteNamespace(obj as Namespace & KubeObject, rest);
    const grace = kind === 'Pod' ? podGracePeriod(obj as Pod, opts.gracePeriodSeconds) : 0;
    return this.store.delete(kind, ns, name, { ...rest, gracePeriodSeconds: grace });
  }

  /**
   * The `namespaces/finalize` subresource as the namespace controller uses it: removes the `kubernetes` finalizer
   * from `spec.finalizers`. A deleting namespace left with no finalizers at all (spec and metadata) is removed by
   * that write (upstream `ShouldDeleteNamespaceDuringUpdate`); one still holding metadata finalizers (`orphan`,
   * `foregroundDeletion`) stays until the garbage collector removes them.
   * @throws {@link ApiError} 404 NotFound.
   */
  finalizeNamespace(name: string): DeleteResult {
    const ns = this.store.get('Namespace', '', name) as (Namespace & KubeObject) | undefined;
    if (ns === undefined) throw notFound('namespaces', name);
    const { finalizers, ...spec } = ns.spec ?? {};
    const left = (finalizers ?? []).filter((f) => f !== KUBERNETES_FINALIZER);
    const next = { ...ns, spec: left.length === 0 ? spec : { ...spec, finalizers: left } } as KubeObject;
    const object = this.store.update(next);
    return { object, deleted: this.store.get('Namespace', '', name) === undefined };
  }
  /** The stored object, or `undefined`. */
  get(kind: string, namespace: string, name: string): KubeObject | undefined {
    return this.store.get(kind, namespace, name);
  }

  /** Lists objects of a kind, filtered through the store's indexes. */
  list(kind: string, opts: SelectOptions = {}): ListResult {
    return this.store.list(kind, opts);
  }

  /** Subscribes to every change (the API server actor fans them out to watchers). */
  subscribe(listener: (ev: WatchEvent) => void): () => void {
    return this.store.subscribe(listener);
  }

  private deleteNamespace(ns: Namespace & KubeObject, opts: DeleteOptions): DeleteResult {
    const name = ns.metadata.name ?? '';
    if (ns.metadata.deletionTimestamp === undefined) {
      // first delete: one write sets deletionTimestamp, phase Terminating and the propagation finalizers
      const status = { ...ns.status, phase: 'Terminating' };
      return { object: this.store.startDeletion('Namespace', '', name, { ...opts, status }), deleted: false };
    }
    if ((ns.spec?.finalizers?.length ?? 0) > 0) {
      throw new ApiError(
        'Conflict',
        `Operation cannot be fulfilled on namespaces "${name}": The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.`,
      );
    }
    return this.store.delete('Namespace', '', name, opts);
  }

  private admitNamespace(draft: { metadata: Record<string, unknown> }, info: KindInfo, opts: WriteOptions): void {
    const ns = typeof draft.metadata.namespace === 'string' && draft.metadata.namespace !== '' ? draft.metadata.namespace : 'default';
    draft.metadata.namespace = ns;
    if (opts.pendingNamespaces?.has(ns) === true) return;
    const nsObj = this.store.get('Namespace', '', ns) as Namespace | undefined;
    if (nsObj === undefined) throw notFound('namespaces', ns);
    if (nsObj.status?.phase === 'Terminating') {
      throw new ApiError(
        'Forbidden',
        `${info.plural} "${String(draft.metadata.name ?? '')}" is forbidden: unable to create new content in namespace ${ns} because it is being terminated`,
      );
    }
  }

  private validate(info: KindInfo, obj: KubeObject, old: KubeObject | undefined): void {
    const errs = info.validate?.(obj, old) ?? [];
    if (errs.length > 0) throw invalid(this.registry.kindGroup(info.kind), String(obj.metadata.name ?? ''), errs);
  }

  private resource(info: KindInfo): string {
    return info.group === '' ? info.plural : `${info.plural}.${info.group}`;
  }
}

function isEmptyObject(v: unknown): boolean {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  for (const k in v) if (Object.hasOwn(v, k)) return false;
  return true;
}

/** The frozen parts every pod stored by {@link ApiServerCore.create} may share. */
const EMPTY_SECURITY_CONTEXT: Readonly<Record<string, never>> = Object.freeze({});
const PENDING_STATUS: ReadonlyMap<unknown, Readonly<Record<string, string>>> = new Map(
  ['BestEffort', 'Burstable', 'Guaranteed'].map((qosClass) => [qosClass, Object.freeze({ phase: 'Pending', qosClass })]),
);

/**
 * Swaps a pod draft's defaulted `spec.securityContext: {}` and its `PrepareForCreate` status for shared,
 * deeply frozen equals (the store freezes what it keeps anyway): fewer objects to freeze and to keep.
 * Assigning an existing key keeps the key order.
 */
/** `obj` with `metadata.namespace` set (shallow copies: the store copies what it keeps). */
function withNamespace(obj: KubeObject, namespace: string): KubeObject {
  return { ...obj, metadata: { ...obj.metadata, namespace } };
}

function shareCanonicalPodParts(draft: Draft): void {
  const spec = draft['spec'] as Record<string, unknown> | undefined;
  if (spec !== undefined && isEmptyObject(spec['securityContext'])) spec['securityContext'] = EMPTY_SECURITY_CONTEXT;
  if (spec !== undefined && Array.isArray(spec['containers'])) spec['containers'] = internJson(spec['containers']);
  const status = draft['status'] as Record<string, unknown> | undefined;
  if (status === undefined) return;
  let keys = 0;
  for (const k in status) if (Object.hasOwn(status, k)) keys++;
  if (keys !== 2 || status['phase'] !== 'Pending') return;
  const shared = PENDING_STATUS.get(status['qosClass']);
  if (shared !== undefined) draft['status'] = shared;
}

/**
 * An exact text for JSON data made of plain objects, arrays, strings, booleans, null and finite numbers
 * other than -0, keys in their order; `undefined` for anything else (then nothing is shared). Strings are
 * length-prefixed, so equal texts mean structurally equal values with the same key order.
 */
function jsonKey(v: unknown): string | undefined {
  switch (typeof v) {
    case 'string':
      return `${v.length}"${v}`;
    case 'boolean':
      return v ? 't' : 'f';
    case 'number':
      return Number.isFinite(v) && !Object.is(v, -0) ? String(v) : undefined;
    case 'object': {
      if (v === null) return 'n';
      if (Array.isArray(v)) {
        let out = '[';
        for (let i = 0; i < v.length; i++) {
          const k = jsonKey(v[i]);
          if (k === undefined) return undefined;
          out += `${k},`;
        }
        return `${out}]`;
      }
      if (Object.getPrototypeOf(v) !== Object.prototype) return undefined;
      let out = '{';
      for (const key of Object.keys(v)) {
        const k = jsonKey((v as Record<string, unknown>)[key]);
        if (k === undefined) return undefined;
        out += `${key.length}"${key}${k},`;
      }
      return `${out}}`;
    }
    default:
      return undefined;
  }
}

/** Interned, deeply frozen values by {@link jsonKey}; cleared when full (bounded, deterministic). */
const interned = new Map<string, unknown>();
const INTERN_LIMIT = 4096;

/**
 * The frozen value already stored for data equal to `v` (same structure, same key order), or `v` itself,
 * frozen and remembered. Pods from one template share their container list this way.
 */
function internJson<T>(v: T): T {
  const key = jsonKey(v);
  if (key === undefined) return v;
  const hit = interned.get(key);
  if (hit !== undefined) return hit as T;
  if (interned.size >= INTERN_LIMIT) interned.clear();
  interned.set(key, deepFreeze(v));
  return v;
}

/** Sets a Namespace draft's `spec.finalizers` to the stored ones (absent when the stored ones are). */
function keepNamespaceFinalizers(draft: Draft, old: Namespace): void {
  const kept = old.spec?.finalizers;
  const spec = draft['spec'];
  if (spec !== undefined && (typeof spec !== 'object' || spec === null || Array.isArray(spec))) return; // validation reports it
  const next: Record<string, unknown> = { ...(spec as Record<string, unknown> | undefined) };
  if (kept === undefined) delete next['finalizers'];
  else next['finalizers'] = [...kept];
  draft['spec'] = next;
}

/**
 * Whether the request's spec keys (those holding a value) come in the order of `keys`' first ones: then the
 * full path would store the admitted spec with exactly the admitted key order.
 */
function sameKeyOrder(request: Readonly<Record<string, unknown>>, keys: readonly string[]): boolean {
  let i = 0;
  for (const k in request) {
    if (request[k] === undefined) continue;
    if (keys[i++] !== k) return false;
  }
  return true;
}

/**
 * The admitted spec with the request's `nodeName`, keys in the full path's order: the request's, then the
 * defaulted ones (`keys`: the admitted spec's key order).
 */
function withNodeName(
  request: Readonly<Record<string, unknown>>,
  admitted: Readonly<Record<string, unknown>>,
  keys: readonly string[],
  nodeName: unknown,
): Record<string, unknown> {
  const spec: Record<string, unknown> = {};
  let i = 0;
  let ordered = true;
  for (const k in request) {
    if (request[k] === undefined) continue;
    if (k === 'nodeName') {
      spec[k] = nodeName;
      continue;
    }
    if (ordered && keys[i] === k) i++;
    else ordered = false;
    spec[k] = admitted[k];
  }
  if (ordered) {
    for (; i < keys.length; i++) {
      const k = keys[i] as string;
      spec[k] = admitted[k];
    }
  } else {
    for (const k of keys) if (!(k in spec)) spec[k] = admitted[k];
  }
  return spec;
}

/** Upstream pod strategy `CheckGracefulDelete`: the grace period a pod deletion gets. */
function podGracePeriod(pod: Pod, requested: number | undefined): number {
  if ((pod.spec?.nodeName ?? '') === '') return 0;
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return 0;
  const grace = requested ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
  return Math.max(0, grace);
}

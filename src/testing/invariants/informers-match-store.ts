/**
 * `informers-match-store`: once an object has been quiet for a while, every component's informer cache holds it
 * at the store's resourceVersion (or does not hold it, if it is gone).
 *
 * @packageDocumentation
 */
import { Informer, objectKey } from '../../api/client/informer.js';
import type { Selection } from '../../api/server/messages.js';
import { parseFieldSelector } from '../../api/selectors/field-selector.js';
import { parseLabelSelector } from '../../api/selectors/label-selector.js';
import { selectableFields } from '../../api/selectors/field-value.js';
import type { KubeObject, SelectOptions } from '../../api/store/types.js';
import type { Cluster } from '../../cluster/create-cluster.js';
import { formatDuration } from '../../engine/time.js';
import type { Invariant } from '../invariant-types.js';
import { failureFree, msOption } from './_internal.js';

/** Options of {@link informersMatchStore}. */
export interface InformersMatchStoreOptions {
  /** An object is judged once it has not changed for this long (watch events take a few ms). @defaultValue 5000 */
  readonly quietMs?: number;
  /** The objects changed since the last verification are verified at most once per this many virtual ms. @defaultValue 10_000 */
  readonly intervalMs?: number;
  /** Every cache is compared with the whole store at most once per this many virtual ms. @defaultValue 300_000 */
  readonly fullIntervalMs?: number;
  /** How long after a fault starts or heals (or a kubelet comes back up) nothing is judged. @defaultValue 60_000 */
  readonly settleMs?: number;
}

/**
 * An actor's informers: properties of its state, of `state.rt` (the shared controller shell), and arrays of
 * informers among them. A fixed, shallow walk: it runs for every actor at every comparison.
 */
function informersIn(state: unknown, out: Informer<KubeObject>[]): void {
  if (state === null || typeof state !== 'object') return;
  const top = state as Record<string, unknown>;
  for (const k in top) {
    const v = top[k];
    if (v instanceof Informer) pushOnce(out, v);
    else if (k === 'rt' && v !== null && typeof v === 'object') {
      for (const j in v) {
        const w = (v as Record<string, unknown>)[j];
        if (w instanceof Informer) pushOnce(out, w);
      }
    } else if (Array.isArray(v) && v.length > 0 && v[0] instanceof Informer) {
      for (const w of v) if (w instanceof Informer) pushOnce(out, w);
    }
  }
}

/** Where an actor state's informers were found, so later passes re-read those properties instead of walking it. */
interface Found {
  readonly keys: readonly string[];
  readonly rtKeys: readonly string[];
  readonly arrays: readonly string[];
}

const found = new WeakMap<object, Found>();

/**
 * The informers of an actor state: walked once per state object, then re-read from the same properties (a kubelet
 * that restarts puts a new informer in the same property). A property that no longer holds an informer forces a
 * new walk.
 */
function discover(state: unknown, out: Informer<KubeObject>[]): Informer<KubeObject>[] {
  if (state === null || typeof state !== 'object') return out;
  const top = state as Record<string, unknown>;
  const f = found.get(top);
  if (f !== undefined) {
    let ok = true;
    for (const k of f.keys) ok &&= pushIfInformer(out, top[k]);
    const rt = top['rt'] as Record<string, unknown> | undefined;
    for (const k of f.rtKeys) ok &&= rt !== undefined && pushIfInformer(out, rt[k]);
    for (const k of f.arrays) {
      const a = top[k];
      if (Array.isArray(a)) for (const x of a) ok &&= pushIfInformer(out, x);
      else ok = false;
    }
    if (ok) return out;
    out.length = 0;
  }
  informersIn(top, out);
  const keys: string[] = [];
  const rtKeys: string[] = [];
  const arrays: string[] = [];
  for (const k in top) {
    const v = top[k];
    if (v instanceof Informer) keys.push(k);
    else if (Array.isArray(v) && v.length > 0 && v[0] instanceof Informer) arrays.push(k);
  }
  const rt = top['rt'];
  if (rt !== null && typeof rt === 'object') for (const k in rt) if ((rt as Record<string, unknown>)[k] instanceof Informer) rtKeys.push(k);
  found.set(top, { keys, rtKeys, arrays });
  return out;
}

function pushIfInformer(out: Informer<KubeObject>[], v: unknown): boolean {
  if (!(v instanceof Informer)) return false;
  pushOnce(out, v);
  return true;
}

function pushOnce(out: Informer<KubeObject>[], inf: Informer<KubeObject>): void {
  if (!out.includes(inf)) out.push(inf);
}

/**
 * Informer caches equal the store after quiescence: for each live actor whose state holds informers (the
 * controllers built on the shared controller shell — ReplicaSet, Deployment, Job — and the scheduler, the node
 * lifecycle controller, the pod GC, the namespace controller and every kubelet), every object of the informer's
 * kind and selection that has not changed for `quietMs` is cached at the store's resourceVersion, and no cached
 * object is one the store removed more than `quietMs` ago.
 *
 * @remarks
 * Quiescence is per object, so lease renewals elsewhere do not keep the check from running: a change to an object
 * restarts its own quiet period only. Incremental: every `intervalMs` of virtual time (at a monitor check) the
 * objects changed since the last verification and quiet since are verified in every informer of their kind that
 * selects them, then forgotten; every `fullIntervalMs` every cache is compared with the whole store both ways
 * (which also catches an object lost by a relist). Only in failure-free windows (no fault active or started/healed
 * within `settleMs`), only for informers that have synced, and never for a kubelet that is not `up` or came back
 * within `settleMs` (it relists when it returns). Informers are looked for in the actor state's own properties, in
 * `state.rt` and in arrays of informers there; others are not seen: the garbage collector's (it holds them only in
 * closures) is not checked. Behaviours of your own are checked when they keep their informers the same way.
 * Reason: `kube-scheduler: Pod informer has default/web-1 at resourceVersion 120, the store at 131 (quiet for 5s+)`.
 *
 * @example
 * ```ts
 * monitorInvariants(cluster, [informersMatchStore({ quietMs: 2000 })]);
 * ```
 */
export function informersMatchStore(opts: InformersMatchStoreOptions = {}): Invariant {
  const quietMs = msOption('informersMatchStore', 'opts.quietMs', opts.quietMs, 5000);
  const intervalMs = msOption('informersMatchStore', 'opts.intervalMs', opts.intervalMs, 10_000);
  const fullIntervalMs = msOption('informersMatchStore', 'opts.fullIntervalMs', opts.fullIntervalMs, 300_000);
  const settleMs = msOption('informersMatchStore', 'opts.settleMs', opts.settleMs, 60_000);
  /** Objects changed and not yet verified, by uid (uids are unique across kinds and never reused). */
  const pending = new Map<string, Changed>();
  /** Parsed selections, by their text (a kubelet's field selector is parsed once, not per comparison). */
  const selections = new Map<string, SelectOptions>();
  /** actor id → last time it was seen not `up`. */
  const downAt = new Map<string, number>();
  let nextMs = 0;
  let nextFullMs = 0;

  return {
    name: 'informers-match-store',
    reset(cluster: Cluster) {
      pending.clear();
      downAt.clear();
      nextMs = cluster.now + intervalMs;
      nextFullMs = cluster.now + fullIntervalMs;
    },
    check({ cluster, changes, nowMs }) {
      for (let i = 0; i < changes.length; i++) {
        const obj = (changes[i] as { object: KubeObject }).object;
        const uid = obj.metadata.uid ?? '';
        const c = pending.get(uid);
        if (c === undefined) pending.set(uid, { obj, atMs: nowMs });
        else c.atMs = nowMs;
      }
      if (nowMs < nextMs) return null;
      nextMs = nowMs + intervalMs;
      if (!failureFree(cluster, nowMs, settleMs)) return null;
      const full = nowMs >= nextFullMs;
      if (full) nextFullMs = nowMs + fullIntervalMs;
      const byKind = informersByKind(cluster, nowMs, settleMs, downAt, selections);
      const why = full ? compareAll(cluster, byKind, pending, nowMs - quietMs) : verifyQuiet(cluster, byKind, pending, nowMs - quietMs);
      return why === null ? null : `${why} (quiet for ${formatDuration(quietMs)}+)`;
    },
  };
}

interface Changed {
  /** The object as last changed (its kind, namespace, name and uid are what matter). */
  readonly obj: KubeObject;
  atMs: number;
}

interface Held {
  readonly actor: string;
  readonly inf: Informer<KubeObject>;
  readonly sel: SelectOptions;
}

/** The synced informers of the actors that are up (and have been for `settleMs`), by kind. */
function informersByKind(
  cluster: Cluster,
  nowMs: number,
  settleMs: number,
  downAt: Map<string, number>,
  selections: Map<string, SelectOptions>,
): Map<string, Held[]> {
  const sim = cluster.sim;
  const out = new Map<string, Held[]>();
  const infs: Informer<KubeObject>[] = [];
  for (const id of sim.actorIds()) {
    infs.length = 0;
    const state = sim.stateOf(id);
    const mode = (state as { mode?: unknown } | null)?.mode;
    if (typeof mode === 'string' && mode !== 'up') downAt.set(id, nowMs);
    const down = downAt.get(id);
    if (down !== undefined && nowMs - down < settleMs) continue;
    for (const inf of discover(state, infs)) {
      if (!inf.hasSynced) continue;
      let list = out.get(inf.kind);
      if (list === undefined) out.set(inf.kind, (list = []));
      list.push(heldOf(id, inf, selections));
    }
  }
  return out;
}

/**
 * An informer as this pass holds it: built once per informer and actor (an informer's kind and selection never
 * change), so a pass every 10 s allocates nothing and parses no selection per informer.
 */
const helds = new WeakMap<Informer<KubeObject>, Held>();

function heldOf(actor: string, inf: Informer<KubeObject>, selections: Map<string, SelectOptions>): Held {
  const h = helds.get(inf);
  if (h !== undefined && h.actor === actor) return h;
  const held = { actor, inf, sel: selectOptions(selections, inf.selection) };
  helds.set(inf, held);
  return held;
}

/** Verifies the changed objects that have been quiet since `quietSince` in every informer of their kind, and forgets them. */
function verifyQuiet(cluster: Cluster, byKind: Map<string, Held[]>, pending: Map<string, Changed>, quietSince: number): string | null {
  for (const [uid, c] of pending) {
    if (c.atMs > quietSince) continue;
    pending.delete(uid);
    const held = byKind.get(c.obj.kind);
    if (held === undefined) continue;
    const ns = c.obj.metadata.namespace ?? '';
    const name = c.obj.metadata.name ?? '';
    const found = cluster.core.get(c.obj.kind, ns, name);
    const stored = found !== undefined && found.metadata.uid === uid ? found : undefined;
    for (const h of held) {
      const cached = h.inf.get(ns, name);
      if (stored !== undefined && selected(stored, h.sel)) {
        if (cached === undefined) return `${h.actor}: ${stored.kind} informer misses ${objectKey(stored)} (store resourceVersion ${stored.metadata.resourceVersion ?? '?'})`;
        if (cached.metadata.resourceVersion !== stored.metadata.resourceVersion) return mismatch(h, cached, stored);
      } else if (cached !== undefined && cached.metadata.uid === uid) {
        const why = stored === undefined ? 'which the store no longer holds' : 'which its selection no longer selects';
        return `${h.actor}: ${c.obj.kind} informer still has ${objectKey(cached)}, ${why}`;
      }
    }
  }
  return null;
}

function mismatch(h: Held, cached: KubeObject, stored: KubeObject): string {
  return `${h.actor}: ${stored.kind} informer has ${objectKey(stored)} at resourceVersion ${cached.metadata.resourceVersion ?? '?'}, the store at ${stored.metadata.resourceVersion ?? '?'}`;
}

function selected(obj: KubeObject, sel: SelectOptions): boolean {
  if (sel.namespace !== undefined && sel.namespace !== '' && obj.metadata.namespace !== sel.namespace) return false;
  const ls = sel.labelSelector;
  if (ls !== undefined && typeof ls !== 'string' && !ls.matches(obj.metadata.labels)) return false;
  const fs = sel.fieldSelector;
  return fs === undefined || typeof fs === 'string' || fs.matches(obj, gettersOf(obj.kind));
}

const getters = new Map<string, ReturnType<typeof selectableFields>>();

function gettersOf(kind: string): ReturnType<typeof selectableFields> {
  let g = getters.get(kind);
  if (g === undefined) getters.set(kind, (g = selectableFields(kind)));
  return g;
}

/** Compares every informer with the store, both ways, skipping objects changed since `quietSince`; forgets what is verified. */
function compareAll(cluster: Cluster, byKind: Map<string, Held[]>, pending: Map<string, Changed>, quietSince: number): string | null {
  for (const [uid, c] of pending) if (c.atMs <= quietSince) pending.delete(uid);
  const recent = (obj: KubeObject) => pending.has(obj.metadata.uid ?? '');
  for (const held of byKind.values()) {
    for (const h of held) {
      const why = compare(cluster, h.inf, recent, h.sel);
      if (why !== null) return `${h.actor}: ${h.inf.kind} informer ${why}`;
    }
  }
  return null;
}

function selectOptions(cache: Map<string, SelectOptions>, sel: Selection | undefined): SelectOptions {
  if (sel === undefined) return {};
  const text = `${sel.namespace ?? ''}|${sel.labelSelector ?? ''}|${sel.fieldSelector ?? ''}`;
  let opts = cache.get(text);
  if (opts === undefined) {
    opts = {
      ...(sel.namespace !== undefined ? { namespace: sel.namespace } : {}),
      ...(sel.labelSelector !== undefined ? { labelSelector: parseLabelSelector(sel.labelSelector) } : {}),
      ...(sel.fieldSelector !== undefined ? { fieldSelector: parseFieldSelector(sel.fieldSelector) } : {}),
    };
    if (cache.size < 10_000) cache.set(text, opts);
  }
  return opts;
}

function compare(cluster: Cluster, inf: Informer<KubeObject>, recent: (obj: KubeObject) => boolean, sel: SelectOptions): string | null {
  const kind = inf.kind;
  for (const obj of inf.list()) {
    if (recent(obj)) continue;
    const key = objectKey(obj);
    const stored = cluster.core.get(kind, obj.metadata.namespace ?? '', obj.metadata.name ?? '');
    if (stored === undefined) return `still has ${key}, which the store no longer holds`;
    if (stored.metadata.resourceVersion !== obj.metadata.resourceVersion) {
      return `has ${key} at resourceVersion ${obj.metadata.resourceVersion ?? '?'}, the store at ${stored.metadata.resourceVersion ?? '?'}`;
    }
  }
  for (const obj of cluster.core.list(kind, sel).items) {
    if (recent(obj)) continue;
    if (inf.get(obj.metadata.namespace ?? '', obj.metadata.name ?? '') === undefined) {
      return `misses ${objectKey(obj)} (store resourceVersion ${obj.metadata.resourceVersion ?? '?'})`;
    }
  }
  return null;
}

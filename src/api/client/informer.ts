/**
 * Informers: list + watch into a local read-only cache with event handlers, relisting on 410 Gone.
 *
 * @packageDocumentation
 */
import type { ActorContext } from '../../engine/actor.js';
import type { Selection, WatchErrorMessage, WatchMessage } from '../server/messages.js';
import type { KubeObject } from '../store/types.js';
import type { ApiClient, WatchConsumer } from './api-client.js';

/** Callbacks run inside the owning actor's handler when the cache changes. */
export interface InformerHandlers<T extends KubeObject> {
  onAdd?(obj: T, ctx: ActorContext<never>): void;
  onUpdate?(oldObj: T, obj: T, ctx: ActorContext<never>): void;
  /**
   * `obj` is the object as its deletion left it; `cached` is the version the cache held until then (the one the
   * handlers saw last: an object deleted at once gains its deletionTimestamp only in `obj`).
   */
  onDelete?(obj: T, ctx: ActorContext<never>, cached: T): void;
  /** Runs once, when the first list has been loaded into the cache. */
  onSynced?(ctx: ActorContext<never>): void;
}

/** Options of an {@link Informer}. */
export interface InformerOptions<T extends KubeObject> {
  /** Which objects to cache (namespace, label and field selectors). */
  readonly selection?: Selection;
  readonly handlers?: InformerHandlers<T>;
}

/** One set of handlers and the context they run with (undefined: the delivering actor's). */
interface Registration<T extends KubeObject> {
  readonly h: InformerHandlers<T>;
  readonly ctx: ActorContext<never> | undefined;
}

/** `namespace/name`, or `name` for cluster-scoped objects. */
export function objectKey(obj: KubeObject): string {
  const ns = obj.metadata.namespace;
  return ns === undefined || ns === '' ? (obj.metadata.name ?? '') : `${ns}/${obj.metadata.name ?? ''}`;
}

/**
 * A client-go-style informer for one kind, living in an actor's state.
 *
 * @remarks
 * `start` lists, fills the cache, then watches from the list's resourceVersion. Watch events update the cache
 * and run the handlers. When the watch ends with 410 Gone (compaction), the informer relists and reconciles the
 * cache with the fresh list — deleting what disappeared, updating what changed — as the reflector's Replace
 * does, then watches again. The cache holds the API server's frozen objects: read them, never mutate them.
 *
 * @example
 * ```ts
 * const pods = new Informer<Pod & KubeObject>(client, 'Pod', {
 *   selection: { fieldSelector: `spec.nodeName=${nodeName}` },
 *   handlers: { onAdd: (pod, ctx) => startPod(pod, ctx) },
 * });
 * pods.start(ctx);
 * ```
 */
export class Informer<T extends KubeObject> implements WatchConsumer {
  /**
   * The cached objects by namespace, then name: each namespace's objects in the order they entered the cache
   * (an update replaces the value in place, keeping its place). Objects keep their namespace and name strings
   * from version to version, so lookups hit hashes V8 has already computed. One map slot per object and nothing
   * else: at 150,000 pods and seven pod informers, key strings, entry objects and a second ordered set cost
   * ~0.5 KB per pod.
   */
  private readonly byName = new Map<string, Map<string, T>>();
  private count = 0;
  /** The handler sets, in the order they were added (the constructor's first). */
  private readonly regs: Registration<T>[] = [];
  /** The context `start` was called with (undefined until then). */
  private startCtx: ActorContext<never> | undefined = undefined;
  private watchId: number | undefined;
  private lastRv = 0;
  private synced = false;
  /** Times the informer relisted after its watch ended. */
  relists = 0;

  constructor(
    private readonly client: ApiClient,
    /** The kind cached. */
    readonly kind: string,
    private readonly opts: InformerOptions<T> = {},
  ) {
    if (opts.handlers !== undefined) this.regs.push({ h: opts.handlers, ctx: undefined });
  }

  /** Which objects it caches (for read-only checks such as the testing kit's informersMatchStore). */
  get selection(): Selection | undefined {
    return this.opts.selection;
  }

  /** Whether the first list has been loaded. */
  get hasSynced(): boolean {
    return this.synced;
  }

  /** The resourceVersion of the last event or list seen. */
  get resourceVersion(): number {
    return this.lastRv;
  }

  /** Number of cached objects. */
  get size(): number {
    return this.count;
  }

  /** A cached object, by namespace and name (namespace '' for cluster-scoped kinds). */
  get(namespace: string, name: string): T | undefined {
    return this.byName.get(namespace)?.get(name);
  }

  /** Every cached object: namespace by namespace (in the order each first appeared), each in insertion order. */
  *list(): IterableIterator<T> {
    for (const names of this.byName.values()) yield* names.values();
  }

  /**
   * Calls `fn` with every cached object, in {@link Informer.list}'s order, without a generator (a periodic pass
   * over 150,000 pods, as the pod GC's, pays for a generator's resumptions).
   *
   * @example
   * ```ts
   * let terminal = 0;
   * pods.forEach((p) => { if (p.status?.phase === 'Failed') terminal++; });
   * ```
   */
  forEach(fn: (obj: T) => void): void {
    for (const names of this.byName.values()) for (const obj of names.values()) fn(obj);
  }

  /**
   * Adds a set of handlers (client-go `AddEventHandler`): from now on they run for every change too. Added to an
   * informer that has synced, they first get an `onAdd` for every cached object, then `onSynced`. With `ctx`,
   * they run with that context instead of the delivering actor's (a controller hosted in kube-controller-manager
   * has its own).
   *
   * @example
   * ```ts
   * pods.addHandlers({ onDelete: (pod, ctx) => ctx.trace('pod gone', pod.metadata.name) });
   * ```
   */
  addHandlers(handlers: InformerHandlers<T>, ctx?: ActorContext<never>): void {
    this.regs.push({ h: handlers, ctx });
    const c = ctx ?? this.startCtx;
    if (!this.synced || c === undefined) return;
    for (const obj of this.list()) handlers.onAdd?.(obj, c);
    handlers.onSynced?.(c);
  }

  /** Whether {@link Informer.start} has been called. */
  get started(): boolean {
    return this.startCtx !== undefined;
  }

  /** Lists (after `delayMs`) and starts watching; later calls do nothing (the informer is already running). */
  start(ctx: ActorContext<never>, delayMs = 0): void {
    if (this.startCtx !== undefined) return;
    this.startCtx = ctx;
    this.listAndWatch(ctx, delayMs);
  }

  private listAndWatch(ctx: ActorContext<never>, delayMs: number): void {
    this.client.list(ctx, this.kind, this.opts.selection, (res, c) => {
      if (!res.ok) {
        // the API server refused (e.g. an injected 500): retry after a second, as the reflector backs off
        c.trace('informer list failed', `${this.kind}: ${res.error.message}`);
        this.listAndWatch(c, 1000);
        return;
      }
      this.replace((res.items ?? []) as readonly T[], c);
      this.lastRv = res.resourceVersion ?? this.lastRv;
      if (!this.synced) {
        this.synced = true;
        for (const r of this.regs) r.h.onSynced?.(r.ctx ?? c);
      }
      this.client.watch(c, this.kind, this.opts.selection, this.lastRv, this, (id, err) => {
        if (id !== undefined) this.watchId = id;
        else if (err !== undefined) this.relist(c, err.reason === 'Gone' ? 0 : 1000);
      });
    }, delayMs);
  }

  /** @internal */
  onWatchEvent(m: WatchMessage, ctx: ActorContext<never>): void {
    if (m.watchId !== this.watchId) return;
    this.lastRv = m.resourceVersion;
    const obj = m.object as T;
    const names = this.byName.get(obj.metadata.namespace ?? '');
    const name = obj.metadata.name ?? '';
    const cached = names?.get(name);
    const regs = this.regs;
    if (m.eventType === 'DELETED') {
      if (cached === undefined) return;
      this.forget(obj);
      for (let i = 0; i < regs.length; i++) {
        const r = regs[i] as Registration<T>;
        r.h.onDelete?.(obj, r.ctx ?? ctx, cached);
      }
    } else if (cached === undefined) {
      this.add(obj);
      for (let i = 0; i < regs.length; i++) {
        const r = regs[i] as Registration<T>;
        r.h.onAdd?.(obj, r.ctx ?? ctx);
      }
    } else {
      (names as Map<string, T>).set(name, obj);
      for (let i = 0; i < regs.length; i++) {
        const r = regs[i] as Registration<T>;
        r.h.onUpdate?.(cached, obj, r.ctx ?? ctx);
      }
    }
  }

  /** @internal */
  onWatchError(m: WatchErrorMessage, ctx: ActorContext<never>): void {
    if (m.watchId !== this.watchId) return;
    this.watchId = undefined;
    this.relist(ctx, 0);
  }

  private relist(ctx: ActorContext<never>, delayMs: number): void {
    this.relists++;
    this.listAndWatch(ctx, delayMs);
  }

  /** Reconciles the cache with a full list (reflector Replace): adds, updates and deletes with handlers. */
  private replace(items: readonly T[], ctx: ActorContext<never>): void {
    const regs = this.regs;
    const seen = new Set<T>();
    for (const obj of items) {
      const names = this.byName.get(obj.metadata.namespace ?? '');
      const name = obj.metadata.name ?? '';
      const old = names?.get(name);
      seen.add(obj);
      if (old === undefined) {
        this.add(obj);
        for (const r of regs) r.h.onAdd?.(obj, r.ctx ?? ctx);
        continue;
      }
      (names as Map<string, T>).set(name, obj);
      if (old.metadata.resourceVersion !== obj.metadata.resourceVersion) for (const r of regs) r.h.onUpdate?.(old, obj, r.ctx ?? ctx);
    }
    for (const obj of [...this.list()]) {
      if (seen.has(obj)) continue;
      this.forget(obj);
      for (const r of regs) r.h.onDelete?.(obj, r.ctx ?? ctx, obj);
    }
  }

  private add(obj: T): void {
    const ns = obj.metadata.namespace ?? '';
    let names = this.byName.get(ns);
    if (names === undefined) {
      names = new Map();
      this.byName.set(ns, names);
    }
    names.set(obj.metadata.name ?? '', obj);
    this.count++;
  }

  private forget(obj: KubeObject): void {
    const ns = obj.metadata.namespace ?? '';
    const names = this.byName.get(ns);
    if (names?.delete(obj.metadata.name ?? '') === true) this.count--;
    if (names?.size === 0) this.byName.delete(ns);
  }
}

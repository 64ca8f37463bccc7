/**
 * The API server actor: serves requests with latency, on the engine's clock, and fans watch events out.
 *
 * @packageDocumentation
 */
import { type ActorContext, type Behavior, Priority } from '../../engine/actor.js';
import type { Rng } from '../../engine/random.js';
import { ApiError } from '../errors.js';
import type { KubeObject, WatchEvent } from '../store/types.js';
import type { ApiServerCore } from './core.js';
import type { ApiClientMessage, ApiRequest, ApiResponse, ApiServerMessage, StatusError, Verb } from './messages.js';
import { type InjectedErrorCode, injectedError, kindOf, timeoutError } from './injected-errors.js';
import { type Delivery, WatchHub } from './watch-hub.js';

/** A latency: a fixed number of ms, or uniform integer ms between two bounds. */
export type LatencyMs = number | { readonly minMs: number; readonly maxMs: number };

/**
 * What the fault layer decided for one request (see {@link ApiFaultHooks.request}).
 *
 * @remarks At most one of `errorCode` and `unreachable` is set; `extraLatencyMs` may come with either.
 */
export interface RequestFate {
  /** Answer with this error (worded as kube-apiserver words it) instead of serving the request. */
  readonly errorCode?: InjectedErrorCode;
  /** Serve (or answer) the request this many ms later than usual (an API server slowdown). */
  readonly extraLatencyMs?: number;
  /**
   * The requester is partitioned from the API server: the request is not served, and the requester gets
   * 504 Timeout after {@link ApiServerOptions.requestTimeoutMs}.
   */
  readonly unreachable?: boolean;
}

/** What the fault layer decided for one watch event to one watcher (see {@link ApiFaultHooks.watch}). */
export interface WatchFate {
  /** The event never reaches the watcher. */
  readonly drop?: boolean;
  /** The event is delivered twice. */
  readonly duplicate?: boolean;
  /** Extra delay of this event, ms (later events still do not overtake it unless reordered). */
  readonly extraDelayMs?: number;
  /** The event may overtake the previous event on its watch (delivered before it). */
  readonly reorder?: boolean;
}

/** One watch event about to be delivered, as the fault layer sees it. */
export interface WatchDeliveryInfo {
  /** The watching actor. */
  readonly actor: string;
  /** The watched kind. */
  readonly kind: string;
  readonly eventType: 'ADDED' | 'MODIFIED' | 'DELETED';
}

/**
 * Fault-injection hooks of the API server, implemented outside `src/api` (by `src/faults`).
 *
 * @remarks
 * The API server consults the hooks only while `active` is true, so a cluster without an active fault pays one
 * field check per request and per flush. Random decisions use the streams the API server passes in
 * (`ctx.random('faults')` for requests, `ctx.random('watch-chaos')` for watch events), so a run stays
 * deterministic for a seed. The hooks must not keep the requests or objects they see.
 *
 * @example
 * ```ts
 * const hooks: ApiFaultHooks = {
 *   active: true,
 *   request: (req) => (req.verb === 'create' ? { errorCode: 500 } : undefined),
 *   watch: () => undefined,
 * };
 * sim.spawn('kube-apiserver', apiServer(core, { faults: hooks }));
 * ```
 */
export interface ApiFaultHooks {
  /** Whether any fault is active; when false the other members are not called. */
  readonly active: boolean;
  /** The fate of one request, decided when it arrives; `undefined`: serve it normally. */
  request(req: ApiRequest, nowMs: number, rng: Rng): RequestFate | undefined;
  /** The fate of one watch event to one watcher; `undefined`: deliver it normally. */
  watch(d: WatchDeliveryInfo, nowMs: number, rng: Rng): WatchFate | undefined;
}

/** Options of the API server actor. */
export interface ApiServerOptions {
  /**
   * Response latency per verb.
   * @defaultValue writes 2–8 ms, reads 1–3 ms, watch open 1 ms
   */
  readonly latency?: Partial<Record<Verb, LatencyMs>>;
  /** Delay of each watch event from the write to the watcher. @defaultValue 1–5 ms */
  readonly watchLatency?: LatencyMs;
  /**
   * A hook that may fail a request before it is served (fault injection): return an error to answer with it.
   * @defaultValue none
   */
  readonly intercept?: (req: ApiRequest, nowMs: number) => ApiError | undefined;
  /**
   * Fault-injection hooks (errors, slowdowns, partitions, watch chaos); `createCluster` installs them.
   * @defaultValue none
   */
  readonly faults?: ApiFaultHooks;
  /**
   * How long a partitioned requester waits before its request fails with 504 Timeout. kubesim's choice: client-go
   * sets no timeout by default and a real client would see a dial or read timeout; 10 s stands for a typical
   * client timeout and keeps the informers' retries (1 s after a failure) going during a partition.
   * @defaultValue 10,000 ms
   */
  readonly requestTimeoutMs?: number;
}

const DEFAULT_LATENCY: Readonly<Record<Verb, LatencyMs>> = {
  create: { minMs: 2, maxMs: 8 },
  update: { minMs: 2, maxMs: 8 },
  updateStatus: { minMs: 2, maxMs: 8 },
  delete: { minMs: 2, maxMs: 8 },
  bind: { minMs: 2, maxMs: 8 },
  finalize: { minMs: 2, maxMs: 8 },
  get: { minMs: 1, maxMs: 3 },
  list: { minMs: 1, maxMs: 3 },
  watch: 1,
  unwatch: 1,
};

/** The API server's state: the watch registry and the changes not yet fanned out. */
export interface ApiServerState {
  /** @internal */
  readonly hub: WatchHub;
  /** @internal */
  readonly pending: WatchEvent[];
  /** @internal */
  unsubscribe: () => void;
  /** @internal the fan-out of a flush without faults, made once (no closure per write) */
  readonly fan: FanOut;
}

/** The fan-out of one flush: what the delivery callback needs, set at the start of each flush. */
interface FanOut {
  ctx: ActorContext<ApiServerMessage> | undefined;
  rng: Rng | undefined;
  now: number;
  readonly spec: LatencyMs;
  readonly deliver: (d: Delivery) => void;
}

function makeFanOut(spec: LatencyMs): FanOut {
  const fan: FanOut = {
    ctx: undefined,
    rng: undefined,
    now: 0,
    spec,
    deliver(d: Delivery): void {
      const now = fan.now;
      const at = Math.max(now + drawLatency(fan.spec, fan.rng as Rng), d.watch.lastDeliveryMs);
      d.watch.lastDeliveryMs = at;
      const m = watchMessage(d);
      (fan.ctx as ActorContext<ApiServerMessage>).send(d.watch.actor, m, at - now);
    },
  };
  return fan;
}

/** The watch event message of one delivery. */
function watchMessage(d: Delivery): ApiClientMessage {
  return { type: 'api.watch', watchId: d.watch.id, eventType: d.eventType, object: d.object, resourceVersion: Number(d.object.metadata.resourceVersion) };
}

/** Draws a latency. */
export function drawLatency(spec: LatencyMs, rng: Rng): number {
  return typeof spec === 'number' ? spec : rng.int(spec.minMs, spec.maxMs);
}

/** Converts an error thrown while serving into the `Status` of a failed response. */
export function toStatus(e: unknown): StatusError {
  if (e instanceof ApiError) return { reason: e.reason, code: e.code, message: e.message };
  throw e;
}

/**
 * The API server as an actor around an {@link ApiServerCore}.
 *
 * @remarks
 * A request is served when it arrives (admission and storage happen at that instant); the response travels
 * back after the verb's latency. Every store change is fanned out to the watches that see it, each event after
 * the watch latency and never before the watch's previous event. Writes made outside the simulation (`apply`
 * from a test) are fanned out when an `api.flush` message arrives.
 *
 * @example
 * ```ts
 * const core = new ApiServerCore({ now: () => sim.now });
 * sim.spawn('kube-apiserver', apiServer(core, { latency: { create: 5 } }));
 * ```
 */
export function apiServer(core: ApiServerCore, opts: ApiServerOptions = {}): Behavior<ApiServerState, ApiServerMessage> {
  const latency = { ...DEFAULT_LATENCY, ...opts.latency };
  const watchLatency = opts.watchLatency ?? { minMs: 1, maxMs: 5 };
  return {
    kind: 'kube-apiserver',
    init() {
      const state: ApiServerState = { hub: new WatchHub(), pending: [], unsubscribe: () => undefined, fan: makeFanOut(watchLatency) };
      state.unsubscribe = core.subscribe((ev) => state.pending.push(ev));
      return state;
    },
    receive(state, msg, ctx) {
      flush(state, ctx, watchLatency, opts.faults);
      if (msg.type === 'api.request') {
        const hooks = opts.faults;
        if (hooks !== undefined && hooks.active) serveWithFaults(core, state, msg, ctx, latency, opts, hooks);
        else serve(core, state, msg, ctx, latency, opts.intercept);
      } else if (msg.type === 'api.deferred') serve(core, state, msg.request, ctx, latency, opts.intercept);
      else if (msg.type === 'api.compact') compact(core, state, ctx, watchLatency);
      else if (msg.type === 'api.sever') sever(state, msg.actors, ctx, watchLatency);
      else if (msg.type === 'api.forget') for (const a of msg.actors) state.hub.closeAll(a);
      else if (msg.type === 'api.bookmark') bookmark(core, state, msg.watchId, ctx, watchLatency);
      flush(state, ctx, watchLatency, opts.faults);
      return state;
    },
  };
}

function flush(state: ApiServerState, ctx: ActorContext<ApiServerMessage>, spec: LatencyMs, hooks: ApiFaultHooks | undefined): void {
  if (state.pending.length === 0) return;
  if (hooks !== undefined && hooks.active) {
    flushWithFaults(state, ctx, spec, hooks);
    return;
  }
  const fan = state.fan;
  fan.ctx = ctx;
  fan.rng = ctx.random('watch-latency');
  fan.now = ctx.now;
  for (const ev of state.pending) state.hub.fanOut(ev, fan.deliver);
  state.pending.length = 0;
  fan.ctx = undefined;
}

/** Fan-out while a fault is active: each delivery's fate (drop, duplicate, delay, reorder) comes from the hooks. */
function flushWithFaults(state: ApiServerState, ctx: ActorContext<ApiServerMessage>, spec: LatencyMs, hooks: ApiFaultHooks): void {
  const rng = ctx.random('watch-latency');
  const chaos = ctx.random('watch-chaos');
  const now = ctx.now;
  const deliver = (d: Delivery) => {
    const fate = hooks.watch({ actor: d.watch.actor, kind: d.watch.kind, eventType: d.eventType }, now, chaos);
    const natural = now + drawLatency(spec, rng);
    if (fate?.drop === true) return;
    const m = watchMessage(d);
    const prev = d.watch.lastDeliveryMs;
    let at: number;
    let priority: number = Priority.Normal;
    if (fate?.reorder === true && prev > now) {
      // overtake the previous event: one ms before it (or at the same instant, ahead of it); the watch's
      // last delivery time stays the previous event's, so later events still follow that one
      at = Math.min(natural + (fate.extraDelayMs ?? 0), prev - 1);
      if (at < now) {
        at = now;
        priority = Priority.Normal - 1;
      }
    } else {
      at = Math.max(natural + (fate?.extraDelayMs ?? 0), prev);
      d.watch.lastDeliveryMs = at;
    }
    ctx.send(d.watch.actor, m, at - now, priority);
    if (fate?.duplicate === true) ctx.send(d.watch.actor, m, at - now, priority);
  };
  for (const ev of state.pending) state.hub.fanOut(ev, deliver);
  state.pending.length = 0;
}

/**
 * A partition starts: the open watches of the partitioned actors end with an error now (their informers relist,
 * and their relists time out until the partition heals).
 */
function sever(state: ApiServerState, actors: readonly string[], ctx: ActorContext<ApiServerMessage>, spec: LatencyMs): void {
  const cut = new Set(actors);
  const error: StatusError = { reason: 'Timeout', code: 504, message: 'Timeout: the watch stream was broken: the connection to the server was lost' };
  for (const w of state.hub.all()) {
    if (!cut.has(w.actor)) continue;
    const at = Math.max(ctx.now + drawLatency(spec, ctx.random('watch-latency')), w.lastDeliveryMs);
    ctx.send<ApiClientMessage>(w.actor, { type: 'api.watch-error', watchId: w.id, error }, at - ctx.now);
    state.hub.close(w.id);
  }
}

function compact(core: ApiServerCore, state: ApiServerState, ctx: ActorContext<ApiServerMessage>, spec: LatencyMs): void {
  core.store.compact();
  const rv = core.store.resourceVersion;
  const error: StatusError = { reason: 'Gone', code: 410, message: `too old resource version: ${rv}` };
  for (const w of state.hub.all()) {
    const at = Math.max(ctx.now + drawLatency(spec, ctx.random('watch-latency')), w.lastDeliveryMs);
    ctx.send<ApiClientMessage>(w.actor, { type: 'api.watch-error', watchId: w.id, error }, at - ctx.now);
    state.hub.close(w.id);
  }
}

function serve(
  core: ApiServerCore,
  state: ApiServerState,
  req: ApiRequest,
  ctx: ActorContext<ApiServerMessage>,
  latency: Readonly<Record<Verb, LatencyMs>>,
  intercept: ApiServerOptions['intercept'],
): void {
  const delay = drawLatency(latency[req.verb], ctx.random('latency'));
  const after: ApiClientMessage[] = [];
  let res: ApiResponse;
  try {
    const injected = intercept?.(req, ctx.now);
    if (injected !== undefined) throw injected;
    res = handle(core, state, req, ctx.now + delay, after, ctx);
  } catch (e) {
    res = { type: 'api.response', id: req.id, ok: false, error: toStatus(e) };
  }
  ctx.send(req.replyTo, res, delay);
  for (const m of after) ctx.send(req.replyTo, m, delay);
}

/** Serves a request while a fault is active: the hooks may fail it, postpone it, or cut its requester off. */
function serveWithFaults(
  core: ApiServerCore,
  state: ApiServerState,
  req: ApiRequest,
  ctx: ActorContext<ApiServerMessage>,
  latency: Readonly<Record<Verb, LatencyMs>>,
  opts: ApiServerOptions,
  hooks: ApiFaultHooks,
): void {
  const fate = hooks.request(req, ctx.now, ctx.random('faults'));
  if (fate === undefined) {
    serve(core, state, req, ctx, latency, opts.intercept);
    return;
  }
  const extra = fate.extraLatencyMs ?? 0;
  if (fate.unreachable === true) {
    const res: ApiResponse = { type: 'api.response', id: req.id, ok: false, error: timeoutError() };
    ctx.send(req.replyTo, res, (opts.requestTimeoutMs ?? 10_000) + extra);
    return;
  }
  if (fate.errorCode !== undefined) {
    const delay = drawLatency(latency[req.verb], ctx.random('latency')) + extra;
    const res: ApiResponse = { type: 'api.response', id: req.id, ok: false, error: injectedError(fate.errorCode, req, kindOf(req), core.registry) };
    ctx.send(req.replyTo, res, delay);
    return;
  }
  if (extra > 0) ctx.send(ctx.self, { type: 'api.deferred', request: req }, extra);
  else serve(core, state, req, ctx, latency, opts.intercept);
}

function ok(id: number, object?: KubeObject): ApiResponse {
  return object === undefined ? { type: 'api.response', id, ok: true } : { type: 'api.response', id, ok: true, object };
}

function handle(
  core: ApiServerCore,
  state: ApiServerState,
  req: ApiRequest,
  responseAtMs: number,
  after: ApiClientMessage[],
  ctx: ActorContext<ApiServerMessage>,
): ApiResponse {
  switch (req.verb) {
    case 'create':
      return ok(req.id, core.create(req.object));
    case 'update':
      return ok(req.id, core.update(req.object));
    case 'updateStatus':
      return ok(req.id, core.update(req.object, { subresource: 'status' }));
    case 'delete':
      return ok(req.id, core.delete(req.kind, req.namespace, req.name, req.options ?? {}).object);
    case 'bind':
      return ok(req.id, core.bind(req.namespace, req.name, req.nodeName));
    case 'finalize':
      return ok(req.id, core.finalizeNamespace(req.name).object);
    case 'get': {
      const obj = core.get(req.kind, req.namespace, req.name);
      if (obj === undefined) throw new ApiError('NotFound', `${core.registry.get(req.kind)?.plural ?? req.kind} "${req.name}" not found`);
      return ok(req.id, obj);
    }
    case 'list': {
      const r = core.list(req.kind, req.selection ?? {});
      return { type: 'api.response', id: req.id, ok: true, items: r.items, resourceVersion: Number(r.resourceVersion) };
    }
    case 'watch': {
      const res = openWatch(core, state, req, responseAtMs, after);
      if (req.allowWatchBookmarks === true && res.ok && res.watchId !== undefined) {
        ctx.setTimer(`bookmark/${res.watchId}`, BOOKMARK_FREQUENCY_MS, { type: 'api.bookmark', watchId: res.watchId });
      }
      return res;
    }
    case 'unwatch':
      state.hub.close(req.watchId);
      ctx.cancelTimer(`bookmark/${req.watchId}`);
      return ok(req.id);
  }
}

/**
 * How often a watch that allows bookmarks gets one (upstream cacher `bookmarkFrequency`, one minute; the
 * watch cache also sends one two seconds before a watch's timeout, and kubesim's watches have none).
 *
 * @example
 * ```ts
 * // a watch opened with allowWatchBookmarks at t=0 gets BOOKMARKs at 60 s, 120 s, … (plus the watch latency)
 * const next = openedAtMs + BOOKMARK_FREQUENCY_MS;
 * ```
 */
export const BOOKMARK_FREQUENCY_MS = 60_000;

/**
 * Sends a `BOOKMARK` with the current resourceVersion on an open watch (never before the watch's previous event:
 * the writes up to that revision were fanned out when this message arrived) and schedules the next one; a
 * closed watch gets nothing and its timer stops.
 */
function bookmark(core: ApiServerCore, state: ApiServerState, watchId: number, ctx: ActorContext<ApiServerMessage>, spec: LatencyMs): void {
  const w = state.hub.get(watchId);
  if (w === undefined) return;
  const rv = core.store.resourceVersion;
  const info = core.registry.get(w.kind);
  const object = Object.freeze({
    apiVersion: info?.apiVersion ?? 'v1',
    kind: w.kind,
    metadata: Object.freeze({ resourceVersion: String(rv) }),
  }) as KubeObject;
  const at = Math.max(ctx.now + drawLatency(spec, ctx.random('watch-latency')), w.lastDeliveryMs);
  w.lastDeliveryMs = at;
  ctx.send<ApiClientMessage>(w.actor, { type: 'api.watch', watchId, eventType: 'BOOKMARK', object, resourceVersion: rv }, at - ctx.now);
  ctx.setTimer(`bookmark/${watchId}`, BOOKMARK_FREQUENCY_MS, { type: 'api.bookmark', watchId });
}

/**
 * Opens a watch from a resourceVersion: the events after it are replayed right after the response, then the
 * watch streams live changes (410 Gone when the resourceVersion has been compacted).
 */
function openWatch(
  core: ApiServerCore,
  state: ApiServerState,
  req: Extract<ApiRequest, { verb: 'watch' }>,
  responseAtMs: number,
  after: ApiClientMessage[],
): ApiResponse {
  const history = core.store.eventsSince(req.kind, req.resourceVersion);
  const w = state.hub.open(req.kind, req.replyTo, req.selection);
  w.lastDeliveryMs = responseAtMs;
  if (history.length > 0) {
    const replay = new WatchHub();
    replay.open(req.kind, req.replyTo, req.selection);
    for (const ev of history) {
      replay.fanOut(ev, (d) =>
        after.push({ type: 'api.watch', watchId: w.id, eventType: d.eventType, object: d.object, resourceVersion: ev.resourceVersion }),
      );
    }
  }
  return { type: 'api.response', id: req.id, ok: true, watchId: w.id, resourceVersion: core.store.resourceVersion };
}

/**
 * The API server actor: serves requests with latency, on the engine's clock, and fans watch events out.
 *
 * @packageDocumentation
 */
import type { ActorContext, Behavior } from '../../engine/actor.js';
import type { Rng } from '../../engine/random.js';
import { ApiError } from '../errors.js';
import type { KubeObject, WatchEvent } from '../store/types.js';
import type { ApiServerCore } from './core.js';
import type { ApiClientMessage, ApiRequest, ApiResponse, ApiServerMessage, StatusError, Verb } from './messages.js';
import { type Delivery, WatchHub } from './watch-hub.js';

/** A latency: a fixed number of ms, or uniform integer ms between two bounds. */
export type LatencyMs = number | { readonly minMs: number; readonly maxMs: number };

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
      const state: ApiServerState = { hub: new WatchHub(), pending: [], unsubscribe: () => undefined };
      state.unsubscribe = core.subscribe((ev) => state.pending.push(ev));
      return state;
    },
    receive(state, msg, ctx) {
      flush(state, ctx, watchLatency);
      if (msg.type === 'api.request') serve(core, state, msg, ctx, latency, opts.intercept);
      else if (msg.type === 'api.compact') compact(core, state, ctx, watchLatency);
      flush(state, ctx, watchLatency);
      return state;
    },
  };
}

function flush(state: ApiServerState, ctx: ActorContext<ApiServerMessage>, spec: LatencyMs): void {
  if (state.pending.length === 0) return;
  const rng = ctx.random('watch-latency');
  const now = ctx.now;
  const deliver = (d: Delivery) => {
    const at = Math.max(now + drawLatency(spec, rng), d.watch.lastDeliveryMs);
    d.watch.lastDeliveryMs = at;
    const m: ApiClientMessage = {
      type: 'api.watch',
      watchId: d.watch.id,
      eventType: d.eventType,
      object: d.object,
      resourceVersion: Number(d.object.metadata.resourceVersion),
    };
    ctx.send(d.watch.actor, m, at - now);
  };
  for (const ev of state.pending) state.hub.fanOut(ev, deliver);
  state.pending.length = 0;
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
    res = handle(core, state, req, ctx.now + delay, after);
  } catch (e) {
    res = { type: 'api.response', id: req.id, ok: false, error: toStatus(e) };
  }
  ctx.send(req.replyTo, res, delay);
  for (const m of after) ctx.send(req.replyTo, m, delay);
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
    case 'watch':
      return openWatch(core, state, req, responseAtMs, after);
    case 'unwatch':
      state.hub.close(req.watchId);
      return ok(req.id);
  }
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

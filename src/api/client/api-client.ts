/**
 * The client side of the API: requests as messages, responses to callbacks, watch events to informers.
 *
 * @packageDocumentation
 */
import type { ActorContext } from '../../engine/actor.js';
import type { ApiClientMessage, ApiRequest, ApiResponse, Selection, StatusError, WatchErrorMessage, WatchMessage } from '../server/messages.js';
import type { DeleteOptions, KubeObject } from '../store/types.js';

/** The body of a request, without the fields the client fills in. */
export type RequestBody = ApiRequest extends infer R ? (R extends ApiRequest ? Omit<R, 'type' | 'id' | 'replyTo' | 'user'> : never) : never;

/** Called with the response to a request, inside the requesting actor's handler. */
export type ResponseCallback = (res: ApiResponse, ctx: ActorContext<never>) => void;

/** Receives the watch events of one watch (an informer). */
export interface WatchConsumer {
  onWatchEvent(m: WatchMessage, ctx: ActorContext<never>): void;
  onWatchError(m: WatchErrorMessage, ctx: ActorContext<never>): void;
}

/** What the clients of one actor share: request ids, pending callbacks, open watches. */
interface Connection {
  nextId: number;
  readonly callbacks: Map<number, ResponseCallback>;
  readonly watches: Map<number, WatchConsumer>;
}

/**
 * A component's connection to the API server: one per actor, kept in the actor's state.
 *
 * @remarks
 * `request` sends a message to the API server actor; the response comes back as a message, which the actor's
 * `receive` hands to {@link ApiClient.handle} first: it runs the request's callback (or routes a watch event to
 * its informer) and returns true when the message was the client's.
 *
 * @example
 * ```ts
 * receive(state, msg, ctx) {
 *   if (state.client.handle(msg, ctx)) return state;
 *   state.client.create(ctx, pod, (res) => { if (!res.ok) ctx.trace('create failed', res.error.message); });
 *   return state;
 * }
 * ```
 */
export class ApiClient {
  // set once, by the constructor or (for a component's client) by forComponent
  private conn: Connection = { nextId: 1, callbacks: new Map(), watches: new Map() };
  /** Set on a {@link ApiClient.forComponent} client: its callbacks run with this context. */
  private boundCtx: ActorContext<never> | undefined = undefined;
  private componentName: string | undefined = undefined;

  constructor(
    /** The API server actor's id. */
    readonly server: string,
    /** The identity sent with every request. */
    readonly user: string,
  ) {}

  /** The component sent with every request: set on a {@link ApiClient.forComponent} client. */
  get component(): string | undefined {
    return this.componentName;
  }

  /**
   * A client of one component living in this client's actor, with its own identity, over the same connection:
   * request ids, callbacks and watches are shared, so this client's {@link ApiClient.handle} (or the other's)
   * routes every response. Callbacks of its requests run with `ctx` (the component's own context). This is
   * how kube-controller-manager gives each controller its own service account (upstream
   * `--use-service-account-credentials`) while its informers share one connection.
   *
   * @example
   * ```ts
   * const rs = manager.forComponent('system:serviceaccount:kube-system:replicaset-controller', 'replicaset-controller', rsCtx);
   * ```
   */
  forComponent(user: string, component: string, ctx: ActorContext<never>): ApiClient {
    const client = new ApiClient(this.server, user);
    client.conn = this.conn;
    client.componentName = component;
    client.boundCtx = ctx;
    return client;
  }

  /**
   * Sends a request (after `delayMs`, e.g. a retry backoff); `onResponse` runs when the response arrives.
   * Returns the request id.
   */
  request(ctx: ActorContext<never>, body: RequestBody, onResponse?: ResponseCallback, delayMs = 0): number {
    const conn = this.conn;
    const id = conn.nextId++;
    if (onResponse !== undefined) {
      const bound = this.boundCtx;
      conn.callbacks.set(id, bound === undefined ? onResponse : (res) => onResponse(res, bound));
    }
    // Copied key by key into a literal of one shape: a spread of bodies of many shapes takes V8's slow,
    // megamorphic object-clone path (it was the client's top cost per request).
    const req: Record<string, unknown> = { type: 'api.request', id, replyTo: ctx.self.id, user: this.user, component: this.componentName };
    const fields = body as Readonly<Record<string, unknown>>;
    for (const k in fields) req[k] = fields[k];
    ctx.send(this.server, req as unknown as ApiRequest, delayMs);
    return id;
  }

  /** POST an object. */
  create(ctx: ActorContext<never>, object: KubeObject, cb?: ResponseCallback): number {
    return this.request(ctx, { verb: 'create', object }, cb);
  }

  /** PUT an object (optimistic concurrency through its resourceVersion). */
  update(ctx: ActorContext<never>, object: KubeObject, cb?: ResponseCallback): number {
    return this.request(ctx, { verb: 'update', object }, cb);
  }

  /** PUT an object's status subresource. */
  updateStatus(ctx: ActorContext<never>, object: KubeObject, cb?: ResponseCallback): number {
    return this.request(ctx, { verb: 'updateStatus', object }, cb);
  }

  /** DELETE an object. */
  delete(ctx: ActorContext<never>, kind: string, namespace: string, name: string, options?: DeleteOptions, cb?: ResponseCallback): number {
    return this.request(ctx, options === undefined ? { verb: 'delete', kind, namespace, name } : { verb: 'delete', kind, namespace, name, options }, cb);
  }

  /** POST a pod's binding subresource. */
  bind(ctx: ActorContext<never>, namespace: string, name: string, nodeName: string, cb?: ResponseCallback): number {
    return this.request(ctx, { verb: 'bind', namespace, name, nodeName }, cb);
  }

  /** LIST a kind (after `delayMs`). */
  list(ctx: ActorContext<never>, kind: string, selection: Selection | undefined, cb: ResponseCallback, delayMs = 0): number {
    return this.request(ctx, selection === undefined ? { verb: 'list', kind } : { verb: 'list', kind, selection }, cb, delayMs);
  }

  /** WATCH a kind from a resourceVersion; events go to `consumer`. */
  watch(ctx: ActorContext<never>, kind: string, selection: Selection | undefined, resourceVersion: number, consumer: WatchConsumer, cb?: (watchId: number | undefined, error?: StatusError) => void): number {
    const body: RequestBody = selection === undefined ? { verb: 'watch', kind, resourceVersion } : { verb: 'watch', kind, selection, resourceVersion };
    return this.request(ctx, body, (res) => {
      if (res.ok && res.watchId !== undefined) {
        this.conn.watches.set(res.watchId, consumer);
        cb?.(res.watchId);
      } else cb?.(undefined, res.ok ? undefined : res.error);
    });
  }

  /** Stops a watch. */
  unwatch(ctx: ActorContext<never>, watchId: number): void {
    this.conn.watches.delete(watchId);
    this.request(ctx, { verb: 'unwatch', watchId });
  }

  /** Handles a message if it is a response or watch event of this client; returns whether it was. */
  handle(msg: unknown, ctx: ActorContext<never>): boolean {
    const m = msg as ApiClientMessage;
    if (typeof m !== 'object' || m === null) return false;
    const conn = this.conn;
    if (m.type === 'api.response') {
      const cb = conn.callbacks.get(m.id);
      if (cb !== undefined) {
        conn.callbacks.delete(m.id);
        cb(m, ctx);
      }
      return true;
    }
    if (m.type === 'api.watch') {
      conn.watches.get(m.watchId)?.onWatchEvent(m, ctx);
      return true;
    }
    if (m.type === 'api.watch-error') {
      const w = conn.watches.get(m.watchId);
      conn.watches.delete(m.watchId);
      w?.onWatchError(m, ctx);
      return true;
    }
    return false;
  }
}

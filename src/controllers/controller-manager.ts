/**
 * kube-controller-manager: the built-in controllers in one actor, sharing one connection and one informer per kind,
 * as upstream's `cmd/kube-controller-manager` runs them over a `SharedInformerFactory`.
 *
 * @packageDocumentation
 */
import { ApiClient } from '../api/client/api-client.js';
import { Informer, type InformerHandlers } from '../api/client/informer.js';
import type { KubeObject } from '../api/store/types.js';
import type { ActorContext, ActorRef, Behavior } from '../engine/actor.js';
import type { DurationMs } from '../engine/time.js';
import type { Rng } from '../engine/random.js';

/** The actor id of the controller manager in a cluster. */
export const KUBE_CONTROLLER_MANAGER = 'kube-controller-manager';

/**
 * What a controller gets from whoever runs it: its API client and its informers.
 *
 * @example
 * ```ts
 * init(ctx, kit) {
 *   const client = kit.client();
 *   const pods = kit.informer<Pod & KubeObject>('Pod', { onAdd: (pod, c) => c.trace('pod', pod.metadata.name) });
 *   return { client, pods };
 * }
 * ```
 */
export interface ControllerKit {
  /** The controller's API client, with its own identity (`user`). */
  client(): ApiClient;
  /**
   * The informer of `kind`, with `handlers` added: in kube-controller-manager the one informer of that kind every
   * hosted controller shares. The runner starts the informers once every controller has been initialised; an
   * informer asked for later starts at once (or, when already synced, replays its cache to the new handlers).
   */
  informer<T extends KubeObject>(kind: string, handlers?: InformerHandlers<T>): Informer<T>;
}

/**
 * A controller that can run alone, as its own actor, or hosted in kube-controller-manager.
 *
 * @remarks
 * Its context is its own: timers, random streams and the callbacks of its requests are scoped to the controller
 * (a hosted controller's timer `k` is the manager's `<name>/k`, its stream `p` the manager's `<name>/p`). API
 * responses and watch events never reach `receive`: the runner hands them to the client and the informers.
 *
 * @example
 * ```ts
 * const ticker: HostedController<{ ticks: number }> = {
 *   name: 'ticker', user: 'system:serviceaccount:kube-system:ticker',
 *   init: (ctx) => { ctx.setTimer('tick', 1000, { type: 'tick' } as never); return { ticks: 0 }; },
 *   receive: (s, _msg, ctx) => { s.ticks++; ctx.setTimer('tick', 1000, { type: 'tick' } as never); },
 * };
 * ```
 */
export interface HostedController<S = unknown> {
  /** Its name: the actor id when it runs alone (`replicaset-controller`), the component faults name. */
  readonly name: string;
  /** The identity of its requests (`system:serviceaccount:kube-system:replicaset-controller`). */
  readonly user: string;
  init(ctx: ActorContext<never>, kit: ControllerKit): S;
  /** Handles one of its own messages (a timer it set). */
  receive(state: S, msg: unknown, ctx: ActorContext<never>): void;
  /** Runs after every message its runner handles (a controller's workers take the keys that became ready). */
  afterMessage?(state: S, ctx: ActorContext<never>): void;
}

/**
 * A controller's behaviour as its own actor, which kube-controller-manager can also host.
 *
 * @example
 * ```ts
 * const rs: ControllerBehavior<ReplicaSetControllerState> = replicaSetController();
 * sim.spawn('replicaset-controller', rs);                                     // alone
 * sim.spawn('kube-controller-manager', kubeControllerManager({ controllers: [rs] })); // or hosted
 * ```
 */
export type ControllerBehavior<S> = Behavior<S, unknown> & {
  /** The controller, for {@link kubeControllerManager}. */
  readonly hosted: HostedController<S>;
};

/**
 * Runs a controller as its own actor: its own client (its identity) for requests and informers.
 *
 * @example
 * ```ts
 * sim.spawn('ticker', standaloneController(ticker));
 * ```
 */
export function standaloneController<S extends object>(controller: HostedController<S>, apiServer = 'kube-apiserver'): ControllerBehavior<S> {
  // per actor (a behaviour may be spawned more than once): the client and informers of each state
  const shells = new WeakMap<object, ApiClient>();
  return {
    kind: controller.name,
    hosted: controller,
    init(ctx) {
      const c = ctx as ActorContext<never>;
      const client = new ApiClient(apiServer, controller.user);
      const informers = new InformerSet(client, c);
      const state = controller.init(c, { client: () => client, informer: (kind, h) => informers.get(kind, h, undefined) });
      shells.set(state, client);
      informers.startAll();
      return state;
    },
    receive(state, msg, ctx) {
      const c = ctx as ActorContext<never>;
      if (!(shells.get(state) as ApiClient).handle(msg, c)) controller.receive(state, msg, c);
      controller.afterMessage?.(state, c);
      return state;
    },
  };
}

/**
 * Options of {@link kubeControllerManager}.
 *
 * @example
 * ```ts
 * const opts: KubeControllerManagerOptions = { controllers: [replicaSetController(), deploymentController()] };
 * ```
 */
export interface KubeControllerManagerOptions {
  /** The controllers to run (each a {@link ControllerBehavior}: `replicaSetController()`, …). */
  readonly controllers: readonly ControllerBehavior<unknown>[];
  /** The API server actor's id. @defaultValue `'kube-apiserver'` */
  readonly apiServer?: string;
}

/**
 * The controller manager's actor state.
 *
 * @example
 * ```ts
 * const gc = sim.stateOf<KubeControllerManagerState>('kube-controller-manager').controllers['pod-garbage-collector'];
 * ```
 */
export interface KubeControllerManagerState {
  /** Each hosted controller's state, by name. */
  readonly controllers: Readonly<Record<string, unknown>>;
  /** The shared informers, one per kind, in the order they were first asked for. */
  readonly informers: readonly Informer<KubeObject>[];
}

/** A timer message of a hosted controller, addressed to it. */
interface Addressed {
  readonly type: 'kcm.deliver';
  readonly to: number;
  readonly msg: unknown;
}

interface Hosted {
  readonly controller: HostedController<unknown>;
  readonly ctx: HostedContext;
  readonly state: unknown;
}

interface ManagerState extends KubeControllerManagerState {
  readonly client: ApiClient;
  readonly hosted: readonly Hosted[];
  readonly after: readonly Hosted[];
}

/**
 * kube-controller-manager: the given controllers in one actor (`kube-controller-manager`).
 *
 * @remarks
 * As upstream, the manager holds one connection to the API server and one informer per kind (`system:kube-controller-manager`),
 * shared by every controller: a pod change is one watch event to the manager, whose informer runs each
 * controller's handlers. Each controller keeps its own identity for its requests (upstream
 * `--use-service-account-credentials`), its own work queue and workers, timers and random streams. Faults that
 * name a hosted controller (`partition` of `replicaset-controller`) cut its requests; its informers are the
 * manager's, so `partition` of `kube-controller-manager` cuts them all, and a `watchChaos` naming a hosted
 * controller acts on the manager's watches.
 *
 * @example
 * ```ts
 * sim.spawn('kube-controller-manager', kubeControllerManager({ controllers: [replicaSetController(), deploymentController()] }));
 * ```
 */
export function kubeControllerManager(opts: KubeControllerManagerOptions): Behavior<KubeControllerManagerState, unknown> {
  const names = new Set<string>();
  for (const c of opts.controllers) {
    if (names.has(c.hosted.name)) throw new Error(`kubeControllerManager: controller ${c.hosted.name} is given twice`);
    names.add(c.hosted.name);
  }
  return {
    kind: KUBE_CONTROLLER_MANAGER,
    init(ctx) {
      const base = ctx as ActorContext<never>;
      const client = new ApiClient(opts.apiServer ?? 'kube-apiserver', 'system:kube-controller-manager');
      const informers = new InformerSet(client, base);
      const controllers: Record<string, unknown> = {};
      const hosted: Hosted[] = [];
      opts.controllers.forEach(({ hosted: controller }, i) => {
        const hctx = new HostedContext(base, `${controller.name}/`, i);
        const own = client.forComponent(controller.user, controller.name, hctx);
        const state = controller.init(hctx, { client: () => own, informer: (kind, h) => informers.get(kind, h, hctx) });
        controllers[controller.name] = state;
        hosted.push({ controller, ctx: hctx, state });
      });
      informers.startAll();
      const after = hosted.filter((h) => h.controller.afterMessage !== undefined);
      const state: ManagerState = { controllers, informers: informers.list, client, hosted, after };
      return state;
    },
    receive(s, msg, ctx) {
      const state = s as ManagerState;
      const m = msg as Addressed;
      if (m.type === 'kcm.deliver') {
        const h = state.hosted[m.to] as Hosted;
        h.controller.receive(h.state, m.msg, h.ctx);
      } else state.client.handle(msg, ctx as ActorContext<never>);
      const after = state.after;
      for (let i = 0; i < after.length; i++) {
        const h = after[i] as Hosted;
        (h.controller.afterMessage as (s: unknown, c: ActorContext<never>) => void)(h.state, h.ctx);
      }
      return s;
    },
  };
}

/** The informers of one actor, one per kind, started together once its controllers are initialised. */
class InformerSet {
  readonly list: Informer<KubeObject>[] = [];
  private readonly byKind = new Map<string, Informer<KubeObject>>();
  private started = false;

  constructor(
    private readonly client: ApiClient,
    private readonly ctx: ActorContext<never>,
  ) {}

  get<T extends KubeObject>(kind: string, handlers: InformerHandlers<T> | undefined, hctx: ActorContext<never> | undefined): Informer<T> {
    let inf = this.byKind.get(kind) as Informer<T> | undefined;
    if (inf === undefined) {
      inf = new Informer<T>(this.client, kind);
      this.byKind.set(kind, inf as unknown as Informer<KubeObject>);
      this.list.push(inf as unknown as Informer<KubeObject>);
      if (this.started) inf.start(this.ctx);
    }
    if (handlers !== undefined) inf.addHandlers(handlers, hctx);
    return inf;
  }

  startAll(): void {
    this.started = true;
    for (const inf of this.list) inf.start(this.ctx);
  }
}

/**
 * A hosted controller's view of the manager's context: its timers, self-sends and random streams are its own
 * (prefixed with its name); time, sends to others, traces and spawns are the manager's.
 */
class HostedContext implements ActorContext<never> {
  constructor(
    private readonly base: ActorContext<never>,
    private readonly prefix: string,
    private readonly index: number,
  ) {}

  get self(): ActorRef<never> {
    return this.base.self;
  }

  get now(): number {
    return this.base.now;
  }

  send<N>(to: ActorRef<N> | string, msg: N, delayMs?: DurationMs, priority?: number): void {
    const self = this.base.self;
    if (to === self || to === self.id) this.base.send(self, this.address(msg) as never, delayMs, priority);
    else this.base.send(to, msg, delayMs, priority);
  }

  setTimer(key: string, delayMs: DurationMs, msg: never, priority?: number): void {
    this.base.setTimer(this.prefix + key, delayMs, this.address(msg) as never, priority);
  }

  cancelTimer(key: string): boolean {
    return this.base.cancelTimer(this.prefix + key);
  }

  hasTimer(key: string): boolean {
    return this.base.hasTimer(this.prefix + key);
  }

  random(purpose = 'default'): Rng {
    return this.base.random(this.prefix + purpose);
  }

  trace(what: string, detail?: string): void {
    this.base.trace(what, detail);
  }

  spawn<S, N>(id: string, behavior: Behavior<S, N>): ActorRef<N> {
    return this.base.spawn(id, behavior);
  }

  stop(target?: ActorRef | string): void {
    this.base.stop(target);
  }

  private address(msg: unknown): Addressed {
    return { type: 'kcm.deliver', to: this.index, msg };
  }
}

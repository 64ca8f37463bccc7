/**
 * One cluster from one spec: the engine, the API server, the controllers, the scheduler, the kubelets and the
 * node lifecycle controller, wired as actors on one clock.
 *
 * @packageDocumentation
 */
import type { Node } from 'kubernetes-types/core/v1.js';
import { type ApplyOptions, type ApplyResult, apply } from '../api/apply/index.js';
import { type ApiServerOptions, apiServer } from '../api/server/api-server.js';
import { ApiServerCore } from '../api/server/core.js';
import type { DeleteOptions, KubeObject, SelectOptions } from '../api/store/types.js';
import { formatTable } from '../api/tables/index.js';
import { deploymentController } from '../controllers/deployment/index.js';
import { jobController } from '../controllers/job/index.js';
import { garbageCollector } from '../controllers/garbage-collector/index.js';
import { namespaceController } from '../controllers/namespace/index.js';
import { podGcController } from '../controllers/pod-gc/index.js';
import { replicaSetController } from '../controllers/replicaset/index.js';
import { type ControllerBehavior, KUBE_CONTROLLER_MANAGER, kubeControllerManager } from '../controllers/controller-manager.js';
import { type Behavior, Priority } from '../engine/actor.js';
import { type RunOptions, type RunResult, Simulation } from '../engine/simulation.js';
import { parseDuration, type TimeMs } from '../engine/time.js';
import type { TraceOptions } from '../engine/trace.js';
import { NodeHeartbeats } from '../node/heartbeats.js';
import type { KubeletFault, KubeletOptions } from '../node/kubelet-options.js';
import { kubelet } from '../node/kubelet.js';
import { type NodeLifecycleOptions, nodeLifecycleController } from '../node/node-lifecycle-controller.js';
import { type NodePoolOptions, nodePool } from '../node/node-pool.js';
import { type KubeSchedulerOptions, kubeScheduler } from '../scheduler/actor/kube-scheduler.js';
import { ApiFaultState } from '../faults/api-faults.js';
import { FAULT_INJECTOR_ID, faultInjector, type FaultInjectorMessage } from '../faults/fault-injector.js';
import { type ActiveFault, FaultLog, type FaultRecord } from '../faults/fault-log.js';
import type { Fault, FaultPlan } from '../faults/types.js';
import { assertFault, assertFaultPlan, FaultError } from '../faults/validate.js';
import { type DrainOptions, type DrainResult, drainNode } from './drain.js';

const ZONE_LABEL = 'topology.kubernetes.io/zone';

/** Which built-in components run; each can be switched off and replaced by a user's own actor. */
export interface ComponentSwitches {
  /** @defaultValue true */ readonly scheduler?: boolean;
  /** @defaultValue true */ readonly kubelets?: boolean;
  /** @defaultValue true */ readonly nodeLifecycleController?: boolean;
  /** @defaultValue true */ readonly replicaSetController?: boolean;
  /** @defaultValue true */ readonly deploymentController?: boolean;
  /** @defaultValue true */ readonly jobController?: boolean;
  /** @defaultValue true */ readonly garbageCollector?: boolean;
  /** @defaultValue true */ readonly namespaceController?: boolean;
  /** The pod garbage collector (`pod-garbage-collector`): orphaned pods of deleted nodes, terminated pods over the threshold. @defaultValue true */
  readonly podGarbageCollector?: boolean;
  /**
   * Run the controllers above in one `kube-controller-manager` actor sharing one informer per kind, as upstream
   * does; `false` runs each as its own actor (named as the controller, e.g. `replicaset-controller`) with its
   * own informers, so that faults can cut one controller's watches. @defaultValue true
   */
  readonly controllerManager?: boolean;
}

/** The plain-data description of a cluster. */
export interface ClusterSpec {
  /** The run's seed (required: every random choice derives from it). */
  readonly seed: string | number;
  /** Node pools: many identical nodes each. */
  readonly nodePools?: readonly NodePoolOptions[];
  /** Scheduler options, including a `KubeSchedulerConfiguration`. */
  readonly scheduler?: KubeSchedulerOptions;
  /** API server latencies and fault hooks. */
  readonly apiServer?: ApiServerOptions;
  /** Kubelet options shared by every node (image catalog, runtime latencies, lease mode). */
  readonly kubelet?: Omit<KubeletOptions, 'node' | 'heartbeats'>;
  /** Node lifecycle controller options (grace period, eviction rates). */
  readonly nodeLifecycle?: Omit<NodeLifecycleOptions, 'heartbeats'>;
  /** Which components run. */
  readonly components?: ComponentSwitches;
  /** Extra actors to run (a user's own controller or scheduler), by actor id. */
  readonly actors?: Readonly<Record<string, Behavior<unknown, unknown>>>;
  /** Record a trace (off by default; the fingerprint is always computed). */
  readonly trace?: TraceOptions;
  /** Explore same-instant interleavings (see the engine). @defaultValue 'fifo' */
  readonly tieBreak?: 'fifo' | 'shuffle';
  /** Default event budget of a run call. @defaultValue 50,000,000 */
  readonly maxEventsPerRun?: number;
  /** Faults scheduled at creation (as {@link Cluster.schedule} does). @defaultValue none */
  readonly faults?: FaultPlan;
}

/**
 * A running simulated cluster.
 *
 * @example
 * ```ts
 * const cluster = createCluster({ seed: 1, nodePools: [{ namePrefix: 'node', count: 3 }] });
 * cluster.apply(readFileSync('nginx-deployment.yaml', 'utf8'));
 * cluster.runFor('2m');
 * console.log(cluster.table('Pod'));
 * ```
 */
export class Cluster {
  /** The engine. */
  readonly sim: Simulation;
  /** The API server's admission and store (read freely; write through `apply`/`delete`). */
  readonly core: ApiServerCore;
  /** Lease renewals seen by the node lifecycle controller. */
  readonly heartbeats = new NodeHeartbeats();
  private readonly spec: ClusterSpec;
  private nodeIndex = 0;
  private readonly faultLog = new FaultLog();
  private readonly apiFaults = new ApiFaultState();

  constructor(spec: ClusterSpec) {
    this.spec = spec;
    this.sim = new Simulation({
      seed: spec.seed,
      maxEventsPerRun: spec.maxEventsPerRun ?? 50_000_000,
      ...(spec.trace !== undefined ? { trace: spec.trace } : {}),
      ...(spec.tieBreak !== undefined ? { tieBreak: spec.tieBreak } : {}),
    });
    const sim = this.sim;
    this.core = new ApiServerCore({ now: () => sim.now });
    const on = (k: keyof ComponentSwitches) => spec.components?.[k] !== false;
    sim.spawn('kube-apiserver', apiServer(this.core, { ...spec.apiServer, faults: spec.apiServer?.faults ?? this.apiFaults }));
    const controllers: ControllerBehavior<unknown>[] = [];
    if (on('garbageCollector')) controllers.push(garbageCollector());
    if (on('namespaceController')) controllers.push(namespaceController());
    if (on('podGarbageCollector')) controllers.push(podGcController());
    if (on('replicaSetController')) controllers.push(replicaSetController());
    if (on('deploymentController')) controllers.push(deploymentController());
    if (on('jobController')) controllers.push(jobController());
    if (on('nodeLifecycleController')) controllers.push(nodeLifecycleController({ ...spec.nodeLifecycle, heartbeats: this.heartbeats }));
    if (!on('controllerManager')) for (const c of controllers) sim.spawn(c.hosted.name, c);
    else if (controllers.length > 0) {
      sim.spawn(KUBE_CONTROLLER_MANAGER, kubeControllerManager({ controllers }));
      // a watchChaos naming a hosted controller acts on the manager's watches, which its informers use
      for (const c of controllers) this.apiFaults.alias(c.hosted.name, KUBE_CONTROLLER_MANAGER);
    }
    if (on('scheduler')) sim.spawn('kube-scheduler', kubeScheduler(spec.scheduler));
    for (const pool of spec.nodePools ?? []) this.addNodes(pool);
    for (const [id, behavior] of Object.entries(spec.actors ?? {})) sim.spawn(id, behavior);
    if (spec.faults !== undefined) this.schedule(spec.faults);
  }

  /** The current virtual time, ms. */
  get now(): TimeMs {
    return this.sim.now;
  }

  /** The run's fingerprint so far. */
  get fingerprint(): string {
    return this.sim.fingerprint;
  }

  /** Adds a pool of nodes now: each gets a kubelet that registers its Node (or the Node directly without kubelets). */
  addNodes(pool: NodePoolOptions): Node[] {
    const nodes = nodePool(pool, this.sim.now);
    const kubelets = this.spec.components?.kubelets !== false;
    for (const node of nodes) {
      const name = node.metadata?.name ?? '';
      this.nodeIndex++;
      if (kubelets) this.sim.spawn(`kubelet/${name}`, kubelet({ ...this.spec.kubelet, node, heartbeats: this.heartbeats }));
      else this.core.create(node as unknown as KubeObject);
    }
    this.flush();
    return nodes;
  }

  /** Injects a node fault (crash, stop, partition, heal, restart) into a node's kubelet. */
  nodeFault(nodeName: string, fault: KubeletFault): void {
    this.sim.send(`kubelet/${nodeName}`, fault);
  }

  /**
   * Injects a fault at a virtual time; returns its id.
   *
   * @remarks
   * The fault starts at `atMs` (absolute virtual ms; default now, i.e. when the simulation next runs) and, unless
   * it is instantaneous, lasts `durationMs` or until {@link Cluster.heal} / {@link Cluster.healAll}. Start and heal
   * happen inside the simulation (the `kubesim-faults` actor), are traced as `fault start` / `fault heal` and
   * fold into the fingerprint: the same faults and seed give the same run.
   *
   * @throws {@link FaultError} naming every bad field (`fault.probability: must be between 0 and 1`).
   * @example
   * ```ts
   * const id = cluster.inject({ type: 'partition', components: ['kube-scheduler'] }, { atMs: 60_000, durationMs: 120_000 });
   * cluster.run(300_000);
   * cluster.faultHistory(); // [{ id, fault: {...}, startedAtMs: 60000, endedAtMs: 180000 }]
   * ```
   */
  inject(fault: Fault, opts: { readonly atMs?: number; readonly durationMs?: number } = {}): number {
    assertFault(fault, opts);
    const atMs = opts.atMs ?? this.sim.now;
    if (atMs < this.sim.now) throw new FaultError([{ path: 'atMs', reason: `must not be before the current virtual time (${this.sim.now} ms)` }]);
    const id = this.faultLog.schedule(opts.durationMs === undefined ? { atMs, fault } : { atMs, fault, durationMs: opts.durationMs });
    this.toInjector({ type: 'faults.start', id }, atMs - this.sim.now);
    return id;
  }

  /**
   * Schedules every fault of a plan; returns their ids in plan order.
   *
   * @throws {@link FaultError} naming every bad field (`plan[2].fault.code: …`); nothing is scheduled then.
   * @example
   * ```ts
   * cluster.schedule([{ atMs: 60_000, fault: { type: 'nodeCrash', node: 'node-1' }, durationMs: 600_000 }]);
   * ```
   */
  schedule(plan: FaultPlan): number[] {
    assertFaultPlan(plan);
    return plan.map((e) => this.inject(e.fault, e.durationMs === undefined ? { atMs: e.atMs } : { atMs: e.atMs, durationMs: e.durationMs }));
  }

  /**
   * Ends a fault now (a fault not started yet is cancelled). Healing a node crash reboots the node.
   *
   * @example
   * ```ts
   * const id = cluster.inject({ type: 'apiErrors', code: 500 });
   * cluster.runFor('30s');
   * cluster.heal(id);
   * ```
   */
  heal(id: number): void {
    if (!Number.isInteger(id) || id < 1 || id > this.faultLog.issued) throw new FaultError([{ path: 'id', reason: `no fault #${String(id)} was injected` }]);
    this.toInjector({ type: 'faults.heal', id }, 0);
  }

  /**
   * Ends every active fault now: crashed nodes reboot, stopped kubelets restart, partitions heal, API rules end.
   *
   * @remarks Faults scheduled to start later still start; heal again after them (or do not schedule them) for a
   * failure-free window.
   * @example
   * ```ts
   * cluster.healAll();
   * cluster.runFor('10m'); // liveness: the cluster converges
   * ```
   */
  healAll(): void {
    if (this.sim.actor(FAULT_INJECTOR_ID) !== undefined) this.toInjector({ type: 'faults.healAll' }, 0);
  }

  /**
   * The faults that have started and not healed, oldest first.
   *
   * @example
   * ```ts
   * cluster.activeFaults().map((f) => f.event.fault.type); // ['partition']
   * ```
   */
  activeFaults(): readonly ActiveFault[] {
    return this.faultLog.activeFaults();
  }

  /**
   * Every fault that started, in start order, with when it ended (instantaneous faults end when they start).
   *
   * @example
   * ```ts
   * cluster.faultHistory(); // [{ id: 1, fault: { type: 'nodeCrash', node: 'node-1' }, startedAtMs: 60000, endedAtMs: 660000 }]
   * ```
   */
  faultHistory(): readonly FaultRecord[] {
    return this.faultLog.history();
  }

  /**
   * Virtual time of the latest fault start or heal, or undefined when no fault has started: invariants use it to
   * know how long the cluster has been failure-free.
   *
   * @example
   * ```ts
   * const quietMs = cluster.now - (cluster.lastFaultActivityMs() ?? 0);
   * ```
   */
  lastFaultActivityMs(): number | undefined {
    return this.faultLog.lastActivityMs;
  }

  /**
   * `kubectl drain <node> --ignore-daemonsets`: cordons the node now, then deletes its pods that have a
   * controller owner (not DaemonSet pods, not mirror pods) with their grace period.
   *
   * @remarks kubesim has no Eviction API yet: pods are deleted rather than evicted, so PodDisruptionBudgets are not
   * consulted; see {@link drainNode}.
   * @throws {@link ApiError} NotFound when the node does not exist.
   * @example
   * ```ts
   * const { deleted, skipped } = cluster.drain('node-2');
   * ```
   */
  drain(node: string, opts: DrainOptions = {}): DrainResult {
    const r = drainNode(this.core, node, opts);
    this.flush();
    return r;
  }

  private toInjector(msg: FaultInjectorMessage, delayMs: number): void {
    if (this.sim.actor(FAULT_INJECTOR_ID) === undefined) {
      // spawned on the first fault, so clusters without faults keep their fingerprints
      this.sim.spawn(
        FAULT_INJECTOR_ID,
        faultInjector({
          api: this.apiFaults,
          log: this.faultLog,
          hasActor: (id) => this.sim.actor(id) !== undefined,
          nodesInZone: (zone) => this.nodeNamesWhere((n) => n.metadata?.labels?.[ZONE_LABEL] === zone),
          nodeNames: () => this.nodeNamesWhere(() => true),
          podNode: (ns, name) => this.get<{ spec?: { nodeName?: string } }>('Pod', ns, name)?.spec?.nodeName || undefined,
        }),
      );
    }
    this.sim.send(FAULT_INJECTOR_ID, msg, { delayMs, priority: Priority.Urgent });
  }

  /** Names of the stored Nodes that pass `pick`, sorted. */
  private nodeNamesWhere(pick: (n: Node) => boolean): string[] {
    return this.list<Node>('Node').filter(pick).map((n) => n.metadata?.name ?? '').sort();
  }

  /** `kubectl apply -f`: validates every document, then creates or three-way-merges them now. */
  apply(input: string | object | readonly object[], opts: ApplyOptions = {}): ApplyResult {
    const r = apply(this.core, input, opts);
    this.flush();
    return r;
  }

  /** `kubectl delete`. */
  delete(kind: string, namespace: string, name: string, opts: DeleteOptions = {}): void {
    this.core.delete(kind, namespace, name, opts);
    this.flush();
  }

  /** Reads one object. */
  get<T = KubeObject>(kind: string, namespace: string, name: string): T | undefined {
    return this.core.get(kind, namespace, name) as T | undefined;
  }

  /** Lists objects of a kind. */
  list<T = KubeObject>(kind: string, opts: SelectOptions = {}): readonly T[] {
    return this.core.list(kind, opts).items as unknown as readonly T[];
  }

  /** `kubectl get <kind>` as a table, with AGE in virtual time. */
  table(kind: string, opts: { readonly namespace?: string; readonly wide?: boolean } = {}): string {
    const items = this.core.list(kind, opts.namespace !== undefined ? { namespace: opts.namespace } : {}).items;
    return formatTable(kind, items, { nowMs: this.sim.now, ...(opts.wide !== undefined ? { wide: opts.wide } : {}) });
  }

  /** Runs until a virtual time (ms or a duration string from now such as `'10m'`), or until a condition holds. */
  run(until: TimeMs | ((c: Cluster) => boolean), opts: RunOptions = {}): RunResult {
    if (typeof until === 'number') return this.sim.runUntil(until, opts);
    return this.sim.runUntil(() => until(this), opts);
  }

  /** Runs for a duration (ms or `'90s'`, `'1h30m'`). */
  runFor(duration: number | string, opts: RunOptions = {}): RunResult {
    return this.sim.runFor(typeof duration === 'string' ? parseDuration(duration) : duration, opts);
  }

  /** Delivers the watch events of writes made from outside the simulation. */
  private flush(): void {
    this.sim.send('kube-apiserver', { type: 'api.flush' });
  }
}

/**
 * Creates a cluster from a spec.
 *
 * @example
 * ```ts
 * const cluster = createCluster({ seed: 42, nodePools: [{ namePrefix: 'node', count: 100, zones: ['a', 'b', 'c'] }] });
 * ```
 */
export function createCluster(spec: ClusterSpec): Cluster {
  return new Cluster(spec);
}

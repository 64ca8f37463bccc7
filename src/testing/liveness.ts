/**
 * Liveness: run a cluster until a condition holds, or report why it did not within a virtual deadline.
 *
 * @packageDocumentation
 */
import type { Deployment } from 'kubernetes-types/apps/v1.js';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { Cluster } from '../cluster/create-cluster.js';
import { SimulationLimitError } from '../engine/simulation.js';
import { formatDuration, parseDuration } from '../engine/time.js';
import { keyOf, nameList } from './invariants/_internal.js';

/** A liveness condition: null (or true) when it holds, else why not yet (or false). */
export type LivenessCondition = (cluster: Cluster) => string | null | boolean;

/** Options of {@link eventually}. */
export interface EventuallyOptions {
  /** The condition is evaluated after every store change and at least this often in virtual time. @defaultValue 1000 */
  readonly checkEveryMs?: number;
  /** Event budget of the whole wait. @defaultValue the cluster's per-run budget */
  readonly maxEvents?: number;
}

/** What {@link eventually} found. */
export interface EventuallyResult {
  /** Whether the condition held by the deadline. */
  readonly ok: boolean;
  /** Virtual time when it first held, or the deadline when it did not. */
  readonly atMs: number;
  /** When not ok: the condition's last reason. */
  readonly reason?: string;
}

/** Thrown by {@link assertEventually} when the condition does not hold in time. */
export class LivenessError extends Error {
  constructor(readonly result: EventuallyResult, within: string) {
    super(`condition did not hold within ${within} (t=${formatDuration(result.atMs)}): ${result.reason ?? 'condition not met'}`);
    this.name = 'LivenessError';
  }
}

function reasonOf(cond: LivenessCondition, cluster: Cluster): string | null {
  const r = cond(cluster);
  if (r === null || r === true) return null;
  if (r === false) return 'condition not met';
  if (typeof r !== 'string') throw new TypeError(`eventually: the condition must return null, a string or a boolean, got ${typeof r}`);
  return r;
}

function withinMs(within: number | string): number {
  const ms = typeof within === 'string' ? parseDuration(within) : within;
  if (!Number.isInteger(ms) || ms < 0) throw new RangeError(`eventually: within must be a non-negative duration, got ${String(within)}`);
  return ms;
}

/**
 * Advances the cluster until `condition` holds or `within` (ms, or a duration such as `'5m'`) has passed.
 *
 * @remarks
 * The condition is evaluated now, then after every event that changed the store and at least every
 * `checkEveryMs` of virtual time (at the first event due after it). It returns at the first instant it holds (the
 * clock stays there) or at the deadline (the clock is moved to it). Monitors keep running: a safety violation
 * meanwhile throws out of this call. Check liveness only after `healAll()`, as TigerBeetle's simulator does:
 * while faults are active a cluster is not expected to converge.
 *
 * @example
 * ```ts
 * const cluster = createCluster({ seed: 9, nodePools: [{ namePrefix: 'node', count: 5 }] });
 * monitorInvariants(cluster, defaultInvariants()); // safety throughout
 * cluster.apply(webYaml);
 * cluster.inject({ type: 'nodeCrash', node: 'node-2' }, { atMs: 60_000 });
 * cluster.runFor('10m');
 * cluster.healAll(); // then liveness
 * const r = eventually(cluster, allDeploymentsAvailable(), '5m');
 * if (!r.ok) console.log(r.reason); // deployment default/web: 8/10 available at t=15m
 * ```
 */
export function eventually(cluster: Cluster, condition: LivenessCondition, within: number | string, opts: EventuallyOptions = {}): EventuallyResult {
  if (typeof condition !== 'function') throw new TypeError('eventually: condition must be a function (cluster) => string | null | boolean');
  const sim = cluster.sim;
  const deadline = sim.now + withinMs(within);
  const every = opts.checkEveryMs ?? 1000;
  if (!Number.isInteger(every) || every <= 0) throw new RangeError(`eventually: opts.checkEveryMs must be a positive integer, got ${String(every)}`);
  let reason = reasonOf(condition, cluster);
  if (reason === null) return { ok: true, atMs: sim.now };
  const store = cluster.core.store;
  let rv = store.resourceVersion;
  let nextMs = sim.now + every;
  const stop = () => {
    const now = sim.now;
    if (store.resourceVersion === rv && now < nextMs) return false;
    rv = store.resourceVersion;
    nextMs = now + every;
    reason = reasonOf(condition, cluster);
    return reason === null;
  };
  try {
    sim.runUntil(stop, { horizon: deadline, ...(opts.maxEvents !== undefined ? { maxEvents: opts.maxEvents } : {}) });
    return { ok: true, atMs: sim.now };
  } catch (e) {
    if (!(e instanceof SimulationLimitError) || e.reason === 'budget') throw e;
  }
  // horizon (the clock is at the deadline) or idle (nothing left to happen): judge at the deadline
  if (sim.now < deadline) sim.runUntil(deadline);
  reason = reasonOf(condition, cluster);
  return reason === null ? { ok: true, atMs: sim.now } : { ok: false, atMs: sim.now, reason };
}

/**
 * {@link eventually}, throwing a {@link LivenessError} with the reason when the condition does not hold in time.
 *
 * @example
 * ```ts
 * cluster.healAll();
 * assertEventually(cluster, allNodesReady(), '2m');
 * assertEventually(cluster, allDeploymentsAvailable(), '5m'); // Error: condition did not hold within 5m (t=17m): deployment default/web: 8/10 available at t=17m
 * ```
 */
export function assertEventually(cluster: Cluster, condition: LivenessCondition, within: number | string, opts: EventuallyOptions = {}): number {
  const r = eventually(cluster, condition, within, opts);
  if (!r.ok) throw new LivenessError(r, typeof within === 'string' ? within : formatDuration(within));
  return r.atMs;
}

/**
 * Every Deployment has rolled out completely: its status counts as many available and updated replicas as
 * `spec.replicas`, no more replicas in total, and the controller has observed its latest generation.
 *
 * @example
 * ```ts
 * eventually(cluster, allDeploymentsAvailable(), '5m').reason; // 'deployment default/web: 8/10 available at t=45m'
 * ```
 */
export function allDeploymentsAvailable(): (cluster: Cluster) => string | null {
  return (cluster) => {
    for (const d of cluster.list<Deployment & { metadata: { name?: string } }>('Deployment')) {
      const want = d.spec?.replicas ?? 1;
      const s = d.status ?? {};
      const at = `at t=${formatDuration(cluster.now)}`;
      const name = `deployment ${d.metadata.namespace ?? 'default'}/${d.metadata.name ?? ''}`;
      if ((s.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) return `${name}: generation ${d.metadata.generation ?? 0} not yet observed ${at}`;
      if ((s.availableReplicas ?? 0) < want) return `${name}: ${s.availableReplicas ?? 0}/${want} available ${at}`;
      if ((s.updatedReplicas ?? 0) < want) return `${name}: ${s.updatedReplicas ?? 0}/${want} updated ${at}`;
      if ((s.replicas ?? 0) > want) return `${name}: ${s.replicas ?? 0} replicas for ${want} wanted (old ones still terminating) ${at}`;
    }
    return null;
  };
}

/**
 * No pod is Pending (terminating pods aside): each has been scheduled and started.
 *
 * @example
 * ```ts
 * eventually(cluster, noPendingPods(), '2m').reason; // '2 pods pending at t=3m: default/big-1 (0/3 nodes are available: …), …'
 * ```
 */
export function noPendingPods(): (cluster: Cluster) => string | null {
  return (cluster) => {
    const pending: string[] = [];
    for (const p of cluster.list<Pod>('Pod')) {
      if (p.metadata?.deletionTimestamp !== undefined || (p.status?.phase ?? 'Pending') !== 'Pending') continue;
      const why = p.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False')?.message;
      const key = keyOf(p as never);
      pending.push(why === undefined ? key : `${key} (${why})`);
    }
    if (pending.length === 0) return null;
    return `${pending.length} pod${pending.length === 1 ? '' : 's'} pending at t=${formatDuration(cluster.now)}: ${nameList(pending, 3)}`;
  };
}

/**
 * Every Node has condition Ready=True.
 *
 * @example
 * ```ts
 * eventually(cluster, allNodesReady(), '2m').reason; // 'node node-2: Ready=Unknown (NodeStatusUnknown) at t=4m'
 * ```
 */
export function allNodesReady(): (cluster: Cluster) => string | null {
  return (cluster) => {
    for (const n of cluster.list<Node>('Node')) {
      const ready = n.status?.conditions?.find((c) => c.type === 'Ready');
      if (ready?.status === 'True') continue;
      const state = ready === undefined ? 'no Ready condition' : `Ready=${ready.status}${ready.reason !== undefined ? ` (${ready.reason})` : ''}`;
      return `node ${n.metadata?.name ?? ''}: ${state} at t=${formatDuration(cluster.now)}`;
    }
    return null;
  };
}

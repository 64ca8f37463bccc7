/**
 * The invariant monitor: checks safety properties while a cluster runs, and stops the run at the first
 * violation.
 *
 * @packageDocumentation
 */
import type { WatchEvent } from '../api/store/types.js';
import type { Cluster } from '../cluster/create-cluster.js';
import { formatDuration } from '../engine/time.js';
import type { Invariant, InvariantContext, InvariantLike, InvariantViolation } from './invariant-types.js';

/** Options of {@link monitorInvariants}. */
export interface MonitorOptions {
  /**
   * When to check: `'event'` after every delivered event; `'change'` after every event that changed the store
   * (its resourceVersion moved) or followed a write made from outside the run; a number: at the first event at or
   * after each multiple of that many virtual ms from the start (the monitor never adds events of its own, so the
   * run's fingerprint is the same with or without it).
   * @defaultValue 'change'
   */
  readonly every?: 'event' | 'change' | number;
  /**
   * Throw an {@link InvariantViolationError} out of the run call at the first violation (the run stops at that
   * instant, after the violating event; the monitor then detaches, and the cluster can be inspected or run on).
   * When false, violations are collected in {@link InvariantMonitor.violations} and checking goes on.
   * @defaultValue true
   */
  readonly stopOnViolation?: boolean;
}

/** A running monitor. */
export interface InvariantMonitor {
  /**
   * The violations seen, oldest first. Without `stopOnViolation` an invariant that stays broken is recorded
   * again only when its reason changes (at most 1,000 are kept).
   */
  readonly violations: readonly InvariantViolation[];
  /** The first violation, if any. */
  readonly first: InvariantViolation | undefined;
  /** How many check rounds ran (one round checks every invariant). */
  readonly checks: number;
  /** Stops checking (idempotent). */
  stop(): void;
}

/**
 * Thrown out of a cluster's run call when a monitored invariant breaks and `stopOnViolation` is on.
 *
 * @example
 * ```ts
 * try { cluster.runFor('10m'); } catch (e) {
 *   if (e instanceof InvariantViolationError) console.log(e.violation.invariant, e.atMs, e.event);
 *   else throw e;
 * }
 * ```
 */
export class InvariantViolationError extends Error {
  /** Virtual time of the violation, ms. */
  readonly atMs: number;
  /** The run's event count at the violation. */
  readonly event: number;

  constructor(readonly violation: InvariantViolation) {
    super(describeViolation(violation));
    this.name = 'InvariantViolationError';
    this.atMs = violation.atMs;
    this.event = violation.event;
  }
}

/** One line: `invariant <name> violated at t=1m30s (90000 ms), event 1234: <reason>`. */
export function describeViolation(v: InvariantViolation): string {
  return `invariant ${v.invariant} violated at t=${formatDuration(v.atMs)} (${v.atMs} ms), event ${v.event}: ${v.reason}`;
}

const MAX_VIOLATIONS = 1000;

/** An {@link InvariantLike} as an {@link Invariant}; a plain function is named after itself. */
export function toInvariant(inv: InvariantLike, index = 0): Invariant {
  if (typeof inv !== 'function') return inv;
  const name = inv.name !== '' ? inv.name : `invariant-${index + 1}`;
  return { name, check: (ctx) => inv(ctx.cluster) };
}

function checkEvery(every: MonitorOptions['every']): 'event' | 'change' | number {
  const e = every ?? 'change';
  if (e === 'event' || e === 'change') return e;
  if (typeof e !== 'number' || !Number.isInteger(e) || e <= 0) {
    throw new RangeError(`monitorInvariants: opts.every must be 'event', 'change' or a positive integer of ms, got ${String(e)}`);
  }
  return e;
}

/**
 * Checks invariants while the cluster runs, after the events chosen by `opts.every`.
 *
 * @remarks
 * Each invariant's `reset` runs once now; each check gets the store changes since the previous check (the
 * monitor listens to the store's change feed). Checks run inside the engine's observer, after the event's actor
 * has run: with `stopOnViolation` (default) the {@link InvariantViolationError} propagates out of `runFor` /
 * `run` / `step`, the clock stays at the violating instant and the cluster can be inspected.
 *
 * @example
 * ```ts
 * const cluster = createCluster({ seed: 7, nodePools: [{ namePrefix: 'node', count: 3 }] });
 * const monitor = monitorInvariants(cluster, defaultInvariants());
 * cluster.apply(deploymentYaml);
 * cluster.runFor('10m'); // throws InvariantViolationError at the first violation
 * monitor.checks; // how many rounds ran
 * monitor.stop();
 * ```
 */
export function monitorInvariants(
  cluster: Cluster,
  invariants: readonly InvariantLike[],
  opts: MonitorOptions = {},
): InvariantMonitor {
  if (!Array.isArray(invariants)) throw new TypeError('monitorInvariants: invariants must be an array of invariants or functions');
  const every = checkEvery(opts.every);
  const stopOnViolation = opts.stopOnViolation ?? true;
  const list = invariants.map((inv, i) => {
    if (typeof inv !== 'function' && (typeof inv !== 'object' || inv === null || typeof inv.check !== 'function')) {
      throw new TypeError(`monitorInvariants: invariants[${i}] must be an Invariant ({ name, check }) or a function`);
    }
    return toInvariant(inv, i);
  });
  for (const inv of list) inv.reset?.(cluster);
  const sim = cluster.sim;
  const violations: InvariantViolation[] = [];
  /**
   * Per invariant name: the reason at its last failed check, undefined while it holds — an array indexed by the
   * position of the name's first invariant (invariants of one name share it), not a map touched at every check.
   */
  const lastReason: (string | undefined)[] = list.map(() => undefined);
  const slot = list.map((inv) => list.findIndex((o) => o.name === inv.name));
  const n = list.length;
  let pending: WatchEvent[] = [];
  let checks = 0;
  let nextDueMs = typeof every === 'number' ? sim.now + every : 0;
  let stopped = false;
  const unsubscribe = cluster.core.subscribe((ev) => pending.push(ev));

  const runChecks = (): void => {
    checks++;
    const changes = pending;
    pending = [];
    const ctx: InvariantContext = { cluster, nowMs: sim.now, changes };
    for (let i = 0; i < n; i++) {
      const inv = list[i] as Invariant;
      const reason = inv.check(ctx);
      const s = slot[i] as number;
      if (reason === null) {
        lastReason[s] = undefined;
        continue;
      }
      if (lastReason[s] === reason) continue;
      lastReason[s] = reason;
      const v: InvariantViolation = { invariant: inv.name, reason, atMs: sim.now, event: sim.eventCount };
      if (violations.length < MAX_VIOLATIONS) violations.push(v);
      if (stopOnViolation) {
        stop();
        throw new InvariantViolationError(v);
      }
    }
  };

  const unobserve = sim.observe(() => {
    if (every === 'change') {
      // the change feed also catches writes made outside the run (apply between runs)
      if (pending.length === 0) return;
    } else if (typeof every === 'number') {
      const now = sim.now;
      if (now < nextDueMs) return;
      nextDueMs = now - ((now - nextDueMs) % every) + every;
    }
    runChecks();
  });

  function stop(): void {
    if (stopped) return;
    stopped = true;
    unobserve();
    unsubscribe();
    pending = [];
  }

  return {
    get violations() {
      return violations;
    },
    get first() {
      return violations[0];
    },
    get checks() {
      return checks;
    },
    stop,
  };
}

/**
 * Running one property-test case: a scenario with invariants monitored throughout, then (optionally) a liveness
 * window after `healAll`, then a predicate over the report. `checkCluster` runs it per generated scenario; the
 * replay helpers run it once more on a printed counterexample.
 *
 * @packageDocumentation
 */
import type { Cluster } from '../cluster/create-cluster.js';
import { formatDuration, parseDuration } from '../engine/time.js';
import { loadScenario } from '../scenario/parse.js';
import { runScenario, type ScenarioClusterOptions, type ScenarioReport } from '../scenario/run.js';
import type { Scenario, TimedAction } from '../scenario/types.js';
import type { InvariantLike } from './invariant-types.js';
import { defaultInvariants } from './invariants.js';
import { eventually, type LivenessCondition } from './liveness.js';
import { describeViolation, InvariantViolationError, type MonitorOptions, monitorInvariants } from './monitor.js';

/** What must eventually hold once every fault is healed. */
export interface LivenessSpec {
  /**
   * When to heal: `'healAll'` heals at the scenario's last `healAll` action, or at its horizon when it has none;
   * a number (ms) or duration heals then. Timeline actions after that instant are dropped, so the liveness
   * window is fault-free.
   */
  readonly after: 'healAll' | number | string;
  /** How long after healing the conditions have to hold (ms or a duration such as `'5m'`). */
  readonly within: number | string;
  /** Every condition must hold at one instant of the window (e.g. `allDeploymentsAvailable()`). */
  readonly conditions: readonly LivenessCondition[];
}

/** What one case checks. */
export interface CaseChecks {
  /** Safety properties, checked throughout. @defaultValue `defaultInvariants()` */
  readonly invariants?: readonly InvariantLike[];
  /** Liveness after healing. @defaultValue none */
  readonly liveness?: LivenessSpec;
  /** A last check over the finished run's report: why it fails, or null. @defaultValue none */
  readonly predicate?: (report: ScenarioReport) => string | null;
  /** When invariants are checked (see `monitorInvariants`). @defaultValue 'change' */
  readonly every?: MonitorOptions['every'];
  /**
   * Components the scenario file cannot name — out-of-tree scheduler plugins, built-ins switched off, your own
   * actors (see `RunScenarioOptions.cluster`); replays need the same. @defaultValue none
   */
  readonly cluster?: ScenarioClusterOptions;
}

/** Why a case failed. */
export interface CaseFailure {
  /** `invariant`: a safety property broke; `liveness`: not healed in time; `predicate`; `error`: the run threw. */
  readonly kind: 'invariant' | 'liveness' | 'predicate' | 'error';
  /** The invariant's name, `liveness`, `predicate`, or the error's name. */
  readonly name: string;
  readonly reason: string;
  /** Virtual time, ms. */
  readonly atMs: number;
  /** The run's event count then. */
  readonly event: number;
}

/** The outcome of one case. */
export interface CaseResult {
  /** The scenario as run (with the liveness window: a `healAll` action and the horizon at its deadline). */
  readonly scenario: Scenario;
  /** The first failure, if any. */
  readonly failure?: CaseFailure;
  /** The run's fingerprint where it ended (a full replay ends at the horizon, like `kubesim run`). */
  readonly fingerprint: string;
  readonly events: number;
  /** Invariant check rounds. */
  readonly checks: number;
  /** Virtual time where the run ended, ms. */
  readonly endMs: number;
  /** The report, when the run got to the end. */
  readonly report?: ScenarioReport;
}

const ms = (v: number | string, what: string): number => {
  const out = typeof v === 'number' ? v : parseDuration(v);
  if (!Number.isInteger(out) || out < 0) throw new RangeError(`${what} must be a non-negative integer of ms or a duration, got ${String(v)}`);
  return out;
};

/** One line for a failure: `invariant X violated at t=… (… ms), event …: reason`, or the liveness/predicate/error form. */
export function describeFailure(f: CaseFailure): string {
  if (f.kind === 'invariant') return describeViolation({ invariant: f.name, reason: f.reason, atMs: f.atMs, event: f.event });
  const at = `at t=${formatDuration(f.atMs)} (${f.atMs} ms), event ${f.event}`;
  if (f.kind === 'liveness') return `liveness failed ${at}: ${f.reason}`;
  if (f.kind === 'predicate') return `predicate failed ${at}: ${f.reason}`;
  return `the run threw ${f.name} ${at}: ${f.reason}`;
}

/**
 * The scenario with its liveness window made explicit: a `healAll` action at the heal time (unless one is there),
 * actions after it dropped, and the horizon at heal time + `within`. Idempotent, so the scenario printed for a
 * counterexample replays to the same run with or without the liveness spec.
 *
 * @example
 * ```ts
 * withLivenessWindow(scenario, { after: 'healAll', within: '5m', conditions: [] }).horizonMs; // scenario.horizonMs + 300_000
 * ```
 */
export function withLivenessWindow(scenario: Scenario, liveness: LivenessSpec | undefined): Scenario {
  if (liveness === undefined) return scenario;
  const healAt = healTime(scenario, liveness);
  const within = ms(liveness.within, 'liveness.within');
  const kept = scenario.timeline.filter((a) => a.atMs <= healAt);
  const hasHeal = kept.some((a) => (a.action as string) === 'healAll' && a.atMs === healAt);
  const timeline = hasHeal ? kept : [...kept, { action: 'healAll', atMs: healAt } as unknown as TimedAction];
  return { ...scenario, timeline, horizonMs: healAt + within };
}

function healTime(scenario: Scenario, liveness: LivenessSpec): number {
  if (liveness.after !== 'healAll') return ms(liveness.after, 'liveness.after');
  const heals = scenario.timeline.filter((a) => (a.action as string) === 'healAll');
  return heals.length > 0 ? (heals[heals.length - 1] as TimedAction).atMs : scenario.horizonMs;
}

/** All conditions as one: null when every one holds, else their reasons joined. */
const allConditions = (conditions: readonly LivenessCondition[]) => (c: Cluster): string | null => {
  const reasons: string[] = [];
  for (const f of conditions) {
    const r = f(c);
    if (r === null || r === true) continue;
    reasons.push(r === false ? `${f.name !== '' ? f.name : 'condition'} not met` : r);
  }
  return reasons.length === 0 ? null : reasons.join('; ');
};

/**
 * Runs one case. `mode: 'search'` stops at the first violation and ends the liveness window as soon as the
 * conditions hold (fast, for fast-check's many runs); `mode: 'replay'` runs to the horizon like `kubesim run`, so
 * its fingerprint is the CLI's, and reports the first failure seen.
 *
 * @example
 * ```ts
 * const r = runCase(scenario, { invariants: defaultInvariants() }, 'replay');
 * if (r.failure !== undefined) console.log(describeFailure(r.failure), r.fingerprint);
 * ```
 */
export function runCase(scenario: Scenario, checks: CaseChecks, mode: 'search' | 'replay'): CaseResult {
  const run = withLivenessWindow(scenario, checks.liveness);
  const invariants = checks.invariants ?? defaultInvariants();
  const search = mode === 'search';
  let cluster: Cluster | undefined;
  let monitor: ReturnType<typeof monitorInvariants> | undefined;
  let liveness: { heldAtMs?: number; lastReason: string | null } | undefined;
  const healAt = checks.liveness === undefined ? run.horizonMs : healTime(run, checks.liveness);
  const onCluster = (c: Cluster): void => {
    cluster = c;
    monitor = monitorInvariants(c, invariants, { stopOnViolation: search, ...(checks.every !== undefined ? { every: checks.every } : {}) });
    if (!search && checks.liveness !== undefined) {
      // replay: watch the conditions from the heal on without steering the run (observers add no events)
      const cond = allConditions(checks.liveness.conditions);
      const state: { heldAtMs?: number; lastReason: string | null } = { lastReason: null };
      liveness = state;
      c.sim.observe((sim) => {
        if (state.heldAtMs !== undefined || sim.now < healAt) return;
        state.lastReason = cond(c);
        if (state.lastReason === null) state.heldAtMs = sim.now;
      });
    }
  };
  const end = (failure: CaseFailure | undefined, report?: ScenarioReport): CaseResult => {
    const c = cluster as Cluster;
    monitor?.stop();
    return {
      scenario: run,
      ...(failure !== undefined ? { failure } : {}),
      fingerprint: c.fingerprint,
      events: c.sim.eventCount,
      endMs: c.now,
      checks: monitor?.checks ?? 0,
      ...(report !== undefined ? { report } : {}),
    };
  };
  let report: ScenarioReport;
  try {
    report = runScenario(run, {
      onCluster,
      ...(checks.cluster !== undefined ? { cluster: checks.cluster } : {}),
      ...(search && checks.liveness !== undefined ? { untilMs: healAt } : {}),
    });
    if (search && checks.liveness !== undefined) {
      const within = run.horizonMs - healAt;
      const r = eventually(report.cluster, allConditions(checks.liveness.conditions), within);
      if (!r.ok) return end({ kind: 'liveness', name: 'liveness', reason: r.reason ?? 'did not hold', atMs: report.cluster.now, event: report.cluster.sim.eventCount });
    }
  } catch (e) {
    if (cluster === undefined) throw e;
    if (e instanceof InvariantViolationError) {
      const v = e.violation;
      return end({ kind: 'invariant', name: v.invariant, reason: v.reason, atMs: v.atMs, event: v.event });
    }
    const err = e instanceof Error ? e : new Error(String(e));
    return end({ kind: 'error', name: err.name, reason: err.message, atMs: cluster.now, event: cluster.sim.eventCount });
  }
  const first = monitor?.first;
  if (first !== undefined) return end({ kind: 'invariant', name: first.invariant, reason: first.reason, atMs: first.atMs, event: first.event }, report);
  if (liveness !== undefined && liveness.heldAtMs === undefined) {
    const reason = liveness.lastReason ?? allConditions(checks.liveness?.conditions ?? [])(report.cluster) ?? 'did not hold';
    return end({ kind: 'liveness', name: 'liveness', reason, atMs: report.virtualMs, event: report.events }, report);
  }
  const why = checks.predicate?.(report) ?? null;
  if (why !== null) return end({ kind: 'predicate', name: 'predicate', reason: why, atMs: report.virtualMs, event: report.events }, report);
  return end(undefined, report);
}

/** Options of {@link replayScenario}. */
export type ReplayOptions = CaseChecks;

/** What {@link replayScenario} found. */
export interface ReplayResult {
  /** The fingerprint at the end of the run: the same as `kubesim run <file> --json` prints. */
  readonly fingerprint: string;
  /** The first invariant violation (or liveness / predicate failure, or error), if any. */
  readonly violation?: CaseFailure;
  /** The run's report (absent only when the run threw). */
  readonly report?: ScenarioReport;
  /** The scenario as run. */
  readonly scenario: Scenario;
}

/**
 * Re-runs one case — a scenario file written by `checkCluster`, or a {@link Scenario} — to its horizon with the
 * invariants monitored (without stopping), and returns its fingerprint and first violation.
 *
 * @remarks
 * The run is exactly `kubesim run <file>`'s (the monitor adds no events), so the fingerprints agree. Pass the same
 * `liveness` as the property to check it again (the window is already in a written file; it is not added twice).
 *
 * @example
 * ```ts
 * const { fingerprint, violation } = replayScenario('counterexamples/counterexample-5f3a….yaml');
 * violation?.name; // e.g. 'no-node-overcommitted'
 * ```
 */
export function replayScenario(fileOrScenario: string | Scenario, opts: ReplayOptions = {}): ReplayResult {
  const scenario = typeof fileOrScenario === 'string' ? loadScenario(fileOrScenario) : fileOrScenario;
  const r = runCase(scenario, opts, 'replay');
  return {
    fingerprint: r.fingerprint,
    scenario: r.scenario,
    ...(r.failure !== undefined ? { violation: r.failure } : {}),
    ...(r.report !== undefined ? { report: r.report } : {}),
  };
}

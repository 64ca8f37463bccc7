/**
 * `checkCluster`: fast-check over generated scenarios with invariants monitored throughout, liveness once healed,
 * and a printed, shrunk, replayable counterexample.
 *
 * @packageDocumentation
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import type { Cluster } from '../cluster/create-cluster.js';
import { SimulationLimitError } from '../engine/simulation.js';
import { formatDuration, parseDuration } from '../engine/time.js';
import { scenarioToYaml } from '../scenario/serialize.js';
import type { Scenario } from '../scenario/types.js';
import { describeScenario, scenarioArb } from './arbitraries/index.js';
import { type CaseChecks, type CaseFailure, type CaseResult, describeFailure, runCase } from './replay.js';
import { builtInInvariant } from './invariants.js';

/** What must hold of every generated scenario. */
export interface ClusterProperty extends CaseChecks {
  /** The scenarios to try. @defaultValue `scenarioArb()` */
  readonly scenario?: fc.Arbitrary<Scenario>;
}

/** Where {@link checkCluster} writes the counterexample. */
export interface CounterexampleOptions {
  /**
   * Directory for the shrunk counterexample's Scenario YAML (created if needed); `false` writes nothing.
   * @defaultValue `<os tmpdir>/kubesim-counterexamples`
   */
  readonly counterexampleDir?: string | false;
}

/**
 * Options of {@link checkCluster}: fast-check's `Parameters` (`numRuns`, `seed`, `path`, `endOnFailure` …) plus
 * {@link CounterexampleOptions}.
 */
export type CheckClusterOptions = fc.Parameters<[Scenario]> & CounterexampleOptions;

/** A passing check. */
export interface CheckClusterResult {
  /** Scenarios run (fast-check's `numRuns`, minus skipped). */
  readonly runs: number;
  /** fast-check's seed. */
  readonly seed: number;
}

/** A failing check: thrown by {@link checkCluster}, its message is the whole report. */
export class ClusterPropertyError extends Error {
  constructor(
    message: string,
    /** fast-check's seed. */
    readonly seed: number,
    /** fast-check's path to the shrunk counterexample. */
    readonly path: string,
    /** The shrunk scenario, as run (with the liveness window). */
    readonly scenario: Scenario,
    /** What failed, from the replay of the shrunk scenario. */
    readonly failure: CaseFailure,
    /** The fingerprint of that replay (the same as `kubesim run <file>`). */
    readonly fingerprint: string,
    /** The counterexample file, when written. */
    readonly file: string | undefined,
  ) {
    super(message);
    this.name = 'ClusterPropertyError';
  }
}

class CaseFailedError extends Error {
  constructor(readonly failure: CaseFailure) {
    super(describeFailure(failure));
    this.name = 'CaseFailedError';
  }
}

function propertyOf(property: ClusterProperty, onCase?: (s: Scenario) => void): fc.IPropertyWithHooks<[Scenario]> {
  const checks: CaseChecks = property;
  return fc.property(property.scenario ?? scenarioArb(), (scenario) => {
    onCase?.(scenario);
    const r = runCase(scenario, checks, 'search');
    if (r.failure !== undefined) throw new CaseFailedError(r.failure);
  });
}

function fcParameters(options: CheckClusterOptions): fc.Parameters<[Scenario]> {
  const { counterexampleDir: _dir, ...params } = options;
  return params;
}

/**
 * Runs fast-check over generated scenarios: each one runs with the invariants monitored (stopping at the first
 * violation), then — with `liveness` — is healed and must meet its conditions in time, then must pass `predicate`.
 *
 * @remarks
 * On failure, fast-check shrinks the scenario; the shrunk one is replayed to its horizon (as `kubesim run` does)
 * and written as Scenario YAML, and a {@link ClusterPropertyError} is thrown whose message gives fast-check's seed
 * and path, the violated invariant with its reason and virtual time, the YAML, the file, the fingerprint, and the
 * replay lines (`npx kubesim run <file>`; `replayScenario(file)` or `replay({ seed, path }, property)`).
 * Synchronous, so it runs inside a vitest `it`. Every fast-check parameter (`numRuns`, `seed`, `path`,
 * `endOnFailure` …) is passed on. With `liveness`, generate scenarios a healed cluster can converge on
 * (`scenarioArb({ healable: true })`): the default arbitrary also makes unsatisfiable ones (affinity to a label no
 * node has, a drained single node) that no fix of the cluster would heal.
 *
 * @example
 * ```ts
 * it('heals after node crashes, and never over-commits a node meanwhile', () => {
 *   checkCluster(
 *     { scenario: scenarioArb({ healable: true, faults: ['nodeCrash', 'kubeletStop'] }), invariants: defaultInvariants(),
 *       liveness: { after: 'healAll', within: '10m', conditions: [allDeploymentsAvailable()] } },
 *     { numRuns: 50, counterexampleDir: 'counterexamples' },
 *   );
 * });
 * ```
 */
export function checkCluster(property: ClusterProperty, options: CheckClusterOptions = {}): CheckClusterResult {
  const details = fc.check(propertyOf(property), fcParameters(options));
  if (!details.failed) return { runs: details.numRuns - details.numSkips, seed: details.seed };
  const path = details.counterexamplePath ?? '';
  const counterexample = details.counterexample?.[0];
  if (counterexample === undefined) {
    // fast-check itself failed (interrupted, or every run skipped)
    throw new Error(`checkCluster: fast-check did not complete (seed ${details.seed}, path "${path}"): ${String(details.errorInstance ?? 'interrupted')}`);
  }
  const replayed = runCase(counterexample, property, 'replay');
  const searchFailure = details.errorInstance instanceof CaseFailedError ? details.errorInstance.failure : undefined;
  const failure = replayed.failure ?? searchFailure ?? { kind: 'error', name: 'Error', reason: String(details.errorInstance), atMs: 0, event: 0 };
  const dir = options.counterexampleDir === undefined ? join(tmpdir(), 'kubesim-counterexamples') : options.counterexampleDir;
  const file = dir === false ? undefined : resolve(dir, `counterexample-${replayed.fingerprint}.yaml`);
  const fileArg = file !== undefined ? JSON.stringify(file) : 'file';
  // components the file cannot name (plugins, own actors) must be given to the replay again
  const own = property.cluster !== undefined;
  const replayLines = [
    `  npx kubesim run ${file ?? '<the YAML below, saved to a file>'}${own ? '   (built-in components only: this property\'s `cluster` options are not in the file)' : ''}`,
    `  replayScenario(${fileArg}${own ? ', property' : ''})   or   replay({ seed: ${details.seed}, path: ${JSON.stringify(path)} }, property)   (kubesim/testing)`,
  ];
  const header = [
    `Counterexample found by kubesim checkCluster (fast-check seed ${details.seed}, path "${path}"), shrunk ${details.numShrinks} times.`,
    describeFailure(failure),
    `fingerprint ${replayed.fingerprint} at the end of the run (t=${formatDuration(replayed.endMs)}, ${replayed.events} events)`,
    'Replay:',
    ...replayLines,
  ].join('\n');
  // a built-in invariant that failed is named in the file, so `kubesim run` reports it as a failed expectation
  const written = withInvariantExpectation(replayed.scenario, failure);
  const yaml = scenarioToYaml(written, { comment: header });
  if (file !== undefined && dir !== false) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, yaml);
  }
  const message = [
    `checkCluster: property failed after ${details.numRuns} run(s); shrunk ${details.numShrinks} time(s)`,
    `  fast-check seed ${details.seed}, path "${path}"`,
    `  ${describeFailure(failure)}`,
    `  counterexample: ${describeScenario(replayed.scenario)}${file !== undefined ? `, written to ${file}` : ''}`,
    `  fingerprint ${replayed.fingerprint}`,
    ...(searchFailure !== undefined && replayed.failure === undefined ? [`  (the search run failed with: ${describeFailure(searchFailure)}; the replay to the horizon did not)`] : []),
    'replay:',
    ...replayLines,
    '--- counterexample (Scenario YAML) ---',
    yaml,
  ].join('\n');
  throw new ClusterPropertyError(message, details.seed, path, written, failure, replayed.fingerprint, file);
}

/**
 * Re-runs the one case at fast-check's `{ seed, path }` (as printed by {@link checkCluster}) and returns its
 * replay: the scenario, the first failure, the fingerprint.
 *
 * @remarks
 * Give the same `property` (its `scenario` arbitrary decides what the seed and path generate).
 *
 * @example
 * ```ts
 * const r = replay({ seed: 1873402, path: '12:3:0' }, property);
 * r.failure?.name; // 'no-node-overcommitted'
 * ```
 */
export function replay(at: { readonly seed: number; readonly path: string }, property: ClusterProperty): CaseResult {
  let found: Scenario | undefined;
  fc.check(
    fc.property(property.scenario ?? scenarioArb(), (s) => {
      found = s;
      return false;
    }),
    { seed: at.seed, path: at.path, endOnFailure: true },
  );
  if (found === undefined) throw new Error(`replay: fast-check produced no scenario at seed ${at.seed}, path "${at.path}"`);
  return runCase(found, property, 'replay');
}

/** One command of a model-based test over a cluster (see {@link clusterCommand}). */
export interface ClusterCommandSpec<M extends object> {
  /** How the command prints in a counterexample, e.g. `scale(web, 3)`. */
  readonly name: string;
  /** Whether the command may run in this model state. @defaultValue always */
  readonly check?: (model: Readonly<M>) => boolean;
  /** Updates the model and acts on the cluster (apply, delete, inject a fault …) at the current virtual time. */
  readonly run: (model: M, cluster: Cluster) => void;
  /**
   * How long the cluster may take to converge to the model afterwards (ms or a duration). The cluster runs until
   * {@link ClusterCommandSpec.converged} holds, at most this long. @defaultValue '5m'
   */
  readonly within?: number | string;
  /** Why the cluster does not match the model yet, or null when it does. @defaultValue no check (runs `within`) */
  readonly converged?: (model: Readonly<M>, cluster: Cluster) => string | null;
}

/** A model-based command whose `run` failed to converge. */
export class ModelDivergenceError extends Error {
  constructor(
    readonly command: string,
    readonly reason: string,
    readonly atMs: number,
  ) {
    super(`after ${command}: the cluster did not converge to the model by t=${formatDuration(atMs)}: ${reason}`);
    this.name = 'ModelDivergenceError';
  }
}

/**
 * A fast-check `Command` over a {@link Cluster} and a user's model, for `fc.commands` / `fc.modelRun`: it updates
 * the model and acts on the cluster, then runs the cluster until it matches the model (or throws
 * {@link ModelDivergenceError} naming the command, the virtual time and the reason).
 *
 * @example
 * ```ts
 * interface Model { replicas: number }
 * const scale = (n: number) => clusterCommand<Model>({
 *   name: `scale(web, ${n})`,
 *   run: (m, c) => { m.replicas = n; c.apply(web(n)); },
 *   within: '2m',
 *   converged: (m, c) => { const a = c.get<Deployment>('Deployment', 'default', 'web')?.status?.availableReplicas ?? 0;
 *     return a === m.replicas ? null : `${a}/${m.replicas} available`; },
 * });
 * fc.assert(fc.property(fc.commands([fc.nat({ max: 5 }).map(scale)], { maxCommands: 5 }), (cmds) => {
 *   fc.modelRun(() => ({ model: { replicas: 1 }, real: newCluster() }), cmds);
 * }));
 * ```
 */
export function clusterCommand<M extends object>(spec: ClusterCommandSpec<M>): fc.Command<M, Cluster> {
  const withinMs = spec.within === undefined ? 300_000 : typeof spec.within === 'number' ? spec.within : parseDuration(spec.within);
  return {
    check: (m) => spec.check?.(m) ?? true,
    run: (m, cluster) => {
      spec.run(m, cluster);
      const converged = spec.converged;
      if (converged === undefined) {
        cluster.runFor(withinMs);
        return;
      }
      const deadline = cluster.now + withinMs;
      let reason = converged(m, cluster);
      if (reason === null) return;
      try {
        cluster.run((c) => (reason = converged(m, c)) === null, { horizon: deadline });
      } catch (e) {
        if (!(e instanceof SimulationLimitError) || e.reason === 'budget') throw e;
        if (cluster.now < deadline) cluster.run(deadline);
        reason = converged(m, cluster);
        if (reason !== null) throw new ModelDivergenceError(spec.name, reason, cluster.now);
      }
    },
    toString: () => spec.name,
  };
}

function withInvariantExpectation(scenario: Scenario, failure: CaseFailure): Scenario {
  if (failure.kind !== 'invariant' || builtInInvariant(failure.name) === undefined) return scenario;
  if (scenario.expect.some((e) => e.type === 'invariant' && (e.name === failure.name || e.name === 'all'))) return scenario;
  return { ...scenario, expect: [...scenario.expect, { type: 'invariant', name: failure.name }] };
}

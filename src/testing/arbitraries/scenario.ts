/**
 * Whole scenarios as one fast-check arbitrary: node pools, Deployments, a timeline of actions, a fault plan and
 * optionally a scheduler configuration, as a {@link Scenario} that `runScenario` accepts.
 *
 * @packageDocumentation
 */
import fc from 'fast-check';
import type { FaultPlan, FaultType } from '../../faults/types.js';
import { DEFAULT_FAULT_TYPES, faultPlanArb } from './faults.js';
import { formatDuration, parseDuration } from '../../engine/time.js';
import type { Scenario, TimedAction } from '../../scenario/types.js';
import { ARB_ZONES, nodeNames, nodePoolsArb, poolZones } from './nodes.js';
import { schedulerConfigArb } from './scheduler-config.js';
import { coherentTimeline, DEFAULT_ACTION_KINDS, generatedImage, type TimelineActionKind, timelineArb } from './timeline.js';
import { deploymentName, workloadsArb } from './workloads.js';

/** Options of {@link scenarioArb}; every bound is small by default so counterexamples stay readable. */
export interface ScenarioArbOptions {
  /** Most nodes. @defaultValue 5 */
  readonly maxNodes?: number;
  /** Most node pools. @defaultValue 2 */
  readonly maxPools?: number;
  /** Most Deployments. @defaultValue 2 */
  readonly maxDeployments?: number;
  /** Most replicas of a Deployment (also the most a `scale` sets). @defaultValue 5 */
  readonly maxReplicas?: number;
  /** Most timeline actions (faults not counted). @defaultValue 4 */
  readonly maxActions?: number;
  /** Action kinds. @defaultValue every kind ({@link DEFAULT_ACTION_KINDS}) */
  readonly actions?: readonly TimelineActionKind[];
  /** Faults: none (`false`), the default types (`true`), or these types. @defaultValue true */
  readonly faults?: boolean | readonly FaultType[];
  /** Most faults. @defaultValue 2 */
  readonly maxFaults?: number;
  /** The run's length (ms or a duration such as `'10m'`); actions and faults start before it. @defaultValue '10m' */
  readonly horizon?: number | string;
  /** Also generate a `KubeSchedulerConfiguration` (shrinks toward none). @defaultValue true */
  readonly schedulerConfig?: boolean;
  /** Generate node affinity, topology spread and tolerations on Deployments. @defaultValue true */
  readonly placement?: boolean;
  /** Generate `kubesim.io/` behaviour annotations on Deployments. @defaultValue true */
  readonly behaviour?: boolean;
  /** Generate taints on node pools. @defaultValue true */
  readonly taints?: boolean;
  /**
   * Only scenarios a healthy cluster can converge on once healed, for liveness properties: Deployments with small
   * requests and no placement rules or behaviour annotations, untainted nodes, no cordon or drain (nobody
   * uncordons), no `nodeRemove` (capacity lost for good). Overrides `placement`, `behaviour`, `taints`, and removes
   * those kinds from `actions` and `faults`. @defaultValue false
   */
  readonly healable?: boolean;
  /** Let `watchChaos` faults drop and reorder events (a buggy informer, see `FaultArbOptions.lossyWatches`). @defaultValue false */
  readonly lossyWatches?: boolean;
  /** The scenario's name. @defaultValue 'generated' */
  readonly name?: string;
}

// Timeline actions, faults and zone affinity are generated against placeholders (`@node:3`, `@dep:1`, `@zone:0`)
// and resolved modulo what the scenario actually has, so every part shrinks on its own (no `chain`).
const PLACEHOLDER = /@(node|dep|zone):(\d+)/g;

function resolve<T>(value: T, names: { readonly node: readonly string[]; readonly dep: readonly string[]; readonly zone: readonly string[] }): T {
  if (typeof value === 'string') {
    return value.replace(PLACEHOLDER, (_m, kind: 'node' | 'dep' | 'zone', i: string) => {
      const xs = names[kind];
      return xs[Number(i) % xs.length] ?? '';
    }) as T;
  }
  if (Array.isArray(value)) {
    const out = value.map((v: unknown) => resolve(v, names));
    // two placeholders may resolve to one name: `values: [zone-a, zone-a]` → `[zone-a]`
    return (out.every((v) => typeof v === 'string') ? [...new Set(out)] : out) as T;
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, names)])) as T;
  }
  return value;
}

/** The horizon of {@link ScenarioArbOptions}, in ms. */
function horizonMs(h: number | string | undefined): number {
  if (h === undefined) return 600_000;
  return typeof h === 'number' ? h : parseDuration(h);
}

/**
 * A {@link Scenario} (plain data; `runScenario` runs it and `scenarioToYaml` prints it): a seed, node pools,
 * Deployments applied at time zero, a timeline of actions on them, a fault plan as `fault` timeline actions, and
 * optionally a `KubeSchedulerConfiguration`. No expectations: properties say what must hold.
 *
 * @remarks
 * Small by default (≤ 5 nodes, ≤ 2 Deployments of ≤ 5 replicas, ≤ 4 actions, ≤ 2 faults, 10 virtual minutes).
 * Shrinks toward seed 0, one node, one Deployment of one replica, no actions, no faults, the default scheduler.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(scenarioArb({ maxNodes: 3, faults: ['nodeCrash'] }), (s) => {
 *   const report = runScenario(s);
 *   return report.virtualMs === s.horizonMs;
 * }), { numRuns: 20 });
 * ```
 */
export function scenarioArb(options: ScenarioArbOptions = {}): fc.Arbitrary<Scenario> {
  const opts = options.healable === true ? healableOptions(options) : options;
  const horizon = horizonMs(opts.horizon);
  if (!(horizon >= 2000)) throw new Error(`scenarioArb: horizon must be at least 2s, got ${String(opts.horizon)}`);
  const maxNodes = Math.max(1, opts.maxNodes ?? 5);
  const maxDeployments = Math.max(1, opts.maxDeployments ?? 2);
  const maxReplicas = Math.max(1, opts.maxReplicas ?? 5);
  const placeholderNodes = Array.from({ length: maxNodes }, (_, i) => `@node:${i}`);
  const placeholderDeps = Array.from({ length: maxDeployments }, (_, i) => `@dep:${i}`);
  const placeholderZones = ARB_ZONES.map((_, i) => `@zone:${i}`);
  const faultTypes = opts.faults === false ? [] : opts.faults === true || opts.faults === undefined ? undefined : opts.faults;
  const faults: fc.Arbitrary<FaultPlan> =
    faultTypes !== undefined && faultTypes.length === 0
      ? fc.constant([])
      : faultPlanArb({
          nodes: placeholderNodes,
          zones: placeholderZones,
          images: placeholderDeps.map((d) => generatedImage(d, 0)),
          horizonMs: horizon,
          maxFaults: opts.maxFaults ?? 2,
          ...(faultTypes !== undefined ? { types: faultTypes } : {}),
          ...(opts.lossyWatches !== undefined ? { lossyWatches: opts.lossyWatches } : {}),
        });
  return fc
    .record({
      seed: fc.nat({ max: 2 ** 31 - 1 }),
      pools: nodePoolsArb({ maxNodes, ...(opts.maxPools !== undefined ? { maxPools: opts.maxPools } : {}), ...(opts.taints !== undefined ? { taints: opts.taints } : {}) }),
      deployments: workloadsArb({
        maxDeployments, maxReplicas, zones: placeholderZones,
        ...(opts.placement !== undefined ? { placement: opts.placement } : {}),
        ...(opts.behaviour !== undefined ? { behaviour: opts.behaviour } : {}),
        ...(opts.healable === true ? { smallRequests: true } : {}),
      }),
      timeline: timelineArb({
        deployments: placeholderDeps, nodes: placeholderNodes, horizonMs: horizon, maxReplicas,
        maxActions: opts.maxActions ?? 4, kinds: opts.actions ?? DEFAULT_ACTION_KINDS,
      }),
      faults,
      schedulerConfig: opts.schedulerConfig === false ? fc.constant(undefined) : fc.option(schedulerConfigArb(), { nil: undefined }),
    })
    .map((g): Scenario => {
      const names = {
        node: nodeNames(g.pools),
        dep: g.deployments.map((_, i) => deploymentName(i)),
        zone: poolZones(g.pools),
      };
      const faultActions = g.faults.map((f) => resolve({ action: 'fault', atMs: f.atMs, fault: f.fault, ...(f.durationMs !== undefined ? { durationMs: f.durationMs } : {}) }, names) as unknown as TimedAction);
      const timeline = [...coherentTimeline(resolve(g.timeline, names)), ...faultActions].sort((a, b) => a.atMs - b.atMs);
      return {
        name: opts.name ?? 'generated',
        seed: g.seed,
        horizonMs: horizon,
        nodePools: g.pools,
        ...(g.schedulerConfig !== undefined ? { schedulerConfig: g.schedulerConfig } : {}),
        manifests: resolve(g.deployments, names),
        timeline,
        expect: [],
      };
    });
}

function healableOptions(o: ScenarioArbOptions): ScenarioArbOptions {
  const types = o.faults === false ? false : (o.faults === true || o.faults === undefined ? DEFAULT_FAULT_TYPES : o.faults).filter((t) => t !== 'nodeRemove');
  return {
    ...o, placement: false, behaviour: false, taints: false, faults: types,
    actions: (o.actions ?? DEFAULT_ACTION_KINDS).filter((k) => k !== 'cordon' && k !== 'drain'),
  };
}

/** A one-line description of a scenario's size, e.g. `3 nodes, 2 deployments, 4 actions, 1 fault, 10m`. */
export function describeScenario(s: Scenario): string {
  const nodes = s.nodePools.reduce((n, p) => n + p.count, 0);
  const faults = s.timeline.filter((a) => (a as { action: string }).action === 'fault').length;
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  return `${plural(nodes, 'node')}, ${plural(s.manifests.length, 'manifest')}, ${plural(s.timeline.length - faults, 'action')}, ${plural(faults, 'fault')}, ${formatDuration(s.horizonMs)}`;
}

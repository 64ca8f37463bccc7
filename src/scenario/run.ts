/**
 * Running a scenario: build the cluster, apply its manifests, play its timeline at exact virtual times, check its
 * expectations, and report figures.
 *
 * @packageDocumentation
 */
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { parseTimestamp } from '../api/store/_internal/timestamp.js';
import type { KubeObject } from '../api/store/types.js';
import { Cluster, type ClusterSpec, createCluster } from '../cluster/create-cluster.js';
import { rollbackDeployment } from '../controllers/deployment/rollback.js';
import { formatDuration } from '../engine/time.js';
import type { TraceOptions } from '../engine/trace.js';
import type { ImageCatalogEntry } from '../node/kubelet-options.js';
import { builtInInvariant, BUILT_IN_INVARIANTS } from '../testing/invariants.js';
import type { Invariant, InvariantViolation } from '../testing/invariant-types.js';
import { monitorInvariants } from '../testing/monitor.js';
import type { Expectation, Scenario, ScenarioAction, TimedAction } from './types.js';

/** The outcome of one expectation. */
export interface ExpectationResult {
  readonly expectation: string;
  readonly ok: boolean;
  /** Why it failed, or what was observed. */
  readonly detail: string;
}

/** What a run produced. */
export interface ScenarioReport {
  readonly scenario: string;
  readonly seed: string | number;
  readonly virtualMs: number;
  readonly events: number;
  readonly fingerprint: string;
  readonly expectations: readonly ExpectationResult[];
  /** Pod startup latency (creation → Ready) p50/p99 in ms, over pods that became Ready. */
  readonly podStartupMs: { readonly p50: number | null; readonly p99: number | null; readonly count: number };
  /** Scheduling latency (creation → PodScheduled) p50/p99 in ms. */
  readonly schedulingMs: { readonly p50: number | null; readonly p99: number | null; readonly count: number };
  /** Pods still pending (unscheduled) at the end. */
  readonly pendingPods: readonly string[];
  /**
   * Timeline actions that failed, as kubectl would print an error and the script go on (e.g. `rollout undo` with
   * no history, `delete` of an object already gone).
   */
  readonly actionErrors: readonly ActionError[];
  /** The final cluster, for tables and inspection. */
  readonly cluster: Cluster;
}

/** A timeline action that failed. */
export interface ActionError {
  /** Virtual time of the action, ms. */
  readonly atMs: number;
  /** The action's name (`rolloutUndo`, `delete`, …). */
  readonly action: string;
  /** The error, as kubectl words it. */
  readonly error: string;
}

/** Options of {@link runScenario}. */
export interface RunScenarioOptions {
  /** Overrides the scenario's seed. */
  readonly seed?: string | number;
  /** Overrides the scenario's horizon (ms). */
  readonly untilMs?: number;
  /** Event budget of the whole run. @defaultValue 200,000,000 */
  readonly maxEvents?: number;
  /** Record a trace of the run (bounded); read it from `report.cluster.sim.trace()`. */
  readonly trace?: TraceOptions;
  /** Called with the new cluster before its manifests are applied and its timeline runs (e.g. to attach an invariant monitor). */
  readonly onCluster?: (cluster: Cluster) => void;
  /**
   * Called every `progressEveryMs` of virtual time with the time reached and the events so far (the CLI's progress
   * bar). Runs are cut at those instants, which does not change the run: events are processed in the same order.
   */
  readonly onProgress?: (virtualMs: number, events: number) => void;
  /** @defaultValue 10 s */
  readonly progressEveryMs?: number;
  /**
   * What a scenario file cannot say: out-of-tree scheduler plugins (`scheduler.registry`), built-in components
   * switched off, a user's own actors. Merged under the scenario (its seed, node pools, scheduler configuration
   * and images win). A run with these is not what `kubesim run` replays, which has the built-ins only.
   * @defaultValue none
   */
  readonly cluster?: ScenarioClusterOptions;
}

/** Cluster options a scenario run can add to what its file describes (see {@link RunScenarioOptions.cluster}). */
export type ScenarioClusterOptions = Omit<ClusterSpec, 'seed' | 'nodePools' | 'trace' | 'faults'>;

const byTime = (a: { t: number }, b: { t: number }) => a.t - b.t;

/**
 * Runs a scenario to its horizon and checks its expectations.
 *
 * @example
 * ```ts
 * const report = runScenario(loadScenario('examples/node-crash/scenario.yaml'));
 * report.expectations.every((e) => e.ok);
 * ```
 */
export function runScenario(scenario: Scenario, opts: RunScenarioOptions = {}): ScenarioReport {
  const seed = opts.seed ?? scenario.seed;
  const horizon = opts.untilMs ?? scenario.horizonMs;
  const extra = opts.cluster ?? {};
  const cluster = createCluster({
    ...extra,
    seed,
    nodePools: scenario.nodePools,
    ...(opts.trace !== undefined ? { trace: opts.trace } : {}),
    ...(scenario.schedulerConfig !== undefined ? { scheduler: { ...extra.scheduler, config: scenario.schedulerConfig } } : {}),
    ...(scenario.images !== undefined ? { kubelet: { ...extra.kubelet, images: scenario.images as Readonly<Record<string, ImageCatalogEntry>> } } : {}),
  });
  opts.onCluster?.(cluster);
  const watched = invariantsOf(scenario.expect);
  const monitor = watched.length > 0 ? monitorInvariants(cluster, watched, { stopOnViolation: false }) : undefined;
  if (scenario.manifests.length > 0) cluster.apply(scenario.manifests);
  const actionErrors: ActionError[] = [];
  const results: ExpectationResult[] = [];
  const points: { t: number; run: () => void }[] = [];
  for (const a of scenario.timeline) if (a.atMs <= horizon) points.push({ t: a.atMs, run: () => actOrRecord(cluster, a, actionErrors) });
  for (const e of scenario.expect) {
    if (e.type === 'deploymentAvailable' || e.type === 'podsRunning' || e.type === 'deploymentAvailableAtLeast') {
      points.push({ t: Math.min(e.byMs, horizon), run: () => results.push(check(cluster, e)) });
    }
  }
  points.sort(byTime);
  const budget = opts.maxEvents ?? 200_000_000;
  const runTo = (t: number) => {
    const step = opts.onProgress === undefined ? Infinity : Math.max(1, opts.progressEveryMs ?? 10_000);
    while (t > cluster.now) {
      const next = Math.min(t, step === Infinity ? t : (Math.floor(cluster.now / step) + 1) * step);
      cluster.run(next, { maxEvents: budget });
      opts.onProgress?.(cluster.now, cluster.sim.eventCount);
    }
  };
  for (const p of points) {
    runTo(p.t);
    p.run();
  }
  runTo(horizon);
  monitor?.stop();
  const figures = latencies(cluster);
  for (const e of scenario.expect) {
    if (e.type === 'noPodPendingLongerThan' || e.type === 'podStartupP99Below') results.push(checkEnd(cluster, e, figures));
  }
  if (monitor !== undefined) results.push(...invariantResults(watched, monitor.violations, monitor.checks));
  return {
    scenario: scenario.name,
    seed,
    virtualMs: cluster.now,
    events: cluster.sim.eventCount,
    fingerprint: cluster.fingerprint,
    expectations: results,
    podStartupMs: summary(figures.startup),
    schedulingMs: summary(figures.scheduling),
    pendingPods: figures.pending,
    actionErrors,
    cluster,
  };
}

/** The invariants the scenario's `invariant` expectations name (`all` = every built-in), each once. */
function invariantsOf(expect: readonly Expectation[]): Invariant[] {
  const names = new Set<string>();
  for (const e of expect) {
    if (e.type !== 'invariant') continue;
    for (const n of e.name === 'all' ? BUILT_IN_INVARIANTS : [e.name]) names.add(n);
  }
  const out: Invariant[] = [];
  for (const n of names) {
    const inv = builtInInvariant(n);
    if (inv !== undefined) out.push(inv);
  }
  return out;
}

function invariantResults(invariants: readonly Invariant[], violations: readonly InvariantViolation[], checks: number): ExpectationResult[] {
  return invariants.map((inv) => {
    const mine = violations.filter((v) => v.invariant === inv.name);
    const first = mine[0];
    const expectation = `invariant ${inv.name}`;
    if (first === undefined) return { expectation, ok: true, detail: `held over ${checks} checks` };
    const more = mine.length > 1 ? ` (${mine.length} violations in all)` : '';
    return { expectation, ok: false, detail: `violated at t=${formatDuration(first.atMs)} (event ${first.event}): ${first.reason}${more}` };
  });
}

/** Plays one action; an error a user's action can cause is recorded (and traced) instead of ending the run. */
function actOrRecord(cluster: Cluster, a: TimedAction, errors: ActionError[]): void {
  try {
    act(cluster, a);
  } catch (e) {
    if (!(e instanceof Error) || e instanceof TypeError || e instanceof RangeError || e instanceof ReferenceError) throw e;
    const error = `error: ${e.message}`;
    errors.push({ atMs: a.atMs, action: a.action, error });
  }
}

function act(cluster: Cluster, a: TimedAction): void {
  const sa = a as ScenarioAction;
  switch (sa.action) {
    case 'apply':
      cluster.apply(sa.manifests);
      return;
    case 'delete':
      cluster.delete(sa.kind, sa.namespace, sa.name);
      return;
    case 'cordon':
    case 'uncordon': {
      const node = cluster.get<Node & KubeObject>('Node', '', sa.node);
      if (node === undefined) return;
      cluster.core.update({ ...node, spec: { ...node.spec, unschedulable: sa.action === 'cordon' } } as KubeObject);
      cluster.sim.send('kube-apiserver', { type: 'api.flush' });
      return;
    }
    case 'nodeCrash':
    case 'nodeRestart':
    case 'nodeStop':
    case 'nodePartition':
    case 'nodeHeal': {
      const type = { nodeCrash: 'crash', nodeRestart: 'restart', nodeStop: 'stop', nodePartition: 'partition', nodeHeal: 'heal' }[sa.action];
      cluster.nodeFault(sa.node, { type: `kubelet.${type}` } as Parameters<Cluster['nodeFault']>[1]);
      return;
    }
    case 'addNodes':
      cluster.addNodes(sa.pool);
      return;
    case 'fault':
      cluster.inject(sa.fault, sa.durationMs === undefined ? {} : { durationMs: sa.durationMs });
      return;
    case 'healAll':
      cluster.healAll();
      return;
    case 'drain':
      if (cluster.get('Node', '', sa.node) !== undefined) cluster.drain(sa.node);
      return;
    default:
      deploymentAction(cluster, sa);
  }
}

function deploymentAction(cluster: Cluster, sa: Extract<ScenarioAction, { deployment: string }>): void {
  const d = cluster.get<Deployment & KubeObject>('Deployment', sa.namespace, sa.deployment);
  if (d === undefined) return;
  let next: Deployment = d;
  if (sa.action === 'scale') next = { ...d, spec: { ...d.spec, replicas: sa.replicas } as NonNullable<Deployment['spec']> };
  else if (sa.action === 'rolloutPause' || sa.action === 'rolloutResume') {
    next = { ...d, spec: { ...d.spec, paused: sa.action === 'rolloutPause' } as NonNullable<Deployment['spec']> };
  } else if (sa.action === 'setImage') {
    const tmpl = d.spec?.template;
    const containers = (tmpl?.spec?.containers ?? []).map((c) => (c.name === sa.container ? { ...c, image: sa.image } : c));
    next = { ...d, spec: { ...d.spec, template: { ...tmpl, spec: { ...tmpl?.spec, containers } } } as NonNullable<Deployment['spec']> };
  } else if (sa.action === 'rolloutUndo') {
    const rss = cluster.list<ReplicaSet>('ReplicaSet', { namespace: sa.namespace });
    next = rollbackDeployment(d, rss, sa.toRevision ?? 0);
  }
  if (next !== d) {
    cluster.core.update(next as KubeObject);
    cluster.sim.send('kube-apiserver', { type: 'api.flush' });
  }
}

function check(cluster: Cluster, e: Extract<Expectation, { byMs: number }>): ExpectationResult {
  const at = formatDuration(cluster.now);
  if (e.type === 'deploymentAvailable') {
    const name = `deployment ${e.namespace}/${e.deployment} available by ${formatDuration(e.byMs)}`;
    const d = cluster.get<Deployment>('Deployment', e.namespace, e.deployment);
    if (d === undefined) return { expectation: name, ok: false, detail: `not found at t=${at}` };
    const want = d.spec?.replicas ?? 1;
    const got = d.status?.availableReplicas ?? 0;
    const updated = d.status?.updatedReplicas ?? 0;
    const ok = got >= want && updated >= want;
    return { expectation: name, ok, detail: `${got}/${want} available, ${updated} up to date at t=${at}` };
  }
  if (e.type === 'deploymentAvailableAtLeast') {
    const name = `deployment ${e.namespace}/${e.deployment} has at least ${e.count} available at ${formatDuration(e.byMs)}`;
    const d = cluster.get<Deployment>('Deployment', e.namespace, e.deployment);
    const got = d?.status?.availableReplicas ?? 0;
    return { expectation: name, ok: d !== undefined && got >= e.count, detail: `${got} available at t=${at}` };
  }
  const name = `${e.count} pods Running in ${e.namespace} by ${formatDuration(e.byMs)}`;
  const running = cluster.list<Pod>('Pod', { namespace: e.namespace }).filter((p) => p.status?.phase === 'Running').length;
  return { expectation: name, ok: running >= e.count, detail: `${running} Running at t=${at}` };
}

interface Figures {
  readonly startup: number[];
  readonly scheduling: number[];
  readonly pending: string[];
  readonly pendingFor: Map<string, number>;
}

function latencies(cluster: Cluster): Figures {
  const f: Figures = { startup: [], scheduling: [], pending: [], pendingFor: new Map() };
  for (const p of cluster.list<Pod>('Pod')) {
    const created = parseTimestamp(p.metadata?.creationTimestamp ?? '') ?? 0;
    const key = `${p.metadata?.namespace}/${p.metadata?.name}`;
    const cond = (type: string) => p.status?.conditions?.find((c) => c.type === type && c.status === 'True');
    const sched = cond('PodScheduled');
    const ready = cond('Ready');
    if (sched?.lastTransitionTime !== undefined) {
      const t = parseTimestamp(sched.lastTransitionTime) ?? created;
      f.scheduling.push(t - created);
      f.pendingFor.set(key, t - created);
    } else if ((p.spec?.nodeName ?? '') === '') {
      f.pending.push(key);
      f.pendingFor.set(key, cluster.now - created);
    }
    if (ready?.lastTransitionTime !== undefined) f.startup.push((parseTimestamp(ready.lastTransitionTime) ?? created) - created);
  }
  return f;
}

function percentile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;
}

function summary(xs: number[]): { p50: number | null; p99: number | null; count: number } {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: percentile(s, 0.5), p99: percentile(s, 0.99), count: s.length };
}

function checkEnd(cluster: Cluster, e: Extract<Expectation, { durationMs: number }>, f: Figures): ExpectationResult {
  if (e.type === 'noPodPendingLongerThan') {
    const name = `no pod pending longer than ${formatDuration(e.durationMs)}`;
    const worst = [...f.pendingFor].sort((a, b) => b[1] - a[1])[0];
    const ok = worst === undefined || worst[1] <= e.durationMs;
    const detail = worst === undefined ? 'no pods' : `longest ${worst[0]}: ${formatDuration(worst[1])}`;
    return { expectation: name, ok, detail: ok ? detail : `${detail} (${f.pending.length} still pending at t=${formatDuration(cluster.now)})` };
  }
  const name = `pod startup p99 below ${formatDuration(e.durationMs)}`;
  const p99 = summary(f.startup).p99;
  return { expectation: name, ok: p99 !== null && p99 < e.durationMs, detail: p99 === null ? 'no pod became Ready' : `p99 ${formatDuration(p99)}` };
}

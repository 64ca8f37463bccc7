/**
 * The framework of one profile: plugin instances per extension point, weights, and the rotating start index.
 *
 * @packageDocumentation
 */
import { PluginArgsError } from '../config/error.js';
import type { KubeSchedulerProfile, PluginSet } from '../config/types.js';
import { EXTENSION_POINTS, type ExtensionPoint } from '../config/types.js';
import {
  CompiledCache, compileFilter, compileFind, compileScore, compileScoreTotals, type CompiledFilter, type CompiledFind, type CompiledScore,
  type CompiledScoreTotals, type FindOutcome,
} from './compile.js';
import type { CycleState } from './cycle-state.js';
import type { FrameworkHandle, SchedulerPlugin } from './interface.js';
import type { NodeInfo } from './node-info.js';
import { Nominator } from './nominator.js';
import type { PodInfo } from './pod-info.js';
import type { Registry } from './registry.js';
import { newStatus, SUCCESS, withPlugin, type Status } from './status.js';
import { MAX_PERMIT_TIMEOUT_MS, type WaitingPod } from './waiting-pod.js';

const METHOD: Readonly<Record<ExtensionPoint, keyof SchedulerPlugin>> = {
  preEnqueue: 'preEnqueue', queueSort: 'less', preFilter: 'preFilter', filter: 'filter', postFilter: 'postFilter',
  preScore: 'preScore', score: 'score', reserve: 'reserve', permit: 'permit', preBind: 'preBind', bind: 'bind',
  postBind: 'postBind',
};

/** A Score plugin with its weight. */
export interface WeightedPlugin {
  readonly plugin: SchedulerPlugin;
  readonly weight: number;
}

/** Upstream `expandMultiPointPlugins` ordering: overrides, then multiPoint-only, then point-only plugins. */
function expand(point: ExtensionPoint, set: PluginSet | undefined, multi: PluginSet | undefined,
  instances: ReadonlyMap<string, SchedulerPlugin>): string[] {
  const specific = (set?.enabled ?? []).map((p) => p.name);
  const disabled = new Set((set?.disabled ?? []).map((p) => p.name));
  const overrides: string[] = [];
  const multiOnly: string[] = [];
  for (const ref of multi?.enabled ?? []) {
    const inst = instances.get(ref.name);
    if (inst === undefined || inst[METHOD[point]] === undefined) continue;
    if (disabled.has('*') || disabled.has(ref.name)) continue;
    if (specific.includes(ref.name)) overrides.push(ref.name); else multiOnly.push(ref.name);
  }
  const ordered = [...specific.filter((n) => overrides.includes(n)), ...multiOnly, ...specific.filter((n) => !overrides.includes(n))];
  const seen = new Set<string>();
  for (const n of ordered) {
    if (seen.has(n)) throw new Error(`plugin ${JSON.stringify(n)} already registered as ${JSON.stringify(point)}`);
    seen.add(n);
    const inst = instances.get(n);
    if (inst !== undefined && inst[METHOD[point]] === undefined) {
      throw new Error(`plugin ${JSON.stringify(n)} does not extend ${point} plugin`);
    }
  }
  return ordered;
}

/**
 * The instantiated plugins of a profile, grouped per extension point in execution order.
 *
 * @remarks
 * Built by {@link createFramework}. Holds the only cross-cycle scheduling state, `nextStartNodeIndex`
 * (§1.6), which {@link schedulePod} advances after every cycle.
 *
 * @example
 * ```ts
 * const fw = createFramework({ schedulerName: 'default-scheduler' });
 * fw.scorePlugins.map((s) => `${s.plugin.name}:${s.weight}`); // ['TaintToleration:3', 'NodeAffinity:2', …]
 * ```
 */
export class Framework implements FrameworkHandle {
  readonly profileName: string;
  /** Profile-level override; undefined uses the global value. */
  readonly percentageOfNodesToScore: number | undefined;
  /** Where the next cycle's node search starts (upstream `nextStartNodeIndex`). */
  nextStartNodeIndex = 0;
  /** @internal Reusable per-cycle buffers (the cycle is synchronous and not re-entrant). */
  readonly scratch = {
    rows: [] as number[][], totals: new Float64Array(0), feasible: [] as NodeInfo[],
    preFilter: { status: SUCCESS, nodeNames: undefined as Set<string> | undefined, narrowedBy: undefined as string[] | undefined },
    find: { found: 0, evaluated: 0, error: undefined } as FindOutcome,
  };
  /** @internal Fused Filter per set of non-skipped filter plugins. */
  readonly compiledFilter: CompiledCache<CompiledFilter>;
  /** @internal The filter loop with the fused Filter inlined, per set of non-skipped filter plugins. */
  readonly compiledFind: CompiledCache<CompiledFind>;
  /** @internal Fused Score pass (with aligned weights) per set of non-skipped score plugins. */
  readonly compiledScore: CompiledCache<{
    readonly run: CompiledScore; readonly plugins: readonly SchedulerPlugin[]; readonly weights: Float64Array;
    /** Score and sum in one pass (the hot path; `run` serves explain and the out-of-range report). */
    readonly totals: CompiledScoreTotals;
  }>;
  /**
   * Pods nominated to nodes by preemption, shared by every profile of one scheduler (the actor feeds it;
   * explain leaves it empty).
   */
  nominator = new Nominator();
  /** @internal Pods waiting at Permit, by `namespace/name` (the scheduler actor fills it). */
  readonly waitingPods = new Map<string, WaitingPod>();
  readonly plugins = new Map<string, SchedulerPlugin>();
  readonly points: { readonly [P in ExtensionPoint]: readonly SchedulerPlugin[] };
  readonly scorePlugins: readonly WeightedPlugin[];

  constructor(profile: KubeSchedulerProfile, registry: Registry, globalPercentage = 0) {
    this.profileName = profile.schedulerName;
    this.percentageOfNodesToScore = profile.percentageOfNodesToScore ?? (globalPercentage === 0 ? undefined : globalPercentage);
    const plugins = profile.plugins ?? {};
    const needed: string[] = [];
    for (const key of ['multiPoint', ...EXTENSION_POINTS] as const) {
      for (const ref of plugins[key]?.enabled ?? []) if (!needed.includes(ref.name)) needed.push(ref.name);
    }
    const argsOf = new Map((profile.pluginConfig ?? []).map((c) => [c.name, c.args]));
    for (const name of needed) {
      const factory = registry.get(name);
      if (factory === undefined) throw new Error(`plugin ${JSON.stringify(name)} does not exist`);
      let inst: SchedulerPlugin;
      try {
        inst = factory(argsOf.get(name), this);
      } catch (e) {
        if (e instanceof PluginArgsError) e.plugin = name;
        throw e;
      }
      if (inst.name !== name) throw new Error(`plugin factory for ${JSON.stringify(name)} returned a plugin named ${JSON.stringify(inst.name)}`);
      this.plugins.set(name, inst);
    }
    const points = {} as Record<ExtensionPoint, SchedulerPlugin[]>;
    for (const p of EXTENSION_POINTS) {
      points[p] = expand(p, plugins[p], plugins.multiPoint, this.plugins).map((n) => this.plugins.get(n) as SchedulerPlugin);
    }
    this.points = points;
    const weights = new Map<string, number>();
    for (const ref of plugins.multiPoint?.enabled ?? []) weights.set(ref.name, ref.weight ?? 0);
    for (const ref of plugins.score?.enabled ?? []) weights.set(ref.name, ref.weight ?? 0);
    this.scorePlugins = points.score.map((plugin) => ({ plugin, weight: (weights.get(plugin.name) ?? 0) || 1 }));
    this.compiledFilter = new CompiledCache(points.filter, compileFilter);
    this.compiledFind = new CompiledCache(points.filter, compileFind);
    const weightOf = new Map(this.scorePlugins.map((s) => [s.plugin.name, s.weight]));
    this.compiledScore = new CompiledCache(points.score, (active) => ({
      run: compileScore(active), plugins: active, weights: Float64Array.from(active.map((p) => weightOf.get(p.name) ?? 1)), totals: compileScoreTotals(active),
    }));
    if (points.queueSort.length !== 1) throw new Error(points.queueSort.length === 0 ? 'no queue sort plugin is enabled' : 'only one queue sort plugin can be enabled');
    if (points.bind.length === 0) throw new Error('at least one bind plugin is needed');
  }

  /** @inheritDoc */
  runFilterPlugins(state: CycleState, pod: PodInfo, node: NodeInfo): Status {
    for (const p of this.points.filter) {
      if (state.skipFilterPlugins.has(p.name)) continue;
      const st = (p.filter as NonNullable<SchedulerPlugin['filter']>)(state, pod, node);
      if (st.code !== 'Success') return withPlugin(st, p.name);
    }
    return SUCCESS;
  }

  /** @inheritDoc */
  runFilterPluginsWithNominatedPods(state: CycleState, pod: PodInfo, node: NodeInfo): Status {
    const nominated = this.nominator.size === 0 ? undefined : this.nominator.nominatedPodsForNode(node.name);
    if (nominated !== undefined && nominated.length > 0) {
      let s2: CycleState | undefined;
      let n2: NodeInfo | undefined;
      for (const np of nominated) {
        if (np.priority < pod.priority || np.key === pod.key) continue;
        s2 ??= state.clone();
        n2 ??= node.clone();
        n2.addPod(np);
        const st = this.runPreFilterAddPod(s2, pod, np, n2);
        if (st.code !== 'Success') return st;
      }
      if (s2 !== undefined && n2 !== undefined) {
        const st = this.runFilterPlugins(s2, pod, n2);
        if (st.code !== 'Success') return st;
      }
    }
    return this.runFilterPlugins(state, pod, node);
  }

  /** @inheritDoc */
  runPreFilterAddPod(state: CycleState, pod: PodInfo, added: PodInfo, node: NodeInfo): Status {
    for (const p of this.points.preFilter) {
      if (p.addPod === undefined || state.skipFilterPlugins.has(p.name)) continue;
      const st = p.addPod(state, pod, added, node);
      if (st.code !== 'Success') return withPlugin(st, p.name);
    }
    return SUCCESS;
  }

  /** @inheritDoc */
  runPreFilterRemovePod(state: CycleState, pod: PodInfo, removed: PodInfo, node: NodeInfo): Status {
    for (const p of this.points.preFilter) {
      if (p.removePod === undefined || state.skipFilterPlugins.has(p.name)) continue;
      const st = p.removePod(state, pod, removed, node);
      if (st.code !== 'Success') return withPlugin(st, p.name);
    }
    return SUCCESS;
  }

  /** @inheritDoc */
  getWaitingPod(key: string): WaitingPod | undefined {
    return this.waitingPods.get(key);
  }

  /** @inheritDoc */
  iterateOverWaitingPods(fn: (w: WaitingPod) => void): void {
    for (const w of [...this.waitingPods.values()]) fn(w);
  }

  /** Runs Reserve plugins in order; the first non-Success status is returned (upstream `RunReservePluginsReserve`). */
  runReservePluginsReserve(state: CycleState, pod: PodInfo, nodeName: string): Status {
    for (const p of this.points.reserve) {
      const st = (p.reserve as NonNullable<SchedulerPlugin['reserve']>)(state, pod, nodeName);
      if (st.code !== 'Success') return withPlugin(st, p.name);
    }
    return SUCCESS;
  }

  /** Runs Unreserve on every Reserve plugin, in reverse order (upstream `RunReservePluginsUnreserve`). */
  runReservePluginsUnreserve(state: CycleState, pod: PodInfo, nodeName: string): void {
    const ps = this.points.reserve;
    for (let i = ps.length - 1; i >= 0; i--) ps[i]?.unreserve?.(state, pod, nodeName);
  }

  /**
   * Runs Permit plugins (upstream `RunPermitPlugins`): a rejection returns at once; Waits are collected with
   * their timeouts (capped at 15 min) and the result is Wait if any plugin waits.
   */
  runPermitPlugins(state: CycleState, pod: PodInfo, nodeName: string): { status: Status; waits: Map<string, number> } {
    const waits = new Map<string, number>();
    for (const p of this.points.permit) {
      const r = (p.permit as NonNullable<SchedulerPlugin['permit']>)(state, pod, nodeName);
      const code = r.status.code;
      if (code === 'Wait') { waits.set(p.name, Math.min(Math.max(0, r.timeoutMs), MAX_PERMIT_TIMEOUT_MS)); continue; }
      if (code !== 'Success') {
        const st = code === 'Unschedulable' || code === 'UnschedulableAndUnresolvable' || code === 'Error'
          ? r.status : newStatus('Error', p.name, `plugin ${JSON.stringify(p.name)} returned an invalid Permit status ${JSON.stringify(code)}`);
        return { status: withPlugin(st, p.name), waits };
      }
    }
    return { status: waits.size > 0 ? newStatus('Wait', '', 'one or more plugins asked to wait and no plugin rejected pod') : SUCCESS, waits };
  }

  /** Runs PreBind plugins in order; the first non-Success status is returned. */
  runPreBindPlugins(state: CycleState, pod: PodInfo, nodeName: string): Status {
    for (const p of this.points.preBind) {
      const st = (p.preBind as NonNullable<SchedulerPlugin['preBind']>)(state, pod, nodeName);
      if (st.code !== 'Success') return withPlugin(st, p.name);
    }
    return SUCCESS;
  }

  /**
   * Runs Bind plugins in order until one does not return Skip (upstream `RunBindPlugins`); its status is the
   * result (`plugin` names it). When every plugin skips, the result is Skip.
   */
  runBindPlugins(state: CycleState, pod: PodInfo, nodeName: string): Status {
    for (const p of this.points.bind) {
      const st = (p.bind as NonNullable<SchedulerPlugin['bind']>)(state, pod, nodeName);
      if (st.code !== 'Skip') return withPlugin(st, p.name);
    }
    return newStatus('Skip', '', 'all bind plugins skipped the pod');
  }

  /** Runs PostBind plugins in order (informational). */
  runPostBindPlugins(state: CycleState, pod: PodInfo, nodeName: string): void {
    for (const p of this.points.postBind) p.postBind?.(state, pod, nodeName);
  }

  /** The QueueSort comparison of the profile. */
  less(a: Parameters<NonNullable<SchedulerPlugin['less']>>[0], b: Parameters<NonNullable<SchedulerPlugin['less']>>[1]): boolean {
    const qs = this.points.queueSort[0];
    return qs?.less?.(a, b) ?? false;
  }

  /** Runs PreEnqueue plugins; the first non-Success status is returned. */
  runPreEnqueuePlugins(pod: PodInfo): Status {
    for (const p of this.points.preEnqueue) {
      const st = (p.preEnqueue as NonNullable<SchedulerPlugin['preEnqueue']>)(pod);
      if (st.code !== 'Success') return withPlugin(st, p.name);
    }
    return SUCCESS;
  }
}

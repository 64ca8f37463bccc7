/**
 * The framework of one profile: plugin instances per extension point, weights, and the rotating start index.
 *
 * @packageDocumentation
 */
import { PluginArgsError } from '../config/error.js';
import type { KubeSchedulerProfile, PluginSet } from '../config/types.js';
import { EXTENSION_POINTS, type ExtensionPoint } from '../config/types.js';
import { CompiledCache, compileFilter, compileScore, type CompiledFilter, type CompiledScore } from './compile.js';
import type { CycleState } from './cycle-state.js';
import type { FrameworkHandle, SchedulerPlugin } from './interface.js';
import type { NodeInfo } from './node-info.js';
import type { PodInfo } from './pod-info.js';
import type { Registry } from './registry.js';
import { SUCCESS, withPlugin, type Status } from './status.js';

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
  readonly scratch = { rows: [] as number[][], totals: new Float64Array(0), feasible: [] as NodeInfo[] };
  /** @internal Fused Filter per set of non-skipped filter plugins. */
  readonly compiledFilter: CompiledCache<CompiledFilter>;
  /** @internal Fused Score pass (with aligned weights) per set of non-skipped score plugins. */
  readonly compiledScore: CompiledCache<{ readonly run: CompiledScore; readonly plugins: readonly SchedulerPlugin[]; readonly weights: Float64Array }>;
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
    const weightOf = new Map(this.scorePlugins.map((s) => [s.plugin.name, s.weight]));
    this.compiledScore = new CompiledCache(points.score, (active) => ({
      run: compileScore(active), plugins: active, weights: Float64Array.from(active.map((p) => weightOf.get(p.name) ?? 1)),
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

/**
 * NodeResourcesFit: requests must fit allocatable (Filter); LeastAllocated / MostAllocated /
 * RequestedToCapacityRatio scoring (§1.4, §1.5.1).
 *
 * @packageDocumentation
 */
import type { FieldError } from '../../api/errors.js';
import {
  fillUsage, leastRequested, mostRequested, podRequestsFor, requestedToCapacityRatio, weightedMean,
  type ResourceSpec, type ShapePoint, type Usage,
} from '../_internal/resource-allocation.js';
import { PluginArgsError } from '../config/error.js';
import { stateKey, type CycleState } from '../framework/cycle-state.js';
import type { ClusterEventWithHint, SchedulerPlugin } from '../framework/interface.js';
import type { NodeInfo } from '../framework/node-info.js';
import type { PodInfo } from '../framework/pod-info.js';
import { newStatus, SUCCESS, type Status } from '../framework/status.js';
import { Names } from './names.js';

/** `ScoringStrategy` of `NodeResourcesFitArgs`. */
export interface ScoringStrategy {
  /** @defaultValue 'LeastAllocated' */
  readonly type?: 'LeastAllocated' | 'MostAllocated' | 'RequestedToCapacityRatio';
  /** @defaultValue [{name: 'cpu', weight: 1}, {name: 'memory', weight: 1}] */
  readonly resources?: readonly { readonly name: string; readonly weight?: number }[];
  readonly requestedToCapacityRatio?: { readonly shape?: readonly { readonly utilization: number; readonly score: number }[] };
}

/** `NodeResourcesFitArgs`. */
export interface NodeResourcesFitArgs {
  readonly ignoredResources?: readonly string[];
  readonly ignoredResourceGroups?: readonly string[];
  readonly scoringStrategy?: ScoringStrategy;
}

/** The default scored resources (cpu:1, memory:1). */
export const DEFAULT_RESOURCES: readonly ResourceSpec[] = [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }];
const STRATEGIES = ['LeastAllocated', 'MostAllocated', 'RequestedToCapacityRatio'];

/** Validates `ScoringStrategy`, returning field errors relative to `args`. */
export function validateScoringStrategy(s: ScoringStrategy | undefined, path = 'scoringStrategy'): FieldError[] {
  const errs: FieldError[] = [];
  if (s === undefined) return errs;
  if (s.type !== undefined && !STRATEGIES.includes(s.type)) {
    errs.push({ field: `${path}.type`, type: 'Unsupported value', value: s.type, detail: `supported values: ${STRATEGIES.map((x) => JSON.stringify(x)).join(', ')}` });
  }
  const seen = new Set<string>();
  (s.resources ?? []).forEach((r, i) => {
    const w = r.weight ?? 1;
    if (w < 1 || w > 100) errs.push({ field: `${path}.resources[${i}].weight`, type: 'Invalid value', value: w, detail: `resource weight of ${r.name} not in valid range [1, 100]` });
    if (seen.has(r.name)) errs.push({ field: `${path}.resources[${i}].name`, type: 'Duplicate value', value: r.name });
    seen.add(r.name);
  });
  if (s.type === 'RequestedToCapacityRatio') {
    const shape = s.requestedToCapacityRatio?.shape ?? [];
    const sp = `${path}.requestedToCapacityRatio.shape`;
    if (shape.length === 0) errs.push({ field: sp, type: 'Required value', detail: 'at least one point must be specified' });
    shape.forEach((p, i) => {
      if (p.utilization < 0 || p.utilization > 100) errs.push({ field: `${sp}[${i}].utilization`, type: 'Invalid value', value: p.utilization, detail: 'not in valid range [0, 100]' });
      else if (i > 0 && p.utilization <= (shape[i - 1]?.utilization ?? -1)) errs.push({ field: `${sp}[${i}].utilization`, type: 'Invalid value', value: p.utilization, detail: 'utilization values must be sorted in increasing order' });
      if (p.score < 0 || p.score > 10) errs.push({ field: `${sp}[${i}].score`, type: 'Invalid value', value: p.score, detail: 'not in valid range [0, 10]' });
    });
  }
  return errs;
}

const PRE_SCORE = stateKey<Float64Array>('PreScoreNodeResourcesFit');
const REASONS = ['Too many pods', 'Insufficient cpu', 'Insufficient memory', 'Insufficient ephemeral-storage'];

function maskStatuses(): Status[] {
  const out: Status[] = [];
  for (let m = 0; m < 32; m++) {
    const reasons = REASONS.filter((_, i) => (m & (1 << i)) !== 0);
    out.push(newStatus((m & 16) !== 0 ? 'UnschedulableAndUnresolvable' : 'Unschedulable', Names.NodeResourcesFit, ...reasons));
  }
  return out;
}

/**
 * The fit check (upstream `fitsRequest`): a bit mask of Too many pods / cpu / memory / ephemeral-storage
 * (bit 16: a request exceeds allocatable itself), plus insufficient scalar resources, sorted by name.
 */
export function insufficientMask(pod: PodInfo, node: NodeInfo): number {
  const r = pod.requests;
  const rc = r.milliCPU;
  const rm = r.memory;
  const re = r.ephemeralStorage;
  let mask = node.podCount + 1 > node.allocPods ? 1 : 0;
  if (rc > 0 && rc > node.allocMilliCPU - node.reqMilliCPU) mask |= rc > node.allocMilliCPU ? 18 : 2;
  if (rm > 0 && rm > node.allocMemory - node.reqMemory) mask |= rm > node.allocMemory ? 20 : 4;
  if (re > 0 && re > node.allocEphemeralStorage - node.reqEphemeralStorage) mask |= re > node.allocEphemeralStorage ? 24 : 8;
  return mask;
}

/** {@link insufficientMask} plus the insufficient scalar resources, sorted by name. */
export function insufficient(pod: PodInfo, node: NodeInfo, ignored: (name: string) => boolean): { mask: number; scalars: string[] | null } {
  const alloc = node.allocatable;
  const used = node.requested;
  const r = pod.requests;
  let mask = insufficientMask(pod, node);
  let scalars: string[] | null = null;
  if (r.scalar !== null) {
    for (const name of [...r.scalar.keys()].sort()) {
      const q = r.scalar.get(name) ?? 0;
      if (q === 0 || ignored(name)) continue;
      const a = alloc.scalar?.get(name) ?? 0;
      if (q > a - (used.scalar?.get(name) ?? 0)) { (scalars ??= []).push(name); if (q > a) mask |= 16; }
    }
  }
  return { mask, scalars };
}

/** LeastAllocated over cpu and memory with non-zero requests (the default strategy, §1.5.1). */
export function leastAllocatedCpuMemory(pod: PodInfo, node: NodeInfo, wc: number, wm: number): number {
  const ac = node.allocMilliCPU;
  const am = node.allocMemory;
  let sum = 0;
  let w = 0;
  if (ac !== 0) { const q = node.nonZeroMilliCPU + pod.nonZeroMilliCPU; sum += (q > ac ? 0 : Math.trunc(((ac - q) * 100) / ac)) * wc; w += wc; }
  if (am !== 0) { const q = node.nonZeroMemory + pod.nonZeroMemory; sum += (q > am ? 0 : Math.trunc(((am - q) * 100) / am)) * wm; w += wm; }
  return w === 0 ? 0 : Math.trunc(sum / w);
}

/**
 * Creates NodeResourcesFit from its args (validated; invalid args throw {@link PluginArgsError}).
 *
 * @example
 * ```ts
 * const fit = newNodeResourcesFit({ scoringStrategy: { type: 'MostAllocated' } });
 * ```
 */
export function newNodeResourcesFit(args?: unknown): SchedulerPlugin {
  const a = (args ?? {}) as NodeResourcesFitArgs;
  const errs = validateScoringStrategy(a.scoringStrategy);
  if (errs.length > 0) throw new PluginArgsError(errs);
  const type = a.scoringStrategy?.type ?? 'LeastAllocated';
  const resources: ResourceSpec[] = (a.scoringStrategy?.resources ?? DEFAULT_RESOURCES).map((r) => ({ name: r.name, weight: r.weight ?? 1 }));
  const shape: ShapePoint[] = (a.scoringStrategy?.requestedToCapacityRatio?.shape ?? []).map((p) => ({ utilization: p.utilization, score: p.score * 10 }));
  const ignoredSet = new Set(a.ignoredResources ?? []);
  const groups = a.ignoredResourceGroups ?? [];
  const ignored = (name: string): boolean => ignoredSet.has(name) || groups.some((g) => name.startsWith(`${g}/`));
  const statuses = maskStatuses();
  const fast = type === 'LeastAllocated' && resources.length === 2 && resources[0]?.name === 'cpu' && resources[1]?.name === 'memory';
  const wc = resources[0]?.weight ?? 1;
  const wm = resources[1]?.weight ?? 1;
  const u: Usage = { requested: new Float64Array(resources.length), allocatable: new Float64Array(resources.length) };
  const generalScore = (state: CycleState, pod: PodInfo, node: NodeInfo): number => {
    fillUsage(u, node, resources, state.read(PRE_SCORE) ?? podRequestsFor(pod, resources, false), false);
    if (type === 'MostAllocated') return weightedMean(u, resources, mostRequested);
    if (type === 'RequestedToCapacityRatio') return requestedToCapacityRatio(u, resources, shape);
    return weightedMean(u, resources, leastRequested);
  };
  const plugin = {
    name: Names.NodeResourcesFit,
    filter(_s: CycleState, pod: PodInfo, node: NodeInfo): Status {
      if (pod.requests.scalar === null) {
        const m = insufficientMask(pod, node);
        return m === 0 ? SUCCESS : (statuses[m] as Status);
      }
      const { mask, scalars } = insufficient(pod, node, ignored);
      if (scalars === null) return mask === 0 ? SUCCESS : (statuses[mask] as Status);
      const reasons = [...REASONS.filter((_, i) => (mask & (1 << i)) !== 0), ...scalars.map((n) => `Insufficient ${n}`)];
      return newStatus((mask & 16) !== 0 ? 'UnschedulableAndUnresolvable' : 'Unschedulable', Names.NodeResourcesFit, ...reasons);
    },
    preScore(state: CycleState, pod: PodInfo): Status {
      if (!fast) state.write(PRE_SCORE, podRequestsFor(pod, resources, false));
      return SUCCESS;
    },
    // Small specialised function for the default strategy so that V8 inlines it into the Score pass.
    score: fast ? (_s: CycleState, pod: PodInfo, node: NodeInfo): number => leastAllocatedCpuMemory(pod, node, wc, wm) : generalScore,
    eventsToRegister(): readonly ClusterEventWithHint[] {
      return [{ event: { resource: 'AssignedPod', actionType: 'Delete' } }, { event: { resource: 'Node', actionType: 'Add' } }, { event: { resource: 'Node', actionType: 'UpdateNodeAllocatable' } }];
    },
  } satisfies SchedulerPlugin;
  return plugin;
}

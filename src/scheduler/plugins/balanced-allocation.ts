/**
 * NodeResourcesBalancedAllocation: favours nodes whose resource fractions stay balanced (§1.5.2).
 *
 * @packageDocumentation
 */
import { balancedScore, fillUsage, podRequestsFor, type ResourceSpec, type Usage } from '../_internal/resource-allocation.js';
import { PluginArgsError } from '../config/error.js';
import { stateKey, type CycleState } from '../framework/cycle-state.js';
import type { SchedulerPlugin } from '../framework/interface.js';
import type { NodeInfo } from '../framework/node-info.js';
import type { PodInfo } from '../framework/pod-info.js';
import { SKIP, SUCCESS, type Status } from '../framework/status.js';
import { Names } from './names.js';
import { DEFAULT_RESOURCES } from './node-resources-fit.js';

/** `NodeResourcesBalancedAllocationArgs`. */
export interface BalancedAllocationArgs {
  /** @defaultValue cpu and memory, weight 1 */
  readonly resources?: readonly { readonly name: string; readonly weight?: number }[];
}

const PRE_SCORE = stateKey<Float64Array>('PreScoreNodeResourcesBalancedAllocation');

/**
 * Creates the plugin. PreScore Skips pods requesting nothing of the configured resources (best-effort pods).
 *
 * @example
 * ```ts
 * const ba = newBalancedAllocation({ resources: [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }] });
 * ```
 */
export function newBalancedAllocation(args?: unknown): SchedulerPlugin {
  const a = (args ?? {}) as BalancedAllocationArgs;
  const resources: ResourceSpec[] = (a.resources ?? DEFAULT_RESOURCES).map((r) => ({ name: r.name, weight: r.weight ?? 1 }));
  resources.forEach((r, i) => {
    if (r.weight !== 1) throw new PluginArgsError([{ field: `resources[${i}].weight`, type: 'Invalid value', value: r.weight, detail: 'must be 1' }]);
  });
  const fast = resources.length === 2 && resources[0]?.name === 'cpu' && resources[1]?.name === 'memory';
  const u: Usage = { requested: new Float64Array(resources.length), allocatable: new Float64Array(resources.length) };
  const general = (state: CycleState, pod: PodInfo, node: NodeInfo): number => {
    fillUsage(u, node, resources, state.read(PRE_SCORE) ?? podRequestsFor(pod, resources, true), true);
    return balancedScore(u);
  };
  const plugin = {
    name: Names.NodeResourcesBalancedAllocation,
    preScore(state: CycleState, pod: PodInfo): Status {
      // cpu+memory: the fast Score reads the pod's requests directly (and the general path recomputes them)
      if (fast) return pod.requests.milliCPU === 0 && pod.requests.memory === 0 ? SKIP : SUCCESS;
      const req = podRequestsFor(pod, resources, true);
      if (req.every((v) => v === 0)) return SKIP;
      state.write(PRE_SCORE, req);
      return SUCCESS;
    },
    // Small specialised function for cpu+memory so that V8 inlines it into the Score pass.
    score: fast
      ? (state: CycleState, pod: PodInfo, node: NodeInfo): number => {
        const ac = node.allocMilliCPU;
        const am = node.allocMemory;
        if (ac === 0 || am === 0) return general(state, pod, node);
        const fc = Math.min((node.reqMilliCPU + pod.requests.milliCPU) / ac, 1);
        const fm = Math.min((node.reqMemory + pod.requests.memory) / am, 1);
        return Math.trunc((1 - Math.abs((fc - fm) / 2)) * 100);
      }
      : general,
  } satisfies SchedulerPlugin;
  return plugin;
}

/**
 * GpuBinPack — an out-of-tree Score plugin that packs GPU pods onto the nodes with the fewest free GPUs,
 * keeping whole GPU nodes free for large jobs. The worked example of docs/custom-plugin.md.
 *
 * In your own project import from 'kubesim' instead of the source tree.
 *
 * @packageDocumentation
 */
import {
  defaultNormalizeScore, MAX_NODE_SCORE, PluginArgsError, SKIP, stateKey, SUCCESS,
  type CycleState, type NodeInfo, type PluginFactory, type PodInfo, type SchedulerPlugin, type Status,
} from '../../src/scheduler/index.js';

/**
 * The name the plugin is registered and enabled under.
 *
 * @example
 * ```ts
 * inTreeRegistry().register(GPU_BIN_PACK, gpuBinPackFactory);
 * ```
 */
export const GPU_BIN_PACK = 'GpuBinPack';

/**
 * Args of GpuBinPack (`pluginConfig[].args`).
 *
 * @example
 * ```ts
 * const args: GpuBinPackArgs = { resourceName: 'amd.com/gpu' };
 * ```
 */
export interface GpuBinPackArgs {
  /** The extended resource to pack. @defaultValue 'nvidia.com/gpu' */
  readonly resourceName?: string;
}

/** What PreScore computes once per cycle and Score reads per node. */
interface PreScoreState {
  readonly resource: string;
  readonly podRequest: number;
}

const PRE_SCORE = stateKey<PreScoreState>(`PreScore${GPU_BIN_PACK}`);

/**
 * Builds the plugin for one resource name.
 *
 * @remarks
 * - PreScore: `Skip` when the pod requests none of the resource, so CPU-only pods are not affected at all.
 * - Score (raw): the GPUs left free on the node after placing the pod, `allocatable − requested − pod`.
 * - NormalizeScore: reversed {@link defaultNormalizeScore}, `100 − ⌊100 × free / maxFree⌋`, so the node
 *   left with the fewest free GPUs scores 100 and the emptiest scores 0.
 *
 * Feasibility is not this plugin's job: NodeResourcesFit already rejects nodes without enough GPUs.
 *
 * @example
 * ```ts
 * const plugin = gpuBinPack({ resourceName: 'nvidia.com/gpu' });
 * plugin.name; // 'GpuBinPack'
 * ```
 */
export function gpuBinPack(args: GpuBinPackArgs = {}) {
  const resource = args.resourceName ?? 'nvidia.com/gpu';
  return {
    name: GPU_BIN_PACK,
    preScore(state: CycleState, pod: PodInfo): Status {
      const podRequest = pod.requests.get(resource);
      if (podRequest === 0) return SKIP;
      state.write(PRE_SCORE, { resource, podRequest });
      return SUCCESS;
    },
    score(state: CycleState, _pod: PodInfo, node: NodeInfo): number {
      const st = state.read(PRE_SCORE);
      if (st === undefined) return 0;
      return Math.max(0, node.allocatable.get(st.resource) - node.requested.get(st.resource) - st.podRequest);
    },
    normalizeScore(_state: CycleState, _pod: PodInfo, _nodes: readonly NodeInfo[], scores: number[]): Status {
      defaultNormalizeScore(MAX_NODE_SCORE, true, scores);
      return SUCCESS;
    },
  } satisfies SchedulerPlugin;
}

/**
 * The factory to register: validates `args` the way in-tree plugins do (a {@link PluginArgsError} naming the
 * field; the configuration loader prefixes it with `profiles[i].pluginConfig[j].args`).
 *
 * @example
 * ```ts
 * const registry = inTreeRegistry().register(GPU_BIN_PACK, gpuBinPackFactory);
 * ```
 */
export const gpuBinPackFactory: PluginFactory = (args) => {
  if (args === undefined || args === null) return gpuBinPack();
  const name = (args as Record<string, unknown>)['resourceName'];
  if (name !== undefined && (typeof name !== 'string' || name === '')) {
    throw new PluginArgsError([{ field: 'resourceName', type: 'Invalid value', value: name, detail: 'must be a non-empty resource name' }]);
  }
  return gpuBinPack(name === undefined ? {} : { resourceName: name });
};

/**
 * PodTopologySpread: spreads matching pods across topology domains (filter §1.4, score §1.5.6).
 *
 * @packageDocumentation
 */
import { PluginArgsError } from '../../config/error.js';
import { stateKey, type CycleState } from '../../framework/cycle-state.js';
import { type ClusterEventWithHint, PRE_FILTER_SKIP, PRE_FILTER_SUCCESS, type PreFilterResult, type SchedulerPlugin } from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';
import type { Snapshot } from '../../framework/snapshot.js';
import { newStatus, SKIP, SUCCESS, type Status } from '../../framework/status.js';
import { Names } from '../names.js';
import { podMatcher } from '../node-affinity.js';
import { mergeSelectors, podConstraints, SYSTEM_DEFAULT_CONSTRAINTS, validateSpreadArgs, type PodTopologySpreadArgs } from './common.js';
import {
  buildFilterState, cloneFilterState, ERR_REASON_CONSTRAINTS_NOT_MATCH, ERR_REASON_NODE_LABEL_NOT_MATCH, spreadFilter,
  updateWithPod, type SpreadFilterState,
} from './filtering.js';
import { buildScoreState, spreadNormalize, spreadScore, type SpreadScoreState } from './scoring.js';

export type { PodTopologySpreadArgs } from './common.js';
export { SYSTEM_DEFAULT_CONSTRAINTS } from './common.js';

const PRE_FILTER = stateKey<SpreadFilterState>('PreFilterPodTopologySpread');
const PRE_SCORE = stateKey<SpreadScoreState>('PreScorePodTopologySpread');

/**
 * Creates PodTopologySpread from its args (`defaultingType` System by default).
 *
 * @example
 * ```ts
 * const pts = newPodTopologySpread({ defaultingType: 'List', defaultConstraints: [
 *   { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' }] });
 * ```
 */
export function newPodTopologySpread(args?: unknown): SchedulerPlugin {
  const a = (args ?? {}) as PodTopologySpreadArgs;
  const errs = validateSpreadArgs(a);
  if (errs.length > 0) throw new PluginArgsError(errs);
  const system = (a.defaultingType ?? 'System') === 'System';
  const defaults = system ? SYSTEM_DEFAULT_CONSTRAINTS : (a.defaultConstraints ?? []);
  const missingLabel = newStatus('UnschedulableAndUnresolvable', Names.PodTopologySpread, ERR_REASON_NODE_LABEL_NOT_MATCH);
  const skewed = newStatus('Unschedulable', Names.PodTopologySpread, ERR_REASON_CONSTRAINTS_NOT_MATCH);
  const workloadSelector = (pod: PodInfo, snapshot: Snapshot) =>
    ((pod.pod.spec?.topologySpreadConstraints ?? []).length > 0 || defaults.length === 0 ? undefined : mergeSelectors(snapshot.workloadSelectors(pod.pod)));
  const plugin = {
    name: Names.PodTopologySpread,
    preFilter(state: CycleState, pod: PodInfo, snapshot: Snapshot): PreFilterResult {
      const cs = podConstraints(pod, 'DoNotSchedule', defaults, workloadSelector(pod, snapshot));
      if (cs.length === 0) return PRE_FILTER_SKIP;
      state.write(PRE_FILTER, buildFilterState(pod, cs, podMatcher(pod), snapshot), cloneFilterState);
      return PRE_FILTER_SUCCESS;
    },
    addPod(state: CycleState, pod: PodInfo, added: PodInfo, node: NodeInfo): Status {
      const s = state.read(PRE_FILTER);
      if (s !== undefined) updateWithPod(s, pod, added, node, 1);
      return SUCCESS;
    },
    removePod(state: CycleState, pod: PodInfo, removed: PodInfo, node: NodeInfo): Status {
      const s = state.read(PRE_FILTER);
      if (s !== undefined) updateWithPod(s, pod, removed, node, -1);
      return SUCCESS;
    },
    filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status {
      const s = state.read(PRE_FILTER);
      if (s === undefined) return SUCCESS;
      const r = spreadFilter(s, pod, node);
      return r === 0 ? SUCCESS : r === 1 ? missingLabel : skewed;
    },
    preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], snapshot: Snapshot): Status {
      if (nodes.length === 0 || snapshot.numNodes === 0) return SUCCESS;
      const own = (pod.pod.spec?.topologySpreadConstraints ?? []).length > 0;
      const cs = podConstraints(pod, 'ScheduleAnyway', defaults, workloadSelector(pod, snapshot));
      if (cs.length === 0) return SKIP;
      state.write(PRE_SCORE, buildScoreState(pod, cs, own || !system, podMatcher(pod), nodes, snapshot));
      return SUCCESS;
    },
    score(state: CycleState, pod: PodInfo, node: NodeInfo): number {
      const s = state.read(PRE_SCORE);
      return s === undefined ? 0 : spreadScore(s, pod, node);
    },
    normalizeScore(state: CycleState, _pod: PodInfo, nodes: readonly NodeInfo[], scores: number[]): Status {
      const s = state.read(PRE_SCORE);
      if (s !== undefined) spreadNormalize(s, nodes, scores);
      return SUCCESS;
    },
    eventsToRegister(): readonly ClusterEventWithHint[] {
      return [
        { event: { resource: 'Pod', actionType: 'All' } },
        { event: { resource: 'Node', actionType: 'Add' } }, { event: { resource: 'Node', actionType: 'Delete' } },
        { event: { resource: 'Node', actionType: 'UpdateNodeLabel' } }, { event: { resource: 'Node', actionType: 'UpdateNodeTaint' } },
      ];
    },
  } satisfies SchedulerPlugin;
  return plugin;
}

/**
 * InterPodAffinity: required (anti-)affinity filter incl. symmetry, preferred terms score (§1.4, §1.5.7).
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
import {
  affinityVerdict, buildAffinityFilterState, cloneAffinityFilterState, updateWithPod, type AffinityFilterState,
} from './filtering.js';
import { affinityNormalize, affinityScore, buildTopologyScore, type TopologyScore } from './scoring.js';

/** `InterPodAffinityArgs`. */
export interface InterPodAffinityArgs {
  /** Weight of existing pods' required affinity terms in scoring. @defaultValue 1 */
  readonly hardPodAffinityWeight?: number;
  /** @defaultValue false */
  readonly ignorePreferredTermsOfExistingPods?: boolean;
}

/** Upstream `ErrReasonAffinityRulesNotMatch`. */
export const ERR_REASON_AFFINITY = "node(s) didn't match pod affinity rules";
/** Upstream `ErrReasonAntiAffinityRulesNotMatch`. */
export const ERR_REASON_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
/** Upstream `ErrReasonExistingAntiAffinityRulesNotMatch`. */
export const ERR_REASON_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";

const PRE_FILTER = stateKey<AffinityFilterState>('PreFilterInterPodAffinity');
const PRE_SCORE = stateKey<TopologyScore>('PreScoreInterPodAffinity');

/**
 * Creates InterPodAffinity (`hardPodAffinityWeight` must be in [0, 100]).
 *
 * @example
 * ```ts
 * const ipa = newInterPodAffinity({ hardPodAffinityWeight: 5 });
 * ```
 */
export function newInterPodAffinity(args?: unknown): SchedulerPlugin {
  const a = (args ?? {}) as InterPodAffinityArgs;
  const hard = a.hardPodAffinityWeight ?? 1;
  if (!(hard >= 0 && hard <= 100)) {
    throw new PluginArgsError([{ field: 'hardPodAffinityWeight', type: 'Invalid value', value: hard, detail: 'not in valid range [0, 100]' }]);
  }
  const scoreArgs = { hardPodAffinityWeight: hard, ignorePreferredTermsOfExistingPods: a.ignorePreferredTermsOfExistingPods === true };
  const rejectAff = newStatus('UnschedulableAndUnresolvable', Names.InterPodAffinity, ERR_REASON_AFFINITY);
  const rejectAnti = newStatus('Unschedulable', Names.InterPodAffinity, ERR_REASON_ANTI_AFFINITY);
  const rejectExisting = newStatus('Unschedulable', Names.InterPodAffinity, ERR_REASON_EXISTING_ANTI_AFFINITY);
  const plugin = {
    name: Names.InterPodAffinity,
    preFilter(state: CycleState, pod: PodInfo, snapshot: Snapshot): PreFilterResult {
      const s = buildAffinityFilterState(pod, snapshot);
      if (s === undefined) return PRE_FILTER_SKIP;
      state.write(PRE_FILTER, s, cloneAffinityFilterState);
      return PRE_FILTER_SUCCESS;
    },
    addPod(state: CycleState, _pod: PodInfo, added: PodInfo, node: NodeInfo): Status {
      const s = state.read(PRE_FILTER);
      if (s !== undefined) updateWithPod(s, added, node, 1);
      return SUCCESS;
    },
    removePod(state: CycleState, _pod: PodInfo, removed: PodInfo, node: NodeInfo): Status {
      const s = state.read(PRE_FILTER);
      if (s !== undefined) updateWithPod(s, removed, node, -1);
      return SUCCESS;
    },
    filter(state: CycleState, _pod: PodInfo, node: NodeInfo): Status {
      const s = state.read(PRE_FILTER);
      if (s === undefined) return SUCCESS;
      const v = affinityVerdict(s, node);
      return v === 0 ? SUCCESS : v === 1 ? rejectAff : v === 2 ? rejectAnti : rejectExisting;
    },
    preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], snapshot: Snapshot): Status {
      if (nodes.length === 0) return SUCCESS;
      const ts = buildTopologyScore(pod, snapshot, scoreArgs);
      if (ts === undefined) return SKIP;
      state.write(PRE_SCORE, ts);
      return SUCCESS;
    },
    score(state: CycleState, _pod: PodInfo, node: NodeInfo): number {
      const ts = state.read(PRE_SCORE);
      return ts === undefined ? 0 : affinityScore(ts, node);
    },
    normalizeScore(state: CycleState, _pod: PodInfo, _nodes: readonly NodeInfo[], scores: number[]): Status {
      if (state.read(PRE_SCORE) !== undefined) affinityNormalize(scores);
      return SUCCESS;
    },
    eventsToRegister(): readonly ClusterEventWithHint[] {
      return [{ event: { resource: 'Pod', actionType: 'All' } }, { event: { resource: 'Node', actionType: 'Add' } }, { event: { resource: 'Node', actionType: 'UpdateNodeLabel' } }];
    },
  } satisfies SchedulerPlugin;
  return plugin;
}

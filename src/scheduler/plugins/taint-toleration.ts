/**
 * TaintToleration: NoSchedule / NoExecute taints filter, PreferNoSchedule taints score (§1.4, §1.5.3).
 *
 * @packageDocumentation
 */
import type { Taint, Toleration } from 'kubernetes-types/core/v1.js';
import { tolerated } from '../_internal/taints.js';
import { stateKey, type CycleState } from '../framework/cycle-state.js';
import type { ClusterEventWithHint, SchedulerPlugin } from '../framework/interface.js';
import { MAX_NODE_SCORE } from '../framework/interface.js';
import type { NodeInfo } from '../framework/node-info.js';
import { defaultNormalizeScore } from '../framework/normalize.js';
import type { PodInfo } from '../framework/pod-info.js';
import type { Snapshot } from '../framework/snapshot.js';
import { newStatus, SUCCESS, type Status } from '../framework/status.js';
import { Names } from './names.js';

const PRE_SCORE = stateKey<readonly Toleration[]>('PreScoreTaintToleration');
const rejectCache = new Map<string, Status>();
const NO_TOLERATIONS: readonly Toleration[] = Object.freeze([]);

function reject(taint: Taint): Status {
  const reason = `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;
  let st = rejectCache.get(reason);
  if (st === undefined) {
    st = newStatus('UnschedulableAndUnresolvable', Names.TaintToleration, reason);
    if (rejectCache.size < 1024) rejectCache.set(reason, st);
  }
  return st;
}

/** The first NoSchedule / NoExecute taint not tolerated, or undefined (upstream `FindMatchingUntoleratedTaint`). */
export function untoleratedTaint(taints: readonly Taint[], tols: readonly Toleration[]): Taint | undefined {
  for (const t of taints) {
    if ((t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerated(tols, t)) return t;
  }
  return undefined;
}

/**
 * Filter (UnschedulableAndUnresolvable `node(s) had untolerated taint {key: value}`) and Score (count of
 * intolerable PreferNoSchedule taints, normalized reversed).
 *
 * @example
 * ```ts
 * taintToleration.filter(new CycleState(), podInfo, taintedNode).reasons; // ['node(s) had untolerated taint {dedicated: gpu}']
 * ```
 */
export const taintToleration = {
  name: Names.TaintToleration,
  filter(_s: CycleState, pod: PodInfo, node: NodeInfo): Status {
    if (node.taintCount === 0) return SUCCESS;
    const t = untoleratedTaint(node.taints, pod.pod.spec?.tolerations ?? []);
    return t === undefined ? SUCCESS : reject(t);
  },
  // no node has a NoSchedule or NoExecute taint: the Filter passes everywhere
  alwaysPasses(_s: CycleState, _p: PodInfo, snapshot: Snapshot): boolean {
    return snapshot.hardTaintNodes === 0;
  },
  preScore(state: CycleState, pod: PodInfo): Status {
    const all = pod.pod.spec?.tolerations;
    const tols = all === undefined || all.length === 0 ? NO_TOLERATIONS
      : all.filter((t) => t.effect === undefined || t.effect === '' || t.effect === 'PreferNoSchedule');
    state.write(PRE_SCORE, tols);
    return SUCCESS;
  },
  score(state: CycleState, _pod: PodInfo, node: NodeInfo): number {
    if (node.taintCount === 0) return 0;
    const taints = node.taints;
    const tols = state.read(PRE_SCORE) ?? [];
    let n = 0;
    for (const t of taints) if (t.effect === 'PreferNoSchedule' && !tolerated(tols, t)) n++;
    return n;
  },
  normalizeScore(_s: CycleState, _p: PodInfo, _n: readonly NodeInfo[], scores: number[]): Status {
    defaultNormalizeScore(MAX_NODE_SCORE, true, scores);
    return SUCCESS;
  },
  // no node has a PreferNoSchedule taint: every raw score is 0, every normalized score 100
  constantScore(_s: CycleState, _p: PodInfo, snapshot: Snapshot): boolean {
    return snapshot.preferNoScheduleNodes === 0;
  },
  eventsToRegister(): readonly ClusterEventWithHint[] {
    return [{ event: { resource: 'Node', actionType: 'Add' } }, { event: { resource: 'Node', actionType: 'UpdateNodeTaint' } }];
  },
} satisfies SchedulerPlugin;

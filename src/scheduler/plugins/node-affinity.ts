/**
 * NodeAffinity: nodeSelector and required node affinity filter, preferred terms score (§1.4, §1.5.4).
 *
 * @packageDocumentation
 */
import type { NodeAffinity as NodeAffinitySpec, NodeSelectorTerm } from 'kubernetes-types/core/v1.js';
import { compileTerm, compileTerms, pinnedNodeNames, type NodeMatcher } from '../_internal/node-selector.js';
import { PluginArgsError } from '../config/error.js';
import { stateKey, type CycleState } from '../framework/cycle-state.js';
import { type ClusterEventWithHint, PRE_FILTER_SKIP, PRE_FILTER_SUCCESS, type PreFilterResult, type SchedulerPlugin } from '../framework/interface.js';
import { MAX_NODE_SCORE } from '../framework/interface.js';
import type { NodeInfo } from '../framework/node-info.js';
import { defaultNormalizeScore } from '../framework/normalize.js';
import type { PodInfo } from '../framework/pod-info.js';
import { newStatus, SKIP, SUCCESS, type Status } from '../framework/status.js';
import { Names } from './names.js';

/** `NodeAffinityArgs`. */
export interface NodeAffinityArgs {
  /** Affinity added to every pod of the profile (required terms ANDed, preferred terms added). */
  readonly addedAffinity?: NodeAffinitySpec;
}

/** Upstream `ErrReasonPod`. */
export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";
/** Upstream `errReasonEnforced`. */
export const ERR_REASON_ENFORCED = "node(s) didn't match scheduler-enforced node affinity";

const PRE_FILTER = stateKey<NodeMatcher>('PreFilterNodeAffinity');
const PRE_SCORE = stateKey<readonly { m: NodeMatcher; w: number }[]>('PreScoreNodeAffinity');

/** The pod's nodeSelector AND required node affinity, or undefined if it has neither (upstream `GetRequiredNodeAffinity`). */
export function podMatcher(pod: PodInfo): NodeMatcher | undefined {
  const sel = pod.pod.spec?.nodeSelector;
  const terms = pod.pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  const parts: NodeMatcher[] = [];
  if (sel !== undefined && Object.keys(sel).length > 0) {
    const entries = Object.entries(sel);
    parts.push((n) => { for (const [k, v] of entries) if (n.labels[k] !== v) return false; return true; });
  }
  if (terms !== undefined) parts.push(compileTerms(terms));
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0] : (n) => parts.every((p) => p(n));
}

function preferred(terms: readonly { weight: number; preference: NodeSelectorTerm }[] | undefined): { m: NodeMatcher; w: number }[] {
  return (terms ?? []).filter((t) => t.weight !== 0).map((t) => ({ m: compileTerm(t.preference), w: t.weight }));
}

/**
 * Creates the plugin; `args.addedAffinity` may only hold required and preferred node terms.
 *
 * @example
 * ```ts
 * const na = newNodeAffinity({ addedAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [...] } } });
 * ```
 */
export function newNodeAffinity(args?: unknown): SchedulerPlugin {
  const a = (args ?? {}) as NodeAffinityArgs;
  const addedTerms = a.addedAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (addedTerms?.length === 0) {
    throw new PluginArgsError([{ field: 'addedAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms', type: 'Required value', detail: 'must have at least one node selector term' }]);
  }
  const added = addedTerms === undefined ? undefined : compileTerms(addedTerms);
  const addedPreferred = preferred(a.addedAffinity?.preferredDuringSchedulingIgnoredDuringExecution);
  const rejectPod = newStatus('UnschedulableAndUnresolvable', Names.NodeAffinity, ERR_REASON_POD);
  const rejectEnforced = newStatus('UnschedulableAndUnresolvable', Names.NodeAffinity, ERR_REASON_ENFORCED);
  const plugin = {
    name: Names.NodeAffinity,
    preFilter(state: CycleState, pod: PodInfo): PreFilterResult {
      const m = podMatcher(pod);
      if (m === undefined && added === undefined) return PRE_FILTER_SKIP;
      state.write(PRE_FILTER, m ?? (() => true));
      const terms = pod.pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
      const pinned = terms === undefined ? undefined : pinnedNodeNames(terms);
      return pinned === undefined ? PRE_FILTER_SUCCESS : { status: SUCCESS, nodeNames: pinned };
    },
    filter(state: CycleState, _pod: PodInfo, node: NodeInfo): Status {
      if (added !== undefined && !added(node)) return rejectEnforced;
      const m = state.read(PRE_FILTER);
      return m === undefined || m(node) ? SUCCESS : rejectPod;
    },
    preScore(state: CycleState, pod: PodInfo): Status {
      const own = pod.pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
      if (addedPreferred.length === 0 && (own === undefined || own.length === 0)) return SKIP;
      const terms = [...addedPreferred, ...preferred(own)];
      if (terms.length === 0) return SKIP;
      state.write(PRE_SCORE, terms);
      return SUCCESS;
    },
    score(state: CycleState, _pod: PodInfo, node: NodeInfo): number {
      let s = 0;
      for (const t of state.read(PRE_SCORE) ?? []) if (t.m(node)) s += t.w;
      return s;
    },
    normalizeScore(_s: CycleState, _p: PodInfo, _n: readonly NodeInfo[], scores: number[]): Status {
      defaultNormalizeScore(MAX_NODE_SCORE, false, scores);
      return SUCCESS;
    },
    eventsToRegister(): readonly ClusterEventWithHint[] {
      return [{ event: { resource: 'Node', actionType: 'Add' } }, { event: { resource: 'Node', actionType: 'UpdateNodeLabel' } }];
    },
  } satisfies SchedulerPlugin;
  return plugin;
}

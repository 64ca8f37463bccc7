/**
 * One scheduling cycle as a pure function over a snapshot (upstream `schedulePod` + `findNodesThatFitPod` +
 * `prioritizeNodes` + `selectHost`).
 *
 * @packageDocumentation
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import { CycleState } from './cycle-state.js';
import { diagnosisStatuses, fitErrorMessage, newDiagnosis, nodeStatusesOf, rejectNode, type Diagnosis } from './diagnosis.js';
import type { Framework } from './framework.js';
import type { SchedulerPlugin } from './interface.js';
import type { NodeInfo } from './node-info.js';
import type { Nominator } from './nominator.js';
import { PodInfo } from './pod-info.js';
import { prioritizeNodes, type NodeExplain } from './prioritize.js';
import type { Snapshot } from './snapshot.js';
import { newStatus, SUCCESS, withPlugin, type Status } from './status.js';

/** `minFeasibleNodesToFind` (§1.6). */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
/** `minFeasibleNodesPercentageToFind` (§1.6). */
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/**
 * How many feasible nodes to look for before filtering stops (upstream `numFeasibleNodesToFind`, §1.6).
 *
 * @example
 * ```ts
 * numFeasibleNodesToFind(undefined, 5000); // 500: adaptive 50 − 5000/125 = 10 %
 * ```
 */
export function numFeasibleNodesToFind(percentage: number | undefined, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let p = percentage ?? 0;
  if (p >= 100) return numAllNodes;
  if (p <= 0) {
    p = 50 - Math.trunc(numAllNodes / 125);
    if (p < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) p = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  const n = Math.trunc((numAllNodes * p) / 100);
  return n < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : n;
}

/** Options of {@link schedulePod}. */
export interface ScheduleOptions {
  /** Uniform [0, 1) source for selectHost's tie-break (the engine's named stream). */
  readonly random: () => number;
  /** Record every node's filter results and scores in `explain`. @defaultValue false */
  readonly explain?: boolean;
  /** Global percentageOfNodesToScore, used when the profile sets none. @defaultValue 0 (adaptive) */
  readonly percentageOfNodesToScore?: number;
}

/** Per-node explanation: filter results (all filters run), scores and total. */
export type { NodeExplain } from './prioritize.js';

/** The outcome of one cycle. */
export interface ScheduleResult {
  /** The chosen node, or null. */
  readonly selectedNode: string | null;
  /** Success; Unschedulable / UnschedulableAndUnresolvable (no feasible node); Error. */
  readonly status: Status;
  readonly feasibleNodes: number;
  readonly evaluatedNodes: number;
  readonly diagnosis: Diagnosis;
  /** The FailedScheduling event message when no node fits. */
  readonly message?: string;
  /** Set when PostFilter (preemption) nominated a node. */
  readonly nominatedNodeName?: string;
  /** Pods preemption wants evicted. */
  readonly victims?: readonly Pod[];
  /** The cycle state, for Reserve / Permit / Bind that the caller runs next. */
  readonly state: CycleState;
  readonly podInfo: PodInfo;
  readonly explain?: { readonly nodes: Record<string, NodeExplain> };
}

/** The outcome of PreFilter (reused: the cycle is synchronous). */
interface PreFilterOutcome { status: Status; nodeNames: Set<string> | undefined; narrowedBy: string[] | undefined }

function runPreFilter(fw: Framework, state: CycleState, pod: PodInfo, snapshot: Snapshot, d: Diagnosis, out: PreFilterOutcome): PreFilterOutcome {
  out.status = SUCCESS;
  out.nodeNames = undefined;
  out.narrowedBy = undefined;
  const ps = fw.points.preFilter;
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i] as SchedulerPlugin;
    const r = (p.preFilter as NonNullable<SchedulerPlugin['preFilter']>)(state, pod, snapshot);
    const code = r.status.code;
    if (code === 'Skip') { state.skipFilterPlugins.add(p.name); continue; }
    if (code !== 'Success') {
      if (code === 'Unschedulable' || code === 'UnschedulableAndUnresolvable') d.unschedulablePlugins.add(p.name);
      out.status = withPlugin(r.status, p.name);
      out.nodeNames = undefined;
      return out;
    }
    const names = r.nodeNames;
    if (names !== undefined) {
      (out.narrowedBy ??= []).push(p.name);
      const cur: Set<string> | undefined = out.nodeNames;
      out.nodeNames = cur === undefined ? new Set<string>(names) : new Set([...cur].filter((n: string) => names.has(n)));
    }
  }
  return out;
}

interface FilterOutcome { feasible: NodeInfo[]; evaluated: number; error?: Status }

/**
 * Visits nodes from the rotating start until `toFind` feasible nodes are found (§1.6), running the
 * cycle's fused Filter (first failing plugin wins) on each.
 */
function findFeasible(fw: Framework, state: CycleState, pod: PodInfo, snapshot: Snapshot, nodes: readonly NodeInfo[], toFind: number,
  d: Diagnosis, explain: Record<string, NodeExplain> | undefined): FilterOutcome {
  const n = nodes.length;
  const start = fw.nextStartNodeIndex % n;
  const feasible = fw.scratch.feasible;
  let found = 0;
  const filters = explain === undefined ? [] : fw.points.filter.filter((p) => !state.skipFilterPlugins.has(p.name));
  // the nodes some pod is nominated to (a handful): only there do filters run with nominated pods added
  const nominated = fw.nominator.size === 0 ? undefined : nominatedNodes(fw.nominator, snapshot);
  if (explain === undefined && nominated === undefined) {
    // the hot path: the compiled loop with every enabled Filter inlined
    const o = fw.scratch.find;
    let mask = fw.compiledFind.mask(state.skipFilterPlugins);
    const ps = fw.points.filter;
    for (let i = 0; i < ps.length; i++) {
      // a Filter that passes every node this cycle (no cordoned node, no NoSchedule taint …) decides nothing
      const p = ps[i] as SchedulerPlugin;
      if ((mask & (1 << i)) !== 0 && p.alwaysPasses !== undefined && p.alwaysPasses(state, pod, snapshot)) mask &= ~(1 << i);
    }
    fw.compiledFind.getMask(mask)(state, pod, nodes, start, toFind, feasible, d, o);
    found = o.found;
    if (feasible.length !== found) feasible.length = found;
    if (o.error !== undefined) return { feasible, evaluated: o.evaluated, error: o.error };
    fw.nextStartNodeIndex = (start + o.evaluated) % n;
    return { feasible, evaluated: o.evaluated };
  }
  // explain, or nominated pods: a look per node
  const run = fw.compiledFilter.get(state.skipFilterPlugins);
  let k = 0;
  for (; k < n && found < toFind; k++) {
    let idx = start + k;
    if (idx >= n) idx -= n;
    const node = nodes[idx] as NodeInfo;
    const st = explain !== undefined ? (explainFilters(filters, state, pod, node, explain) ?? SUCCESS)
      : (nominated as Set<NodeInfo>).has(node) ? fw.runFilterPluginsWithNominatedPods(state, pod, node)
        : run(state, pod, node);
    if (st === SUCCESS || st.code === 'Success') { feasible[found++] = node; continue; }
    if (st.code === 'Error') { feasible.length = found; return { feasible, evaluated: k + 1, error: st }; }
    rejectNode(d, node, st, nodes, idx);
  }
  fw.nextStartNodeIndex = (start + k) % n;
  if (feasible.length !== found) feasible.length = found;
  return { feasible, evaluated: k };
}

/** The snapshot's nodes that pods are nominated to. */
function nominatedNodes(nominator: Nominator, snapshot: Snapshot): Set<NodeInfo> {
  const out = new Set<NodeInfo>();
  for (const name of nominator.nodeNames()) {
    const n = snapshot.get(name);
    if (n !== undefined) out.add(n);
  }
  return out;
}

function explainFilters(filters: readonly SchedulerPlugin[], state: CycleState, pod: PodInfo, node: NodeInfo,
  explain: Record<string, NodeExplain>): Status | null {
  const rec: NodeExplain = { feasible: true, filter: {}, scores: {}, total: 0 };
  explain[node.name] = rec;
  let first: Status | null = null;
  for (const p of filters) {
    const st = (p.filter as NonNullable<SchedulerPlugin['filter']>)(state, pod, node);
    rec.filter[p.name] = st.reasons.length > 0 ? { code: st.code, reasons: st.reasons } : { code: st.code };
    if (st.code !== 'Success' && first === null) first = withPlugin(st, p.name);
  }
  rec.feasible = first === null;
  return first;
}

/** Upstream `selectHost`: the highest total; ties broken by reservoir sampling with `random`. */
export function selectHost(nodes: readonly NodeInfo[], totals: ArrayLike<number>, random: () => number): NodeInfo {
  let best = 0;
  let bestScore = totals[0] as number;
  let ties = 1;
  for (let i = 1; i < nodes.length; i++) {
    const s = totals[i] as number;
    if (s > bestScore) { bestScore = s; best = i; ties = 1; }
    else if (s === bestScore) { ties++; if (random() * ties < 1) best = i; }
  }
  return nodes[best] as NodeInfo;
}

function failure(fw: Framework, state: CycleState, pod: PodInfo, snapshot: Snapshot, d: Diagnosis, status: Status,
  evaluated: number, explain: Record<string, NodeExplain> | undefined): ScheduleResult {
  let nominated: string | undefined;
  let victims: readonly Pod[] | undefined;
  if (status.code === 'Unschedulable' || status.code === 'UnschedulableAndUnresolvable') {
    for (const p of fw.points.postFilter) {
      const r = (p.postFilter as NonNullable<SchedulerPlugin['postFilter']>)(state, pod, snapshot, nodeStatusesOf(d));
      if (r.status.reasons.length > 0) d.postFilterMsg = r.status.reasons.join(', ');
      if (r.status.code === 'Success') { nominated = r.nominatedNodeName; victims = r.victims; break; }
      if (r.status.code === 'Error') break;
    }
  }
  const message = status.code === 'Error' ? status.reasons.join(', ') : fitErrorMessage(snapshot.numNodes, d);
  return {
    selectedNode: null, status, feasibleNodes: 0, evaluatedNodes: evaluated, diagnosis: d, message, state, podInfo: pod,
    ...(nominated !== undefined ? { nominatedNodeName: nominated } : {}),
    ...(victims !== undefined ? { victims } : {}),
    ...(explain !== undefined ? { explain: { nodes: explain } } : {}),
  };
}

/**
 * Runs one scheduling cycle for `pod` against `snapshot`: PreFilter, Filter over a sampled rotating window
 * of nodes (§1.6), PostFilter when nothing fits (§1.7), PreScore / Score / NormalizeScore (§1.5), selectHost.
 *
 * @remarks
 * Pure except for `fw.nextStartNodeIndex`, which advances as upstream's does. Reserve / Permit / Bind and
 * assuming the pod in the cache are left to the caller (the scheduler actor).
 *
 * @example
 * ```ts
 * const cache = new SchedulerCache();
 * cache.addNode({ metadata: { name: 'n1' }, status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' } } });
 * const r = schedulePod(createFramework(), cache.snapshot, pod, { random: () => 0.5 });
 * r.selectedNode; // 'n1'
 * ```
 */
export function schedulePod(fw: Framework, snapshot: Snapshot, pod: Pod | PodInfo, opts: ScheduleOptions): ScheduleResult {
  const pi = pod instanceof PodInfo ? pod : new PodInfo(pod);
  const state = new CycleState();
  state.random = opts.random;
  const d = newDiagnosis();
  const explain = opts.explain === true ? {} as Record<string, NodeExplain> : undefined;
  const all = snapshot.list();
  if (all.length === 0) {
    const st = newStatus('Error', '', 'no nodes available to schedule pods');
    return { selectedNode: null, status: st, feasibleNodes: 0, evaluatedNodes: 0, diagnosis: d, message: 'no nodes available to schedule pods', state, podInfo: pi };
  }
  const pre = runPreFilter(fw, state, pi, snapshot, d, fw.scratch.preFilter);
  if (pre.status.code !== 'Success') {
    if (pre.status.code === 'Error') return failure(fw, state, pi, snapshot, d, pre.status, 0, explain);
    d.preFilterMsg = pre.status.reasons.join(', ');
    for (const n of all) d.nodeToStatus.set(n.name, pre.status);
    return failure(fw, state, pi, snapshot, d, pre.status, 0, explain);
  }
  const nodes = pre.nodeNames === undefined ? all : all.filter((n) => pre.nodeNames?.has(n.name));
  if (pre.nodeNames !== undefined) {
    const st = newStatus('UnschedulableAndUnresolvable', '', `node(s) didn't satisfy plugin(s) [${(pre.narrowedBy ?? []).sort().join(' ')}]`);
    for (const n of all) if (!pre.nodeNames.has(n.name)) d.nodeToStatus.set(n.name, st);
  }
  const toFind = numFeasibleNodesToFind(fw.percentageOfNodesToScore ?? opts.percentageOfNodesToScore, nodes.length);
  const out = nodes.length === 0 ? { feasible: [], evaluated: 0 } : findFeasible(fw, state, pi, snapshot, nodes, toFind, d, explain);
  const evaluated = out.evaluated + (all.length - nodes.length);
  if (out.error !== undefined) return failure(fw, state, pi, snapshot, d, out.error, evaluated, explain);
  const feasible = out.feasible;
  if (feasible.length === 0) {
    let code: Status['code'] = 'UnschedulableAndUnresolvable';
    for (const st of diagnosisStatuses(d)) if (st.code === 'Unschedulable') { code = 'Unschedulable'; break; }
    return failure(fw, state, pi, snapshot, d, newStatus(code, ''), evaluated, explain);
  }
  let selected: NodeInfo;
  if (feasible.length === 1) {
    selected = feasible[0] as NodeInfo;
  } else {
    const pr = prioritizeNodes(fw, state, pi, feasible, snapshot, explain);
    if (pr.error !== undefined) return failure(fw, state, pi, snapshot, d, pr.error, evaluated, explain);
    selected = selectHost(feasible, pr.totals, opts.random);
  }
  if (explain !== undefined) {
    return {
      selectedNode: selected.name, status: SUCCESS, feasibleNodes: feasible.length, evaluatedNodes: evaluated,
      diagnosis: d, state, podInfo: pi, explain: { nodes: explain },
    };
  }
  return { selectedNode: selected.name, status: SUCCESS, feasibleNodes: feasible.length, evaluatedNodes: evaluated, diagnosis: d, state, podInfo: pi };
}

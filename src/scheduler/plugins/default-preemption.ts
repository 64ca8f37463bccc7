/**
 * DefaultPreemption: the PostFilter that nominates a node and picks victims among lower-priority pods (§1.7).
 *
 * @packageDocumentation
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { CycleState } from '../framework/cycle-state.js';
import { fitErrorMessage, newDiagnosis, rejectNode, statusesAlignedTo } from '../framework/diagnosis.js';
import type { FrameworkHandle, PostFilterResult, SchedulerPlugin } from '../framework/interface.js';
import type { NodeInfo } from '../framework/node-info.js';
import type { PodInfo } from '../framework/pod-info.js';
import type { Snapshot } from '../framework/snapshot.js';
import { newStatus, SUCCESS, type Status } from '../framework/status.js';
import { Names } from './names.js';
import { filterPodsWithPDBViolation, pdbBudgets, type PdbBudget } from './pdb.js';

/** `minCandidateNodesPercentage` / `minCandidateNodesAbsolute` defaults. */
export const MIN_CANDIDATE_NODES_PERCENTAGE = 10;
export const MIN_CANDIDATE_NODES_ABSOLUTE = 100;
/** Reason for nodes whose failure preemption cannot fix. */
export const ERR_NOT_HELPFUL = 'Preemption is not helpful for scheduling';
/** Reason for nodes without lower-priority pods. */
export const ERR_NO_VICTIMS = 'No preemption victims found for incoming pod';

/** One candidate node with its victims. */
export interface PreemptionCandidate {
  readonly node: string;
  /** Victims, most important first. */
  readonly victims: readonly PodInfo[];
  readonly numPDBViolations: number;
}

const MAX_INT32 = 2147483647;

function startTime(p: PodInfo): string {
  return p.pod.status?.startTime ?? '\uffff'; // no start time: "now", the latest possible
}

/** Upstream `MoreImportantPod`: higher priority, then earlier start. */
function moreImportant(a: PodInfo, b: PodInfo): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  const sa = startTime(a);
  const sb = startTime(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** Puts `p` back on the node; if the pod no longer fits, takes it off again as a victim. True if reprieved. */
function reprieve(fh: FrameworkHandle, state: CycleState, pod: PodInfo, node: NodeInfo, p: PodInfo, victims: PodInfo[]): boolean {
  node.addPod(p);
  fh.runPreFilterAddPod(state, pod, p, node);
  if (fh.runFilterPluginsWithNominatedPods(state, pod, node).code === 'Success') return true;
  node.removePod(p.key);
  fh.runPreFilterRemovePod(state, pod, p, node);
  victims.push(p);
  return false;
}

/**
 * Upstream `SelectVictimsOnNode` (§1.7): remove every lower-priority pod; if the pod then fits, reprieve the
 * removed pods from the most important down — first those whose eviction would violate a PDB, then the rest —
 * keeping as victims only those whose return makes the pod not fit. Victims come back most important first,
 * with the number of PDB-violating ones.
 */
export function selectVictimsOnNode(fh: FrameworkHandle, state: CycleState, pod: PodInfo, node: NodeInfo,
  budgets: readonly PdbBudget[] = []): { victims: PodInfo[]; numPDBViolations: number; status: Status } {
  const potential = node.pods.filter((p) => p.priority < pod.priority);
  if (potential.length === 0) return { victims: [], numPDBViolations: 0, status: newStatus('UnschedulableAndUnresolvable', Names.DefaultPreemption, ERR_NO_VICTIMS) };
  for (const p of potential) { node.removePod(p.key); fh.runPreFilterRemovePod(state, pod, p, node); }
  const fits = fh.runFilterPluginsWithNominatedPods(state, pod, node);
  if (fits.code !== 'Success') return { victims: [], numPDBViolations: 0, status: fits };
  potential.sort(moreImportant);
  const { violating, nonViolating } = filterPodsWithPDBViolation(potential, budgets);
  const victims: PodInfo[] = [];
  let numPDBViolations = 0;
  for (const p of violating) if (!reprieve(fh, state, pod, node, p, victims)) numPDBViolations++;
  for (const p of nonViolating) reprieve(fh, state, pod, node, p, victims);
  if (violating.length > 0 && nonViolating.length > 0) victims.sort(moreImportant);
  return { victims, numPDBViolations, status: SUCCESS };
}

/** Criteria 2–5 of {@link pickOneNodeForPreemption}, each minimized in turn. */
const PICK_KEYS: readonly ((c: PreemptionCandidate) => number)[] = [
  (c) => c.numPDBViolations,
  (c) => c.victims[0]?.priority ?? 0,
  (c) => c.victims.reduce((s, v) => s + v.priority + MAX_INT32 + 1, 0),
  (c) => c.victims.length,
];

/** The earliest start time among the candidate's highest-priority victims (criterion 6). */
function earliest(c: PreemptionCandidate): string {
  const top = c.victims[0]?.priority;
  let e = '\uffff';
  for (const v of c.victims) if (v.priority === top && startTime(v) < e) e = startTime(v);
  return e;
}

/** Upstream `pickOneNodeForPreemption` (§1.7 criteria 1–6). */
export function pickOneNodeForPreemption(candidates: readonly PreemptionCandidate[]): PreemptionCandidate | undefined {
  const zero = candidates.find((c) => c.victims.length === 0);
  if (zero !== undefined) return zero;
  let rest = [...candidates];
  for (const key of PICK_KEYS) {
    let best: number | undefined;
    for (const c of rest) { const k = key(c); if (best === undefined || k < best) best = k; }
    rest = rest.filter((c) => key(c) === best);
    if (rest.length === 1) return rest[0];
  }
  let pick = rest[0];
  for (const c of rest) if (pick !== undefined && earliest(c) > earliest(pick)) pick = c;
  return pick;
}

/**
 * Creates DefaultPreemption (args `minCandidateNodesPercentage`, `minCandidateNodesAbsolute`).
 *
 * @remarks
 * PodDisruptionBudgets come from {@link Snapshot.pdbs}; their allowed disruptions are computed as the
 * disruption controller would when their status does not say (see `pdb.ts`).
 *
 * @example
 * ```ts
 * const dp = newDefaultPreemption({}, framework);
 * ```
 */
export function newDefaultPreemption(args: unknown, fh: FrameworkHandle): SchedulerPlugin {
  const a = (args ?? {}) as { minCandidateNodesPercentage?: number; minCandidateNodesAbsolute?: number };
  const pct = a.minCandidateNodesPercentage ?? MIN_CANDIDATE_NODES_PERCENTAGE;
  const abs = a.minCandidateNodesAbsolute ?? MIN_CANDIDATE_NODES_ABSOLUTE;
  const notHelpful = newStatus('UnschedulableAndUnresolvable', Names.DefaultPreemption, ERR_NOT_HELPFUL);
  const fail = (msg: string): PostFilterResult => ({ status: newStatus('Unschedulable', Names.DefaultPreemption, `preemption: ${msg}`) });
  const plugin = {
    name: Names.DefaultPreemption,
    postFilter(state: CycleState, pod: PodInfo, snapshot: Snapshot, statuses: ReadonlyMap<string, Status>): PostFilterResult {
      if (pod.pod.spec?.preemptionPolicy === 'Never') return fail('not eligible due to preemptionPolicy=Never.');
      // Upstream `PodEligibleToPreemptOthers`: a pod already nominated to a node where a lower-priority pod is
      // still terminating waits for that pod to go instead of preempting again.
      const nominated = pod.pod.status?.nominatedNodeName;
      if (nominated !== undefined && nominated !== '' &&
        snapshot.get(nominated)?.pods.some((p) => p.terminating && p.priority < pod.priority) === true) {
        return fail('not eligible due to a terminating pod on the nominated node.');
      }
      const all = snapshot.list();
      const d = newDiagnosis();
      const potential: NodeInfo[] = [];
      const byPosition = statusesAlignedTo(statuses, all);
      for (let i = 0; i < all.length; i++) {
        const n = all[i] as NodeInfo;
        const st = byPosition[i];
        if (st === undefined || st.code === 'UnschedulableAndUnresolvable') rejectNode(d, n, notHelpful);
        else potential.push(n);
      }
      const candidates: PreemptionCandidate[] = [];
      const budgets = potential.length > 0 ? pdbBudgets(snapshot.pdbs, snapshot) : [];
      if (potential.length > 0) {
        const n = potential.length;
        const want = Math.min(n, Math.max(Math.trunc((n * pct) / 100), abs));
        const offset = Math.floor(state.random() * n);
        for (let i = 0; i < n && candidates.length < want; i++) {
          const node = potential[(offset + i) % n] as NodeInfo;
          const r = selectVictimsOnNode(fh, state.clone(), pod, node.clone(), budgets);
          if (r.status.code === 'Success' && r.victims.length > 0) candidates.push({ node: node.name, victims: r.victims, numPDBViolations: r.numPDBViolations });
          else if (r.status.code === 'Success') rejectNode(d, node, newStatus('Error', Names.DefaultPreemption, `expected at least one victim pod on node "${node.name}"`));
          else rejectNode(d, node, r.status);
        }
      }
      const best = pickOneNodeForPreemption(candidates);
      if (best === undefined) return fail(fitErrorMessage(all.length, d));
      const victims: Pod[] = best.victims.map((v) => v.pod);
      return { status: SUCCESS, nominatedNodeName: best.node, victims };
    },
  } satisfies SchedulerPlugin;
  return plugin;
}

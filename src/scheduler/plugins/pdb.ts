/**
 * PodDisruptionBudgets as DefaultPreemption sees them: how many disruptions each allows, and which victims
 * would violate one (upstream `filterPodsWithPDBViolation`, §1.7).
 *
 * @remarks
 * kubesim has no disruption controller, so nothing writes `status.disruptionsAllowed`. When a PDB carries
 * that field (e.g. manifests captured from a real cluster) it is used as is; otherwise the scheduler computes
 * it the way the disruption controller would: `max(0, currentHealthy − desiredHealthy)`, where currentHealthy
 * counts the matching pods (same namespace, selector) that are Ready and not terminating, and desiredHealthy is
 * `minAvailable` (an integer), or `⌈minAvailable% × expected⌉`, or `expected − ⌈maxUnavailable(%) × expected⌉`.
 * Shortcut: upstream takes `expected` from the owning controllers' scale (replicas); kubesim uses the number of
 * matching pods, which is the same once a workload has all its pods.
 *
 * @packageDocumentation
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { compileLabelSelector, type CompiledSelector } from '../../api/selectors/index.js';
import type { PodInfo } from '../framework/pod-info.js';
import type { Snapshot } from '../framework/snapshot.js';

/** A PDB with its compiled selector and the disruptions it allows now. */
export interface PdbBudget {
  readonly pdb: PodDisruptionBudget;
  readonly namespace: string;
  /** Undefined when the selector is empty, missing or invalid (then it matches no pod, as upstream). */
  readonly selector: CompiledSelector | undefined;
  readonly disruptionsAllowed: number;
}

function isReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;
}

/** Upstream `GetScaledValueFromIntOrPercent(v, total, roundUp=true)`. */
function scaled(v: number | string, total: number): number {
  if (typeof v === 'number') return v;
  const pct = Number(v.replace(/%$/, ''));
  return Number.isFinite(pct) ? Math.ceil((pct * total) / 100) : 0;
}

/**
 * Disruptions a PDB allows over the given matching pods (the disruption controller's arithmetic; see the
 * module remarks for the `expected` shortcut).
 *
 * @example
 * ```ts
 * computeDisruptionsAllowed({ spec: { minAvailable: 2 } }, threeReadyPods); // 1
 * ```
 */
export function computeDisruptionsAllowed(pdb: PodDisruptionBudget, matching: readonly Pod[]): number {
  let healthy = 0;
  for (const p of matching) if (p.metadata?.deletionTimestamp === undefined && isReady(p)) healthy++;
  const expected = matching.length;
  const spec = pdb.spec ?? {};
  let desired = 0;
  if (spec.maxUnavailable !== undefined) desired = Math.max(0, expected - scaled(spec.maxUnavailable, expected));
  else if (spec.minAvailable !== undefined) desired = scaled(spec.minAvailable, expected);
  return Math.max(0, healthy - desired);
}

function compile(pdb: PodDisruptionBudget): CompiledSelector | undefined {
  try {
    const s = compileLabelSelector(pdb.spec?.selector, { nilMatches: 'nothing' });
    return s.empty || s.nothing ? undefined : s;
  } catch {
    return undefined; // upstream: a selector that does not parse is skipped
  }
}

/** The snapshot's PDBs with the disruptions each allows (computed over all pods in the snapshot when unset). */
export function pdbBudgets(pdbs: readonly PodDisruptionBudget[], snapshot: Snapshot): PdbBudget[] {
  if (pdbs.length === 0) return [];
  const budgets = pdbs.map((pdb) => ({ pdb, namespace: pdb.metadata?.namespace ?? 'default', selector: compile(pdb) }));
  const matching = budgets.map(() => [] as Pod[]);
  const needCount = budgets.some((b) => b.pdb.status?.disruptionsAllowed === undefined && b.selector !== undefined);
  if (needCount) {
    for (const n of snapshot.list()) {
      for (const p of n.pods) {
        budgets.forEach((b, i) => {
          if (b.selector !== undefined && b.namespace === p.namespace && b.selector.matches(p.pod.metadata?.labels)) matching[i]?.push(p.pod);
        });
      }
    }
  }
  return budgets.map((b, i) => ({
    ...b, disruptionsAllowed: b.pdb.status?.disruptionsAllowed ?? computeDisruptionsAllowed(b.pdb, matching[i] ?? []),
  }));
}

/**
 * Upstream `filterPodsWithPDBViolation`: walking the pods in order, each matching PDB's budget is decremented
 * (unless the pod is already in its `status.disruptedPods`); a pod that takes a budget below zero violates.
 */
export function filterPodsWithPDBViolation(pods: readonly PodInfo[], budgets: readonly PdbBudget[]): { violating: PodInfo[]; nonViolating: PodInfo[] } {
  const allowed = budgets.map((b) => b.disruptionsAllowed);
  const violating: PodInfo[] = [];
  const nonViolating: PodInfo[] = [];
  for (const p of pods) {
    const labels = p.pod.metadata?.labels;
    let violated = false;
    if (labels !== undefined && Object.keys(labels).length > 0) {
      budgets.forEach((b, i) => {
        if (b.namespace !== p.namespace || b.selector === undefined || !b.selector.matches(labels)) return;
        if (b.pdb.status?.disruptedPods?.[p.pod.metadata?.name ?? ''] !== undefined) return;
        const left = (allowed[i] ?? 0) - 1;
        allowed[i] = left;
        if (left < 0) violated = true;
      });
    }
    (violated ? violating : nonViolating).push(p);
  }
  return { violating, nonViolating };
}

/**
 * PodTopologySpread shared parts: args, constraint compilation, node inclusion policies, counting.
 *
 * @packageDocumentation
 */
import type { TopologySpreadConstraint } from 'kubernetes-types/core/v1.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import type { FieldError } from '../../../api/errors.js';
import { compileSelector, type Selector } from '../../_internal/selector.js';
import type { NodeMatcher } from '../../_internal/node-selector.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { untoleratedTaint } from '../taint-toleration.js';

/** `PodTopologySpreadArgs`. */
export interface PodTopologySpreadArgs {
  /** Constraints for pods that define none (only with `defaultingType: List`). */
  readonly defaultConstraints?: readonly TopologySpreadConstraint[];
  /** @defaultValue 'System' */
  readonly defaultingType?: 'System' | 'List';
}

/** The system default constraints (§1.5.6). */
export const SYSTEM_DEFAULT_CONSTRAINTS: readonly TopologySpreadConstraint[] = [
  { maxSkew: 3, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway' },
  { maxSkew: 5, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' },
];

/** A compiled constraint (upstream `topologySpreadConstraint`). */
export interface Constraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly selector: Selector;
  readonly minDomains: number;
  readonly honorNodeAffinity: boolean;
  readonly honorNodeTaints: boolean;
  /** What the matching-pod counts depend on (topology key, selector, matchLabelKeys values): a cache key. */
  readonly signature: string;
}

/** Validates args; field paths are relative to `args`. */
export function validateSpreadArgs(a: PodTopologySpreadArgs): FieldError[] {
  const errs: FieldError[] = [];
  const dt = a.defaultingType ?? 'System';
  if (dt !== 'System' && dt !== 'List') errs.push({ field: 'defaultingType', type: 'Unsupported value', value: dt, detail: 'supported values: "List", "System"' });
  if (dt === 'System' && (a.defaultConstraints?.length ?? 0) > 0) {
    errs.push({ field: 'defaultingType', type: 'Invalid value', value: dt, detail: 'when .defaultConstraints are not empty' });
  }
  const seen = new Set<string>();
  (a.defaultConstraints ?? []).forEach((c, i) => {
    const p = `defaultConstraints[${i}]`;
    if (!(c.maxSkew > 0)) errs.push({ field: `${p}.maxSkew`, type: 'Invalid value', value: c.maxSkew, detail: 'must be greater than zero' });
    if (c.topologyKey === '') errs.push({ field: `${p}.topologyKey`, type: 'Required value', detail: 'can not be empty' });
    if (c.whenUnsatisfiable !== 'DoNotSchedule' && c.whenUnsatisfiable !== 'ScheduleAnyway') {
      errs.push({ field: `${p}.whenUnsatisfiable`, type: 'Unsupported value', value: c.whenUnsatisfiable, detail: 'supported values: "DoNotSchedule", "ScheduleAnyway"' });
    }
    const key = `${c.topologyKey}\u0000${c.whenUnsatisfiable}`;
    if (seen.has(key)) errs.push({ field: p, type: 'Duplicate value', value: { topologyKey: c.topologyKey, whenUnsatisfiable: c.whenUnsatisfiable } });
    seen.add(key);
    if (c.labelSelector !== undefined) errs.push({ field: `${p}.labelSelector`, type: 'Forbidden', detail: 'constraint must not define a selector, as they deduced for each pod' });
  });
  return errs;
}

function compile(c: TopologySpreadConstraint, pod: PodInfo, selector: LabelSelector | undefined): Constraint {
  const extra: Record<string, string> = {};
  for (const k of c.matchLabelKeys ?? []) { const v = pod.labels[k]; if (v !== undefined) extra[k] = v; }
  return {
    maxSkew: c.maxSkew,
    topologyKey: c.topologyKey,
    selector: compileSelector(selector, extra),
    minDomains: c.minDomains ?? 1,
    honorNodeAffinity: (c.nodeAffinityPolicy ?? 'Honor') === 'Honor',
    honorNodeTaints: (c.nodeTaintsPolicy ?? 'Ignore') === 'Honor',
    signature: JSON.stringify([c.topologyKey, selector ?? null, extra]),
  };
}

/** ANDs several selectors (the workloads selecting a pod, upstream `helper.DefaultSelector`). */
export function mergeSelectors(sels: readonly LabelSelector[]): LabelSelector | undefined {
  if (sels.length === 0) return undefined;
  const matchLabels: Record<string, string> = {};
  const matchExpressions = [];
  for (const s of sels) {
    Object.assign(matchLabels, s.matchLabels ?? {});
    matchExpressions.push(...(s.matchExpressions ?? []));
  }
  if (Object.keys(matchLabels).length === 0 && matchExpressions.length === 0) return undefined;
  return { matchLabels, matchExpressions };
}

/**
 * The pod's constraints with `whenUnsatisfiable === action`; when the pod has none, the default constraints
 * with a selector built from the workloads selecting the pod (none if nothing selects it).
 */
export function podConstraints(pod: PodInfo, action: 'DoNotSchedule' | 'ScheduleAnyway',
  defaults: readonly TopologySpreadConstraint[], workloadSelector: LabelSelector | undefined): Constraint[] {
  const own = pod.pod.spec?.topologySpreadConstraints ?? [];
  if (own.length > 0) return own.filter((c) => c.whenUnsatisfiable === action).map((c) => compile(c, pod, c.labelSelector));
  if (workloadSelector === undefined) return [];
  return defaults.filter((c) => c.whenUnsatisfiable === action).map((c) => compile(c, pod, workloadSelector));
}

/** True if the node carries every constraint's topology key. */
export function hasAllKeys(node: NodeInfo, cs: readonly Constraint[]): boolean {
  for (const c of cs) if (node.labels[c.topologyKey] === undefined) return false;
  return true;
}

/** Upstream `matchNodeInclusionPolicies`. */
export function included(c: Constraint, pod: PodInfo, node: NodeInfo, affinity: NodeMatcher | undefined): boolean {
  if (c.honorNodeAffinity && affinity !== undefined && !affinity(node)) return false;
  if (c.honorNodeTaints && untoleratedTaint(node.taints, pod.pod.spec?.tolerations ?? []) !== undefined) return false;
  return true;
}

/** Matching, non-terminating pods of `namespace` on the node (upstream `countPodsMatchSelector`). */
export function countMatching(pods: readonly PodInfo[], selector: Selector, namespace: string): number {
  let n = 0;
  for (const p of pods) {
    if (p.namespace !== namespace || p.terminating) continue;
    if (selector.matches(p.labels)) n++;
  }
  return n;
}

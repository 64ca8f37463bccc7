/**
 * Deployment arithmetic and bookkeeping, as upstream `deployment/util/deployment_util.go`
 * (kubernetes-behaviour.md §2.2, §2.3, §2.5).
 *
 * @packageDocumentation
 */
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { IntOrString } from '../../api/kinds/intstr.js';
import { percentValue } from '../../api/kinds/intstr.js';
import { roundHalfAwayFromZero, timeOf } from '../_internal/pods.js';

/**
 * The revision of a ReplicaSet (and the Deployment's current one).
 *
 * @remarks A decimal string; a new or reused ReplicaSet gets `max(old revisions) + 1`.
 * @example
 * ```ts
 * rs.metadata?.annotations?.[REVISION_ANNOTATION]; // '2'
 * ```
 */
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
/**
 * Earlier revisions a reused ReplicaSet had, comma-separated.
 *
 * @remarks Set when a rollback makes an old ReplicaSet new again; kept under 2000 characters.
 * @example
 * ```ts
 * rs.metadata?.annotations?.[REVISION_HISTORY_ANNOTATION]; // '1'
 * ```
 */
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
/**
 * `spec.replicas` of the Deployment when the ReplicaSet was last scaled.
 *
 * @remarks An active ReplicaSet whose value differs from `spec.replicas` marks a scaling event.
 * @example
 * ```ts
 * rs.metadata?.annotations?.[DESIRED_REPLICAS_ANNOTATION]; // '10'
 * ```
 */
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
/**
 * `replicas + maxSurge` of the Deployment when the ReplicaSet was last scaled.
 *
 * @remarks The base of proportional scaling ({@link replicaSetFraction}).
 * @example
 * ```ts
 * rs.metadata?.annotations?.[MAX_REPLICAS_ANNOTATION]; // '13'
 * ```
 */
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';

/**
 * `GetScaledValueFromIntOrPercent`: an int as is; a percent of `total`, rounded up or down.
 *
 * @remarks Percent strings must be digits followed by `%`; anything else counts as 0% (validation rejects it).
 * @example
 * ```ts
 * scaledValue('25%', 10, true); // 3
 * scaledValue('25%', 10, false); // 2
 * ```
 */
export function scaledValue(v: IntOrString | undefined, total: number, roundUp: boolean): number {
  if (v === undefined) return 0;
  if (typeof v === 'number') return v;
  const p = percentValue(v) ?? 0;
  const x = (p * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

/**
 * `ResolveFenceposts`: absolute maxSurge (rounded up) and maxUnavailable (rounded down) for `desired`
 * replicas; when both are 0, maxUnavailable becomes 1.
 *
 * @remarks Absent values default to 25%, as the API defaults them.
 * @example
 * ```ts
 * resolveFenceposts('25%', '25%', 10); // { maxSurge: 3, maxUnavailable: 2 }
 * resolveFenceposts('0%', '10%', 5); // { maxSurge: 0, maxUnavailable: 1 }
 * ```
 */
export function resolveFenceposts(maxSurge: IntOrString | undefined, maxUnavailable: IntOrString | undefined, desired: number): { maxSurge: number; maxUnavailable: number } {
  const surge = scaledValue(maxSurge ?? '25%', desired, true);
  const unavailable = scaledValue(maxUnavailable ?? '25%', desired, false);
  return { maxSurge: surge, maxUnavailable: surge === 0 && unavailable === 0 ? 1 : unavailable };
}

function isRollingUpdate(d: Deployment): boolean {
  return (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

/** `spec.replicas` (default 1). */
export function replicasOf(obj: Deployment | ReplicaSet | undefined): number {
  return obj?.spec?.replicas ?? 1;
}

/**
 * `MaxUnavailable(d)`: 0 for Recreate or 0 replicas; else the resolved value capped at `replicas`.
 *
 * @remarks `replicas − MaxUnavailable(d)` is the availability the rollout keeps (and the Available condition's bar).
 * @example
 * ```ts
 * maxUnavailable({ spec: { replicas: 10, selector: {}, template: {} } }); // 2 (25% rounded down)
 * ```
 */
export function maxUnavailable(d: Deployment): number {
  const replicas = replicasOf(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  const ru = d.spec?.strategy?.rollingUpdate;
  const { maxUnavailable: mu } = resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, replicas);
  return Math.min(mu, replicas);
}

/**
 * `MaxSurge(d)`: 0 for Recreate; else the resolved value.
 *
 * @remarks `replicas + MaxSurge(d)` bounds the sum of the ReplicaSets' `spec.replicas` during a rollout.
 * @example
 * ```ts
 * maxSurge({ spec: { replicas: 10, selector: {}, template: {} } }); // 3 (25% rounded up)
 * ```
 */
export function maxSurge(d: Deployment): number {
  if (!isRollingUpdate(d)) return 0;
  const ru = d.spec?.strategy?.rollingUpdate;
  return resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, replicasOf(d)).maxSurge;
}

/** Σ `spec.replicas`. */
export function specReplicas(rss: readonly ReplicaSet[]): number {
  let n = 0;
  for (const rs of rss) n += rs.spec?.replicas ?? 1;
  return n;
}

/** Σ `status.replicas` (`GetActualReplicaCountForReplicaSets`). */
export function actualReplicas(rss: readonly ReplicaSet[]): number {
  let n = 0;
  for (const rs of rss) n += rs.status?.replicas ?? 0;
  return n;
}

/** Σ `status.availableReplicas`. */
export function availableReplicas(rss: readonly ReplicaSet[]): number {
  let n = 0;
  for (const rs of rss) n += rs.status?.availableReplicas ?? 0;
  return n;
}

/**
 * `NewRSNewReplicas`: the new ReplicaSet's size after one scale-up step.
 *
 * @remarks
 * RollingUpdate: with `current = Σ spec.replicas` and `maxTotal = replicas + maxSurge`, keep the size when
 * `current ≥ maxTotal`, else grow by `min(maxTotal − current, replicas − new)`. Recreate: `replicas`.
 *
 * @example
 * ```ts
 * // 10 replicas, 25%/25%: the old ReplicaSet has 10, the new one 0 → the new one goes to 3
 * newReplicaSetReplicas(d, [oldRs, newRs], newRs); // 3
 * ```
 */
export function newReplicaSetReplicas(d: Deployment, all: readonly ReplicaSet[], newRS: ReplicaSet): number {
  const replicas = replicasOf(d);
  if (!isRollingUpdate(d)) return replicas;
  const current = specReplicas(all);
  const maxTotal = replicas + scaledValue(d.spec?.strategy?.rollingUpdate?.maxSurge ?? '25%', replicas, true);
  const size = replicasOf(newRS);
  if (current >= maxTotal) return size;
  return size + Math.min(maxTotal - current, replicas - size);
}

function intAnnotation(rs: ReplicaSet, key: string): number | undefined {
  const v = rs.metadata?.annotations?.[key];
  if (v === undefined || !/^-?\d+$/.test(v)) return undefined;
  return Number(v);
}

/** The revision of a ReplicaSet (0 when absent or malformed). */
export function revisionOf(rs: ReplicaSet | Deployment): number {
  return intAnnotation(rs as ReplicaSet, REVISION_ANNOTATION) ?? 0;
}

/** `GetDesiredReplicasAnnotation`. */
export function desiredReplicasAnnotation(rs: ReplicaSet): number | undefined {
  return intAnnotation(rs, DESIRED_REPLICAS_ANNOTATION);
}

/** Whether the desired/max annotations differ from these values. */
export function replicasAnnotationsNeedUpdate(rs: ReplicaSet, desired: number, max: number): boolean {
  const a = rs.metadata?.annotations;
  return a?.[DESIRED_REPLICAS_ANNOTATION] !== String(desired) || a[MAX_REPLICAS_ANNOTATION] !== String(max);
}

/**
 * `getReplicaSetFraction`: how much a ReplicaSet grows or shrinks when the Deployment is scaled mid-rollout.
 *
 * @remarks
 * `round(rs × (replicas + maxSurge) / annotatedMax) − rs` (halves away from zero, as Go's `math.Round`);
 * `−rs` when scaling to 0; without a max-replicas annotation the base is `status.replicas`, and 0 without both.
 * @example
 * ```ts
 * // a ReplicaSet of 8 annotated max 13, Deployment scaled to 20 (max 25): round(15.4) − 8
 * replicaSetFraction(rs, d); // 7
 * ```
 */
export function replicaSetFraction(rs: ReplicaSet, d: Deployment): number {
  const size = replicasOf(rs);
  const replicas = replicasOf(d);
  if (replicas === 0) return -size;
  const maxNow = replicas + maxSurge(d);
  let before = intAnnotation(rs, MAX_REPLICAS_ANNOTATION) ?? 0;
  if (before === 0) {
    before = d.status?.replicas ?? 0;
    if (before === 0) return 0;
  }
  return roundHalfAwayFromZero((size * maxNow) / before) - size;
}

/** `GetProportion`: the fraction clamped to what is left to add (min) or remove (max). */
export function proportion(rs: ReplicaSet, d: Deployment, toAdd: number, added: number): number {
  if (replicasOf(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

/** Creation time (ms) of an object; earliest for a missing timestamp. */
function createdMs(rs: ReplicaSet): number {
  return timeOf(rs.metadata?.creationTimestamp) ?? Number.NEGATIVE_INFINITY;
}

/** `ReplicaSetsByCreationTimestamp`: older first, ties by name. */
export function byCreation(a: ReplicaSet, b: ReplicaSet): number {
  const d = createdMs(a) - createdMs(b);
  if (d !== 0) return d;
  const na = a.metadata?.name ?? '';
  const nb = b.metadata?.name ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/** `ReplicaSetsBySizeNewer`: larger first, ties newer first. */
export function bySizeNewer(a: ReplicaSet, b: ReplicaSet): number {
  const d = replicasOf(b) - replicasOf(a);
  return d !== 0 ? d : byCreation(b, a);
}

/** `ReplicaSetsBySizeOlder`: larger first, ties older first. */
export function bySizeOlder(a: ReplicaSet, b: ReplicaSet): number {
  const d = replicasOf(b) - replicasOf(a);
  return d !== 0 ? d : byCreation(a, b);
}

/** `ReplicaSetsByRevision`: lower revision first, ties by creation. */
export function byRevision(a: ReplicaSet, b: ReplicaSet): number {
  const d = revisionOf(a) - revisionOf(b);
  return d !== 0 ? d : byCreation(a, b);
}

/** `FilterActiveReplicaSets`: `spec.replicas > 0`. */
export function activeReplicaSets<T extends ReplicaSet>(rss: readonly (T | undefined)[]): T[] {
  return rss.filter((rs): rs is T => rs !== undefined && replicasOf(rs) > 0);
}

/** `FindActiveOrLatest`: the only active RS, or the newest when none is active; `undefined` when several are. */
export function findActiveOrLatest<T extends ReplicaSet>(newRS: T | undefined, oldRSs: readonly T[]): T | undefined {
  if (newRS === undefined && oldRSs.length === 0) return undefined;
  const olds = [...oldRSs].sort((a, b) => byCreation(b, a));
  const all = activeReplicaSets<T>([...olds, newRS]);
  if (all.length === 0) return newRS ?? olds[0];
  return all.length === 1 ? all[0] : undefined;
}

/** `IsSaturated`: the new RS has all replicas, available, and its desired annotation says so. */
export function isSaturated(d: Deployment, rs: ReplicaSet | undefined): boolean {
  if (rs === undefined) return false;
  const desired = desiredReplicasAnnotation(rs);
  const replicas = replicasOf(d);
  return desired !== undefined && replicasOf(rs) === replicas && desired === replicas && (rs.status?.availableReplicas ?? 0) === replicas;
}

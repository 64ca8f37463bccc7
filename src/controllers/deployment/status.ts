/**
 * Deployment status and conditions (upstream `sync.go` `calculateStatus`, `progress.go`, `deployment_util.go`
 * condition helpers; kubernetes-behaviour.md §2.6).
 *
 * @packageDocumentation
 */
import type { Deployment, DeploymentCondition, DeploymentStatus, ReplicaSet, ReplicaSetCondition } from 'kubernetes-types/apps/v1.js';
import { timeOf, timestamp } from '../_internal/pods.js';
import { maxUnavailable, replicasOf } from './util.js';

/**
 * The Progressing / Available / ReplicaFailure reasons upstream uses.
 *
 * @remarks `Progressing` carries the rollout's reasons, `Available` the two MinimumReplicas ones.
 * @example
 * ```ts
 * d.status?.conditions?.find((c) => c.type === 'Progressing')?.reason === DeploymentReasons.NewReplicaSetAvailable;
 * ```
 */
export const DeploymentReasons = {
  NewReplicaSetCreated: 'NewReplicaSetCreated',
  FoundNewReplicaSet: 'FoundNewReplicaSet',
  ReplicaSetUpdated: 'ReplicaSetUpdated',
  NewReplicaSetAvailable: 'NewReplicaSetAvailable',
  ProgressDeadlineExceeded: 'ProgressDeadlineExceeded',
  ReplicaSetCreateError: 'ReplicaSetCreateError',
  DeploymentPaused: 'DeploymentPaused',
  DeploymentResumed: 'DeploymentResumed',
  MinimumReplicasAvailable: 'MinimumReplicasAvailable',
  MinimumReplicasUnavailable: 'MinimumReplicasUnavailable',
} as const;

/** The condition of a type, if present. */
export function getCondition(status: DeploymentStatus | undefined, type: string): DeploymentCondition | undefined {
  const cs = status?.conditions;
  if (cs === undefined) return undefined;
  for (const c of cs) if (c.type === type) return c;
  return undefined;
}

/** `NewDeploymentCondition`: both times now. */
export function newCondition(type: string, status: 'True' | 'False' | 'Unknown', reason: string, message: string, nowMs: number): DeploymentCondition {
  const t = timestamp(nowMs);
  return { type, status, reason, message, lastUpdateTime: t, lastTransitionTime: t };
}

/**
 * `SetDeploymentCondition`: no change when status and reason are the same; the transition time is kept
 * when only the reason changes; the condition moves to the end of the list.
 */
export function setCondition(status: DeploymentStatus, cond: DeploymentCondition): void {
  const current = getCondition(status, cond.type);
  if (current !== undefined && current.status === cond.status && current.reason === cond.reason) return;
  const next = current !== undefined && current.status === cond.status ? { ...cond, lastTransitionTime: current.lastTransitionTime } : cond;
  const list = withoutType(status.conditions, cond.type);
  list.push(next as DeploymentCondition);
  status.conditions = list;
}

/** A new list of the conditions other than `type`. */
function withoutType(conditions: readonly DeploymentCondition[] | undefined, type: string): DeploymentCondition[] {
  const out: DeploymentCondition[] = [];
  if (conditions !== undefined) for (const c of conditions) if (c.type !== type) out.push(c);
  return out;
}

/**
 * {@link setCondition} of {@link newCondition}, the condition built only when it changes the list (most syncs
 * find it already there).
 */
function putCondition(status: DeploymentStatus, type: string, value: 'True' | 'False' | 'Unknown', reason: string, message: string, nowMs: number): void {
  const current = getCondition(status, type);
  if (current !== undefined && current.status === value && current.reason === reason) return;
  setCondition(status, newCondition(type, value, reason, message, nowMs));
}

/**
 * `RemoveDeploymentCondition`.
 *
 * @remarks The list is replaced, never changed in place (a status may share its list with the cached object's).
 */
export function removeCondition(status: DeploymentStatus, type: string): void {
  if (getCondition(status, type) === undefined) return;
  status.conditions = withoutType(status.conditions, type);
}

/** `HasProgressDeadline`: set and not MaxInt32. */
export function hasProgressDeadline(d: Deployment): boolean {
  const p = d.spec?.progressDeadlineSeconds;
  return p !== undefined && p !== 2147483647;
}

/**
 * `calculateStatus`: counts summed over the ReplicaSets, the generation observed, and the Available
 * condition (True when `available ≥ replicas − maxUnavailable`).
 */
export function calculateStatus(all: readonly ReplicaSet[], newRS: ReplicaSet | undefined, d: Deployment, nowMs: number): DeploymentStatus {
  // the sums of GetActualReplicaCountForReplicaSets, GetReadyReplicaCountForReplicaSets, … in one pass
  let spec = 0;
  let actual = 0;
  let ready = 0;
  let available = 0;
  for (const rs of all) {
    spec += replicasOf(rs);
    actual += rs.status?.replicas ?? 0;
    ready += rs.status?.readyReplicas ?? 0;
    available += rs.status?.availableReplicas ?? 0;
  }
  const status: DeploymentStatus = {
    observedGeneration: d.metadata?.generation ?? 0,
    replicas: actual,
    updatedReplicas: newRS?.status?.replicas ?? 0,
    readyReplicas: ready,
    availableReplicas: available,
    unavailableReplicas: Math.max(0, spec - available),
  };
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  // shared, not copied: setCondition and removeCondition replace the list
  if (d.status?.conditions !== undefined) status.conditions = d.status.conditions;
  if (available >= replicasOf(d) - maxUnavailable(d)) {
    putCondition(status, 'Available', 'True', DeploymentReasons.MinimumReplicasAvailable, 'Deployment has minimum availability.', nowMs);
  } else {
    putCondition(status, 'Available', 'False', DeploymentReasons.MinimumReplicasUnavailable, 'Deployment does not have minimum availability.', nowMs);
  }
  return status;
}

/** `DeploymentComplete`: every replica updated, present and available, and the generation observed. */
export function deploymentComplete(d: Deployment, s: DeploymentStatus): boolean {
  const r = replicasOf(d);
  return (s.updatedReplicas ?? 0) === r && (s.replicas ?? 0) === r && (s.availableReplicas ?? 0) === r && (s.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0);
}

/** `DeploymentProgressing`: more updated, fewer old, more ready or more available than the last status. */
export function deploymentProgressing(d: Deployment, s: DeploymentStatus): boolean {
  const o = d.status ?? {};
  const oldOld = (o.replicas ?? 0) - (o.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (s.updatedReplicas ?? 0) > (o.updatedReplicas ?? 0) || newOld < oldOld || (s.readyReplicas ?? 0) > (o.readyReplicas ?? 0) || (s.availableReplicas ?? 0) > (o.availableReplicas ?? 0);
}

/** `DeploymentTimedOut`: the Progressing condition's last update is older than the deadline (strictly). */
export function deploymentTimedOut(d: Deployment, s: DeploymentStatus, nowMs: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const c = getCondition(s, 'Progressing');
  if (c === undefined || c.reason === DeploymentReasons.NewReplicaSetAvailable) return false;
  if (c.reason === DeploymentReasons.ProgressDeadlineExceeded) return true;
  const from = timeOf(c.lastUpdateTime);
  return from !== undefined && from + (d.spec?.progressDeadlineSeconds ?? 0) * 1000 < nowMs;
}

/**
 * `syncRolloutStatus` without the write: the status with the Progressing condition advanced (complete,
 * progressing or timed out) and ReplicaSet failures copied in.
 */
export function rolloutStatus(all: readonly ReplicaSet[], newRS: ReplicaSet | undefined, d: Deployment, nowMs: number): DeploymentStatus {
  const s = calculateStatus(all, newRS, d, nowMs);
  if (!hasProgressDeadline(d)) removeCondition(s, 'Progressing');
  const current = getCondition(d.status, 'Progressing');
  const complete = s.replicas === s.updatedReplicas && current?.reason === DeploymentReasons.NewReplicaSetAvailable;
  if (hasProgressDeadline(d) && !complete) {
    const rsName = newRS?.metadata?.name;
    if (deploymentComplete(d, s)) {
      const msg = rsName !== undefined ? `ReplicaSet "${rsName}" has successfully progressed.` : `Deployment "${d.metadata?.name ?? ''}" has successfully progressed.`;
      putCondition(s, 'Progressing', 'True', DeploymentReasons.NewReplicaSetAvailable, msg, nowMs);
    } else if (deploymentProgressing(d, s)) {
      const msg = rsName !== undefined ? `ReplicaSet "${rsName}" is progressing.` : `Deployment "${d.metadata?.name ?? ''}" is progressing.`;
      // always replaced (a new update time), keeping the transition time of a True condition
      let cond = newCondition('Progressing', 'True', DeploymentReasons.ReplicaSetUpdated, msg, nowMs);
      if (current?.status === 'True' && current.lastTransitionTime !== undefined) cond = { ...cond, lastTransitionTime: current.lastTransitionTime };
      const list = withoutType(s.conditions, 'Progressing');
      list.push(cond);
      s.conditions = list;
    } else if (deploymentTimedOut(d, s, nowMs)) {
      const msg = rsName !== undefined ? `ReplicaSet "${rsName}" has timed out progressing.` : `Deployment "${d.metadata?.name ?? ''}" has timed out progressing.`;
      putCondition(s, 'Progressing', 'False', DeploymentReasons.ProgressDeadlineExceeded, msg, nowMs);
    }
  }
  const failure = replicaFailure(all, newRS);
  if (failure !== undefined) setCondition(s, failure);
  else removeCondition(s, 'ReplicaFailure');
  return s;
}

/** `getReplicaFailures`: the first ReplicaFailure=True of the new, then the other ReplicaSets. */
function replicaFailure(all: readonly ReplicaSet[], newRS: ReplicaSet | undefined): DeploymentCondition | undefined {
  const c = (newRS === undefined ? undefined : failureOf(newRS)) ?? firstFailure(all);
  if (c === undefined) return undefined;
  const t = c.lastTransitionTime;
  return { type: 'ReplicaFailure', status: c.status, ...(c.reason !== undefined ? { reason: c.reason } : {}), ...(c.message !== undefined ? { message: c.message } : {}), ...(t !== undefined ? { lastUpdateTime: t, lastTransitionTime: t } : {}) };
}

function firstFailure(rss: readonly ReplicaSet[]): ReplicaSetCondition | undefined {
  for (const rs of rss) {
    const c = failureOf(rs);
    if (c !== undefined) return c;
  }
  return undefined;
}

/** The ReplicaSet's `ReplicaFailure=True` condition, if any. */
function failureOf(rs: ReplicaSet): ReplicaSetCondition | undefined {
  const cs = rs.status?.conditions;
  if (cs === undefined) return undefined;
  for (const x of cs) if (x.type === 'ReplicaFailure' && x.status === 'True') return x;
  return undefined;
}

/**
 * `requeueStuckDeployment`: when to look again at an unchanged, incomplete rollout so the deadline is noticed —
 * `undefined` for never, 0 for "soon, rate-limited", else a delay in ms (one second past the deadline).
 */
export function stuckRequeueDelayMs(d: Deployment, s: DeploymentStatus, nowMs: number): number | undefined {
  const c = getCondition(d.status, 'Progressing');
  if (!hasProgressDeadline(d) || c === undefined) return undefined;
  if (deploymentComplete(d, s) || c.reason === DeploymentReasons.ProgressDeadlineExceeded) return undefined;
  const after = (timeOf(c.lastUpdateTime) ?? nowMs) + (d.spec?.progressDeadlineSeconds ?? 0) * 1000 - nowMs;
  return after < 1000 ? 0 : after + 1000;
}

/** Whether two statuses are equal field by field (`reflect.DeepEqual` of the status, without serialising). */
export function sameStatus(a: DeploymentStatus | undefined, b: DeploymentStatus): boolean {
  const x = a ?? {};
  if (
    x.observedGeneration !== b.observedGeneration ||
    x.replicas !== b.replicas ||
    x.updatedReplicas !== b.updatedReplicas ||
    x.readyReplicas !== b.readyReplicas ||
    x.availableReplicas !== b.availableReplicas ||
    x.unavailableReplicas !== b.unavailableReplicas ||
    x.collisionCount !== b.collisionCount
  ) {
    return false;
  }
  const ca = x.conditions ?? [];
  const cb = b.conditions ?? [];
  if (ca.length !== cb.length) return false;
  for (let i = 0; i < ca.length; i++) {
    const p = ca[i] as DeploymentCondition;
    const q = cb[i] as DeploymentCondition;
    if (p.type !== q.type || p.status !== q.status || p.reason !== q.reason || p.message !== q.message) return false;
    if (p.lastUpdateTime !== q.lastUpdateTime || p.lastTransitionTime !== q.lastTransitionTime) return false;
  }
  return true;
}

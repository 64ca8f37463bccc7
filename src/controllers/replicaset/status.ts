/**
 * The ReplicaSet status the controller writes (upstream `calculateStatus` and the equality check of
 * `updateReplicaSetStatus`; kubernetes-behaviour.md §2.7).
 *
 * @internal
 * @packageDocumentation
 */
import type { ReplicaSet, ReplicaSetCondition, ReplicaSetStatus } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { isPodAvailable, isPodReady, timestamp } from '../_internal/pods.js';

/** The outcome of `manageReplicas`: an error message when a create or delete failed. */
export interface ManageResult {
  readonly error?: string;
}

/** The pod counts of a ReplicaSet's status. */
export interface PodCounts {
  /** Active claimed pods. */
  readonly replicas: number;
  /** Of those, with the template's labels. */
  readonly fullyLabeled: number;
  readonly ready: number;
  /** Ready for more than `minReadySeconds`. */
  readonly available: number;
}

/**
 * Counts the active claimed pods: replicas, fully labeled (match the template labels), ready, available
 * (ready for more than `minReadySeconds`).
 */
export function countPods(activePods: readonly Pod[], fullyLabeled: (pod: Pod) => boolean, minReadySeconds: number, nowMs: number): PodCounts {
  let labeled = 0;
  let ready = 0;
  let available = 0;
  for (const pod of activePods) {
    if (fullyLabeled(pod)) labeled++;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, minReadySeconds, nowMs)) available++;
    }
  }
  return { replicas: activePods.length, fullyLabeled: labeled, ready, available };
}

/**
 * The status for these counts; sets `ReplicaFailure` (`FailedCreate` / `FailedDelete`) on a create/delete error
 * and removes it after a clean sync.
 */
export function calculateStatus(rs: ReplicaSet, counts: PodCounts, manage: ManageResult, nowMs: number): ReplicaSetStatus {
  // the cached list is shared when nothing changes, else replaced: never changed in place
  let conditions = rs.status?.conditions ?? [];
  const failure = replicaFailureOf(conditions);
  if (manage.error !== undefined && failure === undefined) {
    const diff = counts.replicas - (rs.spec?.replicas ?? 1);
    const reason = diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : '';
    conditions = [...conditions, { type: 'ReplicaFailure', status: 'True', reason, message: manage.error, lastTransitionTime: timestamp(nowMs) }];
  } else if (manage.error === undefined && failure !== undefined) {
    conditions = conditions.filter((c) => c.type !== 'ReplicaFailure');
  }
  const status: ReplicaSetStatus = {
    replicas: counts.replicas,
    fullyLabeledReplicas: counts.fullyLabeled,
    readyReplicas: counts.ready,
    availableReplicas: counts.available,
    observedGeneration: rs.metadata?.generation ?? 0,
  };
  if (conditions.length > 0) status.conditions = conditions;
  return status;
}

function replicaFailureOf(conditions: readonly ReplicaSetCondition[]): ReplicaSetCondition | undefined {
  for (const c of conditions) if (c.type === 'ReplicaFailure') return c;
  return undefined;
}

/** Whether writing `next` would change nothing (and the generation is already observed). */
export function sameStatus(rs: ReplicaSet, next: ReplicaSetStatus): boolean {
  const cur = rs.status ?? { replicas: 0 };
  return (
    (cur.replicas ?? 0) === next.replicas &&
    (cur.fullyLabeledReplicas ?? 0) === (next.fullyLabeledReplicas ?? 0) &&
    (cur.readyReplicas ?? 0) === (next.readyReplicas ?? 0) &&
    (cur.availableReplicas ?? 0) === (next.availableReplicas ?? 0) &&
    (rs.metadata?.generation ?? 0) === (cur.observedGeneration ?? 0) &&
    sameConditions(cur.conditions ?? [], next.conditions ?? [])
  );
}

function sameConditions(a: readonly ReplicaSetCondition[], b: readonly ReplicaSetCondition[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as ReplicaSetCondition;
    const y = b[i] as ReplicaSetCondition;
    if (x.type !== y.type || x.status !== y.status || x.reason !== y.reason || x.message !== y.message || x.lastTransitionTime !== y.lastTransitionTime) return false;
  }
  return true;
}

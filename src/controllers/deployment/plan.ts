/**
 * The scaling decisions of one Deployment sync, as pure functions over the cached ReplicaSets
 * (upstream `sync.go` `scale`, `rolling.go`, `recreate.go`; kubernetes-behaviour.md §2.2–2.4).
 *
 * @packageDocumentation
 */
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import {
  activeReplicaSets,
  availableReplicas,
  byCreation,
  bySizeNewer,
  bySizeOlder,
  findActiveOrLatest,
  isSaturated,
  maxSurge,
  maxUnavailable,
  newReplicaSetReplicas,
  proportion,
  replicasOf,
  specReplicas,
} from './util.js';

/**
 * One ReplicaSet write: its new `spec.replicas`.
 *
 * @remarks `always` marks upstream's `scaleReplicaSet` (writes when only the desired/max annotations are
 * stale); otherwise the write happens only when the size changes (`scaleReplicaSetAndRecordEvent`).
 * @example
 * ```ts
 * const step: ScaleStep = { rs: oldRs, replicas: 8, always: false };
 * ```
 */
export interface ScaleStep<T extends ReplicaSet = ReplicaSet> {
  readonly rs: T;
  readonly replicas: number;
  readonly always: boolean;
}

/**
 * `scale()`: resize ReplicaSets when `spec.replicas` changed.
 *
 * @remarks
 * The single active (or latest) ReplicaSet is set to `replicas` directly; a saturated new ReplicaSet scales the
 * old ones to 0; otherwise, mid-rollout, the `replicas + maxSurge − Σ` difference is shared in proportion to
 * each ReplicaSet's size (largest first — newer first when adding, older first when removing), and the rounding
 * leftover goes to the first.
 *
 * @example
 * ```ts
 * // 10 → 20 replicas while old has 8 and new has 5 (max-replicas annotation 13): old → 16, new → 10
 * planProportionalScale(d, newRs, [oldRs]);
 * ```
 */
export function planProportionalScale<T extends ReplicaSet>(d: Deployment, newRS: T | undefined, oldRSs: readonly T[]): ScaleStep<T>[] {
  const replicas = replicasOf(d);
  const single = findActiveOrLatest(newRS, oldRSs);
  if (single !== undefined) {
    return replicasOf(single) === replicas ? [] : [{ rs: single, replicas, always: false }];
  }
  if (isSaturated(d, newRS)) {
    return activeReplicaSets(oldRSs).map((rs) => ({ rs, replicas: 0, always: false }));
  }
  if ((d.spec?.strategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return [];
  const all = activeReplicaSets<T>([...oldRSs, newRS]);
  const allowed = replicas > 0 ? replicas + maxSurge(d) : 0;
  const toAdd = allowed - specReplicas(all);
  if (toAdd > 0) all.sort(bySizeNewer);
  else if (toAdd < 0) all.sort(bySizeOlder);
  const sizes = all.map((rs) => replicasOf(rs));
  let added = 0;
  if (toAdd !== 0) {
    all.forEach((rs, i) => {
      const p = proportion(rs, d, toAdd, added);
      sizes[i] = replicasOf(rs) + p;
      added += p;
    });
    sizes[0] = Math.max(0, (sizes[0] ?? 0) + toAdd - added);
  }
  return all.map((rs, i) => ({ rs, replicas: sizes[i] ?? 0, always: true }));
}

/**
 * `reconcileNewReplicaSet`: scale the new ReplicaSet up by {@link newReplicaSetReplicas}, or down to
 * `replicas` when it is larger.
 *
 * @remarks `undefined` when the size is already right (no write).
 *
 * @example
 * ```ts
 * planNewReplicaSetScale(d, [oldRs, newRs], newRs); // { rs: newRs, replicas: 3, always: false }
 * ```
 */
export function planNewReplicaSetScale<T extends ReplicaSet>(d: Deployment, all: readonly T[], newRS: T): ScaleStep<T> | undefined {
  const replicas = replicasOf(d);
  const size = replicasOf(newRS);
  if (size === replicas) return undefined;
  const next = size > replicas ? replicas : newReplicaSetReplicas(d, all, newRS);
  return next === size ? undefined : { rs: newRS, replicas: next, always: false };
}

/**
 * `reconcileOldReplicaSets`: how far old ReplicaSets may shrink without going below
 * `replicas − maxUnavailable` available pods.
 *
 * @remarks
 * `maxScaledDown = Σ spec − minAvailable − (new.spec − new.available)`; nothing when ≤ 0. First unhealthy
 * replicas (`spec − available` per old RS, oldest first) are removed up to `maxScaledDown`, then available
 * ones, oldest first, while `Σ available > minAvailable`.
 *
 * @example
 * ```ts
 * // 10 replicas 25%/25%, old 10 available, new 3 not yet available: old → 8
 * planOldReplicaSetsScaleDown(d, [oldRs, newRs], [oldRs], newRs);
 * ```
 */
export function planOldReplicaSetsScaleDown<T extends ReplicaSet>(d: Deployment, all: readonly T[], activeOld: readonly T[], newRS: T): ScaleStep<T>[] {
  if (specReplicas(activeOld) === 0) return [];
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const newUnavailable = replicasOf(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = specReplicas(all) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return [];
  const olds = [...activeOld].sort(byCreation);
  const sizes = new Map<T, number>(olds.map((rs) => [rs, replicasOf(rs)]));
  let cleaned = 0;
  for (const rs of olds) {
    if (cleaned >= maxScaledDown) break;
    const size = sizes.get(rs) ?? 0;
    const available = rs.status?.availableReplicas ?? 0;
    if (size === 0 || size === available) continue;
    const n = Math.min(maxScaledDown - cleaned, size - available);
    sizes.set(rs, size - n);
    cleaned += n;
  }
  const availableNow = availableReplicas(all);
  if (availableNow > minAvailable) {
    const total = availableNow - minAvailable;
    let done = 0;
    for (const rs of olds) {
      if (done >= total) break;
      const size = sizes.get(rs) ?? 0;
      if (size === 0) continue;
      const n = Math.min(size, total - done);
      sizes.set(rs, size - n);
      done += n;
    }
  }
  return olds.filter((rs) => sizes.get(rs) !== replicasOf(rs)).map((rs) => ({ rs, replicas: sizes.get(rs) ?? 0, always: false }));
}

/**
 * Recreate, step 1: every active old ReplicaSet to 0.
 *
 * @remarks The new ReplicaSet is created (at `replicas`) only when no old pod is left.
 * @example
 * ```ts
 * planRecreateScaleDown([oldRs]); // [{ rs: oldRs, replicas: 0, always: false }]
 * ```
 */
export function planRecreateScaleDown<T extends ReplicaSet>(activeOld: readonly T[]): ScaleStep<T>[] {
  return activeOld.filter((rs) => replicasOf(rs) !== 0).map((rs) => ({ rs, replicas: 0, always: false }));
}

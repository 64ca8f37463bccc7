/**
 * Which pods a ReplicaSet deletes first when it scales down: upstream's `ActivePodsWithRanks.Less`
 * (kubernetes-behaviour.md §2.7), with `PodDeletionCost` and `LogarithmicScaleDown` on, as by default.
 *
 * @packageDocumentation
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import { isPodActive, isPodReady, readyCondition, timeOf } from '../_internal/pods.js';

/**
 * The annotation that orders pods for scale-down (lower cost first; default 0).
 *
 * @remarks An int32 in decimal; anything else counts as 0 (`PodDeletionCost`, on by default).
 * @example
 * ```ts
 * const pod = { metadata: { annotations: { [POD_DELETION_COST_ANNOTATION]: '-100' } } }; // deleted early
 * ```
 */
export const POD_DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';

const PHASE_ORDINAL: Readonly<Record<string, number>> = { Pending: 0, Unknown: 1, Running: 2 };

interface Ranked {
  readonly pod: Pod;
  /** Active related pods on the same node (doubled-up pods rank higher and go first). */
  readonly rank: number;
  readonly ready: boolean;
  /** Ready since (ms), {@link ZERO} when unknown. */
  readonly readySinceMs: number;
  readonly createdMs: number;
  readonly cost: number;
}

/** Go `strconv.ParseInt(s, 10, 32)` of the deletion-cost annotation; invalid or absent → 0. */
function deletionCost(pod: Pod): number {
  const v = pod.metadata?.annotations?.[POD_DELETION_COST_ANNOTATION];
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return 0;
  const n = Number(v);
  return n >= -2147483648 && n <= 2147483647 ? n : 0;
}

/** Highest restart count of regular containers, then of restartable init containers (sidecars). */
function maxRestarts(pod: Pod): [number, number] {
  let regular = 0;
  let sidecar = 0;
  for (const s of pod.status?.containerStatuses ?? []) regular = Math.max(regular, s.restartCount);
  const sidecars = new Set((pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((c) => c.name));
  for (const s of pod.status?.initContainerStatuses ?? []) if (sidecars.has(s.name)) sidecar = Math.max(sidecar, s.restartCount);
  return [regular, sidecar];
}

/** Go's zero `metav1.Time` (absent timestamp); virtual time 0 is a real instant. */
const ZERO = Number.NEGATIVE_INFINITY;

/** `afterOrZero`: zero time first, else the later time first. */
function afterOrZero(t1: number, t2: number): boolean {
  if (t1 === ZERO || t2 === ZERO) return t1 === ZERO;
  return t1 > t2;
}

/** `logarithmicRankDiff`: ⌊log2(now − t)⌋ in nanoseconds, −1 when not in the past. */
function logBucket(tMs: number, nowMs: number): number {
  const d = (nowMs - tMs) * 1e6;
  return d > 0 ? Math.floor(Math.log2(d)) : -1;
}

/** Newer first in logarithmic buckets; equal buckets by UID; zero times first. */
function compareTimes(t1: number, t2: number, a: Pod, b: Pod, nowMs: number): boolean {
  if (t1 === ZERO || t2 === ZERO) return afterOrZero(t1, t2);
  const diff = logBucket(t1, nowMs) - logBucket(t2, nowMs);
  if (diff === 0) return (a.metadata?.uid ?? '') < (b.metadata?.uid ?? '');
  return diff < 0;
}

function less(a: Ranked, b: Ranked, nowMs: number): boolean {
  const na = a.pod.spec?.nodeName ?? '';
  const nb = b.pod.spec?.nodeName ?? '';
  if (na !== nb && (na === '' || nb === '')) return na === '';
  const pa = PHASE_ORDINAL[a.pod.status?.phase ?? ''] ?? 0;
  const pb = PHASE_ORDINAL[b.pod.status?.phase ?? ''] ?? 0;
  if (pa !== pb) return pa < pb;
  if (a.ready !== b.ready) return !a.ready;
  if (a.cost !== b.cost) return a.cost < b.cost;
  if (a.rank !== b.rank) return a.rank > b.rank;
  if (a.ready && b.ready && a.readySinceMs !== b.readySinceMs) return compareTimes(a.readySinceMs, b.readySinceMs, a.pod, b.pod, nowMs);
  const [ra, sa] = maxRestarts(a.pod);
  const [rb, sb] = maxRestarts(b.pod);
  if (ra !== rb) return ra > rb;
  if (sa !== sb) return sa > sb;
  if (a.createdMs !== b.createdMs) return compareTimes(a.createdMs, b.createdMs, a.pod, b.pod, nowMs);
  return false;
}

/**
 * Orders pods for deletion, first to delete first (upstream `getPodsToDelete` sorting).
 *
 * @remarks
 * The order, as `ActivePodsWithRanks.Less`: unassigned before assigned; phase Pending < Unknown < Running; not
 * Ready before Ready; lower `controller.kubernetes.io/pod-deletion-cost` first; more active related pods on
 * the same node first (`related` = the pods of every ReplicaSet with the same controller); for two Ready pods,
 * ready more recently first; higher container restart count first (then sidecar restarts); newer first. Times
 * are compared in buckets of ⌊log2(age in ns)⌋ (`LogarithmicScaleDown`), equal buckets by pod UID, zero
 * times first. Upstream sorts with the unstable `sort.Sort`; here the sort is stable, so pods that compare
 * equal keep their input order.
 *
 * @param pods - the candidates (the ReplicaSet's active pods)
 * @param related - the pods used to count doubled-up pods per node (pass `pods` when there are no siblings)
 * @param nowMs - the current virtual time
 * @example
 * ```ts
 * const order = rankPodsForDeletion(activePods, podsOfSiblingReplicaSets, ctx.now);
 * const toDelete = order.slice(0, diff);
 * ```
 */
export function rankPodsForDeletion(pods: readonly Pod[], related: readonly Pod[], nowMs: number): Pod[] {
  const onNode = new Map<string, number>();
  for (const p of related) {
    if (!isPodActive(p)) continue;
    const n = p.spec?.nodeName ?? '';
    onNode.set(n, (onNode.get(n) ?? 0) + 1);
  }
  const ranked: Ranked[] = pods.map((pod) => {
    const ready = isPodReady(pod);
    return {
      pod,
      rank: onNode.get(pod.spec?.nodeName ?? '') ?? 0,
      ready,
      readySinceMs: ready ? (timeOf(readyCondition(pod)?.lastTransitionTime) ?? ZERO) : ZERO,
      createdMs: timeOf(pod.metadata?.creationTimestamp) ?? ZERO,
      cost: deletionCost(pod),
    };
  });
  ranked.sort((a, b) => (less(a, b, nowMs) ? -1 : less(b, a, nowMs) ? 1 : 0));
  return ranked.map((r) => r.pod);
}

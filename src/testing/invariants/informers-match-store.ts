/**
 * `informers-match-store`: once an object has been quiet for a while, every component's informer cache holds it
 * at the store's resourceVersion (or does not hold it, if it is gone).
 *
 * @packageDocumentation
 */
import { Informer, objectKey } from '../../api/client/informer.js';
import type { KubeObject } from '../../api/store/types.js';
import type { Cluster } from '../../cluster/create-cluster.js';
import { formatDuration } from '../../engine/time.js';
import type { Invariant } from '../invariant-types.js';
import { failureFree, msOption } from './_internal.js';

/** Options of {@link informersMatchStore}. */
export interface InformersMatchStoreOptions {
  /** An object is judged once it has not changed for this long (watch events take a few ms). @defaultValue 5000 */
  readonly quietMs?: number;
  /** Caches are compared at most once per this many virtual ms (a comparison reads every cache). @defaultValue 10_000 */
  readonly intervalMs?: number;
  /** How long after a fault starts or heals (or a kubelet comes back up) nothing is judged. @defaultValue 60_000 */
  readonly settleMs?: number;
}

/** An actor's informers: properties of its state (or of `state.rt`) that are informers or arrays of informers. */
function informersIn(state: unknown, out: Informer<KubeObject>[], depth = 0): void {
  if (state === null || typeof state !== 'object' || depth > 2) return;
  if (state instanceof Informer) {
    if (!out.includes(state)) out.push(state as Informer<KubeObject>);
    return;
  }
  if (Array.isArray(state)) {
    if (state.length > 0 && state[0] instanceof Informer) for (const x of state) informersIn(x, out, depth + 1);
    return;
  }
  if (state instanceof Map || state instanceof Set) return;
  for (const k of Object.keys(state)) informersIn((state as Record<string, unknown>)[k], out, depth + 1);
}

/**
 * Informer caches equal the store after quiescence: for each live actor whose state holds informers (the
 * controllers built on the shared controller shell — ReplicaSet, Deployment, Job — and the scheduler, the node
 * lifecycle controller, the pod GC, the namespace controller and every kubelet), every object of the informer's
 * kind and selection that has not changed for `quietMs` is cached at the store's resourceVersion, and no cached
 * object is one the store removed more than `quietMs` ago.
 *
 * @remarks
 * Quiescence is per object, so lease renewals elsewhere do not keep the check from running: a change to an object
 * restarts its own quiet period only. Checked at most every `intervalMs` of virtual time (at a monitor check),
 * only in failure-free windows (no fault active or started/healed within `settleMs`), only for informers that have
 * synced, and never for a kubelet that is not `up` or came back within `settleMs` (it relists when it returns).
 * Informers an actor keeps outside its state's first two levels are not seen: the garbage collector's (it holds them
 * only in closures) is not checked. Behaviours of your own are checked when they keep their informers in their
 * state the same way.
 * Reason: `kube-scheduler: Pod informer has default/web-1 at resourceVersion 120, the store at 131 (quiet for 5s+)`.
 *
 * @example
 * ```ts
 * monitorInvariants(cluster, [informersMatchStore({ quietMs: 2000 })]);
 * ```
 */
export function informersMatchStore(opts: InformersMatchStoreOptions = {}): Invariant {
  const quietMs = msOption('informersMatchStore', 'opts.quietMs', opts.quietMs, 5000);
  const intervalMs = msOption('informersMatchStore', 'opts.intervalMs', opts.intervalMs, 10_000);
  const settleMs = msOption('informersMatchStore', 'opts.settleMs', opts.settleMs, 60_000);
  /** `kind|key` → virtual time of the object's latest change. */
  const changedAt = new Map<string, number>();
  /** actor id → last time it was seen not `up`. */
  const downAt = new Map<string, number>();
  let nextMs = 0;

  return {
    name: 'informers-match-store',
    reset(cluster: Cluster) {
      changedAt.clear();
      downAt.clear();
      nextMs = cluster.now + intervalMs;
    },
    check({ cluster, changes, nowMs }) {
      for (const ev of changes) changedAt.set(`${ev.object.kind}|${objectKey(ev.object)}`, nowMs);
      if (nowMs < nextMs) return null;
      nextMs = nowMs + intervalMs;
      const quietSince = nowMs - quietMs;
      for (const [k, t] of changedAt) if (t < quietSince) changedAt.delete(k);
      if (!failureFree(cluster, nowMs, settleMs)) return null;
      const recent = (kind: string, key: string) => changedAt.has(`${kind}|${key}`);
      const sim = cluster.sim;
      for (const id of sim.actorIds()) {
        const state = sim.stateOf(id);
        const mode = (state as { mode?: unknown } | null)?.mode;
        if (typeof mode === 'string' && mode !== 'up') downAt.set(id, nowMs);
        const down = downAt.get(id);
        if (down !== undefined && nowMs - down < settleMs) continue;
        const infs: Informer<KubeObject>[] = [];
        informersIn(state, infs);
        for (const inf of infs) {
          if (!inf.hasSynced) continue;
          const why = compare(cluster, inf, recent);
          if (why !== null) return `${id}: ${inf.kind} informer ${why} (quiet for ${formatDuration(quietMs)}+)`;
        }
      }
      return null;
    },
  };
}

function compare(cluster: Cluster, inf: Informer<KubeObject>, recent: (kind: string, key: string) => boolean): string | null {
  const kind = inf.kind;
  for (const obj of inf.list()) {
    const key = objectKey(obj);
    if (recent(kind, key)) continue;
    const stored = cluster.core.get(kind, obj.metadata.namespace ?? '', obj.metadata.name ?? '');
    if (stored === undefined) return `still has ${key}, which the store no longer holds`;
    if (stored.metadata.resourceVersion !== obj.metadata.resourceVersion) {
      return `has ${key} at resourceVersion ${obj.metadata.resourceVersion ?? '?'}, the store at ${stored.metadata.resourceVersion ?? '?'}`;
    }
  }
  for (const obj of cluster.core.list(kind, inf.selection ?? {}).items) {
    const key = objectKey(obj);
    if (recent(kind, key)) continue;
    if (inf.get(obj.metadata.namespace ?? '', obj.metadata.name ?? '') === undefined) return `misses ${key} (store resourceVersion ${obj.metadata.resourceVersion ?? '?'})`;
  }
  return null;
}

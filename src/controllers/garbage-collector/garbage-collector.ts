/**
 * The garbage collector (kube-controller-manager's `garbagecollector` controller) as an actor.
 *
 * @packageDocumentation
 */
import { defaultRegistry, type KindRegistry } from '../../api/kinds/registry.js';
import type { ApiClientMessage } from '../../api/server/messages.js';
import type { KubeObject } from '../../api/store/types.js';
import type { ActorContext } from '../../engine/actor.js';
import { type ControllerBehavior, standaloneController } from '../controller-manager.js';
import { isDeletingDependents, isOrphaning, OwnerGraph, ownerRefs } from './_internal/graph.js';
import { enqueueDelete, enqueueOrphan, type GcRuntime, type GcTick, reconsider, tick } from './_internal/workers.js';

/**
 * The kinds the garbage collector watches by default: every kind kubesim serves that can be an owner or a
 * dependent (upstream watches every resource that supports delete, list and watch).
 */
export const GARBAGE_COLLECTOR_KINDS: readonly string[] = [
  'Pod',
  'ReplicaSet',
  'Deployment',
  'Job',
  'Service',
  'EndpointSlice',
  'ConfigMap',
  'Secret',
  'ServiceAccount',
  'Lease',
  'PodDisruptionBudget',
];

/**
 * Options of {@link garbageCollector}.
 *
 * @example
 * ```ts
 * const opts: GarbageCollectorOptions = { kinds: ['Pod', 'ReplicaSet'], batchMs: 50 };
 * ```
 */
export interface GarbageCollectorOptions {
  /** The kinds watched (owners and dependents). @defaultValue {@link GARBAGE_COLLECTOR_KINDS} */
  readonly kinds?: readonly string[];
  /** The API server actor's id. @defaultValue `'kube-apiserver'` */
  readonly server?: string;
  /** How long work accumulates in the queues before a batch is processed. @defaultValue `100` */
  readonly batchMs?: number;
  /** The kinds the API serves (to resolve an owner reference's scope). @defaultValue `defaultRegistry()` */
  readonly registry?: KindRegistry;
}

/**
 * The garbage collector's state.
 *
 * @example
 * ```ts
 * const gc = sim.stateOf<GarbageCollectorState>('garbage-collector'); // run alone; in a cluster it is
 * // sim.stateOf<KubeControllerManagerState>('kube-controller-manager').controllers['garbage-collector']
 * gc.synced; // true once every informer has listed
 * ```
 */
export interface GarbageCollectorState {
  /** Whether every informer has synced; the collector acts only from then on. */
  readonly synced: boolean;
  /** Number of objects in the dependency graph. */
  readonly graphSize: number;
  /** @internal */
  readonly rt: GcRuntime;
}

/** What the garbage collector actor receives: API responses and watch events, and its batch timer. */
export type GarbageCollectorMessage = ApiClientMessage | { readonly type: 'gc.tick' };

type Ctx = ActorContext<never>;

/** Whether a change touches what the collector decides on (owners, deletion, finalizers), e.g. not a status write. */
function gcFieldsChanged(old: KubeObject, obj: KubeObject): boolean {
  const a = old.metadata;
  const b = obj.metadata;
  return a.deletionTimestamp !== b.deletionTimestamp || jsonChanged(a.finalizers, b.finalizers) || jsonChanged(a.ownerReferences, b.ownerReferences);
}

/**
 * Whether two lists differ as JSON text. The store shares unchanged subtrees between an object's versions, so
 * most updates (status writes, lease renewals) pass the same frozen list: no serialization then.
 */
function jsonChanged(a: readonly unknown[] | undefined, b: readonly unknown[] | undefined): boolean {
  if (a === b) return false;
  if ((a === undefined || a.length === 0) && (b === undefined || b.length === 0)) return false;
  return JSON.stringify(a ?? []) !== JSON.stringify(b ?? []);
}

/** Informer handlers feeding the graph (upstream `GraphBuilder.processGraphChanges`). */
function observe(rt: GcRuntime) {
  /** Owners of a changed dependent that wait on their dependents get another look. */
  const touchOwner = (o: string, ctx: Ctx) => {
    const owner = rt.graph.objects.get(o);
    if (owner === undefined) return;
    if (isDeletingDependents(owner)) enqueueDelete(rt, o, ctx);
    if (isOrphaning(owner)) enqueueOrphan(rt, o, ctx);
  };
  const touchOwners = (uids: Iterable<string>, ctx: Ctx) => {
    for (const o of uids) touchOwner(o, ctx);
  };
  const upsert = (old: KubeObject | undefined, obj: KubeObject, ctx: Ctx) => {
    const uid = obj.metadata.uid ?? '';
    const removed = rt.graph.upsert(obj);
    if (!rt.synced) return;
    touchOwners(removed, ctx);
    for (const r of ownerRefs(obj)) touchOwner(r.uid, ctx);
    // an owner that starts waiting for its dependents has every dependent looked at (upstream
    // `startsWaitingForDependentsDeleted` → `markDeletingDependents`)
    if (isDeletingDependents(obj) && (old === undefined || !isDeletingDependents(old))) {
      for (const d of rt.graph.dependentsOf(uid)) enqueueDelete(rt, d, ctx);
    }
    if (old === undefined || rt.awaitRv.has(uid) || gcFieldsChanged(old, obj)) reconsider(rt, uid, ctx);
  };
  return {
    onAdd: (obj: KubeObject, ctx: Ctx) => upsert(undefined, obj, ctx),
    onUpdate: (old: KubeObject, obj: KubeObject, ctx: Ctx) => upsert(old, obj, ctx),
    onDelete: (obj: KubeObject, ctx: Ctx) => {
      const uid = obj.metadata.uid ?? '';
      const dependents = rt.graph.dependentsOf(uid);
      const owners = rt.graph.remove(obj);
      rt.awaitRv.delete(uid);
      if (!rt.synced) return;
      for (const d of dependents) enqueueDelete(rt, d, ctx);
      touchOwners(owners, ctx);
    },
  };
}

/**
 * The garbage collector: deletes dependents whose owners are gone and carries out foreground and orphan
 * deletion (kubernetes-behaviour.md §8). Spawn it as `'garbage-collector'`.
 *
 * @remarks
 * One informer per kind feeds a uid graph (owner uid → dependents). Nothing is done until every informer has
 * synced; then the whole graph is queued once. Events queue objects; a timer drains the queues every
 * `batchMs`, so one event never causes a storm of requests:
 * - **Background**: a dependent whose owners are all gone is deleted (with the propagation policy its own
 *   finalizers ask for); one with some owners gone and some present loses the dangling references (update).
 *   An owner the graph has never observed is looked up with a live GET first (upstream `isDangling`), so a
 *   dependent seen before its owner is not collected; owners that never existed are collected after it.
 * - **Foreground**: an owner with `deletionTimestamp` and finalizer `foregroundDeletion` has its dependents
 *   deleted (in the foreground when they have dependents); once no dependent with `blockOwnerDeletion: true`
 *   remains, the finalizer is removed and the owner disappears.
 * - **Orphan**: an owner with finalizer `orphan` has its reference removed from every dependent, then the
 *   finalizer removed.
 *
 * Writes carry the cached resourceVersion; a 409 Conflict re-queues the object, which the next batch reads
 * again from the informer cache. A namespaced owner must be in its dependent's namespace (else the reference
 * counts as absent). Not modelled: cycle breaking between foreground owners, and owners of kinds not watched
 * are verified once by GET but their later deletion is not noticed. Every deletion is traced
 * (`gc delete: Pod default/web-1 (owner ReplicaSet web gone)`).
 *
 * @example
 * ```ts
 * sim.spawn('kube-apiserver', apiServer(core));
 * sim.spawn('garbage-collector', garbageCollector());
 * ```
 */
export function garbageCollector(opts: GarbageCollectorOptions = {}): ControllerBehavior<GarbageCollectorState> {
  const kinds = opts.kinds ?? GARBAGE_COLLECTOR_KINDS;
  const registry = opts.registry ?? defaultRegistry();
  return standaloneController<GarbageCollectorState>(
    {
      name: 'garbage-collector',
      user: 'system:serviceaccount:kube-system:generic-garbage-collector',
      init(_ctx, kit) {
        const rt: GcRuntime = {
          client: kit.client(),
          graph: new OwnerGraph(),
          scopeOf: (apiVersion, kind) => registry.get(kind, apiVersion)?.scope,
          batchMs: opts.batchMs ?? 100,
          synced: false,
          attemptToDelete: new Set(),
          attemptToOrphan: new Set(),
          inFlight: new Set(),
          awaitRv: new Map(),
          verifying: new Map(),
        };
        const handlers = observe(rt);
        let pendingSync = kinds.length;
        const onSynced = (c: Ctx) => {
          if (--pendingSync > 0) return;
          rt.synced = true;
          c.trace('gc synced', `${rt.graph.objects.size} objects`);
          for (const uid of [...rt.graph.objects.keys()]) reconsider(rt, uid, c);
        };
        for (const kind of kinds) kit.informer<KubeObject>(kind, { ...handlers, onSynced });
        return {
          get synced() {
            return rt.synced;
          },
          get graphSize() {
            return rt.graph.objects.size;
          },
          rt,
        };
      },
      receive(state, msg, ctx) {
        if ((msg as GcTick).type === 'gc.tick') tick(state.rt, ctx);
      },
    },
    opts.server,
  );
}

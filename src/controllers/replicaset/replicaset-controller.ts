/**
 * The ReplicaSet controller as an actor (upstream `pkg/controller/replicaset`; kubernetes-behaviour.md §2.7).
 *
 * @packageDocumentation
 */
import type { ActorContext } from '../../engine/actor.js';
import type { ControllerBehavior, ControllerKit } from '../controller-manager.js';
import { Expectations } from '../_internal/expectations.js';
import { OwnerIndex } from '../_internal/owner-index.js';
import { controllerOf, isPodReady, keyOf, sameLabels } from '../_internal/pods.js';
import { controllerBehavior } from '../_internal/controller-behavior.js';
import { WorkQueue } from '../_internal/work-queue.js';
import { Workers } from '../_internal/workers.js';
import { type PodObject, type ReplicaSetObject, type RsRuntime, selectorsOf } from './runtime.js';
import { syncReplicaSet } from './sync.js';
import { Tallies } from './tally.js';

/**
 * Options of {@link replicaSetController}.
 *
 * @remarks The defaults are kube-controller-manager's.
 * @example
 * ```ts
 * const opts: ReplicaSetControllerOptions = { concurrentSyncs: 10 };
 * ```
 */
export interface ReplicaSetControllerOptions {
  /** The API server actor's id. @defaultValue `'kube-apiserver'` */
  readonly apiServer?: string;
  /** ReplicaSets synced at once (`--concurrent-replicaset-syncs`). @defaultValue 5 */
  readonly concurrentSyncs?: number;
  /** Most pods created or deleted by one sync (`BurstReplicas`). @defaultValue 500 */
  readonly burstReplicas?: number;
}

/**
 * The ReplicaSet controller's actor state.
 *
 * @remarks Opaque: read the cluster through the API, not through this state.
 * @example
 * ```ts
 * const state = sim.stateOf<ReplicaSetControllerState>('replicaset-controller');
 * ```
 */
export interface ReplicaSetControllerState {
  /** @internal */
  readonly rt: RsRuntime;
}

type Ctx = ActorContext<never>;

/**
 * The ReplicaSet controller: keeps `spec.replicas` active pods per ReplicaSet and reports their status.
 *
 * @remarks
 * Informers on ReplicaSets and Pods feed a rate-limited work queue (client-go's default limiter: per-key
 * backoff 5 ms doubling to 1000 s, overall 10 qps burst 100). A sync claims pods (adopts matching orphans and
 * releases owned pods that stopped matching, with `controller: true, blockOwnerDeletion: true` references),
 * then, once the creates and deletes of the previous sync have been observed (expectations, 5-minute TTL),
 * creates missing pods in slow-start batches of 1, 2, 4, … (at most 500 per sync) or deletes surplus pods in
 * upstream's ranking order ({@link rankPodsForDeletion}), and writes `status`: replicas, fullyLabeledReplicas,
 * readyReplicas, availableReplicas (Ready for more than `minReadySeconds`), observedGeneration, and the
 * `ReplicaFailure` condition when a create or delete failed. Pods are found through an index by controller
 * uid, never by listing. Pod names are `<replicaset>-<5 random characters>` from the actor's `pod-names`
 * stream (the simulated API server does not implement `generateName`).
 *
 * @example
 * ```ts
 * sim.spawn('kube-apiserver', apiServer(core));
 * sim.spawn('replicaset-controller', replicaSetController());
 * ```
 */
export function replicaSetController(opts: ReplicaSetControllerOptions = {}): ControllerBehavior<ReplicaSetControllerState> {
  return controllerBehavior('replicaset-controller', 'system:serviceaccount:kube-system:replicaset-controller', opts.apiServer, (kit) => createRuntime(opts, kit), (rt) => [rt.rss, rt.pods]);
}

function createRuntime(opts: ReplicaSetControllerOptions, kit: ControllerKit): RsRuntime {
  const client = kit.client();
  const queue = new WorkQueue('replicaset');
  const podIndex = new OwnerIndex<PodObject>();
  const rsIndex = new OwnerIndex<ReplicaSetObject>();
  const rsByNamespace = new Map<string, Set<string>>();
  // eslint-disable-next-line prefer-const -- the handlers close over rt before it is assigned
  let rt: RsRuntime;
  const rss = kit.informer<ReplicaSetObject>('ReplicaSet', {
    onAdd: (rs, c) => {
      rsIndex.upsert(undefined, rs);
      nsSet(rsByNamespace, rs.metadata.namespace ?? '').add(keyOf(rs));
      queue.add(keyOf(rs), c);
    },
    onUpdate: (old, rs, c) => {
      rsIndex.upsert(old, rs);
      queue.add(keyOf(rs), c);
    },
    onDelete: (rs, c) => {
      rsIndex.remove(rs);
      rsByNamespace.get(rs.metadata.namespace ?? '')?.delete(keyOf(rs));
      rt.compiled.delete(rs.metadata.uid ?? '');
      rt.tallies.delete(rs.metadata.uid ?? '');
      rt.expectations.delete(keyOf(rs));
      queue.add(keyOf(rs), c);
    },
  });
  const pods = kit.informer<PodObject>('Pod', {
    onAdd: (pod, c) => {
      podIndex.upsert(undefined, pod);
      rt.tallies.update(undefined, pod);
      addPod(rt, pod, c);
    },
    onUpdate: (old, pod, c) => {
      podIndex.upsert(old, pod);
      rt.tallies.update(old, pod);
      updatePod(rt, old, pod, c);
    },
    onDelete: (pod, c, cached) => {
      podIndex.remove(pod);
      // the tally counted the cached version (a pod deleted at once gains its deletionTimestamp only now)
      rt.tallies.update(cached, undefined);
      deletePod(rt, pod, c);
    },
  });
  const expectations = new Expectations();
  const workers = new Workers(queue, opts.concurrentSyncs ?? 5, (key, c, finish) => syncReplicaSet(rt, key, c, finish));
  rt = { client, rss, pods, podIndex, rsIndex, rsByNamespace, queue, workers, expectations, compiled: new Map(), tallies: new Tallies(), burstReplicas: opts.burstReplicas ?? 500 };
  return rt;
}

function nsSet(map: Map<string, Set<string>>, ns: string): Set<string> {
  let s = map.get(ns);
  if (s === undefined) {
    s = new Set();
    map.set(ns, s);
  }
  return s;
}

/** `resolveControllerRef`: the cached ReplicaSet a controller reference names, when the uid matches. */
function resolve(rt: RsRuntime, pod: PodObject): ReplicaSetObject | undefined {
  const ref = controllerOf(pod);
  if (ref === undefined || ref.kind !== 'ReplicaSet') return undefined;
  const rs = rt.rss.get(pod.metadata.namespace ?? '', ref.name);
  return rs !== undefined && rs.metadata.uid === ref.uid ? rs : undefined;
}

/** The ReplicaSets whose selector matches an orphan pod (`getPodReplicaSets`). */
function enqueueMatching(rt: RsRuntime, pod: PodObject, c: Ctx): void {
  const ns = pod.metadata.namespace ?? '';
  for (const key of rt.rsByNamespace.get(ns) ?? []) {
    const rs = rt.rss.get(ns, key.slice(ns.length + 1));
    if (rs !== undefined && selectorsOf(rt, rs).selector.matches(pod.metadata.labels)) rt.queue.add(key, c);
  }
}

function addPod(rt: RsRuntime, pod: PodObject, c: Ctx): void {
  if (pod.metadata.deletionTimestamp !== undefined) {
    deletePod(rt, pod, c);
    return;
  }
  if (controllerOf(pod) !== undefined) {
    const rs = resolve(rt, pod);
    if (rs === undefined) return;
    rt.expectations.creationObserved(keyOf(rs));
    rt.queue.add(keyOf(rs), c);
    return;
  }
  enqueueMatching(rt, pod, c);
}

function updatePod(rt: RsRuntime, old: PodObject, pod: PodObject, c: Ctx): void {
  if (old.metadata.resourceVersion === pod.metadata.resourceVersion) return;
  const labelsChanged = !sameLabels(old.metadata.labels, pod.metadata.labels);
  if (pod.metadata.deletionTimestamp !== undefined) {
    deletePod(rt, pod, c);
    if (labelsChanged) deletePod(rt, old, c);
    return;
  }
  const oldRef = controllerOf(old);
  const curRef = controllerOf(pod);
  const refChanged = oldRef?.uid !== curRef?.uid;
  if (refChanged && oldRef !== undefined) {
    const prev = resolve(rt, old);
    if (prev !== undefined) rt.queue.add(keyOf(prev), c);
  }
  if (curRef !== undefined) {
    const rs = resolve(rt, pod);
    if (rs === undefined) return;
    rt.queue.add(keyOf(rs), c);
    const minReady = rs.spec?.minReadySeconds ?? 0;
    // a pod that just became Ready is available minReadySeconds later; one more second absorbs the
    // truncation of condition timestamps to whole seconds
    if (!isPodReady(old) && isPodReady(pod) && minReady > 0) rt.queue.addAfter(keyOf(rs), minReady * 1000 + 1000, c);
    return;
  }
  if (labelsChanged || refChanged) enqueueMatching(rt, pod, c);
}

function deletePod(rt: RsRuntime, pod: PodObject, c: Ctx): void {
  const rs = resolve(rt, pod);
  if (rs === undefined) return;
  rt.expectations.deletionObserved(keyOf(rs), keyOf(pod));
  rt.queue.add(keyOf(rs), c);
}

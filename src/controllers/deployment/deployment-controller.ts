/**
 * The Deployment controller as an actor (upstream `pkg/controller/deployment`; kubernetes-behaviour.md §2).
 *
 * @packageDocumentation
 */
import type { ControllerBehavior, ControllerKit } from '../controller-manager.js';
import { OwnerIndex } from '../_internal/owner-index.js';
import { PodCounts } from '../_internal/pod-counts.js';
import { controllerOf, keyOf, sameLabels } from '../_internal/pods.js';
import type { InformerHandlers } from '../../api/client/informer.js';
import { controllerBehavior } from '../_internal/controller-behavior.js';
import { WorkQueue } from '../_internal/work-queue.js';
import { Workers } from '../_internal/workers.js';
import { type Ctx, type DeploymentObject, type DeploymentRuntime, type PodObject, type RsObject, selectorOf } from './runtime.js';
import { syncDeployment } from './sync.js';

/**
 * Options of {@link deploymentController}.
 *
 * @remarks The defaults are kube-controller-manager's.
 * @example
 * ```ts
 * const opts: DeploymentControllerOptions = { concurrentSyncs: 10 };
 * ```
 */
export interface DeploymentControllerOptions {
  /** The API server actor's id. @defaultValue `'kube-apiserver'` */
  readonly apiServer?: string;
  /** Deployments synced at once (`--concurrent-deployment-syncs`). @defaultValue 5 */
  readonly concurrentSyncs?: number;
}

/**
 * The Deployment controller's actor state.
 *
 * @remarks Opaque: read the cluster through the API, not through this state.
 * @example
 * ```ts
 * const state = sim.stateOf<DeploymentControllerState>('deployment-controller');
 * ```
 */
export interface DeploymentControllerState {
  /** @internal */
  readonly rt: DeploymentRuntime;
}

/**
 * The Deployment controller: rolls pod templates out through ReplicaSets.
 *
 * @remarks
 * Informers on Deployments, ReplicaSets and Pods feed a rate-limited work queue. A sync claims ReplicaSets
 * (adopt/release by selector with controller references), finds the new ReplicaSet (template equal ignoring
 * `pod-template-hash`) or creates `<name>-<hash>` ({@link podTemplateHash}), keeps the
 * `deployment.kubernetes.io/revision` annotations, then: proportional scaling when paused or when
 * `spec.replicas` changed mid-rollout; Recreate (old to 0, wait until no old pod remains, new to replicas); or
 * RollingUpdate with upstream's arithmetic (maxSurge rounds up, maxUnavailable down, both 0 ⇒ 1 unavailable).
 * Complete rollouts (and paused ones) delete fully scaled-down ReplicaSets beyond `revisionHistoryLimit`. The
 * status carries replicas/updated/ready/available/unavailable, `Available` (MinimumReplicasAvailable /
 * MinimumReplicasUnavailable) and `Progressing` (NewReplicaSetCreated, FoundNewReplicaSet, ReplicaSetUpdated,
 * NewReplicaSetAvailable, ProgressDeadlineExceeded, DeploymentPaused, DeploymentResumed). A rollback is a
 * spec change back to an old template ({@link rollbackDeployment}): the old ReplicaSet becomes new again
 * with the next revision.
 *
 * @example
 * ```ts
 * sim.spawn('kube-apiserver', apiServer(core));
 * sim.spawn('replicaset-controller', replicaSetController());
 * sim.spawn('deployment-controller', deploymentController());
 * ```
 */
export function deploymentController(opts: DeploymentControllerOptions = {}): ControllerBehavior<DeploymentControllerState> {
  return controllerBehavior('deployment-controller', 'system:serviceaccount:kube-system:deployment-controller', opts.apiServer, (kit) => createRuntime(opts, kit), (rt) => [rt.deployments, rt.rss]);
}

function createRuntime(opts: DeploymentControllerOptions, kit: ControllerKit): DeploymentRuntime {
  const client = kit.client();
  const queue = new WorkQueue('deployment');
  const rsIndex = new OwnerIndex<RsObject>();
  const podCounts = new PodCounts();
  const byNamespace = new Map<string, Set<string>>();
  // eslint-disable-next-line prefer-const -- the handlers close over rt before it is assigned
  let rt: DeploymentRuntime;
  /**
   * Only Recreate needs pods (are old pods gone?): the controller asks for the pod informer — the costliest cache
   * of a controller running alone, one pod event per pod change — with the first Recreate Deployment. In
   * kube-controller-manager it is the shared one, and the handlers start with the cache it already has.
   */
  const startPodInformer = (d: DeploymentObject): void => {
    if (rt.podsStarted || d.spec?.strategy?.type !== 'Recreate') return;
    rt.podsStarted = true;
    rt.pods = kit.informer('Pod', podHandlers);
  };
  const deployments = kit.informer<DeploymentObject>('Deployment', {
    onAdd: (d, c) => {
      startPodInformer(d);
      let s = byNamespace.get(d.metadata.namespace ?? '');
      if (s === undefined) byNamespace.set(d.metadata.namespace ?? '', (s = new Set()));
      s.add(keyOf(d));
      queue.add(keyOf(d), c);
    },
    onUpdate: (_o, d, c) => {
      startPodInformer(d);
      queue.add(keyOf(d), c);
    },
    onDelete: (d, c) => {
      byNamespace.get(d.metadata.namespace ?? '')?.delete(keyOf(d));
      rt.selectors.delete(d.metadata.uid ?? '');
      queue.add(keyOf(d), c);
    },
  });
  const rss = kit.informer<RsObject>('ReplicaSet', {
    onAdd: (rs, c) => {
      rsIndex.upsert(undefined, rs);
      onReplicaSet(rt, undefined, rs, c);
    },
    onUpdate: (old, rs, c) => {
      rsIndex.upsert(old, rs);
      onReplicaSet(rt, old, rs, c);
    },
    onDelete: (rs, c) => {
      rsIndex.remove(rs);
      const d = resolve(rt, rs);
      if (d !== undefined) queue.add(keyOf(d), c);
    },
  });
  const podHandlers: InformerHandlers<PodObject> = {
    onAdd: (pod) => podCounts.record(undefined, pod),
    onUpdate: (old, pod) => podCounts.record(old, pod),
    onDelete: (pod, c) => {
      podCounts.record(pod, undefined);
      onPodDeleted(rt, pod, c);
    },
    onSynced: (c) => {
      // Recreate Deployments waiting for their old pods to go can decide now
      for (const d of deployments.list()) if (d.spec?.strategy?.type === 'Recreate') queue.add(keyOf(d), c);
    },
  };
  const workers = new Workers(queue, opts.concurrentSyncs ?? 5, (key, c, finish) => syncDeployment(rt, key, c, finish));
  rt = { client, deployments, rss, pods: { hasSynced: false }, podsStarted: false, rsIndex, podCounts, byNamespace, selectors: new Map(), queue, workers };

  return rt;
}


/** The cached Deployment a controller reference names, when the uid matches. */
function resolve(rt: DeploymentRuntime, rs: RsObject): DeploymentObject | undefined {
  const ref = controllerOf(rs);
  if (ref === undefined || ref.kind !== 'Deployment') return undefined;
  const d = rt.deployments.get(rs.metadata.namespace ?? '', ref.name);
  return d !== undefined && d.metadata.uid === ref.uid ? d : undefined;
}

/** `addReplicaSet` / `updateReplicaSet`: enqueue the owner, the old owner, or the Deployments that match an orphan. */
function onReplicaSet(rt: DeploymentRuntime, old: RsObject | undefined, rs: RsObject, c: Ctx): void {
  if (old !== undefined && old.metadata.resourceVersion === rs.metadata.resourceVersion) return;
  const oldRef = old === undefined ? undefined : controllerOf(old);
  const curRef = controllerOf(rs);
  if (old !== undefined && oldRef !== undefined && oldRef.uid !== curRef?.uid) {
    const prev = resolve(rt, old);
    if (prev !== undefined) rt.queue.add(keyOf(prev), c);
  }
  if (curRef !== undefined) {
    const d = resolve(rt, rs);
    if (d !== undefined) rt.queue.add(keyOf(d), c);
    return;
  }
  const labelsChanged = old === undefined || !sameLabels(old.metadata.labels, rs.metadata.labels);
  if (!labelsChanged && oldRef === undefined) return;
  const ns = rs.metadata.namespace ?? '';
  for (const key of rt.byNamespace.get(ns) ?? []) {
    const d = rt.deployments.get(ns, key.slice(ns.length + 1));
    if (d !== undefined && selectorOf(rt, d).matches(rs.metadata.labels)) rt.queue.add(key, c);
  }
}

/** `deletePod`: a Recreate Deployment waits for its last old pod to go; look again when none is left. */
function onPodDeleted(rt: DeploymentRuntime, pod: PodObject, c: Ctx): void {
  const ref = controllerOf(pod);
  if (ref === undefined || ref.kind !== 'ReplicaSet') return;
  const rs = rt.rss.get(pod.metadata.namespace ?? '', ref.name);
  if (rs === undefined || rs.metadata.uid !== ref.uid) return;
  const d = resolve(rt, rs);
  if (d === undefined || d.spec?.strategy?.type !== 'Recreate') return;
  for (const sib of rt.rsIndex.owned(d.metadata.uid ?? '')) {
    if (rt.podCounts.total(sib.metadata.uid ?? '') > 0) return;
  }
  rt.queue.add(keyOf(d), c);
}

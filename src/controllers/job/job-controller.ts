/**
 * The Job controller as an actor (upstream `pkg/controller/job`; kubernetes-behaviour.md §3.3).
 *
 * @packageDocumentation
 */
import type { ActorContext } from '../../engine/actor.js';
import type { ControllerBehavior, ControllerKit } from '../controller-manager.js';
import { Expectations } from '../_internal/expectations.js';
import { OwnerIndex } from '../_internal/owner-index.js';
import { controllerOf, keyOf } from '../_internal/pods.js';
import { controllerBehavior } from '../_internal/controller-behavior.js';
import { WorkQueue } from '../_internal/work-queue.js';
import { Workers } from '../_internal/workers.js';
import { observePod } from './observe.js';
import type { JobObject, JobRuntime, PodObject } from './runtime.js';
import { syncJob } from './sync.js';

/**
 * Options of {@link jobController}.
 *
 * @category Controllers
 */
export interface JobControllerOptions {
  /** The API server actor's id. @defaultValue `'kube-apiserver'` */
  readonly apiServer?: string;
  /** Jobs synced at once (`--concurrent-job-syncs`). @defaultValue 5 */
  readonly concurrentSyncs?: number;
  /** Most pods created or deleted by one sync. @defaultValue 500 */
  readonly burstPods?: number;
  /** How long pod events wait before the Job syncs, so that bursts coalesce (`syncJobBatchPeriod`). @defaultValue 1000 */
  readonly podUpdateBatchMs?: number;
}

/**
 * The Job controller's actor state.
 *
 * @remarks Opaque: read the cluster through the API, not through this state.
 * @example
 * ```ts
 * const behaviour: Behavior<JobControllerState, unknown> = jobController();
 * ```
 * @category Controllers
 */
export interface JobControllerState {
  /** @internal */
  readonly rt: JobRuntime;
}

type Ctx = ActorContext<never>;

/**
 * The Job controller: runs a Job's pods to completion and reports its status.
 *
 * @remarks
 * - **Pods.** Active pods wanted: `min(parallelism, completions − succeeded)`; without `completions` (a work
 *   queue) `parallelism` until the first success, then none new. At most 500 creates or deletes per sync;
 *   creations and deletions are awaited through expectations. Pods are the template with a controller
 *   reference (`controller: true, blockOwnerDeletion: true`) and the `batch.kubernetes.io/job-name` /
 *   `batch.kubernetes.io/controller-uid` labels the API server put in the template; names are
 *   `<job>-<5 random characters>`. **Indexed** Jobs give each pod the lowest free index in the
 *   `batch.kubernetes.io/job-completion-index` annotation and label, hostname `<job>-<index>`, and
 *   `JOB_COMPLETION_INDEX`; the Job completes when every index in `0..completions−1` succeeded
 *   (`status.completedIndexes`).
 * - **Failures.** A pod counts as failed when its phase is Failed or it is deleted before succeeding (except
 *   pods the controller deleted for suspend or scale-down). Before creating pods again the controller waits
 *   the pod-failure backoff {@link podFailureBackoffMs} (10 s doubling, capped at 10 minutes as in the code —
 *   the documentation says six) from the last failure's finish time. More failures than `backoffLimit`
 *   (default 6; with `restartPolicy: OnFailure` also that many container restarts) fail the Job with reason
 *   `BackoffLimitExceeded`; running longer than `activeDeadlineSeconds` since `startTime` with
 *   `DeadlineExceeded`. A failing Job first gets `FailureTarget`, its active pods are deleted (and counted as
 *   failed), and `Failed` follows once none is left running or terminating.
 * - **Success.** Enough completions and no active pod: `SuccessCriteriaMet` then `Complete` (reason
 *   `CompletionsReached`) and `completionTime`.
 * - **Suspend.** `spec.suspend: true` deletes the active pods (not counted as failed) and sets `Suspended`
 *   True (`JobSuspended`); resuming sets it False (`JobResumed`) and resets `startTime`, so the active
 *   deadline counts from the resume.
 * - **TTL.** `ttlSecondsAfterFinished` after the Complete/Failed transition the Job is deleted with
 *   foreground propagation (upstream's separate TTL-after-finished controller, folded in here).
 * - **Status.** `active`, `ready`, `terminating`, `succeeded`, `failed`, `startTime`, `completionTime`,
 *   `conditions`, written only when changed.
 *
 * Pod events reach the queue after `podUpdateBatchMs` (1 s), Job events at once. Finished pods are counted
 * as the pod informer reports them, so a pod deleted right after finishing still counts (upstream's tracking
 * finalizer). Not modelled: `podFailurePolicy`, `backoffLimitPerIndex`, `successPolicy`,
 * `podReplacementPolicy: Failed`, `managedBy`, adoption of orphan pods.
 *
 * @example
 * ```ts
 * sim.spawn('kube-apiserver', apiServer(core));
 * sim.spawn('job-controller', jobController());
 * ```
 * @category Controllers
 */
export function jobController(opts: JobControllerOptions = {}): ControllerBehavior<JobControllerState> {
  return controllerBehavior('job-controller', 'system:serviceaccount:kube-system:job-controller', opts.apiServer, (kit) => createRuntime(opts, kit), (rt) => [rt.jobs, rt.pods]);
}

function createRuntime(opts: JobControllerOptions, kit: ControllerKit): JobRuntime {
  const client = kit.client();
  const queue = new WorkQueue('job');
  const podIndex = new OwnerIndex<PodObject>();
  // eslint-disable-next-line prefer-const -- the handlers close over rt before it is assigned
  let rt: JobRuntime;
  const jobs = kit.informer<JobObject>('Job', {
    onAdd: (job, c) => queue.add(keyOf(job), c),
    onUpdate: (_old, job, c) => queue.add(keyOf(job), c),
    onDelete: (job, c) => {
      rt.records.delete(job.metadata.uid ?? '');
      rt.expectations.delete(keyOf(job));
      queue.add(keyOf(job), c);
    },
  });
  // Only pods a Job controls are indexed: syncs read a Job's own pods, and orphans are not adopted (see above).
  // In kube-controller-manager the pod informer is shared, so most pods it sees belong to other controllers.
  const pods = kit.informer<PodObject>('Pod', {
    onAdd: (pod, c) => {
      if (ofJob(pod)) podIndex.upsert(undefined, pod);
      podEvent(rt, pod, 'add', c);
    },
    onUpdate: (old, pod, c) => {
      const is = ofJob(pod);
      const was = old.metadata.ownerReferences === pod.metadata.ownerReferences ? is : ofJob(old);
      if (is) podIndex.upsert(was ? old : undefined, pod);
      else if (was) podIndex.remove(old);
      if (old.metadata.resourceVersion !== pod.metadata.resourceVersion) podEvent(rt, pod, 'update', c);
    },
    onDelete: (pod, c) => {
      if (ofJob(pod)) podIndex.remove(pod);
      podEvent(rt, pod, 'delete', c);
    },
  });
  const workers = new Workers(queue, opts.concurrentSyncs ?? 5, (key, c, finish) => syncJob(rt, key, c, finish));
  rt = { client, jobs, pods, podIndex, queue, workers, expectations: new Expectations(), records: new Map(), burst: opts.burstPods ?? 500, podUpdateBatchMs: opts.podUpdateBatchMs ?? 1000 };
  return rt;
}

/** Whether a Job controls the pod. */
function ofJob(pod: PodObject): boolean {
  return controllerOf(pod)?.kind === 'Job';
}

/** The cached Job a pod's controller reference names, when the uid matches. */
function resolve(rt: JobRuntime, pod: PodObject): JobObject | undefined {
  const ref = controllerOf(pod);
  if (ref === undefined || ref.kind !== 'Job') return undefined;
  const job = rt.jobs.get(pod.metadata.namespace ?? '', ref.name);
  return job !== undefined && job.metadata.uid === ref.uid ? job : undefined;
}

function podEvent(rt: JobRuntime, pod: PodObject, kind: 'add' | 'update' | 'delete', c: Ctx): void {
  const job = resolve(rt, pod);
  if (job === undefined) return;
  const key = keyOf(job);
  if (kind === 'add') rt.expectations.creationObserved(key);
  if (kind === 'delete' || pod.metadata.deletionTimestamp !== undefined) rt.expectations.deletionObserved(key, keyOf(pod));
  observePod(rt, job, pod, kind === 'delete', c.now);
  rt.queue.addAfter(key, rt.podUpdateBatchMs, c);
}

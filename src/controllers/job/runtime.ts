/**
 * The Job controller's working state: informers, the pod index, the queue, expectations and what it
 * remembers per Job (counted pods, the failure streak).
 *
 * @internal
 * @packageDocumentation
 */
import type { Job } from 'kubernetes-types/batch/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { ApiClient } from '../../api/client/api-client.js';
import type { Informer } from '../../api/client/informer.js';
import type { KubeObject } from '../../api/store/types.js';
import type { Expectations } from '../_internal/expectations.js';
import type { OwnerIndex } from '../_internal/owner-index.js';
import type { WorkQueue } from '../_internal/work-queue.js';
import type { Workers } from '../_internal/workers.js';
import type { BackoffRecord } from './backoff.js';

/** A cached pod. */
export type PodObject = Pod & KubeObject;
/** A cached Job. */
export type JobObject = Job & KubeObject;

/**
 * What the controller remembers of one Job (upstream keeps it in the pods' tracking finalizer and
 * `status.uncountedTerminatedPods`; kubesim's controller never restarts, so memory is enough).
 */
export interface JobRecord {
  /** Pod uids already counted in `status.succeeded` / `status.failed` (or deliberately never counted). */
  readonly counted: Set<string>;
  /** Pod uids the controller deleted for suspend or scale-down: never counted as failed. */
  readonly uncountable: Set<string>;
  /** Completed indexes (Indexed mode). */
  readonly completedIndexes: Set<number>;
  readonly backoff: BackoffRecord;
  /** Pods counted but not yet written to `status.succeeded` / `status.failed`. */
  readonly pending: { succeeded: number; failed: number };
}

/** Everything the controller's handlers and syncs share. */
export interface JobRuntime {
  readonly client: ApiClient;
  readonly jobs: Informer<JobObject>;
  readonly pods: Informer<PodObject>;
  /** Pods by controller uid. */
  readonly podIndex: OwnerIndex<PodObject>;
  readonly queue: WorkQueue;
  readonly workers: Workers;
  readonly expectations: Expectations;
  /** Per Job uid. */
  readonly records: Map<string, JobRecord>;
  readonly burst: number;
  readonly podUpdateBatchMs: number;
}

/** The record of a Job, created on first use. */
export function recordOf(rt: JobRuntime, job: JobObject): JobRecord {
  const uid = job.metadata.uid ?? '';
  let r = rt.records.get(uid);
  if (r === undefined) {
    r = { counted: new Set(), uncountable: new Set(), completedIndexes: new Set(), backoff: { failuresAfterLastSuccess: 0, lastFailureMs: undefined }, pending: { succeeded: 0, failed: 0 } };
    rt.records.set(uid, r);
  }
  return r;
}

/**
 * kube-scheduler as an actor on the engine's clock, with its scheduling queue.
 *
 * @packageDocumentation
 */
export { type CycleMs, kubeScheduler, type KubeSchedulerOptions, type KubeSchedulerState, type KubeSchedulerTimer } from './kube-scheduler.js';
export { backoffDurationMs, POD_INITIAL_BACKOFF_MS, POD_MAX_BACKOFF_MS, POD_MAX_IN_UNSCHEDULABLE_MS, type QueuedPod, SchedulingQueue } from './scheduling-queue.js';

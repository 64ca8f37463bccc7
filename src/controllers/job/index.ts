/**
 * The Job controller (kubernetes-behaviour.md §3.3).
 *
 * @packageDocumentation
 */
export { DEFAULT_JOB_POD_FAILURE_BACKOFF_MS, MAX_JOB_POD_FAILURE_BACKOFF_MS, podFailureBackoffMs } from './backoff.js';
export { jobController, type JobControllerOptions, type JobControllerState } from './job-controller.js';
export { JOB_COMPLETION_INDEX } from './pod-template.js';

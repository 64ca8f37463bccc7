/**
 * The pod garbage collector: terminated pods over the threshold, orphaned pods of deleted nodes, unscheduled
 * terminating pods, terminating pods on out-of-service nodes.
 *
 * @packageDocumentation
 */
export { podGcController, type PodGcMessage, type PodGcOptions, type PodGcState } from './pod-gc-controller.js';

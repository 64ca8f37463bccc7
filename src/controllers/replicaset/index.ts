/**
 * The ReplicaSet controller (kubernetes-behaviour.md §2.7).
 *
 * @packageDocumentation
 */
export { POD_DELETION_COST_ANNOTATION, rankPodsForDeletion } from './pod-ranking.js';
export { replicaSetController, type ReplicaSetControllerOptions, type ReplicaSetControllerState } from './replicaset-controller.js';

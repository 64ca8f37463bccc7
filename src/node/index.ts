/**
 * Nodes: node pools, the kubelet, application behaviour and the node lifecycle controller
 * (kubernetes-behaviour.md §6 and §7).
 *
 * @packageDocumentation
 */
export { type NodeImage, type NodePoolOptions, healthyNodeConditions, nodeAddress, nodePodCIDR, nodePool } from './node-pool.js';
export { NodeHeartbeats } from './heartbeats.js';
export {
  type AppBehaviour,
  BEHAVIOUR_ANNOTATIONS,
  BEHAVIOUR_PREFIX,
  type BehaviourKey,
  type BehaviourSpec,
  DEFAULT_BEHAVIOUR,
  type DurationRange,
  type PodBehaviour,
  type ReadyFlap,
  podBehaviour,
} from './behaviour.js';
export { type BackoffEntry, INITIAL_BACKOFF_MS, MAX_BACKOFF_MS, nextBackoff } from './backoff.js';
export { type Rejection, type ResourceAmounts, accountPod, admitPod, allocatableAmounts, podRequests } from './admission.js';
export type { ImageCatalogEntry, KubeletFault, KubeletMessage, KubeletOptions, RegisterMessage, RuntimeLatencies, TickMessage } from './kubelet-options.js';
export type { StepMessage, ImageInfo } from './pod-lifecycle.js';
export { kubelet, type KubeletState } from './kubelet.js';
export { type NodeLifecycleMessage, type NodeLifecycleOptions, type NodeLifecycleState, nodeLifecycleController } from './node-lifecycle-controller.js';
export { DEFAULT_ZONE_LIMITS, type ZoneLimits, zoneRates } from './zones.js';
export { TAINT_MEMORY_PRESSURE, TAINT_NOT_READY, TAINT_UNREACHABLE, evictionDelayMs, toleratesTaint } from './taints.js';
export { DEFAULT_MEMORY_THRESHOLD, DEFAULT_PRESSURE_TRANSITION_MS, binaryQuantity } from './eviction.js';

/**
 * kubesim: a deterministic simulation of a whole Kubernetes cluster on a virtual clock.
 *
 * @packageDocumentation
 */
export * from './api/index.js';
export type { ApiFaultHooks, RequestFate, WatchDeliveryInfo, WatchFate } from './api/server/api-server.js';
export type { InjectedErrorCode } from './api/server/injected-errors.js';
export * from './controllers/index.js';
export * from './engine/index.js';
export {
  type NodeImage,
  type NodePoolOptions,
  healthyNodeConditions,
  nodeAddress,
  nodePodCIDR,
  nodePool,
  NodeHeartbeats,
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
  type BackoffEntry,
  INITIAL_BACKOFF_MS,
  MAX_BACKOFF_MS,
  nextBackoff,
  type Rejection,
  type ResourceAmounts,
  accountPod,
  admitPod,
  allocatableAmounts,
  type ImageCatalogEntry,
  type KubeletFault,
  type KubeletMessage,
  type KubeletOptions,
  type RuntimeLatencies,
  type RegisterMessage,
  type TickMessage,
  type StepMessage,
  type ImageInfo,
  kubelet,
  type KubeletState,
  type NodeLifecycleOptions,
  type NodeLifecycleMessage,
  type NodeLifecycleState,
  nodeLifecycleController,
  DEFAULT_ZONE_LIMITS,
  type ZoneLimits,
  zoneRates,
  TAINT_NOT_READY,
  TAINT_UNREACHABLE,
  evictionDelayMs,
  toleratesTaint,
  podRequests as kubeletPodRequests,
} from './node/index.js';
export * from './scheduler/index.js';
export * from './cluster/index.js';
export * from './scenario/index.js';
export * from './faults/index.js';

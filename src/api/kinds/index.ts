/**
 * API kinds: the registry, API defaults, built-in mutating admission and validation for every kind
 * kubesim serves (kubernetes-behaviour.md §8).
 *
 * @packageDocumentation
 */
export { KindRegistry, defaultRegistry, type KindInfo, type NameRule } from './registry.js';
export { BUILTIN_KINDS } from './builtin.js';
export { validateObjectMeta, type HasMetadata } from './meta.js';
export {
  DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS,
  DEFAULT_TERMINATION_MESSAGE_PATH,
  DEFAULT_VOLUME_MODE,
  defaultContainer,
  defaultPodSpec,
  defaultPodTemplate,
  defaultProbe,
  defaultPullPolicy,
  defaultVolume,
  imageTag,
} from './podspec-defaults.js';
export { validatePodSpec, validatePodTemplate, validateTolerations } from './podspec.js';
export {
  DEFAULT_TOLERATION_SECONDS,
  SYSTEM_PRIORITY_CLASSES,
  defaultPodPriority,
  defaultTolerationSeconds,
  type PriorityClassSource,
} from './pod-admission.js';
export { defaultPod, podKind, podQOSClass, preparePodForCreate, validatePod } from './pod.js';
export { defaultDeployment, deploymentKind, validateDeployment } from './deployment.js';
export { defaultReplicaSet, replicaSetKind, validateReplicaSet } from './replicaset.js';
export {
  CONTROLLER_UID_LABEL,
  JOB_NAME_LABEL,
  LEGACY_CONTROLLER_UID_LABEL,
  LEGACY_JOB_NAME_LABEL,
  defaultJob,
  jobKind,
  prepareJobForCreate,
  validateJob,
} from './job.js';
export { defaultService, externallyAccessible, serviceKind, validateService } from './service.js';
export {
  KUBERNETES_FINALIZER,
  NAMESPACE_NAME_LABEL,
  defaultNamespace,
  namespaceKind,
  prepareNamespaceForCreate,
  validateNamespace,
} from './namespace.js';
export { defaultNode, nodeKind, validateNode } from './node.js';
export { defaultEndpointSlice, endpointSliceKind, validateEndpointSlice } from './endpointslice.js';
export { configMapKind, validateConfigMap } from './configmap.js';
export { defaultSecret, secretKind, validateSecret } from './secret.js';
export { serviceAccountKind, validateServiceAccount } from './serviceaccount.js';
export { eventKind, validateEvent } from './event.js';
export { leaseKind, validateLease } from './lease.js';
export { HIGHEST_USER_DEFINABLE_PRIORITY, defaultPriorityClass, priorityClassKind, validatePriorityClass } from './priorityclass.js';
export { podDisruptionBudgetKind, validatePodDisruptionBudget } from './poddisruptionbudget.js';
export type { IntOrString } from './intstr.js';

/**
 * The Deployment controller and its arithmetic (kubernetes-behaviour.md §2).
 *
 * @packageDocumentation
 */
export { deploymentController, type DeploymentControllerOptions, type DeploymentControllerState } from './deployment-controller.js';
export { canonicalJson, equalIgnoreHash, POD_TEMPLATE_HASH_LABEL, podTemplateHash, withoutHashLabel } from './hash.js';
export { planNewReplicaSetScale, planOldReplicaSetsScaleDown, planProportionalScale, planRecreateScaleDown, type ScaleStep } from './plan.js';
export { rollbackDeployment } from './rollback.js';
export { DeploymentReasons } from './status.js';
export {
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  maxSurge,
  maxUnavailable,
  newReplicaSetReplicas,
  replicaSetFraction,
  resolveFenceposts,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  scaledValue,
} from './util.js';

/**
 * `kubectl apply -f` / `kubectl delete -f` semantics over the API server core.
 *
 * @packageDocumentation
 */
export { apply, type ApplyOptions, type ApplyResult, type AppliedObject } from './apply.js';
export { ApplyError, formatApplyProblem, type ApplyProblem } from './apply-error.js';
export { deleteFromManifests, type DeleteFromManifestsOptions, type DeletedObject } from './delete-from-manifests.js';
export { LAST_APPLIED_ANNOTATION, lastAppliedValue, readLastApplied } from './last-applied.js';
export { parseManifests } from './parse-manifests.js';
export { threeWayMerge } from './three-way-merge.js';
export type { JsonMap } from './three-way-merge.js';

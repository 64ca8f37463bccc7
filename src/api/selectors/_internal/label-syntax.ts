/**
 * Label key and value syntax, as selectors check it: the same rules and messages as the API's validation
 * (`src/api/validation/names.ts`, upstream `k8s.io/apimachinery/pkg/util/validation`).
 *
 * @internal
 */
export { isQualifiedName as labelKeyErrors, isValidLabelValue as labelValueErrors } from '../../validation/names.js';

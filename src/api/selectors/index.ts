/**
 * Label and field selectors: parsing (string and object forms), validation and matching, as upstream
 * `k8s.io/apimachinery/pkg/{labels,fields}` (kubernetes-behaviour.md §8).
 *
 * @packageDocumentation
 */
export {
  checkSelectableFields,
  BUILTIN_SELECTABLE_FIELDS,
  type FieldCatalogExtensions,
  type FieldGetter,
  type FieldGetters,
  fieldValue,
  selectableFields,
} from './field-value.js';
export { escapeFieldValue, type FieldRequirement, type FieldSelector, parseFieldSelector } from './field-selector.js';
export { parseLabelRequirements } from './label-parser.js';
export {
  type LabelOperator,
  newRequirement,
  type Requirement,
  requirementMatches,
  requirementToString,
} from './label-requirement.js';
export {
  type CompiledSelector,
  type CompileLabelSelectorOptions,
  compileLabelSelector,
  everything,
  nothing,
  parseLabelSelector,
  selectorFromSet,
  validateLabelSelector,
} from './label-selector.js';

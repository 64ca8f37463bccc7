/**
 * Checks shared by controllers that own pods through a selector and a template (Deployment,
 * ReplicaSet, Job): selector syntax, non-empty selector, selector matching the template's labels.
 *
 * @packageDocumentation
 */
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import type { FieldError } from '../errors.js';
import { compileLabelSelector, validateLabelSelector } from '../selectors/index.js';
import { invalid, required } from './field.js';

/** True when the selector has neither `matchLabels` nor `matchExpressions` entries. */
export function isEmptySelector(sel: LabelSelector): boolean {
  if ((sel.matchExpressions?.length ?? 0) > 0) return false;
  for (const _ in sel.matchLabels ?? {}) return false;
  return true;
}

/** Whether a (valid) selector matches a label set. */
export function selectorMatches(sel: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  return compileLabelSelector(sel).matches(labels);
}

/**
 * `spec.selector` required and non-empty (`empty selector is invalid for deployment`, the message
 * upstream uses for Deployments and ReplicaSets alike), valid, and matching the template labels
 * (`` `selector` does not match template `labels` ``).
 */
export function validateSelectorAndTemplate(
  errs: FieldError[],
  sel: LabelSelector | undefined,
  template: PodTemplateSpec | undefined,
  requireNonEmpty: boolean,
): void {
  if (sel === undefined) {
    errs.push(required('spec.selector'));
    return;
  }
  const selErrs = validateLabelSelector(sel, 'spec.selector');
  for (const e of selErrs) errs.push(e);
  const valid = selErrs.length === 0;
  const empty = isEmptySelector(sel);
  if (requireNonEmpty && empty) errs.push(invalid('spec.selector', sel, 'empty selector is invalid for deployment'));
  if (!valid || empty || template === undefined) return;
  const labels = template.metadata?.labels ?? {};
  if (!selectorMatches(sel, labels)) {
    errs.push(invalid('spec.template.metadata.labels', labels, '`selector` does not match template `labels`'));
  }
}

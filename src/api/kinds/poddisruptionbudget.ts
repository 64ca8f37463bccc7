/**
 * The PodDisruptionBudget kind (policy/v1): minimal spec validation (kubernetes-behaviour.md §8).
 *
 * @packageDocumentation
 */
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import type { FieldError } from '../errors.js';
import { invalid, notSupported } from './field.js';
import { validateNotMoreThan100Percent, validatePositiveIntOrPercent } from './intstr.js';
import { validateObjectMeta } from './meta.js';
import type { KindInfo } from './registry.js';
import { validateLabelSelector } from '../selectors/index.js';

/**
 * Validates a PDB: at most one of `minAvailable`/`maxUnavailable`, each a non-negative int or a
 * percent ≤ 100%, a valid selector, and `unhealthyPodEvictionPolicy` values.
 */
export function validatePodDisruptionBudget(pdb: PodDisruptionBudget, old: PodDisruptionBudget | undefined): FieldError[] {
  const errs = validateObjectMeta(pdb, podDisruptionBudgetKind, old);
  const spec = pdb.spec ?? {};
  if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) {
    errs.push(invalid('spec', spec, 'minAvailable and maxUnavailable cannot be both set'));
  }
  validatePositiveIntOrPercent(errs, spec.minAvailable, 'spec.minAvailable');
  validateNotMoreThan100Percent(errs, spec.minAvailable, 'spec.minAvailable');
  validatePositiveIntOrPercent(errs, spec.maxUnavailable, 'spec.maxUnavailable');
  validateNotMoreThan100Percent(errs, spec.maxUnavailable, 'spec.maxUnavailable');
  for (const e of validateLabelSelector(spec.selector, 'spec.selector')) errs.push(e);
  const policy = spec.unhealthyPodEvictionPolicy;
  if (policy !== undefined && policy !== 'IfHealthyBudget' && policy !== 'AlwaysAllow') {
    errs.push(notSupported('spec.unhealthyPodEvictionPolicy', policy, ['AlwaysAllow', 'IfHealthyBudget']));
  }
  return errs;
}

/** The PodDisruptionBudget kind. */
export const podDisruptionBudgetKind: KindInfo<PodDisruptionBudget> = {
  apiVersion: 'policy/v1',
  group: 'policy',
  kind: 'PodDisruptionBudget',
  plural: 'poddisruptionbudgets',
  scope: 'Namespaced',
  nameRule: 'DNS1123Subdomain',
  hasStatus: true,
  validate: validatePodDisruptionBudget,
};

/**
 * The PriorityClass kind (scheduling.k8s.io/v1): `preemptionPolicy` default and value rules.
 *
 * @packageDocumentation
 */
import type { PriorityClass } from 'kubernetes-types/scheduling/v1.js';
import type { FieldError } from '../errors.js';
import { forbidden, immutable, notSupported } from './field.js';
import { validateObjectMeta } from './meta.js';
import { SYSTEM_PRIORITY_CLASSES } from './pod-admission.js';
import type { KindInfo } from './registry.js';

/** `HighestUserDefinablePriority`: one billion. */
export const HIGHEST_USER_DEFINABLE_PRIORITY = 1000000000;

/** `SetDefaults_PriorityClass`: `preemptionPolicy: PreemptLowerPriority`. */
export function defaultPriorityClass(draft: PriorityClass): void {
  draft.preemptionPolicy ??= 'PreemptLowerPriority';
}

function systemClassError(pc: PriorityClass): string | undefined {
  const name = pc.metadata?.name ?? '';
  const known = SYSTEM_PRIORITY_CLASSES.find((c) => c.metadata?.name === name);
  if (known === undefined) return `name ${name} is not a known system priority class`;
  if (known.value !== pc.value) return `value of ${name} PriorityClass must be ${known.value}`;
  if (pc.globalDefault === true) return `globalDefault of ${name} PriorityClass must be false`;
  return undefined;
}

/**
 * Validates a PriorityClass: `system-` names reserved for the built-in classes, user values at most
 * 1000000000, `preemptionPolicy` values; on update `value` and `preemptionPolicy` cannot change.
 */
export function validatePriorityClass(pc: PriorityClass, old: PriorityClass | undefined): FieldError[] {
  const errs = validateObjectMeta(pc, priorityClassKind, old);
  if ((pc.metadata?.name ?? '').startsWith('system-')) {
    const why = systemClassError(pc);
    if (why !== undefined) {
      errs.push(forbidden('metadata.name', `priority class names with 'system-' prefix are reserved for system use only. error: ${why}`));
    }
  } else if (pc.value > HIGHEST_USER_DEFINABLE_PRIORITY) {
    errs.push(forbidden('value', `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`));
  }
  const policy = pc.preemptionPolicy;
  if (policy !== undefined && policy !== 'PreemptLowerPriority' && policy !== 'Never') {
    errs.push(notSupported('preemptionPolicy', policy, ['Never', 'PreemptLowerPriority']));
  }
  if (old !== undefined) {
    if (pc.value !== old.value) errs.push(forbidden('value', 'may not be changed in an update.'));
    immutable(errs, 'preemptionPolicy', pc.preemptionPolicy, old.preemptionPolicy);
  }
  return errs;
}

/** The PriorityClass kind (cluster-scoped). */
export const priorityClassKind: KindInfo<PriorityClass> = {
  apiVersion: 'scheduling.k8s.io/v1',
  group: 'scheduling.k8s.io',
  kind: 'PriorityClass',
  plural: 'priorityclasses',
  scope: 'Cluster',
  nameRule: 'DNS1123Subdomain',
  hasStatus: false,
  default: defaultPriorityClass,
  validate: validatePriorityClass,
};

/**
 * The ReplicaSet kind (apps/v1): `replicas: 1` plus pod-template defaults; selector, template and
 * replica validation (kubernetes-behaviour.md §2.7).
 *
 * @packageDocumentation
 */
import type { ReplicaSet, ReplicaSetSpec } from 'kubernetes-types/apps/v1.js';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import type { FieldError } from '../errors.js';
import { forbidden, immutable, nonNegative, notSupported } from './field.js';
import { validateObjectMeta } from './meta.js';
import { defaultPodTemplate } from './podspec-defaults.js';
import { validatePodTemplate } from './podspec.js';
import type { KindInfo } from './registry.js';
import { validateSelectorAndTemplate } from './workload.js';

/** `SetDefaults_ReplicaSet`: `spec.replicas` 1, then the template's pod-spec defaults. */
export function defaultReplicaSet(draft: ReplicaSet): void {
  const spec = draft.spec;
  if (spec === undefined) return;
  spec.replicas ??= 1;
  defaultPodTemplate(spec.template);
}

/**
 * Upstream `ValidatePodTemplateSpecForReplicaSet` minus the selector match: the template itself,
 * `restartPolicy` only `Always`, no `activeDeadlineSeconds`.
 */
export function validateReplicatedTemplate(errs: FieldError[], template: PodTemplateSpec | undefined, kind: string): void {
  validatePodTemplate(errs, template, 'spec.template');
  const spec = template?.spec;
  if (spec === undefined) return;
  if (spec.restartPolicy !== undefined && spec.restartPolicy !== 'Always') {
    errs.push(notSupported('spec.template.spec.restartPolicy', spec.restartPolicy, ['Always']));
  }
  if (spec.activeDeadlineSeconds !== undefined) {
    errs.push(forbidden('spec.template.spec.activeDeadlineSeconds', `activeDeadlineSeconds in ${kind} is not Supported`));
  }
}

/** Validates a ReplicaSet; on update `spec.selector` is immutable (apps/v1). */
export function validateReplicaSet(rs: ReplicaSet, old: ReplicaSet | undefined): FieldError[] {
  const errs = validateObjectMeta(rs, replicaSetKind, old);
  const spec = rs.spec ?? ({} as ReplicaSetSpec);
  nonNegative(errs, 'spec.replicas', spec.replicas);
  nonNegative(errs, 'spec.minReadySeconds', spec.minReadySeconds);
  validateSelectorAndTemplate(errs, spec.selector, spec.template, true);
  validateReplicatedTemplate(errs, spec.template, 'ReplicaSet');
  if (old?.spec !== undefined) immutable(errs, 'spec.selector', spec.selector, old.spec.selector);
  return errs;
}

/** The ReplicaSet kind. */
export const replicaSetKind: KindInfo<ReplicaSet> = {
  apiVersion: 'apps/v1',
  group: 'apps',
  kind: 'ReplicaSet',
  plural: 'replicasets',
  scope: 'Namespaced',
  nameRule: 'DNS1123Subdomain',
  hasStatus: true,
  default: defaultReplicaSet,
  validate: validateReplicaSet,
};

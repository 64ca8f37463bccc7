/**
 * The Deployment kind (apps/v1): defaults and validation (kubernetes-behaviour.md §2.1).
 *
 * @packageDocumentation
 */
import type { Deployment, DeploymentSpec, DeploymentStrategy } from 'kubernetes-types/apps/v1.js';
import type { FieldError } from '../errors.js';
import { forbidden, immutable, invalid, nonNegative, notSupported, required } from './field.js';
import { intOrPercentValue, validateNotMoreThan100Percent, validatePositiveIntOrPercent } from './intstr.js';
import { validateObjectMeta } from './meta.js';
import { defaultPodTemplate } from './podspec-defaults.js';
import type { KindInfo } from './registry.js';
import { validateReplicatedTemplate } from './replicaset.js';
import { validateSelectorAndTemplate } from './workload.js';

/**
 * `SetDefaults_Deployment`: `replicas 1`, strategy `RollingUpdate` with `maxUnavailable`/`maxSurge`
 * `25%`, `revisionHistoryLimit 10`, `progressDeadlineSeconds 600`; then the template's pod-spec defaults.
 *
 * @example
 * ```ts
 * const d: Deployment = { spec: { selector: {}, template: {} } };
 * defaultDeployment(d);
 * d.spec?.strategy; // { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } }
 * ```
 */
export function defaultDeployment(draft: Deployment): void {
  const spec = draft.spec;
  if (spec === undefined) return;
  spec.replicas ??= 1;
  const strategy = (spec.strategy ??= {});
  if (strategy.type === undefined || strategy.type === '') strategy.type = 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const ru = (strategy.rollingUpdate ??= {});
    ru.maxUnavailable ??= '25%';
    ru.maxSurge ??= '25%';
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  defaultPodTemplate(spec.template);
}

function validateStrategy(errs: FieldError[], strategy: DeploymentStrategy | undefined): void {
  const type = strategy?.type ?? '';
  if (type === 'Recreate') {
    if (strategy?.rollingUpdate !== undefined) {
      errs.push(forbidden('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'"));
    }
  } else if (type === 'RollingUpdate') {
    const ru = strategy?.rollingUpdate;
    if (ru === undefined) {
      errs.push(required('spec.strategy.rollingUpdate', 'this should be defaulted and never be nil'));
      return;
    }
    validatePositiveIntOrPercent(errs, ru.maxUnavailable, 'spec.strategy.rollingUpdate.maxUnavailable');
    validatePositiveIntOrPercent(errs, ru.maxSurge, 'spec.strategy.rollingUpdate.maxSurge');
    if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
      errs.push(invalid('spec.strategy.rollingUpdate.maxUnavailable', ru.maxUnavailable, 'may not be 0 when `maxSurge` is 0'));
    }
    validateNotMoreThan100Percent(errs, ru.maxUnavailable, 'spec.strategy.rollingUpdate.maxUnavailable');
  } else {
    errs.push(notSupported('spec.strategy', type, ['Recreate', 'RollingUpdate']));
  }
}

/**
 * Validates a Deployment: replicas and counters non-negative, selector (required, non-empty, matching
 * the template), strategy, template (`restartPolicy: Always`), `progressDeadlineSeconds >
 * minReadySeconds`; on update `spec.selector` is immutable.
 */
export function validateDeployment(d: Deployment, old: Deployment | undefined): FieldError[] {
  const errs = validateObjectMeta(d, deploymentKind, old);
  const spec = d.spec ?? ({} as DeploymentSpec);
  nonNegative(errs, 'spec.replicas', spec.replicas);
  validateSelectorAndTemplate(errs, spec.selector, spec.template, true);
  validateReplicatedTemplate(errs, spec.template, 'ReplicaSet');
  validateStrategy(errs, spec.strategy);
  nonNegative(errs, 'spec.minReadySeconds', spec.minReadySeconds);
  nonNegative(errs, 'spec.revisionHistoryLimit', spec.revisionHistoryLimit);
  const pds = spec.progressDeadlineSeconds;
  if (pds !== undefined) {
    nonNegative(errs, 'spec.progressDeadlineSeconds', pds);
    if (pds <= (spec.minReadySeconds ?? 0)) {
      errs.push(invalid('spec.progressDeadlineSeconds', pds, 'must be greater than minReadySeconds'));
    }
  }
  if (old?.spec !== undefined) immutable(errs, 'spec.selector', spec.selector, old.spec.selector);
  return errs;
}

/** The Deployment kind. */
export const deploymentKind: KindInfo<Deployment> = {
  apiVersion: 'apps/v1',
  group: 'apps',
  kind: 'Deployment',
  plural: 'deployments',
  scope: 'Namespaced',
  nameRule: 'DNS1123Subdomain',
  hasStatus: true,
  default: defaultDeployment,
  validate: validateDeployment,
};

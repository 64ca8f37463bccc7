/**
 * The Job kind (batch/v1): defaults, generated selector and validation (kubernetes-behaviour.md §3.3).
 *
 * @packageDocumentation
 */
import type { Job, JobSpec } from 'kubernetes-types/batch/v1.js';
import type { FieldError } from '../errors.js';
import { immutable, invalid, nonNegative, notSupported, required } from './field.js';
import { validateObjectMeta } from './meta.js';
import { defaultPodTemplate } from './podspec-defaults.js';
import { validatePodTemplate } from './podspec.js';
import type { KindInfo } from './registry.js';
import { validateSelectorAndTemplate } from './workload.js';

/** `batch.kubernetes.io/controller-uid`: the label the generated selector matches. */
export const CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';
/** `batch.kubernetes.io/job-name`. */
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';
/** The pre-1.27 label names, still added for compatibility. */
export const LEGACY_CONTROLLER_UID_LABEL = 'controller-uid';
/** The pre-1.27 `job-name` label. */
export const LEGACY_JOB_NAME_LABEL = 'job-name';

const MAX_INT32 = 2147483647;

/**
 * `SetDefaults_Job`: `completions`/`parallelism` 1 when both unset (only `parallelism` otherwise),
 * `backoffLimit` 6 (MaxInt32 with `backoffLimitPerIndex`), `completionMode NonIndexed`,
 * `suspend false`, `podReplacementPolicy` (`Failed` with a podFailurePolicy, else
 * `TerminatingOrFailed`), `manualSelector false`, job labels from template labels; then the
 * template's pod-spec defaults.
 */
export function defaultJob(draft: Job): void {
  const spec = draft.spec;
  if (spec === undefined) return;
  if (spec.completions === undefined && spec.parallelism === undefined) spec.completions = 1;
  spec.parallelism ??= 1;
  spec.backoffLimit ??= spec.backoffLimitPerIndex !== undefined ? MAX_INT32 : 6;
  // a Job without a template gets the other defaults; validation then reports spec.template (Go defaults a zero struct)
  const templateLabels = spec.template?.metadata?.labels;
  if (templateLabels !== undefined) {
    const meta = (draft.metadata ??= {});
    if (meta.labels === undefined || Object.keys(meta.labels).length === 0) meta.labels = { ...templateLabels };
  }
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  for (const rule of spec.podFailurePolicy?.rules ?? []) {
    for (const pattern of rule.onPodConditions ?? []) if (pattern.status === '') pattern.status = 'True';
  }
  spec.podReplacementPolicy ??= spec.podFailurePolicy !== undefined ? 'Failed' : 'TerminatingOrFailed';
  spec.manualSelector ??= false;
  if (spec.template !== undefined) defaultPodTemplate(spec.template);
}

/**
 * Job `PrepareForCreate` selector generation (unless `manualSelector: true`): template labels
 * `controller-uid`, `batch.kubernetes.io/controller-uid` (= `metadata.uid`), `job-name`,
 * `batch.kubernetes.io/job-name` (= `metadata.name`), each only if absent; selector
 * `matchLabels[batch.kubernetes.io/controller-uid] = uid`. Also clears `status`.
 */
export function prepareJobForCreate(draft: Job): void {
  (draft as { status?: unknown }).status = {};
  const spec = draft.spec;
  if (spec === undefined || spec.manualSelector === true || spec.template === undefined) return;
  const name = draft.metadata?.name ?? '';
  const uid = draft.metadata?.uid ?? '';
  const tmeta = (spec.template.metadata ??= {});
  const labels = (tmeta.labels ??= {});
  labels[LEGACY_JOB_NAME_LABEL] ??= name;
  labels[JOB_NAME_LABEL] ??= name;
  labels[LEGACY_CONTROLLER_UID_LABEL] ??= uid;
  labels[CONTROLLER_UID_LABEL] ??= uid;
  const selector = (spec.selector ??= {});
  const match = (selector.matchLabels ??= {});
  match[CONTROLLER_UID_LABEL] ??= uid;
}

function hasLabel(errs: FieldError[], labels: Readonly<Record<string, string>>, key: string, want: string): void {
  const path = `spec.template.metadata.labels[${key}]`;
  const got = labels[key];
  if (got === undefined) errs.push(required(path, want));
  else if (got !== want) errs.push(invalid(path, labels, `must be '${want}'`));
}

function validateGeneratedSelector(errs: FieldError[], job: Job, spec: JobSpec): void {
  if (spec.manualSelector === true || spec.selector === undefined) return;
  const uid = job.metadata?.uid ?? '';
  if (uid === '') errs.push(required('metadata.uid'));
  const labels = spec.template?.metadata?.labels ?? {};
  hasLabel(errs, labels, LEGACY_CONTROLLER_UID_LABEL, uid);
  hasLabel(errs, labels, LEGACY_JOB_NAME_LABEL, job.metadata?.name ?? '');
  hasLabel(errs, labels, CONTROLLER_UID_LABEL, uid);
  hasLabel(errs, labels, JOB_NAME_LABEL, job.metadata?.name ?? '');
}

function validateJobSpec(errs: FieldError[], job: Job, spec: JobSpec): void {
  nonNegative(errs, 'spec.parallelism', spec.parallelism);
  nonNegative(errs, 'spec.completions', spec.completions);
  nonNegative(errs, 'spec.activeDeadlineSeconds', spec.activeDeadlineSeconds);
  nonNegative(errs, 'spec.backoffLimit', spec.backoffLimit);
  nonNegative(errs, 'spec.ttlSecondsAfterFinished', spec.ttlSecondsAfterFinished);
  const mode = spec.completionMode;
  if (mode !== undefined && mode !== 'NonIndexed' && mode !== 'Indexed') {
    errs.push(notSupported('spec.completionMode', mode, ['NonIndexed', 'Indexed']));
  }
  if (mode === 'Indexed' && spec.completions === undefined) {
    errs.push(required('spec.completions', 'when completion mode is Indexed'));
  }
  const prp = spec.podReplacementPolicy;
  if (prp !== undefined && prp !== 'Failed' && prp !== 'TerminatingOrFailed') {
    errs.push(notSupported('spec.podReplacementPolicy', prp, ['Failed', 'TerminatingOrFailed']));
  }
  validateSelectorAndTemplate(errs, spec.selector, spec.template, false);
  validateGeneratedSelector(errs, job, spec);
  validatePodTemplate(errs, spec.template, 'spec.template');
  const restart = spec.template?.spec?.restartPolicy;
  if (restart !== 'OnFailure' && restart !== 'Never') {
    errs.push(notSupported('spec.template.spec.restartPolicy', restart ?? '', ['OnFailure', 'Never']));
  }
}

/**
 * Validates a Job: counters non-negative, completion mode, selector and generated labels, template
 * (`restartPolicy` must be `OnFailure` or `Never`); on update `selector`, `template`, `completions`
 * and `completionMode` are immutable.
 */
export function validateJob(job: Job, old: Job | undefined): FieldError[] {
  const errs = validateObjectMeta(job, jobKind, old);
  const spec = job.spec ?? ({ template: {} } as JobSpec);
  validateJobSpec(errs, job, spec);
  const before = old?.spec;
  if (before !== undefined) {
    immutable(errs, 'spec.selector', spec.selector, before.selector);
    immutable(errs, 'spec.template', spec.template, before.template);
    immutable(errs, 'spec.completions', spec.completions, before.completions);
    immutable(errs, 'spec.completionMode', spec.completionMode, before.completionMode);
  }
  return errs;
}

/** The Job kind. */
export const jobKind: KindInfo<Job> = {
  apiVersion: 'batch/v1',
  group: 'batch',
  kind: 'Job',
  plural: 'jobs',
  scope: 'Namespaced',
  nameRule: 'DNS1123Subdomain',
  hasStatus: true,
  default: defaultJob,
  prepareForCreate: prepareJobForCreate,
  validate: validateJob,
};

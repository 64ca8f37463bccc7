/**
 * Validation of pod specs and pod templates (upstream `ValidatePodSpec`, `ValidatePodTemplateSpec`,
 * `ValidateTolerations`, `validateVolumes`, `validateTopologySpreadConstraints`).
 *
 * @packageDocumentation
 */
import type { Container, PodSpec, PodTemplateSpec, Toleration, Volume } from 'kubernetes-types/core/v1.js';
import type { FieldError } from '../errors.js';
import { annotationsErrors, dns1123Label, dns1123Subdomain, labelValue, labelsErrors, qualifiedName } from './memo.js';
import { oneOf, validateContainer } from './containers.js';
import type { ContainerRole } from './containers.js';
import { forbidden, inclusiveRange, invalid, nonNegative, notSupported, pushAll, required } from './field.js';
import { SOURCE_KEYS } from './podspec-defaults.js';

/** `RestartPolicy` values. */
export const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'] as const;
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'] as const;
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;
const MAX_INT32 = 2147483647;

/** The volume names of a pod without volumes (never written to). */
const NO_VOLUMES: ReadonlySet<string> = new Set<string>();

function validateVolumes(errs: FieldError[], volumes: readonly Volume[] | undefined, path: string): ReadonlySet<string> {
  if (volumes === undefined) return NO_VOLUMES;
  const names = new Set<string>();
  const base = `${path}.volumes`;
  for (let i = 0; i < volumes.length; i++) {
    const v = volumes[i] as (Volume & Record<string, unknown>) | undefined;
    if (v === undefined) continue;
    const path = `${base}[${i}]`;
    if (v.name === '') errs.push(required(`${path}.name`));
    else {
      pushAll(errs, `${path}.name`, v.name, dns1123Label(v.name));
      if (names.has(v.name)) errs.push({ field: `${path}.name`, type: 'Duplicate value', value: v.name });
      names.add(v.name);
    }
    let sources = 0;
    for (const k of SOURCE_KEYS) {
      if (v[k] === undefined) continue;
      if (++sources > 1) errs.push(forbidden(`${path}.${k}`, 'may not specify more than 1 volume type'));
    }
    if (sources === 0) errs.push(required(path, 'must specify a volume type'));
  }
  return names;
}

function validateContainerList(
  errs: FieldError[],
  list: readonly Container[] | undefined,
  path: string,
  field: string,
  role: ContainerRole,
  names: Set<string>,
  volumes: ReadonlySet<string>,
): void {
  if (list === undefined) return;
  const base = `${path}.${field}`;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (c !== undefined) validateContainer(errs, c, `${base}[${i}]`, role, names, volumes);
  }
}

/** Upstream `ValidateTolerations`. */
export function validateTolerations(errs: FieldError[], tolerations: readonly Toleration[], base: string): void {
  for (let i = 0; i < tolerations.length; i++) {
    const t = tolerations[i];
    if (t === undefined) continue;
    const path = `${base}[${i}]`;
    const key = t.key ?? '';
    const op = t.operator ?? '';
    const effect = t.effect ?? '';
    if (key !== '') {
      const msgs = qualifiedName(key);
      if (msgs.length > 0) pushAll(errs, `${path}.key`, key, msgs);
    }
    if (key === '' && op !== 'Exists') {
      errs.push(invalid(`${path}.operator`, op, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (t.tolerationSeconds !== undefined && effect !== 'NoExecute') {
      errs.push(invalid(`${path}.effect`, effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    if (op === 'Equal' || op === '') {
      const msgs = labelValue(t.value ?? '');
      if (msgs.length > 0) errs.push(invalid(`${path}.operator`, t.value, msgs.join(';')));
    } else if (op === 'Exists') {
      if ((t.value ?? '') !== '') errs.push(invalid(`${path}.operator`, t, "value must be empty when `operator` is 'Exists'"));
    } else {
      errs.push(notSupported(`${path}.operator`, op, ['Equal', 'Exists']));
    }
    if (effect !== '' && !oneOf(TAINT_EFFECTS, effect)) errs.push(notSupported(`${path}.effect`, effect, TAINT_EFFECTS));
  }
}

function validateSpread(errs: FieldError[], spec: PodSpec, specPath: string): void {
  const list = spec.topologySpreadConstraints;
  if (list === undefined) return;
  const base = `${specPath}.topologySpreadConstraints`;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (c === undefined) continue;
    const path = `${base}[${i}]`;
    if (!(c.maxSkew > 0)) errs.push(invalid(`${path}.maxSkew`, c.maxSkew, 'must be greater than zero'));
    if (c.topologyKey === '') errs.push(required(`${path}.topologyKey`, 'can not be empty'));
    if (!oneOf(['DoNotSchedule', 'ScheduleAnyway'], c.whenUnsatisfiable)) {
      errs.push(notSupported(`${path}.whenUnsatisfiable`, c.whenUnsatisfiable, ['DoNotSchedule', 'ScheduleAnyway']));
    }
    if (c.minDomains !== undefined && !(c.minDomains > 0)) {
      errs.push(invalid(`${path}.minDomains`, c.minDomains, 'must be greater than 0'));
    }
  }
}

/** Checks `spec[field]` when set; the field path is built only for an error. */
function checkName(errs: FieldError[], path: string, field: string, value: string | undefined, check: (v: string) => readonly string[]): void {
  if (value === undefined || value === '') return;
  const msgs = check(value);
  if (msgs.length > 0) pushAll(errs, `${path}.${field}`, value, msgs);
}

function validateNames(errs: FieldError[], spec: PodSpec, path: string): void {
  checkName(errs, path, 'serviceAccountName', spec.serviceAccountName, dns1123Subdomain);
  checkName(errs, path, 'nodeName', spec.nodeName, dns1123Subdomain);
  checkName(errs, path, 'hostname', spec.hostname, dns1123Label);
  checkName(errs, path, 'subdomain', spec.subdomain, dns1123Label);
  checkName(errs, path, 'schedulerName', spec.schedulerName, dns1123Subdomain);
  checkName(errs, path, 'priorityClassName', spec.priorityClassName, dns1123Subdomain);
}

/**
 * Validates a (defaulted) pod spec at `path` (`spec` for a Pod, `spec.template.spec` for workloads).
 *
 * @example
 * ```ts
 * const errs: FieldError[] = [];
 * validatePodSpec(errs, { containers: [] }, 'spec');
 * // errs[0]: spec.containers: Required value
 * ```
 */
export function validatePodSpec(errs: FieldError[], spec: PodSpec | undefined, path: string): void {
  if (spec === undefined) {
    errs.push(required(path));
    return;
  }
  const volumes = validateVolumes(errs, spec.volumes, path);
  const names = new Set<string>();
  // a request may omit containers (or send something that is not a list): Required, as for an empty list
  const containers = Array.isArray(spec.containers) ? spec.containers : [];
  if (containers.length === 0) errs.push(required(`${path}.containers`));
  validateContainerList(errs, spec.initContainers, path, 'initContainers', 'init', names, volumes);
  validateContainerList(errs, containers, path, 'containers', 'container', names, volumes);
  validateContainerList(errs, spec.ephemeralContainers as Container[] | undefined, path, 'ephemeralContainers', 'ephemeral', names, volumes);
  const restart = spec.restartPolicy ?? '';
  if (restart === '') errs.push(required(`${path}.restartPolicy`));
  else if (!oneOf(RESTART_POLICIES, restart)) errs.push(notSupported(`${path}.restartPolicy`, restart, RESTART_POLICIES));
  const dns = spec.dnsPolicy ?? '';
  if (dns === '') errs.push(required(`${path}.dnsPolicy`));
  else if (!oneOf(DNS_POLICIES, dns)) errs.push(notSupported(`${path}.dnsPolicy`, dns, DNS_POLICIES));
  if (spec.nodeSelector !== undefined) for (const e of labelsErrors(spec.nodeSelector, `${path}.nodeSelector`)) errs.push(e);
  validateNames(errs, spec, path);
  const ads = spec.activeDeadlineSeconds;
  if (ads !== undefined && (ads < 1 || ads > MAX_INT32)) {
    errs.push(invalid(`${path}.activeDeadlineSeconds`, ads, inclusiveRange(1, MAX_INT32)));
  }
  const grace = spec.terminationGracePeriodSeconds;
  if (grace !== undefined && grace < 0) nonNegative(errs, `${path}.terminationGracePeriodSeconds`, grace);
  if (spec.tolerations !== undefined) validateTolerations(errs, spec.tolerations, `${path}.tolerations`);
  validateSpread(errs, spec, path);
}

/** Validates a pod template's labels, annotations and spec at `path` (e.g. `spec.template`). */
export function validatePodTemplate(errs: FieldError[], template: PodTemplateSpec | undefined, path: string): void {
  if (template === undefined) {
    errs.push(required(path));
    return;
  }
  const meta = template.metadata;
  if (meta?.labels !== undefined) for (const e of labelsErrors(meta.labels, `${path}.metadata.labels`)) errs.push(e);
  if (meta?.annotations !== undefined) {
    for (const e of annotationsErrors(meta.annotations, `${path}.metadata.annotations`)) errs.push(e);
  }
  validatePodSpec(errs, template.spec, `${path}.spec`);
}

/**
 * The Pod kind (core/v1): defaults, create-time preparation and validation (kubernetes-behaviour.md §7).
 *
 * @packageDocumentation
 */
import type { Container, Pod, PodSpec, PodStatus, Toleration } from 'kubernetes-types/core/v1.js';
import type { FieldError } from '../errors.js';
import { compareQuantity } from '../quantity.js';
import { deepEqual, forbidden, invalid } from './field.js';
import { validateObjectMeta } from './meta.js';
import { defaultPodSpec } from './podspec-defaults.js';
import { validatePodSpec } from './podspec.js';
import { parseCached } from './resources.js';
import type { KindInfo } from './registry.js';

function copyLimitsToRequests(containers: readonly Container[] | undefined): void {
  if (!Array.isArray(containers)) return; // validation reports a missing or malformed list
  for (const c of containers) {
    const limits = c.resources?.limits;
    if (limits === undefined || c.resources === undefined) continue;
    const requests = (c.resources.requests ??= {});
    for (const k in limits) {
      const v = limits[k];
      if (v !== undefined && requests[k] === undefined) requests[k] = v;
    }
  }
}

function hostNetworkPorts(containers: readonly Container[] | undefined): void {
  if (!Array.isArray(containers)) return;
  for (const c of containers) {
    for (const p of c.ports ?? []) if (p.hostPort === undefined || p.hostPort === 0) p.hostPort = p.containerPort;
  }
}

/**
 * Pod API defaults: the pod-spec defaults plus the Pod-only ones (`SetDefaults_Pod`): requests copied
 * from limits per resource, `enableServiceLinks: true`, and host ports for `hostNetwork` pods.
 *
 * @example
 * ```ts
 * const pod: Pod = { spec: { containers: [{ name: 'a', image: 'nginx' }] } };
 * defaultPod(pod);
 * pod.spec?.restartPolicy; // 'Always'
 * ```
 */
export function defaultPod(draft: Pod): void {
  const spec = draft.spec;
  if (spec === undefined) return;
  copyLimitsToRequests(spec.containers as Container[] | undefined);
  copyLimitsToRequests(spec.initContainers);
  spec.enableServiceLinks ??= true;
  if (spec.hostNetwork === true) {
    hostNetworkPorts(spec.containers as Container[] | undefined);
    hostNetworkPorts(spec.initContainers);
  }
  defaultPodSpec(spec);
}

function nonZero(list: Readonly<Record<string, string>> | undefined, name: string): boolean {
  const raw = list?.[name];
  if (raw === undefined) return false;
  const q = parseCached(raw);
  return q !== undefined && q.mantissa !== 0n;
}

/**
 * The pod's QoS class (`BestEffort`, `Burstable`, `Guaranteed`) from cpu/memory requests and limits
 * of all containers (kubernetes-behaviour.md §7.5).
 */
export function podQOSClass(spec: PodSpec): 'BestEffort' | 'Burstable' | 'Guaranteed' {
  let any = false;
  let guaranteed = true;
  const list = (v: unknown): readonly Container[] => (Array.isArray(v) ? (v as Container[]) : []);
  const all = [...list(spec.initContainers), ...list(spec.containers)];
  for (const c of all) {
    const req = c.resources?.requests;
    const lim = c.resources?.limits;
    for (const r of ['cpu', 'memory']) {
      const hasReq = nonZero(req, r);
      const hasLim = nonZero(lim, r);
      if (hasReq || hasLim) any = true;
      if (!hasLim) guaranteed = false;
      else if (hasReq) {
        const a = parseCached(req?.[r] ?? '');
        const b = parseCached(lim?.[r] ?? '');
        if (a === undefined || b === undefined || compareQuantity(a, b) !== 0) guaranteed = false;
      }
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** Pod `PrepareForCreate`: status reset to `{ phase: Pending, qosClass }`. */
export function preparePodForCreate(draft: Pod): void {
  const status: PodStatus = { phase: 'Pending' };
  if (draft.spec !== undefined) status.qosClass = podQOSClass(draft.spec);
  (draft as { status?: PodStatus }).status = status;
}

const POD_UPDATE_MSG =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

function maskImages(list: readonly Container[] | undefined): Container[] | undefined {
  return list?.map((c) => ({ ...c, image: '' }));
}

function maskMutable(spec: PodSpec, old: PodSpec): PodSpec {
  const grace = (old.terminationGracePeriodSeconds ?? 0) < 0 && spec.terminationGracePeriodSeconds === 1;
  return {
    ...spec,
    containers: maskImages(spec.containers) ?? [],
    initContainers: maskImages(spec.initContainers),
    activeDeadlineSeconds: undefined,
    tolerations: undefined,
    terminationGracePeriodSeconds: grace ? old.terminationGracePeriodSeconds : spec.terminationGracePeriodSeconds,
  } as unknown as PodSpec;
}

function sameExceptSeconds(a: Toleration, b: Toleration): boolean {
  return deepEqual({ ...a, tolerationSeconds: undefined }, { ...b, tolerationSeconds: undefined });
}

function validatePodSpecUpdate(errs: FieldError[], spec: PodSpec, old: PodSpec): void {
  const oldAds = old.activeDeadlineSeconds;
  const ads = spec.activeDeadlineSeconds;
  if (oldAds !== undefined) {
    if (ads === undefined) errs.push(invalid('spec.activeDeadlineSeconds', null, 'must not update from a positive integer to nil value'));
    else if (ads > oldAds) errs.push(invalid('spec.activeDeadlineSeconds', ads, 'must be less than or equal to previous value'));
  }
  const now = spec.tolerations ?? [];
  for (const t of old.tolerations ?? []) {
    if (!now.some((n) => sameExceptSeconds(n, t))) {
      errs.push(forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds'));
      break;
    }
  }
  if (!deepEqual(maskMutable(spec, old), maskMutable(old, old))) errs.push(forbidden('spec', POD_UPDATE_MSG));
}

/**
 * Validates a Pod on create, and on update also the upstream pod-update rules: only container images,
 * `activeDeadlineSeconds` (set or lowered), toleration additions and a negative grace period raised to 1.
 */
export function validatePod(pod: Pod, old: Pod | undefined): FieldError[] {
  const errs = validateObjectMeta(pod, podKind, old);
  validatePodSpec(errs, pod.spec, 'spec');
  if (old?.spec !== undefined && pod.spec !== undefined) validatePodSpecUpdate(errs, pod.spec, old.spec);
  return errs;
}

/** The Pod kind. */
export const podKind: KindInfo<Pod> = {
  apiVersion: 'v1',
  group: '',
  kind: 'Pod',
  plural: 'pods',
  scope: 'Namespaced',
  nameRule: 'DNS1123Subdomain',
  hasStatus: true,
  default: defaultPod,
  prepareForCreate: preparePodForCreate,
  validate: validatePod,
};

/**
 * API defaults for pod specs and containers (upstream `SetDefaults_PodSpec`, `SetDefaults_Container`,
 * `SetDefaults_Probe`, volume-source defaults and the generated per-field defaults).
 *
 * @remarks
 * These run for every object embedding a pod spec: Pods, and the templates of Deployments,
 * ReplicaSets and Jobs. Pod-only defaults (requests from limits, `enableServiceLinks`) live in
 * `pod.ts`, exactly as upstream keeps them in `SetDefaults_Pod` (kubernetes-behaviour.md §7).
 *
 * @packageDocumentation
 */
import type {
  Container,
  EnvVar,
  LifecycleHandler,
  PodSpec,
  PodTemplateSpec,
  Probe,
  Volume,
} from 'kubernetes-types/core/v1.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** `v1.DefaultTerminationGracePeriodSeconds`. */
export const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;
/** `v1.TerminationMessagePathDefault`. */
export const DEFAULT_TERMINATION_MESSAGE_PATH = '/dev/termination-log';
/** Default mode (0644) of secret, configMap, downwardAPI and projected volume files. */
export const DEFAULT_VOLUME_MODE = 0o644;

/**
 * The tag part of an image reference as upstream's `parsers.ParseImageName` sees it: the explicit
 * tag, `''` for a digest-only reference, `'latest'` when neither is given.
 *
 * @example
 * ```ts
 * imageTag('nginx'); // 'latest'
 * imageTag('registry:5000/nginx:1.25'); // '1.25'
 * imageTag('nginx@sha256:abc'); // ''
 * ```
 */
export function imageTag(image: string): string {
  const at = image.indexOf('@');
  const end = at >= 0 ? at : image.length;
  const colon = image.lastIndexOf(':', end - 1);
  const slash = image.lastIndexOf('/', end - 1);
  if (colon > slash) return image.slice(colon + 1, end);
  return at >= 0 ? '' : 'latest';
}

/** `Always` for a `:latest` (or untagged) image, else `IfNotPresent` (kubernetes-behaviour.md §7.1). */
export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  return imageTag(image) === 'latest' ? 'Always' : 'IfNotPresent';
}

/** Applies the pod-spec defaults in place (template and pod alike). */
export function defaultPodSpec(spec: PodSpec): void {
  const s = spec as Mutable<PodSpec>;
  if (s.dnsPolicy === undefined || s.dnsPolicy === '') s.dnsPolicy = 'ClusterFirst';
  if (s.restartPolicy === undefined || s.restartPolicy === '') s.restartPolicy = 'Always';
  s.securityContext ??= {};
  s.terminationGracePeriodSeconds ??= DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS;
  if (s.schedulerName === undefined || s.schedulerName === '') s.schedulerName = 'default-scheduler';
  const containers = s.containers as Container[] | undefined;
  if (Array.isArray(containers)) for (const c of containers) defaultContainer(c);
  const inits = s.initContainers as Container[] | undefined;
  if (Array.isArray(inits)) for (const c of inits) defaultContainer(c);
  const ephemeral = s.ephemeralContainers as Container[] | undefined;
  if (Array.isArray(ephemeral)) for (const c of ephemeral) defaultContainer(c);
  const volumes = s.volumes as Volume[] | undefined;
  if (Array.isArray(volumes)) for (const v of volumes) defaultVolume(v);
}

/** Applies {@link defaultPodSpec} to a template's spec, creating neither template nor spec. */
export function defaultPodTemplate(template: PodTemplateSpec | undefined): void {
  if (template?.spec !== undefined) defaultPodSpec(template.spec);
}

/** Container defaults: pull policy, termination message, port protocol, probes, env field refs. */
export function defaultContainer(container: Container): void {
  const c = container as Mutable<Container>;
  if (c.imagePullPolicy === undefined || c.imagePullPolicy === '') c.imagePullPolicy = defaultPullPolicy(c.image ?? '');
  if (c.terminationMessagePath === undefined || c.terminationMessagePath === '') {
    c.terminationMessagePath = DEFAULT_TERMINATION_MESSAGE_PATH;
  }
  if (c.terminationMessagePolicy === undefined || c.terminationMessagePolicy === '') c.terminationMessagePolicy = 'File';
  if (c.ports !== undefined) {
    for (const p of c.ports as Mutable<NonNullable<Container['ports']>[number]>[]) {
      if (p.protocol === undefined || p.protocol === '') p.protocol = 'TCP';
    }
  }
  if (c.livenessProbe !== undefined) defaultProbe(c.livenessProbe);
  if (c.readinessProbe !== undefined) defaultProbe(c.readinessProbe);
  if (c.startupProbe !== undefined) defaultProbe(c.startupProbe);
  if (c.lifecycle !== undefined) {
    if (c.lifecycle.postStart !== undefined) defaultHandler(c.lifecycle.postStart);
    if (c.lifecycle.preStop !== undefined) defaultHandler(c.lifecycle.preStop);
  }
  if (c.env !== undefined) for (const e of c.env) defaultEnvVar(e);
}

/** Probe defaults: `timeoutSeconds 1`, `periodSeconds 10`, `successThreshold 1`, `failureThreshold 3`. */
export function defaultProbe(probe: Probe): void {
  const p = probe as Mutable<Probe>;
  if (p.timeoutSeconds === undefined || p.timeoutSeconds === 0) p.timeoutSeconds = 1;
  if (p.periodSeconds === undefined || p.periodSeconds === 0) p.periodSeconds = 10;
  if (p.successThreshold === undefined || p.successThreshold === 0) p.successThreshold = 1;
  if (p.failureThreshold === undefined || p.failureThreshold === 0) p.failureThreshold = 3;
  defaultHandler(p);
}

function defaultHandler(handler: LifecycleHandler | Probe): void {
  const get = handler.httpGet as Mutable<NonNullable<Probe['httpGet']>> | undefined;
  if (get === undefined) return;
  if (get.path === undefined || get.path === '') get.path = '/';
  if (get.scheme === undefined || get.scheme === '') get.scheme = 'HTTP';
}

function defaultEnvVar(env: EnvVar): void {
  const ref = env.valueFrom?.fieldRef as { apiVersion?: string } | undefined;
  if (ref !== undefined && (ref.apiVersion === undefined || ref.apiVersion === '')) ref.apiVersion = 'v1';
}

/** Every volume-source member of `Volume`. */
export const SOURCE_KEYS: readonly string[] = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi',
  'glusterfs', 'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc',
  'azureFile', 'configMap', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected',
  'portworxVolume', 'scaleIO', 'storageos', 'csi', 'ephemeral', 'image',
];

/** Volume defaults: `emptyDir: {}` when no source is given; file modes 0644; hostPath `type: ""`. */
export function defaultVolume(volume: Volume): void {
  const v = volume as Mutable<Volume> & Record<string, unknown>;
  let hasSource = false;
  for (const k of SOURCE_KEYS) {
    if (v[k] !== undefined) {
      hasSource = true;
      break;
    }
  }
  if (!hasSource) v.emptyDir = {};
  if (v.hostPath !== undefined) (v.hostPath as { type?: string }).type ??= '';
  if (v.secret !== undefined) (v.secret as { defaultMode?: number }).defaultMode ??= DEFAULT_VOLUME_MODE;
  if (v.configMap !== undefined) (v.configMap as { defaultMode?: number }).defaultMode ??= DEFAULT_VOLUME_MODE;
  if (v.downwardAPI !== undefined) {
    (v.downwardAPI as { defaultMode?: number }).defaultMode ??= DEFAULT_VOLUME_MODE;
    for (const item of v.downwardAPI.items ?? []) {
      const ref = item.fieldRef as { apiVersion?: string } | undefined;
      if (ref !== undefined && (ref.apiVersion === undefined || ref.apiVersion === '')) ref.apiVersion = 'v1';
    }
  }
  if (v.projected !== undefined) {
    (v.projected as { defaultMode?: number }).defaultMode ??= DEFAULT_VOLUME_MODE;
    for (const src of v.projected.sources ?? []) {
      const token = src.serviceAccountToken as { expirationSeconds?: number } | undefined;
      if (token !== undefined) token.expirationSeconds ??= 3600;
    }
  }
}

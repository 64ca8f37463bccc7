/**
 * The Service kind (core/v1): defaults and validation (kubernetes-behaviour.md §9).
 *
 * @packageDocumentation
 */
import type { Service, ServicePort, ServiceSpec } from 'kubernetes-types/core/v1.js';
import type { FieldError } from '../errors.js';
import { dns1123Label, dns1123Subdomain, labelsErrors } from './memo.js';
import { oneOf, PORT_PROTOCOLS, portNameErrors, validatePortNumber } from './containers.js';
import { duplicate, forbidden, invalid, notSupported, pushAll, required } from './field.js';
import { validateObjectMeta } from './meta.js';
import type { KindInfo } from './registry.js';

const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'] as const;
const POLICIES = ['Cluster', 'Local'] as const;
const FAMILY_POLICIES = ['PreferDualStack', 'RequireDualStack', 'SingleStack'] as const;
/** `v1.DefaultClientIPServiceAffinitySeconds` (3 hours). */
export const DEFAULT_CLIENT_IP_AFFINITY_SECONDS = 10800;

/** Upstream `service.ExternallyAccessible`: NodePort, LoadBalancer, or ClusterIP with external IPs. */
export function externallyAccessible(spec: ServiceSpec): boolean {
  return (
    spec.type === 'LoadBalancer' ||
    spec.type === 'NodePort' ||
    (spec.type === 'ClusterIP' && (spec.externalIPs?.length ?? 0) > 0)
  );
}

function defaultPorts(ports: ServicePort[]): void {
  for (const p of ports) {
    if (p.protocol === undefined || p.protocol === '') p.protocol = 'TCP';
    if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  }
}

/**
 * `SetDefaults_Service` plus the registry's IP-family defaults: `type ClusterIP`, `sessionAffinity
 * None`, port `protocol TCP`, `targetPort = port`, `externalTrafficPolicy Cluster` when externally
 * accessible, `internalTrafficPolicy Cluster`, `allocateLoadBalancerNodePorts true` for
 * LoadBalancer, and `ipFamilyPolicy SingleStack` / `ipFamilies [IPv4]` (kubesim clusters are
 * single-stack IPv4; headless services without a selector get `RequireDualStack` as upstream).
 */
export function defaultService(draft: Service): void {
  const spec = (draft.spec ??= {});
  if (spec.sessionAffinity === undefined || spec.sessionAffinity === '') spec.sessionAffinity = 'None';
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  else if (spec.sessionAffinity === 'ClientIP' && spec.sessionAffinityConfig?.clientIP?.timeoutSeconds === undefined) {
    spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: DEFAULT_CLIENT_IP_AFFINITY_SECONDS } };
  }
  if (spec.type === undefined || spec.type === '') spec.type = 'ClusterIP';
  if (spec.ports !== undefined) defaultPorts(spec.ports);
  if (externallyAccessible(spec) && (spec.externalTrafficPolicy ?? '') === '') spec.externalTrafficPolicy = 'Cluster';
  if (spec.internalTrafficPolicy === undefined && spec.type !== 'ExternalName') spec.internalTrafficPolicy = 'Cluster';
  if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
  if (spec.type !== 'ExternalName') {
    const selectorless = spec.selector === undefined || Object.keys(spec.selector).length === 0;
    spec.ipFamilyPolicy ??= spec.clusterIP === 'None' && selectorless ? 'RequireDualStack' : 'SingleStack';
    spec.ipFamilies ??= ['IPv4'];
  }
}

/** True for a dotted-quad IPv4 address (`10.96.0.1`). */
export function isIPv4(s: string): boolean {
  const parts = s.split('.');
  if (parts.length !== 4) return false;
  for (const p of parts) {
    if (p.length === 0 || p.length > 3 || (p.length > 1 && p.startsWith('0'))) return false;
    for (let i = 0; i < p.length; i++) {
      const c = p.charCodeAt(i);
      if (c < 48 || c > 57) return false;
    }
    if (Number(p) > 255) return false;
  }
  return true;
}

function validatePort(errs: FieldError[], sp: ServicePort, path: string, requireName: boolean, names: Set<string>): void {
  const name = sp.name ?? '';
  if (requireName && name === '') errs.push(required(`${path}.name`));
  else if (name !== '') {
    pushAll(errs, `${path}.name`, name, dns1123Label(name));
    if (names.has(name)) errs.push(duplicate(`${path}.name`, name));
    names.add(name);
  }
  validatePortNumber(errs, `${path}.port`, sp.port);
  const proto = sp.protocol ?? '';
  if (proto === '') errs.push(required(`${path}.protocol`));
  else if (!oneOf(PORT_PROTOCOLS, proto)) errs.push(notSupported(`${path}.protocol`, proto, PORT_PROTOCOLS));
  const tp = sp.targetPort;
  if (typeof tp === 'number') validatePortNumber(errs, `${path}.targetPort`, tp);
  else if (tp !== undefined) pushAll(errs, `${path}.targetPort`, tp, portNameErrors(tp));
  if (sp.nodePort !== undefined && sp.nodePort !== 0) validatePortNumber(errs, `${path}.nodePort`, sp.nodePort);
}

function validatePorts(errs: FieldError[], spec: ServiceSpec): void {
  const ports = spec.ports ?? [];
  const headless = spec.clusterIP === 'None';
  if (ports.length === 0 && !headless && spec.type !== 'ExternalName') errs.push(required('spec.ports'));
  const names = new Set<string>();
  const seen = new Set<string>();
  for (let i = 0; i < ports.length; i++) {
    const sp = ports[i];
    if (sp === undefined) continue;
    const path = `spec.ports[${i}]`;
    validatePort(errs, sp, path, ports.length > 1, names);
    if (spec.type === 'ClusterIP' && sp.nodePort !== undefined && sp.nodePort !== 0) {
      errs.push(forbidden(`${path}.nodePort`, "may not be used when `type` is 'ClusterIP'"));
    }
    const key = `${sp.protocol ?? ''}/${sp.port}`;
    if (seen.has(key)) errs.push(duplicate(path, { protocol: sp.protocol ?? '', port: sp.port }));
    seen.add(key);
  }
}

function validatePolicies(errs: FieldError[], spec: ServiceSpec): void {
  const etp = spec.externalTrafficPolicy ?? '';
  if (!externallyAccessible(spec)) {
    if (etp !== '') errs.push(invalid('spec.externalTrafficPolicy', etp, 'may only be set for externally-accessible services'));
  } else if (etp === '') errs.push(required('spec.externalTrafficPolicy'));
  else if (!oneOf(POLICIES, etp)) errs.push(notSupported('spec.externalTrafficPolicy', etp, POLICIES));
  const itp = spec.internalTrafficPolicy;
  if (itp === undefined) {
    if (spec.type !== 'ExternalName') errs.push(required('spec.internalTrafficPolicy'));
  } else if (!oneOf(POLICIES, itp)) errs.push(notSupported('spec.internalTrafficPolicy', itp, POLICIES));
  const fp = spec.ipFamilyPolicy;
  if (fp !== undefined && !oneOf(FAMILY_POLICIES, fp)) errs.push(notSupported('spec.ipFamilyPolicy', fp, FAMILY_POLICIES));
  const sa = spec.sessionAffinity ?? '';
  if (sa === '') errs.push(required('spec.sessionAffinity'));
  else if (!oneOf(['ClientIP', 'None'], sa)) errs.push(notSupported('spec.sessionAffinity', sa, ['ClientIP', 'None']));
}

function validateAddresses(errs: FieldError[], spec: ServiceSpec): void {
  const ips = spec.clusterIPs ?? (spec.clusterIP !== undefined && spec.clusterIP !== '' ? [spec.clusterIP] : []);
  if (spec.type === 'ExternalName') {
    if (ips.length > 0) errs.push(forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
    const name = spec.externalName ?? '';
    if (name === '') errs.push(required('spec.externalName'));
    else pushAll(errs, 'spec.externalName', name, dns1123Subdomain(name.endsWith('.') ? name.slice(0, -1) : name));
    return;
  }
  for (let i = 0; i < ips.length; i++) {
    const ip = ips[i] ?? '';
    if (ip !== 'None' && !isIPv4(ip)) errs.push(invalid(`spec.clusterIPs[${i}]`, ip, 'must be a valid IP address'));
  }
}

/** Validates a Service; on update a set `clusterIP` may not change (`may not change once set`). */
export function validateService(svc: Service, old: Service | undefined): FieldError[] {
  const errs = validateObjectMeta(svc, serviceKind, old);
  const spec = svc.spec ?? {};
  const type = spec.type ?? '';
  if (type === '') errs.push(required('spec.type'));
  else if (!oneOf(TYPES, type)) errs.push(notSupported('spec.type', type, TYPES));
  validatePorts(errs, spec);
  if (spec.selector !== undefined) for (const e of labelsErrors(spec.selector, 'spec.selector')) errs.push(e);
  validatePolicies(errs, spec);
  validateAddresses(errs, spec);
  const was = old?.spec?.clusterIP ?? '';
  const now = spec.clusterIP ?? '';
  if (was !== '' && now !== '' && was !== now && type !== 'ExternalName' && old?.spec?.type !== 'ExternalName') {
    errs.push(invalid('spec.clusterIPs[0]', now, 'may not change once set'));
  }
  return errs;
}

/** The Service kind. Service names are DNS-1035 labels. */
export const serviceKind: KindInfo<Service> = {
  apiVersion: 'v1',
  group: '',
  kind: 'Service',
  plural: 'services',
  scope: 'Namespaced',
  nameRule: 'DNS1035Label',
  hasStatus: true,
  default: defaultService,
  validate: validateService,
};

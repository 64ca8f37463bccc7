/**
 * The EndpointSlice kind (discovery.k8s.io/v1): port defaults and validation (kubernetes-behaviour.md §9).
 *
 * @packageDocumentation
 */
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import type { FieldError } from '../errors.js';
import { dns1123Label, dns1123Subdomain } from './memo.js';
import { oneOf, PORT_PROTOCOLS } from './containers.js';
import { duplicate, immutable, inclusiveRange, invalid, notSupported, pushAll, required, tooMany } from './field.js';
import { validateObjectMeta } from './meta.js';
import type { KindInfo } from './registry.js';
import { isIPv4 } from './service.js';

const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'] as const;
/** Upstream limits: endpoints per slice, addresses per endpoint, ports per slice. */
export const MAX_ENDPOINTS = 1000;
const MAX_ADDRESSES = 100;
const MAX_PORTS = 20000;

/** `SetDefaults_EndpointPort`: port `name ""` and `protocol TCP`. */
export function defaultEndpointSlice(draft: EndpointSlice): void {
  for (const p of draft.ports ?? []) {
    p.name ??= '';
    p.protocol ??= 'TCP';
  }
}

function validateAddress(errs: FieldError[], type: string, addr: string, path: string): void {
  if (type === 'IPv4' && !isIPv4(addr)) errs.push(invalid(path, addr, 'must be a valid IPv4 address'));
  else if (type === 'FQDN') pushAll(errs, path, addr, dns1123Subdomain(addr));
}

function validateEndpoints(errs: FieldError[], slice: EndpointSlice): void {
  const eps = slice.endpoints;
  if (eps.length > MAX_ENDPOINTS) errs.push(tooMany('endpoints', eps.length, MAX_ENDPOINTS));
  for (let i = 0; i < eps.length; i++) {
    const ep = eps[i];
    if (ep === undefined) continue;
    const path = `endpoints[${i}].addresses`;
    if (ep.addresses.length === 0) errs.push(required(path, 'must contain at least 1 address'));
    else if (ep.addresses.length > MAX_ADDRESSES) errs.push(tooMany(path, ep.addresses.length, MAX_ADDRESSES));
    for (let j = 0; j < ep.addresses.length; j++) validateAddress(errs, slice.addressType, ep.addresses[j] ?? '', `${path}[${j}]`);
    if (ep.nodeName !== undefined) pushAll(errs, `endpoints[${i}].nodeName`, ep.nodeName, dns1123Subdomain(ep.nodeName));
  }
}

function validatePorts(errs: FieldError[], slice: EndpointSlice): void {
  const ports = slice.ports ?? [];
  if (ports.length > MAX_PORTS) errs.push(tooMany('ports', ports.length, MAX_PORTS));
  const names = new Set<string>();
  for (let i = 0; i < ports.length; i++) {
    const p = ports[i];
    if (p === undefined) continue;
    const path = `ports[${i}]`;
    const name = p.name ?? '';
    if (name !== '') pushAll(errs, `${path}.name`, name, dns1123Label(name));
    if (names.has(name)) errs.push(duplicate(`${path}.name`, name));
    names.add(name);
    const proto = p.protocol ?? '';
    if (!oneOf(PORT_PROTOCOLS, proto)) errs.push(notSupported(`${path}.protocol`, proto, PORT_PROTOCOLS));
    if (p.port !== undefined && (p.port < 0 || p.port > 65535)) errs.push(invalid(`${path}.port`, p.port, inclusiveRange(0, 65535)));
  }
}

/** Validates an EndpointSlice: address type (immutable), endpoints and their addresses, ports. */
export function validateEndpointSlice(slice: EndpointSlice, old: EndpointSlice | undefined): FieldError[] {
  const errs = validateObjectMeta(slice, endpointSliceKind, old);
  const type = slice.addressType;
  if (type === '') errs.push(required('addressType'));
  else if (!oneOf(ADDRESS_TYPES, type)) errs.push(notSupported('addressType', type, ADDRESS_TYPES));
  validateEndpoints(errs, slice);
  validatePorts(errs, slice);
  if (old !== undefined) immutable(errs, 'addressType', slice.addressType, old.addressType);
  return errs;
}

/** The EndpointSlice kind. */
export const endpointSliceKind: KindInfo<EndpointSlice> = {
  apiVersion: 'discovery.k8s.io/v1',
  group: 'discovery.k8s.io',
  kind: 'EndpointSlice',
  plural: 'endpointslices',
  scope: 'Namespaced',
  nameRule: 'DNS1123Subdomain',
  hasStatus: false,
  default: defaultEndpointSlice,
  validate: validateEndpointSlice,
};

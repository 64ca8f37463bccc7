/**
 * Validation of containers (upstream `validateContainers`, `validateInitContainers`,
 * `validateContainerPorts`, `validateEnv`, `validateProbe`).
 *
 * @packageDocumentation
 */
import type { Container, ContainerPort, EnvVar, Probe, VolumeMount } from 'kubernetes-types/core/v1.js';
import type { FieldError } from '../errors.js';
import { dns1123Label } from './memo.js';
import {
  duplicate,
  forbidden,
  inclusiveRange,
  invalid,
  nonNegative,
  notFound,
  notSupported,
  pushAll,
  required,
} from './field.js';
import { validateResources } from './resources.js';

const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'] as const;
const MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'] as const;
/** Supported port protocols, sorted as upstream prints them. */
export const PORT_PROTOCOLS = ['SCTP', 'TCP', 'UDP'] as const;

/** Whether `v` is one of `values` (a typed `includes` for readonly string tuples). */
export function oneOf(values: readonly string[], v: string): boolean {
  return values.includes(v);
}

/** `IsValidPortNum` wording. */
export function validatePortNumber(errs: FieldError[], path: string, port: number): void {
  if (!Number.isInteger(port) || port < 1 || port > 65535) errs.push(invalid(path, port, inclusiveRange(1, 65535)));
}

/** `IsValidPortName` (IANA_SVC_NAME): returns every message for a bad port name. */
export function portNameErrors(name: string): string[] {
  const errs: string[] = [];
  if (name.length > 15) errs.push('must be no more than 15 characters');
  let letter = false;
  let valid = true;
  let doubleDash = false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    const lower = c >= 97 && c <= 122;
    if (lower) letter = true;
    else if (!((c >= 48 && c <= 57) || c === 45)) valid = false;
    if (c === 45 && name.charCodeAt(i + 1) === 45) doubleDash = true;
  }
  if (!valid) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!letter) errs.push('must contain at least one letter (a-z)');
  if (doubleDash) errs.push('must not contain consecutive hyphens');
  if (name.startsWith('-') || name.endsWith('-')) errs.push('must not begin or end with a hyphen');
  return errs;
}

const ENV_NAME_MSG =
  "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')";

function isEnvVarName(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    const alpha = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 46 || c === 95;
    if (!alpha && !(i > 0 && c >= 48 && c <= 57)) return false;
  }
  return name.length > 0;
}

function validatePorts(errs: FieldError[], ports: readonly ContainerPort[], base: string): void {
  const names = new Set<string>();
  for (let i = 0; i < ports.length; i++) {
    const p = ports[i];
    if (p === undefined) continue;
    const path = `${base}[${i}]`;
    if (p.name !== undefined && p.name !== '') {
      pushAll(errs, `${path}.name`, p.name, portNameErrors(p.name));
      if (names.has(p.name)) errs.push(duplicate(`${path}.name`, p.name));
      names.add(p.name);
    }
    validatePortNumber(errs, `${path}.containerPort`, p.containerPort);
    if (p.hostPort !== undefined && p.hostPort !== 0) validatePortNumber(errs, `${path}.hostPort`, p.hostPort);
    const proto = p.protocol ?? '';
    if (proto === '') errs.push(required(`${path}.protocol`));
    else if (!oneOf(PORT_PROTOCOLS, proto)) errs.push(notSupported(`${path}.protocol`, proto, PORT_PROTOCOLS));
  }
}

function validateEnv(errs: FieldError[], env: readonly EnvVar[], base: string): void {
  for (let i = 0; i < env.length; i++) {
    const e = env[i];
    if (e === undefined) continue;
    const path = `${base}[${i}].name`;
    if (e.name === '') errs.push(required(path));
    else if (!isEnvVarName(e.name)) errs.push(invalid(path, e.name, ENV_NAME_MSG));
  }
}

const HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;

/** Probe checks: exactly one handler, non-negative numbers, `successThreshold` 1 where required. */
export function validateProbe(errs: FieldError[], probe: Probe, path: string, mustSucceedOnce: boolean): void {
  let handlers = 0;
  for (const h of HANDLERS) {
    if (probe[h] === undefined) continue;
    if (++handlers > 1) errs.push(forbidden(`${path}.${h}`, 'may not specify more than 1 handler type'));
  }
  if (handlers === 0) errs.push(required(path, 'must specify a handler type'));
  nonNegative(errs, `${path}.initialDelaySeconds`, probe.initialDelaySeconds);
  nonNegative(errs, `${path}.timeoutSeconds`, probe.timeoutSeconds);
  nonNegative(errs, `${path}.periodSeconds`, probe.periodSeconds);
  nonNegative(errs, `${path}.successThreshold`, probe.successThreshold);
  nonNegative(errs, `${path}.failureThreshold`, probe.failureThreshold);
  if (mustSucceedOnce && probe.successThreshold !== undefined && probe.successThreshold !== 1) {
    errs.push(invalid(`${path}.successThreshold`, probe.successThreshold, 'must be 1'));
  }
  if (probe.httpGet !== undefined && typeof probe.httpGet.port === 'number') {
    validatePortNumber(errs, `${path}.httpGet.port`, probe.httpGet.port);
  }
}

function validateMounts(errs: FieldError[], mounts: readonly VolumeMount[], base: string, volumes: ReadonlySet<string>): void {
  const paths = new Set<string>();
  for (let i = 0; i < mounts.length; i++) {
    const m = mounts[i];
    if (m === undefined) continue;
    const path = `${base}[${i}]`;
    if (m.name === '') errs.push(required(`${path}.name`));
    else if (!volumes.has(m.name)) errs.push(notFound(`${path}.name`, m.name));
    if (m.mountPath === '') errs.push(required(`${path}.mountPath`));
    else if (paths.has(m.mountPath)) errs.push(invalid(`${path}.mountPath`, m.mountPath, 'must be unique'));
    paths.add(m.mountPath);
  }
}

/** Which list a container comes from; init containers have their own probe and restart rules. */
export type ContainerRole = 'container' | 'init' | 'ephemeral';

/** Validates one container at `path` (e.g. `spec.containers[0]`); `names` detects duplicates across lists. */
export function validateContainer(
  errs: FieldError[],
  c: Container,
  path: string,
  role: ContainerRole,
  names: Set<string>,
  volumes: ReadonlySet<string>,
): void {
  if (c.name === '') errs.push(required(`${path}.name`));
  else {
    const msgs = dns1123Label(c.name);
    if (msgs.length > 0) pushAll(errs, `${path}.name`, c.name, msgs);
    if (names.has(c.name)) errs.push(duplicate(`${path}.name`, c.name));
    names.add(c.name);
  }
  const image = c.image ?? '';
  if (image === '') errs.push(required(`${path}.image`));
  else if (image.trim() !== image) errs.push(invalid(`${path}.image`, image, 'must not have leading or trailing whitespace'));
  const pull = c.imagePullPolicy ?? '';
  if (pull === '') errs.push(required(`${path}.imagePullPolicy`));
  else if (!oneOf(PULL_POLICIES, pull)) errs.push(notSupported(`${path}.imagePullPolicy`, pull, PULL_POLICIES));
  const tmp = c.terminationMessagePolicy ?? '';
  if (tmp === '') errs.push(required(`${path}.terminationMessagePolicy`));
  else if (!oneOf(MESSAGE_POLICIES, tmp)) errs.push(notSupported(`${path}.terminationMessagePolicy`, tmp, MESSAGE_POLICIES));
  if (c.ports !== undefined) validatePorts(errs, c.ports, `${path}.ports`);
  if (c.env !== undefined) validateEnv(errs, c.env, `${path}.env`);
  if (c.volumeMounts !== undefined) validateMounts(errs, c.volumeMounts, `${path}.volumeMounts`, volumes);
  if (c.resources !== undefined) validateResources(errs, c.resources, `${path}.resources`);
  validateRoleRules(errs, c, path, role);
}

function validateRoleRules(errs: FieldError[], c: Container, path: string, role: ContainerRole): void {
  const sidecar = role === 'init' && c.restartPolicy === 'Always';
  if (c.restartPolicy !== undefined) {
    if (role !== 'init') errs.push(forbidden(`${path}.restartPolicy`, 'may not be set for non-init containers'));
    else if (c.restartPolicy !== 'Always') errs.push(notSupported(`${path}.restartPolicy`, c.restartPolicy, ['Always']));
  }
  const probes = role === 'container' || sidecar;
  const probeRule = 'may not be set for init containers without restartPolicy=Always';
  if (c.livenessProbe !== undefined) {
    if (probes) validateProbe(errs, c.livenessProbe, `${path}.livenessProbe`, true);
    else errs.push(forbidden(`${path}.livenessProbe`, probeRule));
  }
  if (c.readinessProbe !== undefined) {
    if (role === 'container') validateProbe(errs, c.readinessProbe, `${path}.readinessProbe`, false);
    else if (sidecar) validateProbe(errs, c.readinessProbe, `${path}.readinessProbe`, false);
    else errs.push(forbidden(`${path}.readinessProbe`, probeRule));
  }
  if (c.startupProbe !== undefined) {
    if (probes) validateProbe(errs, c.startupProbe, `${path}.startupProbe`, true);
    else errs.push(forbidden(`${path}.startupProbe`, probeRule));
  }
}

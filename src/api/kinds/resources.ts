/**
 * Validation of container `resources` (upstream `ValidateContainerResourceRequirements`).
 *
 * @packageDocumentation
 */
import type { ResourceRequirements } from 'kubernetes-types/core/v1.js';
import type { FieldError } from '../errors.js';
import { compareQuantity, tryParseQuantity } from '../quantity.js';
import type { Quantity } from '../quantity.js';
import { isQualifiedName } from '../validation/names.js';
import { invalid, NONNEGATIVE, pushAll, required } from './field.js';

/** Decode-time message of `resource.ParseQuantity`, surfaced as a field error. */
export const QUANTITY_FORMAT =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

function isNegative(q: Quantity): boolean {
  return q.mantissa < 0n;
}

function isStandardContainerResource(name: string): boolean {
  return name === 'cpu' || name === 'memory' || name === 'ephemeral-storage' || name.startsWith('hugepages-');
}

/** True for names such as `nvidia.com/gpu`: qualified, not `kubernetes.io/`, not `requests.`-prefixed. */
function isExtendedResource(name: string): boolean {
  const slash = name.indexOf('/');
  if (slash < 0) return false;
  const domain = name.slice(0, slash);
  if (domain === 'kubernetes.io' || domain.endsWith('.kubernetes.io')) return false;
  return !name.startsWith('requests.');
}

function validateResourceName(errs: FieldError[], name: string, path: string): void {
  if (name.includes('/')) {
    pushAll(errs, path, name, isQualifiedName(name));
    if (!isExtendedResource(name) && !name.startsWith('kubernetes.io/')) {
      errs.push(invalid(path, name, "doesn't follow extended resource name standard"));
    }
  } else if (!isStandardContainerResource(name)) {
    errs.push(invalid(path, name, 'must be a standard resource for containers'));
  }
}

function parseInto(
  errs: FieldError[],
  list: Readonly<Record<string, string | number>>,
  base: string,
  out: Map<string, Quantity>,
): void {
  for (const name in list) {
    const raw = list[name];
    if (raw === undefined) continue;
    const path = `${base}[${name}]`;
    validateResourceName(errs, name, path);
    const q = tryParseQuantity(raw);
    if (q === undefined) errs.push(invalid(path, raw, QUANTITY_FORMAT));
    else if (isNegative(q)) errs.push(invalid(path, raw, NONNEGATIVE));
    else out.set(name, q);
  }
}

/**
 * Validates `limits` and `requests`: resource names, quantity syntax and sign, `request ≤ limit`
 * (`must be less than or equal to cpu limit of 1`), and for extended resources that a limit is set
 * and equals the request.
 */
export function validateResources(errs: FieldError[], res: ResourceRequirements | undefined, path: string): void {
  if (res === undefined) return;
  const limits = new Map<string, Quantity>();
  const requests = new Map<string, Quantity>();
  const limPath = `${path}.limits`;
  const reqPath = `${path}.requests`;
  if (res.limits !== undefined) parseInto(errs, res.limits, limPath, limits);
  if (res.requests !== undefined) parseInto(errs, res.requests, reqPath, requests);
  for (const [name, req] of requests) {
    const lim = limits.get(name);
    const reqRaw = res.requests?.[name];
    if (isExtendedResource(name)) {
      if (lim === undefined) errs.push(required(limPath, 'Limit must be set for non overcommitable resources'));
      else if (compareQuantity(req, lim) !== 0) {
        errs.push(invalid(reqPath, reqRaw, `must be equal to ${name} limit of ${String(res.limits?.[name])}`));
      }
    } else if (lim !== undefined && compareQuantity(req, lim) > 0) {
      errs.push(invalid(reqPath, reqRaw, `must be less than or equal to ${name} limit of ${String(res.limits?.[name])}`));
    }
  }
}

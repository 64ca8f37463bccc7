/**
 * Validation of container `resources` (upstream `ValidateContainerResourceRequirements`).
 *
 * @packageDocumentation
 */
import type { ResourceRequirements } from 'kubernetes-types/core/v1.js';
import type { FieldError } from '../errors.js';
import { compareQuantity, parseQuantity } from '../quantity.js';
import type { Quantity } from '../quantity.js';
import { qualifiedName } from './memo.js';
import { invalid, NONNEGATIVE, pushAll, required } from './field.js';

/** Decode-time message of `resource.ParseQuantity`, surfaced as a field error. */
export const QUANTITY_FORMAT =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

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
    pushAll(errs, path, name, qualifiedName(name));
    if (!isExtendedResource(name) && !name.startsWith('kubernetes.io/')) {
      errs.push(invalid(path, name, "doesn't follow extended resource name standard"));
    }
  } else if (!isStandardContainerResource(name)) {
    errs.push(invalid(path, name, 'must be a standard resource for containers'));
  }
}

/**
 * The parsed quantity, or `undefined` when it does not parse. Uses `parseQuantity`, which caches
 * parsed strings, so the common case (a handful of distinct quantities) is a map lookup.
 */
export function parseCached(raw: string | number): Quantity | undefined {
  try {
    return parseQuantity(raw);
  } catch {
    return undefined;
  }
}

function validateList(errs: FieldError[], list: Readonly<Record<string, string | number>>, base: string): void {
  for (const name in list) {
    const raw = list[name];
    if (raw === undefined) continue;
    if (!isStandardContainerResource(name)) validateResourceName(errs, name, `${base}[${name}]`);
    const q = parseCached(raw);
    if (q === undefined) errs.push(invalid(`${base}[${name}]`, raw, QUANTITY_FORMAT));
    else if (q.mantissa < 0n) errs.push(invalid(`${base}[${name}]`, raw, NONNEGATIVE));
  }
}

function compareRequest(
  errs: FieldError[],
  res: ResourceRequirements,
  name: string,
  path: string,
): void {
  const reqRaw = res.requests?.[name];
  const limRaw = res.limits?.[name];
  const req = reqRaw === undefined ? undefined : parseCached(reqRaw);
  const lim = limRaw === undefined ? undefined : parseCached(limRaw);
  if (req === undefined || req.mantissa < 0n) return;
  if (isExtendedResource(name)) {
    if (lim === undefined) errs.push(required(`${path}.limits`, 'Limit must be set for non overcommitable resources'));
    else if (compareQuantity(req, lim) !== 0) {
      errs.push(invalid(`${path}.requests`, reqRaw, `must be equal to ${name} limit of ${String(limRaw)}`));
    }
  } else if (lim !== undefined && compareQuantity(req, lim) > 0) {
    errs.push(invalid(`${path}.requests`, reqRaw, `must be less than or equal to ${name} limit of ${String(limRaw)}`));
  }
}

/**
 * Validates `limits` and `requests`: resource names, quantity syntax and sign, `request ≤ limit`
 * (`must be less than or equal to cpu limit of 1`), and for extended resources that a limit is set
 * and equals the request.
 */
export function validateResources(errs: FieldError[], res: ResourceRequirements | undefined, path: string): void {
  if (res === undefined) return;
  if (res.limits !== undefined) validateList(errs, res.limits, `${path}.limits`);
  if (res.requests !== undefined) {
    validateList(errs, res.requests, `${path}.requests`);
    for (const name in res.requests) compareRequest(errs, res, name, path);
  }
}

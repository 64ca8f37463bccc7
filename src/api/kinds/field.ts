/**
 * Field-error constructors worded as `k8s.io/apimachinery/pkg/util/validation/field` words them.
 *
 * @remarks
 * Every validator under `src/api/kinds/` builds its {@link FieldError}s through these helpers, so
 * that types, details and value rendering stay identical to kube-apiserver's (kubernetes-behaviour.md §8).
 * They are plain functions returning plain objects: no classes, no allocation beyond the error itself.
 *
 * @packageDocumentation
 */
import type { FieldError } from '../errors.js';

/** `path: Required value[: detail]`. */
export function required(field: string, detail = ''): FieldError {
  return detail === '' ? { field, type: 'Required value' } : { field, type: 'Required value', detail };
}

/** `path: Invalid value: value: detail`. */
export function invalid(field: string, value: unknown, detail: string): FieldError {
  return { field, type: 'Invalid value', value, detail };
}

/** `path: Forbidden: detail`. */
export function forbidden(field: string, detail: string): FieldError {
  return { field, type: 'Forbidden', detail };
}

/** `path: Duplicate value: value`. */
export function duplicate(field: string, value: unknown): FieldError {
  return { field, type: 'Duplicate value', value };
}

/**
 * `path: Not found: value`. `FieldErrorType` in `errors.ts` does not list `Not found` yet, so the
 * type is asserted here; `formatFieldError` prints it as upstream does.
 */
export function notFound(field: string, value: unknown): FieldError {
  return { field, type: 'Not found' as FieldError['type'], value };
}

/** `path: Too many: n: must have at most max items`. */
export function tooMany(field: string, actual: number, max: number): FieldError {
  return { field, type: 'Too many', value: actual, detail: `must have at most ${max} items` };
}

/** `path: Unsupported value: value: supported values: "A", "B"` (values quoted as upstream). */
export function notSupported(field: string, value: unknown, supported: readonly string[]): FieldError {
  const detail = `supported values: ${supported.map((s) => `"${s}"`).join(', ')}`;
  return { field, type: 'Unsupported value', value, detail };
}

/** The message upstream uses for `ValidateNonnegativeField`. */
export const NONNEGATIVE = 'must be greater than or equal to 0';
/** `apimachineryvalidation.FieldImmutableErrorMsg`. */
export const IMMUTABLE = 'field is immutable';

/** `InclusiveRangeError(lo, hi)`. */
export function inclusiveRange(lo: number, hi: number): string {
  return `must be between ${lo} and ${hi}, inclusive`;
}

/** Appends `must be greater than or equal to 0` when `v` is a negative number. */
export function nonNegative(errs: FieldError[], field: string, v: number | undefined): void {
  if (v !== undefined && v < 0) errs.push(invalid(field, v, NONNEGATIVE));
}

/** Appends one `Invalid value` per message returned by a `names.ts`-style checker. */
export function pushAll(errs: FieldError[], field: string, value: unknown, messages: readonly string[]): void {
  for (const m of messages) errs.push(invalid(field, value, m));
}

/** Appends `field is immutable` when `now` and `before` differ structurally. */
export function immutable(errs: FieldError[], field: string, now: unknown, before: unknown): void {
  if (!deepEqual(now, before)) errs.push(invalid(field, now, IMMUTABLE));
}

/**
 * Structural equality of JSON-like values (objects, arrays, primitives); `undefined` members are
 * treated as absent, as they are after a JSON round trip.
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  let na = 0;
  for (const k in ao) {
    if (ao[k] === undefined) continue;
    na++;
    if (!deepEqual(ao[k], bo[k])) return false;
  }
  let nb = 0;
  for (const k in bo) if (bo[k] !== undefined) nb++;
  return na === nb;
}

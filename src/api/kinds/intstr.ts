/**
 * `IntOrString` helpers: validation of "int or percent" fields such as `maxSurge` and
 * `minAvailable` (upstream `ValidatePositiveIntOrPercent`, `IsNotMoreThan100Percent`).
 *
 * @packageDocumentation
 */
import type { FieldError } from '../errors.js';
import { invalid, nonNegative } from './field.js';

/** An `intstr.IntOrString` as it appears in JSON. */
export type IntOrString = number | string;

const PERCENT_MSG =
  "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

/** The numeric part of a `'25%'` string, or `undefined` when it is not a valid percent. */
export function percentValue(s: string): number | undefined {
  if (s.length < 2 || !s.endsWith('%')) return undefined;
  let v = 0;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
    v = v * 10 + (c - 48);
  }
  return v;
}

/** Appends the upstream errors for an int-or-percent that must be non-negative. */
export function validatePositiveIntOrPercent(errs: FieldError[], v: IntOrString | undefined, path: string): void {
  if (v === undefined) return;
  if (typeof v === 'string') {
    if (percentValue(v) === undefined) errs.push(invalid(path, v, PERCENT_MSG));
  } else if (Number.isInteger(v)) {
    nonNegative(errs, path, v);
  } else {
    errs.push(invalid(path, v, "must be an integer or percentage (e.g '5%')"));
  }
}

/** Appends `must not be greater than 100%` for a percent above 100. */
export function validateNotMoreThan100Percent(errs: FieldError[], v: IntOrString | undefined, path: string): void {
  if (typeof v !== 'string') return;
  const p = percentValue(v);
  if (p !== undefined && p > 100) errs.push(invalid(path, v, 'must not be greater than 100%'));
}

/** The int value, or the percent number for a percent string (0 when invalid). */
export function intOrPercentValue(v: IntOrString | undefined): number {
  if (v === undefined) return 0;
  return typeof v === 'number' ? v : (percentValue(v) ?? 0);
}

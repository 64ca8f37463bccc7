/**
 * Quantity parsing for the scheduler's per-pod and per-node precomputation, delegating to the API layer's
 * exact parser (`src/api/quantity.ts`), with a small memo because pods repeat the same few strings.
 *
 * @internal
 * @packageDocumentation
 */
import { parseMilli, parseValue } from '../../api/quantity.js';

const milliMemo = new Map<string, number>();
const valueMemo = new Map<string, number>();

function memo(m: Map<string, number>, input: string | number, parse: (s: string | number) => number): number {
  if (typeof input === 'number') return parse(input);
  let v = m.get(input);
  if (v === undefined) {
    v = parse(input);
    if (m.size < 4096) m.set(input, v);
  }
  return v;
}

/** Millicores (or milli-units), rounded up: `"100m"` → 100, `"1"` → 1000, `"0.5"` → 500. */
export function milli(input: string | number): number {
  return memo(milliMemo, input, parseMilli);
}

/** The integer value rounded up: `"500Mi"` → 524288000, `"1k"` → 1000. */
export function value(input: string | number): number {
  return memo(valueMemo, input, parseValue);
}

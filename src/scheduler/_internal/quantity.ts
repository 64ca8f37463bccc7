/**
 * Fast quantity parsing for the scheduler's per-pod precomputation (requests, allocatable).
 *
 * @remarks
 * The scheduler parses each quantity once per pod or node, never per node pair. Values are returned as
 * JavaScript numbers: CPU in millicores (rounded up, as `MilliValue`) and everything else rounded up to an
 * integer (as `Value`). Malformed input throws a RangeError naming the input.
 *
 * @internal
 * @packageDocumentation
 */

const SUFFIX: Readonly<Record<string, number>> = {
  '': 1, n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, Pi: 1024 ** 5, Ei: 1024 ** 6,
};
const RE = /^([+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+))([eE][-+]?[0-9]+|[numkMGTPE]|[KMGTPE]i)?$/;
const cache = new Map<string, number>();

function parseFloatQuantity(input: string | number): number {
  if (typeof input === 'number') return input;
  const hit = cache.get(input);
  if (hit !== undefined) return hit;
  const m = RE.exec(input.trim());
  if (m === null) throw new RangeError(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$': ${JSON.stringify(input)}`);
  const num = Number(m[1]);
  const suf = m[2] ?? '';
  const mult = suf.startsWith('e') || suf.startsWith('E') ? 10 ** Number(suf.slice(1)) : (SUFFIX[suf] ?? 1);
  const v = num * mult;
  if (cache.size < 4096) cache.set(input, v);
  return v;
}

/** Millicores (or milli-units), rounded up: `"100m"` → 100, `"1"` → 1000, `"0.5"` → 500. */
export function milli(input: string | number): number {
  return Math.ceil(Math.round(parseFloatQuantity(input) * 1e9) / 1e6);
}

/** The integer value rounded up: `"500Mi"` → 524288000, `"1k"` → 1000. */
export function value(input: string | number): number {
  const v = parseFloatQuantity(input);
  const r = Math.round(v);
  return Math.abs(v - r) < 1e-9 ? r : Math.ceil(v);
}

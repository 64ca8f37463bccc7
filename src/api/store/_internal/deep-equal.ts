/**
 * Structural equality of JSON-like values, with a reference fast path (frozen subtrees are shared).
 *
 * @internal
 * @packageDocumentation
 */

/**
 * Whether two JSON-like values are equal; `undefined`-valued keys count as absent, as after a JSON
 * round trip.
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const aArray = Array.isArray(a);
  if (aArray !== Array.isArray(b)) return false;
  if (aArray) {
    const x = a as readonly unknown[];
    const y = b as readonly unknown[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i] && !deepEqual(x[i], y[i])) return false;
    return true;
  }
  const x = a as Readonly<Record<string, unknown>>;
  const y = b as Readonly<Record<string, unknown>>;
  let countX = 0;
  for (const k in x) {
    const v = x[k];
    if (v === undefined) continue;
    countX++;
    const w = y[k];
    // equal leaves and shared subtrees are settled here, without a call
    if (v !== w && !deepEqual(v, w)) return false;
  }
  let countY = 0;
  for (const k in y) if (y[k] !== undefined) countY++;
  return countX === countY;
}

/**
 * Fast object helpers for the write path: deep freeze that stops at frozen subtrees, and shallow copies
 * that stay on V8's fast path (a spread that overrides keys does not: style.md §4).
 *
 * @internal
 * @packageDocumentation
 */

/**
 * Freezes a JSON-like value in place, recursively; subtrees that are already frozen are skipped (they
 * are shared with a stored version), so a write costs in proportion to what it changed.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) deepFreeze(value[i] as unknown);
  } else {
    const o = value as Record<string, unknown>;
    for (const k in o) deepFreeze(o[k]);
  }
  return value;
}

/** A shallow copy of a plain object without `skip` (own enumerable keys, in order). */
export function copyWithout(src: object, skip: ReadonlySet<string> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const o = src as Record<string, unknown>;
  for (const k in o) if (skip === undefined || !skip.has(k)) out[k] = o[k];
  return out;
}

/**
 * A shallow copy of a plain object with one key set (in its original position; appended when new,
 * dropped when `value` is undefined).
 */
export function withKey(src: object, key: string, value: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const o = src as Record<string, unknown>;
  let seen = false;
  for (const k in o) {
    if (k !== key) out[k] = o[k];
    else {
      seen = true;
      if (value !== undefined) out[k] = value;
    }
  }
  if (!seen && value !== undefined) out[key] = value;
  return out;
}

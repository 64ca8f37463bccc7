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
  // leaves are tested here rather than in a call each: most of an object's values are strings and numbers
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (typeof v === 'object' && v !== null) deepFreeze(v);
    }
  } else {
    const o = value as Record<string, unknown>;
    for (const k in o) {
      const v = o[k];
      if (typeof v === 'object' && v !== null) deepFreeze(v);
    }
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

/** A deep copy of JSON-shaped data (plain objects, arrays, primitives); object keys holding `undefined` are dropped. */
export function copyJson(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = copyJson(value[i] as unknown);
    return out;
  }
  const out: Record<string, unknown> = {};
  const o = value as Record<string, unknown>;
  for (const k in o) {
    const v = o[k];
    if (v !== undefined) out[k] = copyJson(v);
  }
  return out;
}

/**
 * A deep copy of `value` that reuses `stored` (a frozen stored object) wherever they are equal: every
 * subtree of the result equal to the corresponding subtree of `stored` is that stored subtree (`stored` itself
 * when the two are equal), and every other node is a fresh copy — never the caller's object.
 *
 * @remarks
 * The store's {@link UpdateOptions.copyInput} update: one pass compares the caller's object with the stored one
 * and copies only what changed, so the caller's objects are neither kept nor frozen.
 *
 */
export function shareOrCopy(value: unknown, stored: unknown): unknown {
  if (value === stored) return stored;
  if (value === null || typeof value !== 'object') return value;
  if (stored === null || typeof stored !== 'object') return copyJson(value);
  if (Array.isArray(value)) {
    if (!Array.isArray(stored)) return copyJson(value);
    const b = stored as readonly unknown[];
    const out = new Array<unknown>(value.length);
    let same = value.length === b.length;
    for (let i = 0; i < value.length; i++) {
      const c = i < b.length ? shareOrCopy(value[i], b[i]) : copyJson(value[i] as unknown);
      out[i] = c;
      if (c !== b[i]) same = false;
    }
    return same ? stored : out;
  }
  if (Array.isArray(stored)) return copyJson(value);
  const a = value as Readonly<Record<string, unknown>>;
  const b = stored as Readonly<Record<string, unknown>>;
  const out: Record<string, unknown> = {};
  let same = true;
  let count = 0;
  for (const k in a) {
    const v = a[k];
    if (v === undefined) continue;
    count++;
    const s = b[k];
    const c = s === undefined ? copyJson(v) : shareOrCopy(v, s);
    out[k] = c;
    if (c !== s) same = false;
  }
  if (same) {
    let storedCount = 0;
    for (const k in b) if (b[k] !== undefined) storedCount++;
    if (storedCount === count) return stored;
  }
  return out;
}

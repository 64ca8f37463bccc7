/**
 * A fast deep copy of JSON-shaped data (plain objects, arrays, primitives), used where the API server needs a
 * mutable draft of an object a client sent: defaulting mutates in place, and the caller's object (often frozen)
 * must stay untouched.
 *
 * @internal
 */
export function cloneJson<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = cloneJson(value[i] as unknown);
    return out as T;
  }
  const out: Record<string, unknown> = {};
  for (const k in value) {
    const v = (value as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = cloneJson(v);
  }
  return out as T;
}

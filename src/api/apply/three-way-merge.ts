/**
 * kubectl's client-side apply merge: a strategic three-way merge of the last-applied configuration, the new
 * manifest and the live object.
 *
 * @packageDocumentation
 */
import { deepEqual } from '../store/_internal/deep-equal.js';
import { listMergeOf, retainsKeys } from './patch-meta.js';

/** A JSON object, as manifests and API objects are merged. */
export type JsonMap = Record<string, unknown>;

function isMap(v: unknown): v is JsonMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A copy of JSON data with `null` map values dropped (a `null` in a manifest means "absent"). */
export function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (!isMap(v)) return v;
  const out: JsonMap = {};
  for (const k of Object.keys(v)) if (v[k] !== null && v[k] !== undefined) out[k] = withoutNulls(v[k]);
  return out;
}

/**
 * The object `kubectl apply` would leave: `current` patched with the strategic three-way merge patch of
 * (`original` → `modified`) over `current`.
 *
 * @remarks
 * Same result as upstream `CreateThreeWayMergePatch(original, modified, current)` followed by
 * `StrategicMergePatch(current, patch)`, computed directly:
 * - a field in `modified` takes its value from `modified` (maps merge recursively; `null` deletes);
 * - a field in `original` but not in `modified` is deleted (the user removed it from the manifest);
 * - a field in neither survives (set by the server or another writer, e.g. an autoscaler's `spec.replicas`);
 * - lists with a `patchMergeKey` (containers by `name`, ports by `containerPort`, …) merge element by element
 *   with the same three rules; scalar lists with `patchStrategy:merge` (finalizers) merge as sets; other lists
 *   are replaced;
 * - a `retainKeys` map (volumes, Deployment `spec.strategy`) that changes keeps only the manifest's keys.
 *
 * Simplification: element order after a merge follows the manifest, with elements only the server knows kept
 * after their predecessor (upstream's `$setElementOrder` interleaving is close to this, not identical).
 * A keyed list whose elements lack the key (or repeat it) is replaced instead of failing the patch.
 *
 * @param kind - the object's kind (selects the patch strategies)
 * @param original - the last-applied configuration (`undefined` when there is none)
 * @param modified - the new manifest
 * @param current - the live object
 *
 * @example
 * ```ts
 * threeWayMerge('Deployment',
 *   { spec: { replicas: 3, paused: false } }, { spec: { paused: false } }, { spec: { replicas: 3, paused: false, x: 1 } });
 * // { spec: { paused: false, x: 1 } }  (replicas removed from the manifest → removed; x kept)
 * ```
 */
export function threeWayMerge(kind: string, original: JsonMap | undefined, modified: JsonMap, current: JsonMap): JsonMap {
  return mergeMap(kind, [], original, modified, current);
}

function mergeMap(kind: string, path: readonly string[], orig: JsonMap | undefined, mod: JsonMap, cur: JsonMap): JsonMap {
  const out: JsonMap = {};
  for (const k of Object.keys(cur)) {
    if (k in mod) {
      const m = mod[k];
      if (m !== null && m !== undefined) out[k] = mergeValue(kind, path, k, orig?.[k], m, cur[k]);
    } else if (orig === undefined || !(k in orig)) {
      out[k] = cur[k];
    }
  }
  for (const k of Object.keys(mod)) {
    const m = mod[k];
    if (!(k in cur) && m !== null && m !== undefined) out[k] = withoutNulls(m);
  }
  if (retainsKeys(kind, path) && !deepEqual(out, cur)) {
    for (const k of Object.keys(out)) if (!(k in mod)) delete out[k];
  }
  return out;
}

function mergeValue(kind: string, parent: readonly string[], field: string, o: unknown, m: unknown, c: unknown): unknown {
  if (isMap(m)) {
    if (!isMap(c)) return withoutNulls(m);
    return mergeMap(kind, [...parent, field], isMap(o) ? o : undefined, m, c);
  }
  if (Array.isArray(m)) {
    const how = listMergeOf(kind, parent, field);
    if (how === undefined || !Array.isArray(c)) return withoutNulls(m);
    const origList = Array.isArray(o) ? (o as unknown[]) : [];
    if ('primitive' in how) return mergeScalars(origList, m as unknown[], c as unknown[]);
    return mergeKeyed(kind, [...parent, field], how, origList, m as unknown[], c as unknown[]) ?? withoutNulls(m);
  }
  return m;
}

/** `patchStrategy:merge` on a scalar list: the live set, minus what the user removed, plus what they added. */
function mergeScalars(orig: readonly unknown[], mod: readonly unknown[], cur: readonly unknown[]): unknown[] {
  const removed = orig.filter((x) => !mod.includes(x));
  const out = cur.filter((x) => !removed.includes(x));
  for (const x of mod) if (!out.includes(x)) out.push(x);
  return out;
}

/** Elements by merge key; `undefined` when an element is not a map, lacks the key or repeats it. */
function byKey(list: readonly unknown[], key: string): Map<string, JsonMap> | undefined {
  const out = new Map<string, JsonMap>();
  for (const item of list) {
    if (!isMap(item)) return undefined;
    const v = item[key];
    if (v === undefined || v === null) return undefined;
    const id = JSON.stringify(v);
    if (out.has(id)) return undefined;
    out.set(id, item);
  }
  return out;
}

function mergeKeyed(
  kind: string,
  path: readonly string[],
  how: { readonly key: string; readonly retainKeys?: boolean },
  orig: readonly unknown[],
  mod: readonly unknown[],
  cur: readonly unknown[],
): unknown[] | undefined {
  const mods = byKey(mod, how.key);
  const curs = byKey(cur, how.key);
  if (mods === undefined || curs === undefined) return undefined;
  const origs = byKey(orig, how.key) ?? new Map<string, JsonMap>();
  const merged = new Map<string, unknown>();
  for (const [id, m] of mods) {
    const c = curs.get(id);
    if (c === undefined) {
      merged.set(id, withoutNulls(m));
      continue;
    }
    const item = mergeMap(kind, path, origs.get(id), m, c);
    merged.set(id, how.retainKeys === true && !deepEqual(item, c) ? keepKeys(item, m) : item);
  }
  const serverOnly = [...curs.keys()].filter((id) => !mods.has(id) && !origs.has(id));
  const unchangedSet = serverOnly.length + mods.size === curs.size && [...merged].every(([id, v]) => deepEqual(v, curs.get(id)));
  if (unchangedSet) return cur as unknown[];
  return order([...mods.keys()], serverOnly, [...curs.keys()]).map((id) => merged.get(id) ?? curs.get(id));
}

function keepKeys(item: JsonMap, mod: JsonMap): JsonMap {
  const out: JsonMap = {};
  for (const k of Object.keys(item)) if (k in mod) out[k] = item[k];
  return out;
}

/** The manifest's order, with each server-only element placed after the element it followed on the server. */
function order(manifest: readonly string[], serverOnly: readonly string[], server: readonly string[]): string[] {
  const out = [...manifest];
  for (const id of serverOnly) {
    const at = server.indexOf(id);
    let pos = 0;
    for (let i = at - 1; i >= 0; i--) {
      const idx = out.indexOf(server[i] ?? '');
      if (idx >= 0) {
        pos = idx + 1;
        break;
      }
    }
    out.splice(pos, 0, id);
  }
  return out;
}


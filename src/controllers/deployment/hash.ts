/**
 * The `pod-template-hash`: a deterministic hash of a Deployment's pod template and collision count
 * (kubernetes-behaviour.md §2.5).
 *
 * @packageDocumentation
 */
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';

/**
 * The label a Deployment adds to its ReplicaSets' selectors, templates and pods.
 *
 * @remarks Its value is {@link podTemplateHash} of the template; the ReplicaSet is named `<deployment>-<hash>`.
 * @example
 * ```ts
 * pod.metadata?.labels?.[POD_TEMPLATE_HASH_LABEL]; // e.g. '7c9d5f6b84'
 * ```
 */
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';

/** Upstream `rand.SafeEncodeString` alphabet (no vowels, no look-alike digits). */
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * JSON with object keys sorted, so equal templates give equal text whatever their key order.
 *
 * @remarks `undefined` members are dropped, as `JSON.stringify` does.
 * @example
 * ```ts
 * canonicalJson({ b: 1, a: [2] }); // '{"a":[2],"b":1}'
 * ```
 */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}

/** One FNV-1a step: the low byte of `byte` into the 32-bit hash `h`. */
function fnv1a(h: number, byte: number): number {
  return Math.imul(h ^ (byte & 0xff), 0x01000193) >>> 0;
}

/**
 * The pod-template hash of a template and the Deployment's `status.collisionCount`.
 *
 * @remarks
 * Same construction as upstream `controller.ComputeHash` — a 32-bit FNV-1a, with the collision count appended
 * as 4 little-endian bytes when set, printed in decimal and each digit mapped through `SafeEncodeString` — but
 * over the canonical JSON of the template (keys sorted) instead of Go's `spew` dump of the struct, which has no
 * JavaScript equivalent. The values therefore differ from a real cluster's, while the shape (up to 10
 * characters from `bcdfghjklmnpqrstvwxz2456789`), stability and collision behaviour are the same.
 *
 * @example
 * ```ts
 * podTemplateHash({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
 * // e.g. '7c9d5f6b84'
 * ```
 */
export function podTemplateHash(template: PodTemplateSpec | undefined, collisionCount?: number): string {
  let h = 0x811c9dc5;
  const text = canonicalJson(template ?? {});
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) h = fnv1a(h, code);
    else for (const b of new TextEncoder().encode(text[i] ?? '')) h = fnv1a(h, b);
  }
  if (collisionCount !== undefined) {
    const c = collisionCount >>> 0;
    h = fnv1a(h, c);
    h = fnv1a(h, c >>> 8);
    h = fnv1a(h, c >>> 16);
    h = fnv1a(h, c >>> 24);
  }
  const digits = String(h >>> 0);
  let out = '';
  for (let i = 0; i < digits.length; i++) out += ALPHANUMS[digits.charCodeAt(i) % ALPHANUMS.length];
  return out;
}

/**
 * A template with the `pod-template-hash` label removed (`EqualIgnoreHash`'s view; what a rollback copies back).
 *
 * @remarks An emptied `labels` map is dropped.
 * @example
 * ```ts
 * withoutHashLabel(oldReplicaSet.spec?.template).metadata?.labels; // { app: 'web' }
 * ```
 */
export function withoutHashLabel(t: PodTemplateSpec | undefined): PodTemplateSpec {
  const labels = { ...(t?.metadata?.labels ?? {}) };
  delete labels[POD_TEMPLATE_HASH_LABEL];
  const meta = { ...(t?.metadata ?? {}) };
  if (Object.keys(labels).length > 0) meta.labels = labels;
  else delete meta.labels;
  return { ...(t ?? {}), metadata: meta };
}

/** Canonical text per (frozen, cached) template object: syncs compare the same templates again and again. */
const canonicalCache = new WeakMap<object, string>();

function canonicalIgnoringHash(t: PodTemplateSpec | undefined): string {
  if (t === undefined) return canonicalJson(withoutHashLabel(t));
  let s = canonicalCache.get(t);
  if (s === undefined) {
    s = canonicalJson(withoutHashLabel(t));
    if (Object.isFrozen(t)) canonicalCache.set(t, s);
  }
  return s;
}

/**
 * `EqualIgnoreHash`: the templates are equal apart from the `pod-template-hash` label.
 *
 * @remarks Finds a Deployment's new ReplicaSet; canonical texts are memoized per frozen template object.
 * @example
 * ```ts
 * equalIgnoreHash(deployment.spec?.template, replicaSet.spec?.template); // true for the new ReplicaSet
 * ```
 */
export function equalIgnoreHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  return canonicalIgnoringHash(a) === canonicalIgnoringHash(b);
}

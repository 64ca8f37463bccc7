/**
 * Memoized name checks for the hot create path.
 *
 * @remarks
 * Objects created by controllers repeat the same container names, label keys, toleration keys and
 * scheduler names thousands of times, so each checker's result is cached per string in a bounded
 * map (cleared when full, so memory stays bounded and results stay deterministic). Results are the
 * checker's own messages, shared and read-only.
 *
 * @packageDocumentation
 */
import type { FieldError } from '../errors.js';
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isPlainDNS1123Label,
  isPlainLabelValue,
  isPlainSubdomain,
  isQualifiedName,
  isValidLabelValue,
  validateAnnotations,
  validateLabels,
} from '../validation/names.js';

/**
 * Entries per checker. Large enough that a cluster's node names (thousands, cycled through by pod
 * creates) stay cached: a cache smaller than the cycle is cleared before any entry is hit again.
 */
const LIMIT = 32_768;
/** The result of every valid string: one shared empty list rather than one per cached entry. */
const VALID: readonly string[] = Object.freeze([]);

/**
 * `check`, cached per string; `plain` (when given) accepts the common valid strings without a lookup: a
 * short character loop is cheaper than hashing a fresh string (label values and node names of new pods).
 */
function memoize(check: (v: string) => string[], plain?: (v: string) => boolean): (v: string) => readonly string[] {
  const cache = new Map<string, readonly string[]>();
  return (v: string) => {
    if (plain?.(v) === true) return VALID;
    let r = cache.get(v);
    if (r === undefined) {
      if (cache.size >= LIMIT) cache.clear();
      const msgs = check(v);
      r = msgs.length === 0 ? VALID : msgs;
      cache.set(v, r);
    }
    return r;
  };
}

/** Memoized `isDNS1123Label`. */
export const dns1123Label = memoize(isDNS1123Label, isPlainDNS1123Label);
/** Memoized `isDNS1123Subdomain`. */
export const dns1123Subdomain = memoize(isDNS1123Subdomain, isPlainSubdomain);
/** Memoized `isQualifiedName`. */
export const qualifiedName = memoize(isQualifiedName);
/** Memoized `isValidLabelValue`. */
export const labelValue = memoize(isValidLabelValue, isPlainLabelValue);

/** `validateLabels` with a fast path: when every key and value is known-valid, no errors are built. */
export function labelsErrors(labels: Record<string, string> | undefined, path: string): readonly FieldError[] {
  if (labels === undefined) return [];
  for (const k in labels) {
    if (qualifiedName(k).length > 0 || labelValue(labels[k] ?? '').length > 0) return validateLabels(labels, path);
  }
  return [];
}

/** `validateAnnotations` with a fast path for small maps whose keys are known-valid. */
export function annotationsErrors(annotations: Record<string, string> | undefined, path: string): readonly FieldError[] {
  if (annotations === undefined) return [];
  let size = 0;
  for (const k in annotations) {
    if (qualifiedName(k).length > 0) return validateAnnotations(annotations, path);
    size += k.length + (annotations[k]?.length ?? 0);
  }
  return size > 64 * 1024 ? validateAnnotations(annotations, path) : [];
}

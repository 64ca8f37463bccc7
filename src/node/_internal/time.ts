/**
 * Timestamps for the objects the node components write, from virtual milliseconds.
 *
 * @internal
 * @packageDocumentation
 */
import { formatTimestamp } from '../../api/store/_internal/timestamp.js';

/** `metav1.Time` (second precision) of a virtual instant. @internal */
export function timestamp(nowMs: number): string {
  return formatTimestamp(nowMs);
}

/** `.000000Z` … `.999000Z`: the fraction of each whole millisecond, built on first use. */
let fractions: string[] | undefined;
let lastSecondMs = Number.NaN;
let lastPrefix = '';

/**
 * `metav1.MicroTime` (`2006-01-02T15:04:05.000000Z`) of a virtual instant, as Lease `renewTime` uses.
 * @remarks The last second's `2006-01-02T15:04:05` and the 1,000 millisecond fractions are kept: the renewals of
 *   one second differ only in their fraction (a lease renewal formatted its timestamp anew every time).
 * @internal
 */
export function microTime(nowMs: number): string {
  const ms = ((nowMs % 1000) + 1000) % 1000;
  // a fractional millisecond (a fractional clock skew) is written as it always was
  if (!Number.isInteger(ms)) return microTimeUncached(nowMs);
  const secondMs = nowMs - ms;
  if (secondMs !== lastSecondMs) {
    lastPrefix = formatTimestamp(nowMs).slice(0, -1);
    lastSecondMs = secondMs;
  }
  fractions ??= Array.from({ length: 1000 }, (_, i) => `.${String(i).padStart(3, '0')}000Z`);
  return lastPrefix + (fractions[ms] as string);
}

/** {@link microTime} without the caches (the reference its tests compare with). @internal */
export function microTimeUncached(nowMs: number): string {
  const ms = ((nowMs % 1000) + 1000) % 1000;
  return `${formatTimestamp(nowMs).slice(0, -1)}.${String(ms).padStart(3, '0')}000Z`;
}

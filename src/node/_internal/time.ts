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

/** `metav1.MicroTime` (`2006-01-02T15:04:05.000000Z`) of a virtual instant, as Lease `renewTime` uses. @internal */
export function microTime(nowMs: number): string {
  const ms = ((nowMs % 1000) + 1000) % 1000;
  return `${formatTimestamp(nowMs).slice(0, -1)}.${String(ms).padStart(3, '0')}000Z`;
}

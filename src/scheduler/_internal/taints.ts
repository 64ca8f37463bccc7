/**
 * Toleration matching (upstream `v1helper.ToleratesTaint`, §1.4).
 *
 * @internal
 * @packageDocumentation
 */
import type { Taint, Toleration } from 'kubernetes-types/core/v1.js';

/** True if `t` tolerates `taint`: effects match (or empty), keys match (or empty with Exists), values match for Equal. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect !== undefined && t.effect !== '' && t.effect !== taint.effect) return false;
  if (t.key !== undefined && t.key !== '' && t.key !== taint.key) return false;
  const op = t.operator ?? 'Equal';
  if (op === 'Exists') return true;
  if (op === 'Equal' || op === '') return (t.value ?? '') === (taint.value ?? '');
  return false;
}

/** True if any toleration tolerates `taint`. */
export function tolerated(tols: readonly Toleration[], taint: Taint): boolean {
  for (const t of tols) if (toleratesTaint(t, taint)) return true;
  return false;
}

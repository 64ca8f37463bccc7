/**
 * Taints and tolerations as the node lifecycle and taint-eviction controllers use them (`v1helper`).
 *
 * @packageDocumentation
 */
import type { Taint, Toleration } from 'kubernetes-types/core/v1.js';

/** `node.kubernetes.io/unreachable`: the node's Ready condition is Unknown. */
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
/** `node.kubernetes.io/not-ready`: the node's Ready condition is False. */
export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
/** `node.kubernetes.io/memory-pressure`: the node's MemoryPressure condition is True (effect NoSchedule). */
export const TAINT_MEMORY_PRESSURE = 'node.kubernetes.io/memory-pressure';

/**
 * Whether a toleration tolerates a taint (upstream `Toleration.ToleratesTaint`): same effect (or an empty one),
 * same key (or an empty key with `Exists`), and `Exists`, or `Equal` with the same value.
 *
 * @example
 * ```ts
 * toleratesTaint({ key: 'a', operator: 'Exists' }, { key: 'a', effect: 'NoExecute' }); // true
 * ```
 */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect !== undefined && t.effect !== '' && t.effect !== taint.effect) return false;
  if (t.key !== undefined && t.key !== '' && t.key !== taint.key) return false;
  const op = t.operator ?? 'Equal';
  if (op === 'Exists') return true;
  return (t.value ?? '') === (taint.value ?? '');
}

/**
 * How long a pod may stay on a node with these NoExecute taints (upstream taint-eviction `processPodOnNode`):
 * `0` when some taint is not tolerated (evict now), `Infinity` when every matching toleration is unbounded,
 * else the smallest `tolerationSeconds` (in ms) among the tolerations used.
 *
 * @example
 * ```ts
 * const t = [{ key: TAINT_UNREACHABLE, effect: 'NoExecute' }];
 * evictionDelayMs([{ key: TAINT_UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }], t); // 300000
 * ```
 */
export function evictionDelayMs(tolerations: readonly Toleration[], noExecute: readonly Taint[]): number {
  let min = Number.POSITIVE_INFINITY;
  for (const taint of noExecute) {
    let tolerated = false;
    for (const t of tolerations) {
      if (!toleratesTaint(t, taint)) continue;
      tolerated = true;
      if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) min = Math.min(min, Math.max(0, t.tolerationSeconds) * 1000);
    }
    if (!tolerated) return 0;
  }
  return min;
}

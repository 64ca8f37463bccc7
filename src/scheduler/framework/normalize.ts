/**
 * Upstream `helper.DefaultNormalizeScore` (§1.5.9).
 *
 * @packageDocumentation
 */
import { MAX_NODE_SCORE } from './interface.js';

/**
 * Scales scores so the maximum becomes 100 (int div); with `reverse`, `100 − s`. All zero: 0, or 100 if reversed.
 *
 * @example
 * ```ts
 * const s = [1, 2, 4]; defaultNormalizeScore(MAX_NODE_SCORE, false, s); // s = [25, 50, 100]
 * ```
 */
export function defaultNormalizeScore(maxPriority: number, reverse: boolean, scores: number[]): void {
  let max = 0;
  for (const s of scores) if (s > max) max = s;
  const n = scores.length;
  if (max === 0) {
    if (reverse) for (let i = 0; i < n; i++) scores[i] = maxPriority;
    return;
  }
  for (let i = 0; i < n; i++) {
    let s = Math.trunc((maxPriority * (scores[i] as number)) / max);
    if (reverse) s = maxPriority - s;
    scores[i] = s;
  }
}

export { MAX_NODE_SCORE };

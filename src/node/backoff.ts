/**
 * The kubelet's restart back-off (client-go `flowcontrol.Backoff` as `kuberuntime` uses it).
 *
 * @packageDocumentation
 */

/** Initial back-off of a crashed container or a failed image pull (10 s). */
export const INITIAL_BACKOFF_MS = 10_000;
/** `MaxContainerBackOff` (300 s). */
export const MAX_BACKOFF_MS = 300_000;

/** One back-off entry: the delay the next restart will wait and when the entry last advanced. */
export interface BackoffEntry {
  readonly delayMs: number;
  readonly lastUpdateMs: number;
}

/**
 * The delay before the next restart after a failure at `nowMs`, and the advanced entry.
 *
 * @remarks
 * kubernetes-behaviour.md §7.2: the first failure restarts immediately; each later one waits the current
 * back-off, which then doubles up to 300 s, giving delays 0, 10, 20, 40, 80, 160, 300, 300 … s. An entry not
 * advanced for more than 2 × 300 s = 10 min has expired: the container ran long enough and starts over at 0.
 *
 * @example
 * ```ts
 * let e: BackoffEntry | undefined;
 * const delays = [0, 5, 30].map((t) => { const r = nextBackoff(e, t * 1000); e = r.entry; return r.delayMs; });
 * delays; // [0, 10000, 20000]
 * ```
 */
export function nextBackoff(entry: BackoffEntry | undefined, nowMs: number, maxMs = MAX_BACKOFF_MS): { delayMs: number; entry: BackoffEntry } {
  if (entry === undefined || nowMs - entry.lastUpdateMs > 2 * maxMs) {
    return { delayMs: 0, entry: { delayMs: Math.min(INITIAL_BACKOFF_MS, maxMs), lastUpdateMs: nowMs } };
  }
  return { delayMs: entry.delayMs, entry: { delayMs: Math.min(entry.delayMs * 2, maxMs), lastUpdateMs: nowMs } };
}

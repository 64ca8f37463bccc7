/**
 * Helpers the built-in invariants share: fault windows and small formatting.
 *
 * @internal
 * @packageDocumentation
 */
import type { KubeObject } from '../../api/store/types.js';
import type { Cluster } from '../../cluster/create-cluster.js';

/** The fault methods a {@link Cluster} has once fault injection is wired (read structurally, so both work). */
interface FaultAware {
  activeFaults?(): readonly unknown[];
  lastFaultActivityMs?(): number | undefined;
}

/**
 * Whether `nowMs` is inside a failure-free window: no fault active, and none started or healed within the last
 * `settleMs`. A cluster without fault injection is always failure-free.
 * @internal
 */
export function failureFree(cluster: Cluster, nowMs: number, settleMs: number): boolean {
  const c = cluster as unknown as FaultAware;
  if (typeof c.lastFaultActivityMs === 'function') {
    const last = c.lastFaultActivityMs();
    // no fault ever started: nothing can be active (and no list is built on this hot path)
    if (last === undefined) return true;
    if (nowMs - last < settleMs) return false;
  }
  return typeof c.activeFaults !== 'function' || c.activeFaults().length === 0;
}

/** `namespace/name`, or `name` for cluster-scoped objects. @internal */
export function keyOf(obj: KubeObject): string {
  const ns = obj.metadata.namespace;
  return ns === undefined || ns === '' ? (obj.metadata.name ?? '') : `${ns}/${obj.metadata.name ?? ''}`;
}

/** A list of names for a reason: the first `max`, then `…`. @internal */
export function nameList(names: Iterable<string>, max = 5): string {
  const out: string[] = [];
  let more = false;
  for (const n of names) {
    if (out.length >= max) {
      more = true;
      break;
    }
    out.push(n);
  }
  return more ? `${out.join(', ')}, …` : out.join(', ');
}

/** Checks that an option is a non-negative integer of ms, with a field path in the error. @internal */
export function msOption(fn: string, field: string, v: number | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  if (!Number.isInteger(v) || v < 0) throw new RangeError(`${fn}: ${field} must be a non-negative integer of ms, got ${String(v)}`);
  return v;
}

/**
 * Zone health and the NoExecute tainting rate per zone (`ComputeZoneState`, `setLimiterInZone`).
 *
 * @packageDocumentation
 */
import type { Node } from 'kubernetes-types/core/v1.js';

/** The rate-limit flags of the node lifecycle controller. */
export interface ZoneLimits {
  /** `--node-eviction-rate` (nodes per second per healthy zone). @defaultValue 0.1 */
  readonly evictionRate: number;
  /** `--secondary-node-eviction-rate` for a partially disrupted large zone. @defaultValue 0.01 */
  readonly secondaryEvictionRate: number;
  /** `--unhealthy-zone-threshold`. @defaultValue 0.55 */
  readonly unhealthyZoneThreshold: number;
  /** `--large-cluster-size-threshold`: smaller partially disrupted zones stop evicting. @defaultValue 50 */
  readonly largeClusterSizeThreshold: number;
}

/** The defaults of kube-controller-manager. */
export const DEFAULT_ZONE_LIMITS: ZoneLimits = { evictionRate: 0.1, secondaryEvictionRate: 0.01, unhealthyZoneThreshold: 0.55, largeClusterSizeThreshold: 50 };

/**
 * The NoExecute tainting rate of each zone (by `topology.kubernetes.io/zone`).
 *
 * @remarks
 * A zone is fully disrupted when none of its nodes is Ready and some are not, partially disrupted when more than
 * two and at least 55 % of its nodes are not Ready, else normal. Normal zones get `evictionRate`; partially
 * disrupted ones `secondaryEvictionRate` (0 for zones of at most 50 nodes); fully disrupted ones `evictionRate`,
 * unless every zone is fully disrupted: then nothing is evicted anywhere (the controller assumes its own
 * network is at fault).
 *
 * @example
 * ```ts
 * zoneRates([]).size; // 0
 * ```
 */
export function zoneRates(nodes: readonly Node[], limits: Partial<ZoneLimits> = {}): Map<string, number> {
  const l = { ...DEFAULT_ZONE_LIMITS, ...limits };
  const counts = new Map<string, [number, number]>();
  for (const n of nodes) {
    const zone = n.metadata?.labels?.['topology.kubernetes.io/zone'] ?? '';
    const c = counts.get(zone) ?? [0, 0];
    if (n.status?.conditions?.find((x) => x.type === 'Ready')?.status === 'True') c[0]++;
    else c[1]++;
    counts.set(zone, c);
  }
  const states = new Map<string, 'Normal' | 'PartialDisruption' | 'FullDisruption'>();
  for (const [zone, [ready, notReady]] of counts) {
    if (ready === 0 && notReady > 0) states.set(zone, 'FullDisruption');
    else if (notReady > 2 && notReady / (ready + notReady) >= l.unhealthyZoneThreshold) states.set(zone, 'PartialDisruption');
    else states.set(zone, 'Normal');
  }
  const allFull = states.size > 0 && [...states.values()].every((s) => s === 'FullDisruption');
  const rates = new Map<string, number>();
  for (const [zone, s] of states) {
    const size = (counts.get(zone)?.[0] ?? 0) + (counts.get(zone)?.[1] ?? 0);
    if (allFull) rates.set(zone, 0);
    else if (s === 'PartialDisruption') rates.set(zone, size > l.largeClusterSizeThreshold ? l.secondaryEvictionRate : 0);
    else rates.set(zone, l.evictionRate);
  }
  return rates;
}

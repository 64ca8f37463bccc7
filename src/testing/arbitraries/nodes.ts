/**
 * Node pools as fast-check arbitraries: few, small pools by default, shrinking toward one pool of one node.
 *
 * @packageDocumentation
 */
import fc from 'fast-check';
import type { Taint } from 'kubernetes-types/core/v1.js';
import type { NodePoolOptions } from '../../node/node-pool.js';

/** Zones the generated pools draw from (`topology.kubernetes.io/zone`). */
export const ARB_ZONES = ['zone-a', 'zone-b', 'zone-c'] as const;

/** Extra node labels the generated pools draw from, and that generated node affinity refers to. */
export const ARB_NODE_LABELS: Readonly<Record<string, readonly string[]>> = { disk: ['ssd', 'hdd'], tier: ['general', 'batch'] };

/** Taints the generated pools draw from, and that generated tolerations refer to. */
export const ARB_TAINTS: readonly Taint[] = [
  { key: 'dedicated', value: 'batch', effect: 'NoSchedule' },
  { key: 'spot', value: 'true', effect: 'PreferNoSchedule' },
  { key: 'maintenance', effect: 'NoExecute' },
];

/** Options of {@link nodePoolsArb}. */
export interface NodePoolsArbOptions {
  /** Most nodes over all pools. @defaultValue 5 */
  readonly maxNodes?: number;
  /** Most pools. @defaultValue 2 */
  readonly maxPools?: number;
  /** Generate taints on pools. @defaultValue true */
  readonly taints?: boolean;
}

/** The prefix of pool `i`: `node`, then `pool-1`, `pool-2` … */
export function poolPrefix(i: number): string {
  return i === 0 ? 'node' : `pool-${i}`;
}

/** Node names of pools, in order. */
export function nodeNames(pools: readonly NodePoolOptions[]): string[] {
  return pools.flatMap((p) => Array.from({ length: p.count }, (_, i) => `${p.namePrefix}-${i}`));
}

/** Zones used by pools (round-robin over each pool's zones, so only the zones a node actually got). */
export function poolZones(pools: readonly NodePoolOptions[]): string[] {
  const out = new Set<string>();
  for (const p of pools) {
    const zones = p.zones ?? ['zone-a'];
    for (let i = 0; i < p.count; i++) out.add(zones[i % zones.length] ?? 'zone-a');
  }
  return [...out].sort();
}

const poolShape = (allowTaints: boolean) =>
  fc.record({
    count: fc.integer({ min: 1, max: 8 }),
    cpu: fc.constantFrom('4', '2', '8', '1'),
    memory: fc.constantFrom('8Gi', '4Gi', '16Gi', '2Gi'),
    zones: fc.subarray([...ARB_ZONES], { minLength: 1 }),
    labels: fc.option(fc.record({ disk: fc.constantFrom(...(ARB_NODE_LABELS['disk'] ?? [])), tier: fc.constantFrom(...(ARB_NODE_LABELS['tier'] ?? [])) }, { requiredKeys: [], noNullPrototype: true }), { nil: undefined }),
    taints: allowTaints ? fc.subarray([...ARB_TAINTS], { maxLength: 2 }) : fc.constant([]),
  });

/**
 * Node pools (`NodePoolOptions[]`, plain data): counts, cpu/memory capacities, zones, labels and taints.
 *
 * @remarks
 * Pool `i` is named {@link poolPrefix}(i) and gets a distinct address range (`indexBase`). The total node count
 * never exceeds `maxNodes` (later pools are cut). Shrinks toward one untainted pool of one 4-cpu node in `zone-a`.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(nodePoolsArb({ maxNodes: 3 }), (pools) => nodeNames(pools).length <= 3));
 * ```
 */
export function nodePoolsArb(opts: NodePoolsArbOptions = {}): fc.Arbitrary<NodePoolOptions[]> {
  const maxNodes = Math.max(1, opts.maxNodes ?? 5);
  const maxPools = Math.max(1, opts.maxPools ?? 2);
  return fc.array(poolShape(opts.taints !== false), { minLength: 1, maxLength: maxPools }).map((shapes) => {
    const pools: NodePoolOptions[] = [];
    let used = 0;
    shapes.forEach((s, i) => {
      const count = Math.min(s.count, maxNodes - used);
      if (count <= 0) return;
      pools.push({
        namePrefix: poolPrefix(i),
        count,
        capacity: { cpu: s.cpu, memory: s.memory, pods: '110' },
        zones: s.zones,
        ...(s.labels !== undefined && Object.keys(s.labels).length > 0 ? { labels: s.labels } : {}),
        ...(s.taints.length > 0 ? { taints: s.taints } : {}),
        ...(used > 0 ? { indexBase: used } : {}),
      });
      used += count;
    });
    return pools;
  });
}

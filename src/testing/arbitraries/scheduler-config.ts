/**
 * `KubeSchedulerConfiguration` variants as a fast-check arbitrary: score plugin weights, the NodeResourcesFit
 * scoring strategy and `percentageOfNodesToScore`.
 *
 * @packageDocumentation
 */
import fc from 'fast-check';

/** Score plugins whose weights a generated configuration may change (with their upstream default weights). */
export const ARB_SCORE_PLUGINS: Readonly<Record<string, number>> = {
  TaintToleration: 3, NodeAffinity: 2, PodTopologySpread: 2, InterPodAffinity: 2, NodeResourcesFit: 1,
  NodeResourcesBalancedAllocation: 1, ImageLocality: 1,
};

/**
 * A `KubeSchedulerConfiguration` object (plain data, `kubescheduler.config.k8s.io/v1`) with one
 * `default-scheduler` profile: re-weighted score plugins through `multiPoint`, a NodeResourcesFit scoring strategy
 * (LeastAllocated, MostAllocated, or RequestedToCapacityRatio with a two-point shape) and optionally a
 * `percentageOfNodesToScore`.
 *
 * @remarks
 * Shrinks toward the defaults: no re-weighted plugin, LeastAllocated, no percentage.
 *
 * @example
 * ```ts
 * const cluster = createCluster({ seed: 1, scheduler: { config: fc.sample(schedulerConfigArb(), 1)[0] } });
 * ```
 */
export function schedulerConfigArb(): fc.Arbitrary<object> {
  const names = Object.keys(ARB_SCORE_PLUGINS);
  return fc
    .record({
      weights: fc.uniqueArray(fc.record({ name: fc.constantFrom(...names), weight: fc.integer({ min: 1, max: 10 }) }, { noNullPrototype: true }), { selector: (r) => r.name, maxLength: 3 }),
      strategy: fc.constantFrom('LeastAllocated', 'MostAllocated', 'RequestedToCapacityRatio'),
      cpuWeight: fc.integer({ min: 1, max: 3 }),
      percentage: fc.option(fc.constantFrom(50, 100, 10), { nil: undefined }),
    })
    .map((g) => {
      const scoringStrategy = {
        type: g.strategy,
        resources: [{ name: 'cpu', weight: g.cpuWeight }, { name: 'memory', weight: 1 }],
        ...(g.strategy === 'RequestedToCapacityRatio' ? { requestedToCapacityRatio: { shape: [{ utilization: 0, score: 0 }, { utilization: 100, score: 10 }] } } : {}),
      };
      const profile = {
        schedulerName: 'default-scheduler',
        ...(g.weights.length > 0 ? { plugins: { multiPoint: { enabled: g.weights } } } : {}),
        pluginConfig: [{ name: 'NodeResourcesFit', args: { scoringStrategy } }],
      };
      return {
        apiVersion: 'kubescheduler.config.k8s.io/v1',
        kind: 'KubeSchedulerConfiguration',
        ...(g.percentage !== undefined ? { percentageOfNodesToScore: g.percentage } : {}),
        profiles: [profile],
      };
    });
}

/**
 * The built-in invariants of the testing kit, and the set that is safe to always leave on.
 *
 * @packageDocumentation
 */
import type { Invariant } from './invariant-types.js';
import { informersMatchStore } from './invariants/informers-match-store.js';
import { noNodeOvercommitted } from './invariants/no-node-overcommitted.js';
import { noPodLost } from './invariants/no-pod-lost.js';
import { podsFitNodeAtBind } from './invariants/pods-fit-node-at-bind.js';
import { rolloutWithinBounds } from './invariants/rollout-within-bounds.js';

export { type InformersMatchStoreOptions, informersMatchStore } from './invariants/informers-match-store.js';
export { noNodeOvercommitted } from './invariants/no-node-overcommitted.js';
export { noPodLost } from './invariants/no-pod-lost.js';
export { podsFitNodeAtBind, type PodsFitNodeAtBindOptions } from './invariants/pods-fit-node-at-bind.js';
export { rolloutWithinBounds, type RolloutWithinBoundsOptions } from './invariants/rollout-within-bounds.js';

/**
 * Fresh instances of every built-in invariant that holds in any correct run, faults included, so it can stay on:
 * {@link noNodeOvercommitted}, {@link podsFitNodeAtBind}, {@link noPodLost}, {@link rolloutWithinBounds} and
 * {@link informersMatchStore}, with their default options.
 *
 * @remarks
 * Each call returns new instances (they keep incremental state): use one set per monitor. Every one of them is
 * incremental over the store's change feed, so checking after every store change stays cheap.
 *
 * @example
 * ```ts
 * const cluster = createCluster({ seed: 3, nodePools: [{ namePrefix: 'node', count: 20 }] });
 * monitorInvariants(cluster, defaultInvariants());
 * cluster.apply(rollingUpdateYaml);
 * cluster.runFor('10m');
 * ```
 */
export function defaultInvariants(): Invariant[] {
  return [noNodeOvercommitted(), podsFitNodeAtBind(), noPodLost(), rolloutWithinBounds(), informersMatchStore()];
}

/** The names of the built-in invariants, as scenario files and `kubesim run` name them. */
export const BUILT_IN_INVARIANTS = ['no-node-overcommitted', 'pods-fit-node-at-bind', 'no-pod-lost', 'rollout-within-bounds', 'informers-match-store'] as const;

/** A built-in invariant's name. */
export type BuiltInInvariantName = (typeof BUILT_IN_INVARIANTS)[number];

/**
 * A fresh built-in invariant by name (its default options), or undefined for an unknown name.
 *
 * @example
 * ```ts
 * monitorInvariants(cluster, [builtInInvariant('no-pod-lost')!]);
 * ```
 */
export function builtInInvariant(name: string): Invariant | undefined {
  switch (name) {
    case 'no-node-overcommitted':
      return noNodeOvercommitted();
    case 'pods-fit-node-at-bind':
      return podsFitNodeAtBind();
    case 'no-pod-lost':
      return noPodLost();
    case 'rollout-within-bounds':
      return rolloutWithinBounds();
    case 'informers-match-store':
      return informersMatchStore();
    default:
      return undefined;
  }
}

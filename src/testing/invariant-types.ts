/**
 * The contracts of invariants and liveness checks.
 *
 * @packageDocumentation
 */
import type { WatchEvent } from '../api/store/types.js';
import type { Cluster } from '../cluster/create-cluster.js';

/** What an invariant sees when it is checked. */
export interface InvariantContext {
  readonly cluster: Cluster;
  /** Virtual time of the check, ms. */
  readonly nowMs: number;
  /** The store changes since this invariant's previous check (oldest first), for incremental checks. */
  readonly changes: readonly WatchEvent[];
}

/**
 * A safety property: returns why it is violated, or null when it holds.
 *
 * A plain function `(cluster) => string | null` is accepted wherever an invariant is.
 */
export interface Invariant {
  /** A short stable name, e.g. `no-node-overcommitted`. */
  readonly name: string;
  check(ctx: InvariantContext): string | null;
  /** Called once when checking starts (build incremental state from the current store). */
  reset?(cluster: Cluster): void;
}

/** An invariant, or a plain check function. */
export type InvariantLike = Invariant | ((cluster: Cluster) => string | null);

/** A broken invariant, with where and when. */
export interface InvariantViolation {
  readonly invariant: string;
  readonly reason: string;
  /** Virtual time, ms. */
  readonly atMs: number;
  /** The run's event count at the violation. */
  readonly event: number;
}

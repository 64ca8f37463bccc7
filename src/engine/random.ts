/**
 * Named random streams derived from a run's seed, and the distributions the simulation draws from.
 *
 * @remarks
 * Each stream is seedrandom's alea generator seeded with the run's seed and a stable name (an actor id and a
 * purpose, e.g. `"kubelet/node-7:image-pull"`). Streams never share state, so adding an actor or a draw in one
 * stream never changes another stream's draws: a property test can add a node without reshuffling the
 * scheduler's tie-breaks.
 *
 * @packageDocumentation
 */
import seedrandom from 'seedrandom';

/** A ratio in [0, 1], e.g. a probability. */
export type Ratio = number;

/**
 * A deterministic random stream with the distributions kubesim's models need.
 *
 * @example
 * ```ts
 * const rng = Rng.derive(42, 'scheduler:select-host');
 * rng.int(1, 6);              // a die roll, inclusive bounds
 * rng.exponential(1000);      // mean 1000
 * rng.bernoulli(0.1);         // true one time in ten
 * ```
 */
export class Rng {
  private readonly draw: () => number;

  private constructor(key: string) {
    this.draw = seedrandom.alea(key);
  }

  /** The stream named `name` of the run seeded with `seed`. */
  static derive(seed: string | number, name: string): Rng {
    return new Rng(`${String(seed)}\u0000${name}`);
  }

  /** A uniform draw in [0, 1). */
  next(): number {
    return this.draw();
  }

  /** A uniform draw in [min, max). */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.draw();
  }

  /** A uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
      throw new RangeError(`int(${min}, ${max}): bounds must be integers with min <= max`);
    }
    return min + Math.floor(this.draw() * (max - min + 1));
  }

  /** An exponential draw with the given mean (1/rate). */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.draw());
  }

  /** A normal draw (Box–Muller, two uniforms per draw, no cached spare so streams stay simple to reason about). */
  normal(mean: number, stddev: number): number {
    const u1 = 1 - this.draw();
    const u2 = this.draw();
    return mean + stddev * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** A log-normal draw: `exp(normal(mu, sigma))`, where mu and sigma describe the underlying normal. */
  lognormal(mu: number, sigma: number): number {
    return Math.exp(this.normal(mu, sigma));
  }

  /** True with probability `p`. */
  bernoulli(p: Ratio): boolean {
    return this.draw() < p;
  }

  /** One of `items`, chosen with probability proportional to `weights` (non-negative, not all zero). */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    if (items.length === 0 || items.length !== weights.length) {
      throw new RangeError('weighted(): items and weights must be non-empty and of equal length');
    }
    let total = 0;
    for (const w of weights) {
      if (!(w >= 0)) throw new RangeError(`weighted(): weight ${w} is not a non-negative number`);
      total += w;
    }
    if (total === 0) throw new RangeError('weighted(): all weights are zero');
    let x = this.draw() * total;
    for (let i = 0; i < items.length; i++) {
      x -= weights[i] as number;
      if (x < 0) return items[i] as T;
    }
    return items[items.length - 1] as T;
  }

  /** One of `items`, uniformly. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick(): no items');
    return items[Math.floor(this.draw() * items.length)] as T;
  }

  /** Shuffles `items` in place (Fisher–Yates) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.draw() * (i + 1));
      const t = items[i] as T;
      items[i] = items[j] as T;
      items[j] = t;
    }
    return items;
  }
}

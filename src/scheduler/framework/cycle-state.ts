/**
 * Typed per-cycle scratch storage shared by the plugins of one scheduling cycle.
 *
 * @packageDocumentation
 */

/**
 * A key whose type parameter names the type of the value stored under it.
 *
 * @remarks
 * Upstream's `StateKey` is a plain string and every plugin downcasts what it reads back; here the key carries
 * the type, so `state.read(key)` is typed without a cast at the call site.
 *
 * @example
 * ```ts
 * const FIT_KEY = stateKey<{ cpuMilli: number }>('PreFilterNodeResourcesFit');
 * ```
 */
export interface StateKey<T> {
  /** The key's name, unique within a cycle (by convention `PreFilter<Plugin>` / `PreScore<Plugin>`). */
  readonly name: string;
  /** Dense index of the key (assigned at creation), so reads are an array access, not a map lookup. */
  readonly id: number;
  /** Phantom field carrying T; never set. */
  readonly __type?: T;
}

let nextKeyId = 0;
const ZERO = (): number => 0;

/** Creates a typed state key. */
export function stateKey<T>(name: string): StateKey<T> {
  return Object.freeze({ name, id: nextKeyId++ });
}

/**
 * The state of one scheduling cycle: plugin data written at PreFilter / PreScore and read at Filter / Score.
 *
 * @remarks
 * Values are owned by the writing plugin; {@link CycleState.clone} copies the map, not the values, so plugins
 * that mutate their data in `addPod` / `removePod` (preemption what-ifs) must store values that they copy
 * themselves before mutating (see the `cloneValue` argument of {@link CycleState.write}).
 *
 * @example
 * ```ts
 * const state = new CycleState();
 * const KEY = stateKey<number>('demo');
 * state.write(KEY, 42);
 * state.read(KEY); // 42
 * ```
 */
export class CycleState {
  private readonly values: unknown[] = [];
  private readonly cloners: (((v: unknown) => unknown) | undefined)[] = [];
  /** Plugins whose Filter is skipped this cycle (PreFilter returned Skip). */
  readonly skipFilterPlugins = new Set<string>();
  /** Plugins whose Score is skipped this cycle (PreScore returned Skip). */
  readonly skipScorePlugins = new Set<string>();
  /** The cycle's uniform [0, 1) source (selectHost tie-break, preemption's random offset). */
  random: () => number = ZERO;

  /** Stores a value; `cloneValue` is used by {@link CycleState.clone} for values mutated in what-if runs. */
  write<T>(key: StateKey<T>, value: T, cloneValue?: (v: T) => T): void {
    this.values[key.id] = value;
    if (cloneValue !== undefined) this.cloners[key.id] = cloneValue as (v: unknown) => unknown;
  }

  /** The value stored under `key`, or undefined. */
  read<T>(key: StateKey<T>): T | undefined {
    return this.values[key.id] as T | undefined;
  }

  /** Copies the state; values registered with a cloner are cloned, others shared. */
  clone(): CycleState {
    const c = new CycleState();
    this.values.forEach((v, k) => {
      const cloner = this.cloners[k];
      c.values[k] = cloner === undefined ? v : cloner(v);
      c.cloners[k] = cloner;
    });
    for (const p of this.skipFilterPlugins) c.skipFilterPlugins.add(p);
    for (const p of this.skipScorePlugins) c.skipScorePlugins.add(p);
    c.random = this.random;
    return c;
  }
}

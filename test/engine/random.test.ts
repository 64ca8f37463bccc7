// Named random streams: each distribution has the right moments for a fixed seed, and streams are independent
// (a draw in one stream, or a new actor, never changes another stream's draws).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Behavior, Rng, Simulation } from '../../src/engine/index.js';

const N = 100_000;

function sample(f: () => number, n = N): { mean: number; sd: number; values: number[] } {
  const values: number[] = [];
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = f();
    values.push(v);
    sum += v;
  }
  const mean = sum / n;
  let sq = 0;
  for (const v of values) sq += (v - mean) ** 2;
  return { mean, sd: Math.sqrt(sq / (n - 1)), values };
}

describe('distributions (seed 7, 100,000 draws each)', () => {
  const rng = () => Rng.derive(7, 'dist');

  it('uniform(2, 4): mean 3, sd 2/sqrt(12)', () => {
    const r = rng();
    const { mean, sd, values } = sample(() => r.uniform(2, 4));
    expect(mean).toBeCloseTo(3, 1);
    expect(sd).toBeCloseTo(2 / Math.sqrt(12), 2);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...values)).toBeLessThan(4);
  });

  it('int(1, 6): every face, inclusive bounds, chi-square below the 0.1% critical value (20.5, 5 dof)', () => {
    const r = rng();
    const counts = [0, 0, 0, 0, 0, 0];
    for (let i = 0; i < N; i++) (counts[r.int(1, 6) - 1] as number)++;
    const expected = N / 6;
    const chi2 = counts.reduce((acc, c) => acc + (c - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(20.5);
    expect(() => r.int(3, 2)).toThrow(RangeError);
  });

  it('exponential(mean 250): mean 250, sd 250', () => {
    const r = rng();
    const { mean, sd } = sample(() => r.exponential(250));
    expect(Math.abs(mean - 250) / 250).toBeLessThan(0.02);
    expect(Math.abs(sd - 250) / 250).toBeLessThan(0.02);
  });

  it('normal(10, 2): mean 10, sd 2, 68% within one sd', () => {
    const r = rng();
    const { mean, sd, values } = sample(() => r.normal(10, 2));
    expect(mean).toBeCloseTo(10, 1);
    expect(sd).toBeCloseTo(2, 1);
    const within = values.filter((v) => Math.abs(v - 10) < 2).length / N;
    expect(within).toBeCloseTo(0.6827, 2);
  });

  it('lognormal(mu 0, sigma 0.5): median e^0 = 1, mean e^(sigma^2/2)', () => {
    const r = rng();
    const { mean, values } = sample(() => r.lognormal(0, 0.5));
    values.sort((a, b) => a - b);
    expect(values[N / 2] as number).toBeCloseTo(1, 1);
    expect(mean).toBeCloseTo(Math.exp(0.125), 1);
  });

  it('bernoulli(0.1): true 10% of the time', () => {
    const r = rng();
    let hits = 0;
    for (let i = 0; i < N; i++) if (r.bernoulli(0.1)) hits++;
    expect(Math.abs(hits / N - 0.1)).toBeLessThan(0.005);
  });

  it('weighted: proportions follow the weights 1:2:7', () => {
    const r = rng();
    const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < N; i++) (counts[r.weighted(['a', 'b', 'c'], [1, 2, 7])] as number)++;
    expect((counts.a as number) / N).toBeCloseTo(0.1, 1);
    expect((counts.b as number) / N).toBeCloseTo(0.2, 1);
    expect((counts.c as number) / N).toBeCloseTo(0.7, 1);
    expect(() => r.weighted(['a'], [0])).toThrow(/all weights are zero/);
  });

  it('shuffle: a permutation, each of the 6 orders of 3 items about equally often', () => {
    const r = rng();
    const counts = new Map<string, number>();
    for (let i = 0; i < 60_000; i++) {
      const k = r.shuffle([1, 2, 3]).join('');
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    for (const c of counts.values()) expect(Math.abs(c - 10_000)).toBeLessThan(500);
  });

  it('the documented alea value: seed "hello." gives 0.4783254903741181 (seedrandom README)', async () => {
    const seedrandom = (await import('seedrandom')).default;
    expect(seedrandom.alea('hello.')()).toBe(0.4783254903741181);
  });
});

describe('stream independence', () => {
  it('draws in one stream never change another stream', () => {
    fc.assert(
      fc.property(fc.integer(), fc.array(fc.nat(20), { maxLength: 20 }), (seed, interleave) => {
        const alone = Rng.derive(seed, 'a');
        const expected = Array.from({ length: interleave.length }, () => alone.next());
        const a = Rng.derive(seed, 'a');
        const b = Rng.derive(seed, 'b');
        const got = interleave.map((k) => {
          for (let i = 0; i < k; i++) b.next();
          return a.next();
        });
        expect(got).toEqual(expected);
      }),
    );
  });

  it('adding an actor leaves every other actor’s draws unchanged', () => {
    /** Each actor draws from its own stream on every tick and records the draws in its state. */
    const drawer: Behavior<number[], 'tick'> = {
      kind: 'drawer',
      init(ctx) {
        ctx.setTimer('t', 10, 'tick');
        return [];
      },
      receive(draws, _m, ctx) {
        ctx.setTimer('t', 1 + ctx.random('delay').int(0, 20), 'tick');
        return [...draws, ctx.random().next()];
      },
    };
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 6 }), (seed, n, extra) => {
        const run = (actors: number) => {
          const sim = new Simulation({ seed });
          for (let i = 0; i < actors; i++) sim.spawn(`actor-${i}`, drawer);
          sim.runUntil(500);
          return Array.from({ length: n }, (_, i) => sim.stateOf<number[]>(`actor-${i}`));
        };
        expect(run(n + extra)).toEqual(run(n));
      }),
      { numRuns: 30 },
    );
  });
});

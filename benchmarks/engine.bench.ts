// Engine benchmark: SimPy's classic workload (N actors, each waiting U(0,1) s in a loop) through kubesim's
// engine, against ../shared/baselines/des-core.cjs objheap on the same workload in the same job.
// Run: npm run bench   (prints a tinybench table, then one JSON line)
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';
import { type Behavior, type Rng, Simulation } from '../src/engine/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const baselineDir = resolve(here, '../../shared/baselines');
const TOTAL = Number(process.env.ENGINE_BENCH_EVENTS ?? 2_000_000);

/**
 * One actor of the workload: wait U(0, 1 s) — integer milliseconds — `perActor` times. State = waits done.
 * Like SimPy's benchmark and the baseline, all actors draw from one shared stream (`workload`).
 */
const waiter: Behavior<number, 'wake'> = {
  kind: 'waiter',
  init(ctx) {
    ctx.send(ctx.self, 'wake', Math.floor(workload.next() * 1000));
    return 0;
  },
  receive(done, _msg, ctx) {
    const n = done + 1;
    if (n < perActor) ctx.send(ctx.self, 'wake', Math.floor(workload.next() * 1000));
    return n;
  },
};
let perActor = 0;
let workload: Rng;

function runWorkload(actors: number): { events: number; fingerprint: string } {
  perActor = Math.floor(TOTAL / actors);
  const sim = new Simulation({ seed: 42, maxEventsPerRun: TOTAL + actors });
  workload = sim.rng('workload');
  for (let i = 0; i < actors; i++) sim.spawn(`w${i}`, waiter);
  while (sim.step()) {
    /* drain */
  }
  return { events: sim.eventCount, fingerprint: sim.fingerprint };
}

function baseline(actors: number): number {
  const out = execFileSync(process.execPath, [resolve(baselineDir, 'des-core.cjs'), 'objheap', String(actors), String(TOTAL)], {
    encoding: 'utf8',
  });
  const m = /events_per_s=([\d,]+)/.exec(out);
  if (m === null) throw new Error(`unexpected baseline output: ${out}`);
  return Number((m[1] as string).replaceAll(',', ''));
}

const results: Record<string, number> = {};
const bench = new Bench({ iterations: 5, warmupIterations: 1, time: 0, warmupTime: 0 });
for (const actors of [1000, 100_000]) {
  bench.add(`engine ${actors} actors, ${TOTAL} events`, () => {
    const r = runWorkload(actors);
    if (r.events !== perActor * actors) throw new Error(`expected ${perActor * actors} events, got ${r.events}`);
  });
}
await bench.run();
console.table(bench.table());
for (const [i, actors] of [1000, 100_000].entries()) {
  const task = bench.tasks[i];
  const meanMs = task?.result && 'latency' in task.result ? task.result.latency.mean : Number.NaN;
  results[actors] = (Math.floor(TOTAL / actors) * actors) / (meanMs / 1000);
}
const hasBaseline = existsSync(resolve(baselineDir, 'des-core.cjs'));
const b1k = hasBaseline ? baseline(1000) : Number.NaN;
const b100k = hasBaseline ? baseline(100_000) : Number.NaN;
const r = (x: number) => Math.round(x);
console.log(
  JSON.stringify({
    bench: 'engine',
    events_per_s: r(results[1000] as number),
    events_per_s_100k: r(results[100_000] as number),
    baseline_events_per_s: b1k,
    baseline_events_per_s_100k: b100k,
    ratio: Number(((results[1000] as number) / b1k).toFixed(2)),
    ratio_100k: Number(((results[100_000] as number) / b100k).toFixed(2)),
  }),
);

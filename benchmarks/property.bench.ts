// Property-testing throughput: scenario runs per second for the case a 100-run property is made of — 20 nodes,
// a rolling update of 10 replicas (maxSurge / maxUnavailable 25 %) over 10 virtual minutes, random faults drawn
// from faultPlanArb, every default invariant monitored (without stopping, so every run goes to its horizon).
// Run: npm run bench:property   (PROPERTY_BENCH_RUNS: number of timed runs; PROPERTY_BENCH_INVARIANTS=0: without
// invariants; last line is JSON)
import fc from 'fast-check';
import { Bench } from 'tinybench';
import type { Scenario, TimedAction } from '../src/scenario/index.js';
import { faultPlanArb } from '../src/testing/arbitraries/index.js';
import { runCase } from '../src/testing/replay.js';

const RUNS = Number(process.env.PROPERTY_BENCH_RUNS ?? 40);
const NODES = Array.from({ length: 20 }, (_, i) => `node-${i}`);
const HORIZON_MS = 600_000;

const web = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    replicas: 10,
    selector: { matchLabels: { app: 'web' } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'web:v1', resources: { requests: { cpu: '100m', memory: '64Mi' } } }] },
    },
  },
};

// One fault plan per run, drawn up front (fixed seed, so every run of the benchmark times the same work).
const plans = fc.sample(
  faultPlanArb({ nodes: NODES, zones: ['zone-a', 'zone-b', 'zone-c'], images: ['web:v2'], horizonMs: HORIZON_MS, maxFaults: 3 }),
  { seed: 20_251_125, numRuns: RUNS + 3 },
);
const scenarios: Scenario[] = plans.map((plan, i) => ({
  name: `property-bench-${i}`,
  seed: i,
  horizonMs: HORIZON_MS,
  nodePools: [{ namePrefix: 'node', count: NODES.length, zones: ['zone-a', 'zone-b', 'zone-c'] }],
  manifests: [web],
  timeline: [
    { action: 'setImage', deployment: 'web', namespace: 'default', container: 'web', image: 'web:v2', atMs: 120_000 } as TimedAction,
    ...plan.map((e): TimedAction => ({ action: 'fault', atMs: e.atMs, fault: e.fault, ...(e.durationMs !== undefined ? { durationMs: e.durationMs } : {}) })),
  ].sort((a, b) => a.atMs - b.atMs),
  expect: [],
}));

// PROPERTY_BENCH_INVARIANTS=0 runs the same scenarios without invariants, to see what the monitor costs.
const invariants = process.env.PROPERTY_BENCH_INVARIANTS === '0' ? { invariants: [] } : {};
let next = 0;
let events = 0;
let checks = 0;
let violations = 0;
let timed = 0;
let cpuUs = 0;
const runOne = () => {
  const r = runCase(scenarios[next++ % scenarios.length] as Scenario, invariants, 'replay');
  if (r.endMs !== HORIZON_MS && r.failure?.kind !== 'error') throw new Error(`run ended at ${r.endMs} ms`);
  return r;
};
const bench = new Bench({ iterations: RUNS, warmupIterations: 3, time: 0, warmupTime: 0 });
bench.add('20 nodes, rolling update of 10, 10 virtual min, random faults, default invariants', () => {
  const cpu0 = process.cpuUsage();
  const r = runOne();
  const cpu = process.cpuUsage(cpu0);
  cpuUs += cpu.user + cpu.system;
  timed++;
  events += r.events;
  checks += r.checks;
  if (r.failure !== undefined) violations++;
});
await bench.run();
console.table(bench.table());
const task = bench.tasks[0];
const meanMs = task?.result && 'latency' in task.result ? task.result.latency.mean : Number.NaN;
// warm-up iterations also went through the counters: average over every run
const n = Math.max(1, timed);
console.log(
  JSON.stringify({
    bench: 'property',
    runs_per_s: Number((1000 / meanMs).toFixed(2)),
    ms_per_run: Number(meanMs.toFixed(1)),
    // CPU time is less sensitive than wall time to other load on a shared machine
    cpu_ms_per_run: Number((cpuUs / 1000 / n).toFixed(1)),
    events_per_run: Math.round(events / n),
    invariant_checks_per_run: Math.round(checks / n),
    runs_with_violation: violations,
    runs: timed,
    target_runs_per_s: 50,
  }),
);

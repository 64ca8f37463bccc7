/**
 * The determinism check: run one simulation twice in this process and once in a child process, and report the
 * first event at which the runs diverge.
 *
 * @packageDocumentation
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Simulation, SimulationOptions } from '../engine/simulation.js';
import { formatTraceEntry, type TraceEntry } from '../engine/trace.js';

/**
 * A function that builds and runs a simulation. It must pass `options` into its `Simulation` (so the check can
 * switch trace recording on) and return the simulation after the run.
 */
export type DeterministicRun = (options: Pick<SimulationOptions, 'trace'>) => Simulation;

/** Where the same run function lives, so a child process can import it. */
export interface RunLocation {
  /** A file path or `file:` URL of an ES module (a `.ts` module is loaded through tsx). */
  readonly module: string;
  /** The export holding the {@link DeterministicRun}. @defaultValue 'default' */
  readonly exportName?: string;
}

/** Options of {@link checkDeterminism}. */
export interface DeterminismOptions {
  /** How many trace entries to compare from the start of each run. @defaultValue 100_000 */
  readonly traceCapacity?: number;
}

/** What {@link checkDeterminism} found. */
export interface DeterminismReport {
  /** True when all three runs have the same fingerprint and the same trace. */
  readonly ok: boolean;
  /** Fingerprints of the first in-process run, the second in-process run and the child-process run. */
  readonly fingerprints: { readonly first: string; readonly second: string; readonly child: string };
  /** Events delivered by the first run. */
  readonly events: number;
  /** The first divergent trace entry, when the runs differ. */
  readonly divergence?: {
    readonly between: 'in-process runs' | 'in-process and child runs';
    readonly index: number;
    readonly expected: string;
    readonly actual: string;
  };
  /** A one-paragraph summary. */
  readonly message: string;
}

interface RunOutput {
  fingerprint: string;
  events: number;
  trace: TraceEntry[];
}

function capture(run: DeterministicRun, capacity: number): RunOutput {
  const sim = run({ trace: { capacity, mode: 'head' } });
  return { fingerprint: sim.fingerprint, events: sim.eventCount, trace: sim.trace() };
}

function firstDifference(a: RunOutput, b: RunOutput): { index: number; expected: string; actual: string } | null {
  const n = Math.max(a.trace.length, b.trace.length);
  for (let i = 0; i < n; i++) {
    const x = a.trace[i];
    const y = b.trace[i];
    const fx = x === undefined ? '(end of trace)' : formatTraceEntry(x);
    const fy = y === undefined ? '(end of trace)' : formatTraceEntry(y);
    if (fx !== fy || x?.fingerprint !== y?.fingerprint) return { index: i, expected: fx, actual: fy };
  }
  if (a.fingerprint !== b.fingerprint) {
    return { index: n, expected: `fingerprint ${a.fingerprint}`, actual: `fingerprint ${b.fingerprint}` };
  }
  return null;
}

function runChild(where: RunLocation, capacity: number): RunOutput {
  const here = fileURLToPath(import.meta.url);
  const fromSource = here.endsWith('.ts');
  const child = fileURLToPath(new URL(`../cli/determinism-child.${fromSource ? 'ts' : 'js'}`, import.meta.url));
  const moduleUrl = where.module.startsWith('file:') ? where.module : new URL(where.module, 'file:///').href;
  const needsTsx = fromSource || moduleUrl.endsWith('.ts');
  const args = [...(needsTsx ? ['--import', 'tsx'] : []), child, moduleUrl, where.exportName ?? 'default', String(capacity)];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 30, cwd: process.cwd() });
  if (r.status !== 0) {
    throw new Error(`determinism check: the child process failed (exit ${r.status}): ${r.stderr.trim()}`);
  }
  return JSON.parse(r.stdout) as RunOutput;
}

/**
 * Runs `run` twice in this process and once in a child process, and compares fingerprints and traces.
 *
 * @remarks
 * Like madsim, which runs each seed twice, this catches nondeterminism within a process (state leaking between
 * runs, iteration over unordered structures) and across processes (anything that depends on the process:
 * hash seeds, addresses, environment).
 *
 * @example
 * ```ts
 * // my-run.ts
 * export default (opts) => { const sim = new Simulation({ seed: 1, ...opts }); ...; sim.runUntil(60_000); return sim; };
 * // test
 * const report = checkDeterminism(myRun, { module: new URL('./my-run.ts', import.meta.url).href });
 * expect(report.ok).toBe(true);
 * ```
 */
export function checkDeterminism(run: DeterministicRun, where: RunLocation, opts: DeterminismOptions = {}): DeterminismReport {
  const capacity = opts.traceCapacity ?? 100_000;
  const first = capture(run, capacity);
  const second = capture(run, capacity);
  const child = runChild(where, capacity);
  const fingerprints = { first: first.fingerprint, second: second.fingerprint, child: child.fingerprint };
  const inProc = firstDifference(first, second);
  const cross = inProc === null ? firstDifference(first, child) : null;
  const d = inProc ?? cross;
  if (d === null) {
    return {
      ok: true,
      fingerprints,
      events: first.events,
      message: `deterministic: 3 runs, ${first.events} events, fingerprint ${first.fingerprint}`,
    };
  }
  const between = inProc !== null ? ('in-process runs' as const) : ('in-process and child runs' as const);
  return {
    ok: false,
    fingerprints,
    events: first.events,
    divergence: { between, ...d },
    message: `nondeterministic: the ${between} diverge at trace entry ${d.index}: expected "${d.expected}", got "${d.actual}"`,
  };
}

// The `kubesim` command. Wall-clock time is read here (and only here, with the benchmarks) to report speed-ups.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runDemo } from './demo.js';
import { explainCommand } from './explain.js';
import { getCommand, runCommand } from './run.js';
import { ApiError } from '../api/errors.js';
import { ApplyError } from '../api/apply/index.js';
import { DurationError } from '../engine/time.js';
import { ScenarioError } from '../scenario/types.js';
import { SimulationLimitError } from '../engine/simulation.js';

const USAGE = `usage: kubesim <command> [options]

commands:
  run <scenario.yaml> [--seed N] [--until 2h] [--json] [--trace trace.jsonl]
                             run a scenario: summary, expectations, tables (exit 1 if one fails)
  get <kind> -f <scenario.yaml> --at <10m> [--namespace ns]
                             the kubectl-style table of a kind at a virtual time
  explain -f <cluster.yaml> --pod <pod.yaml> [--config <scheduler-config.yaml>] [--seed N] [--table]
                             why the scheduler puts the pod where it does: per-node filters, scores
  demo [--seed N] [--json]   run the example scenarios in examples/ (and the engine demo)
  version                    print the version
  help                       print this help
`;

/** The example scenarios `kubesim demo` runs, in order. */
const DEMO_SCENARIOS = ['deployment', 'rolling-update', 'node-crash', 'crashloop-rollback', 'zone-outage'];

/** Thrown for a user mistake on the command line: printed without a stack trace, exit code 2. */
export class UsageError extends Error {}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Parses `--flag value` pairs; unknown flags are a usage error naming the flag. */
export function parseFlags(args: readonly string[], known: Readonly<Record<string, 'value' | 'bool'>>) {
  const out: Record<string, string | boolean> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const kind = known[a];
    if (kind === undefined) throw new UsageError(`unknown flag "${a}"`);
    if (kind === 'bool') out[a] = true;
    else {
      const v = args[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`flag "${a}" needs a value`);
      out[a] = v;
    }
  }
  return out;
}

/** Runs the command line and returns the exit code. */
export function main(argv: readonly string[]): number {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case 'run': {
      const [file, ...flags] = rest;
      if (file === undefined || file.startsWith('--')) throw new UsageError('run needs a scenario file');
      const f = parseFlags(flags, { '--seed': 'value', '--until': 'value', '--json': 'bool', '--trace': 'value' });
      return runCommand({
        file,
        ...(f['--trace'] !== undefined ? { trace: String(f['--trace']) } : {}),
        ...(f['--seed'] !== undefined ? { seed: String(f['--seed']) } : {}),
        ...(f['--until'] !== undefined ? { until: String(f['--until']) } : {}),
        json: f['--json'] === true,
      });
    }
    case 'get': {
      const [kind, ...flags] = rest;
      if (kind === undefined || kind.startsWith('-')) throw new UsageError('get needs a kind, e.g. "kubesim get pods -f scenario.yaml --at 10m"');
      const f = parseFlags(flags, { '-f': 'value', '--at': 'value', '--namespace': 'value', '-n': 'value' });
      if (f['-f'] === undefined) throw new UsageError('get needs -f <scenario.yaml>');
      const ns = f['--namespace'] ?? f['-n'];
      return getCommand({ kind, file: String(f['-f']), at: String(f['--at'] ?? '0s'), ...(ns !== undefined ? { namespace: String(ns) } : {}) });
    }
    case 'explain': {
      const f = parseFlags(rest, { '-f': 'value', '--pod': 'value', '--config': 'value', '--seed': 'value', '--table': 'bool' });
      if (f['-f'] === undefined || f['--pod'] === undefined) throw new UsageError('explain needs -f <cluster.yaml> and --pod <pod.yaml>');
      return explainCommand({
        cluster: String(f['-f']), pod: String(f['--pod']), table: f['--table'] === true,
        ...(f['--config'] !== undefined ? { config: String(f['--config']) } : {}),
        ...(f['--seed'] !== undefined ? { seed: String(f['--seed']) } : {}),
      });
    }
    case 'demo': {
      const f = parseFlags(rest, { '--seed': 'value', '--json': 'bool' });
      let code = 0;
      for (const name of DEMO_SCENARIOS) {
        const file = fileURLToPath(new URL(`../../examples/${name}/scenario.yaml`, import.meta.url));
        if (f['--json'] !== true) process.stdout.write(`\n━━ examples/${name}/scenario.yaml ━━\n`);
        const seed = f['--seed'] === undefined ? {} : { seed: String(f['--seed']) };
        code = Math.max(code, runCommand({ file, json: f['--json'] === true, ...seed }));
      }
      if (f['--json'] !== true) process.stdout.write('\n━━ engine: 100 node heartbeats for a virtual day ━━\n');
      runDemo({ seed: f['--seed'] === undefined ? 42 : String(f['--seed']), json: f['--json'] === true });
      return code;
    }
    case 'version':
    case '--version':
      process.stdout.write(`${version()}\n`);
      return 0;
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(USAGE);
      return 0;
    default:
      throw new UsageError(`unknown command "${cmd}"`);
  }
}

/** Entry point used by bin/kubesim.mjs: user mistakes print one line and exit 2, never a stack trace. */
export function cli(argv: readonly string[]): void {
  try {
    process.exitCode = main(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`kubesim: ${e.message}\n${USAGE}`);
      process.exitCode = 2;
      return;
    }
    // user mistakes (bad scenario, bad manifest, bad duration) and run limits: one clear message, no stack trace
    if (e instanceof ScenarioError || e instanceof ApplyError || e instanceof ApiError || e instanceof DurationError || e instanceof SimulationLimitError) {
      process.stderr.write(`kubesim: ${e.message}\n`);
      process.exitCode = 2;
      return;
    }
    throw e;
  }
}

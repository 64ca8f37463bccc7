// The `kubesim` command. Wall-clock time is read here (and only here, with the benchmarks) to report speed-ups.
import { readFileSync } from 'node:fs';
import { runDemo } from './demo.js';

const USAGE = `usage: kubesim <command> [options]

commands:
  demo [--seed N] [--json]   run the built-in demonstration and print a summary
  version                    print the version
  help                       print this help
`;

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
    case 'demo': {
      const f = parseFlags(rest, { '--seed': 'value', '--json': 'bool' });
      const seed = f['--seed'] === undefined ? 42 : String(f['--seed']);
      return runDemo({ seed, json: f['--json'] === true });
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
    throw e;
  }
}

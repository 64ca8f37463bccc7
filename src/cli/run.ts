// `kubesim run` and `kubesim get`: run a scenario and print a summary (or the state at a virtual time).
import { writeFileSync } from 'node:fs';
import { formatDuration, parseDuration } from '../engine/time.js';
import { loadScenario } from '../scenario/parse.js';
import { runScenario, type ScenarioReport } from '../scenario/run.js';

/** Options of `kubesim run`. */
export interface RunCommandOptions {
  readonly file: string;
  readonly seed?: string;
  readonly until?: string;
  readonly json?: boolean;
  /** Write the run's trace (the first 1,000,000 entries) as JSON lines to this file. */
  readonly trace?: string;
}

function ms(v: number | null): string {
  return v === null ? '-' : formatDuration(v);
}

/** Renders a report as the human summary. */
export function formatReport(r: ScenarioReport, wallS: number): string {
  const lines = [
    `scenario ${r.scenario}: seed ${String(r.seed)}, reached t=${formatDuration(r.virtualMs)}`,
    `events ${r.events}, wall ${wallS.toFixed(2)}s, ${Math.round(r.virtualMs / 1000 / Math.max(wallS, 1e-6))}x real time, fingerprint ${r.fingerprint}`,
    `pod startup (created → Ready) p50 ${ms(r.podStartupMs.p50)}, p99 ${ms(r.podStartupMs.p99)} over ${r.podStartupMs.count} pods; scheduling p50 ${ms(r.schedulingMs.p50)}, p99 ${ms(r.schedulingMs.p99)}`,
  ];
  if (r.pendingPods.length > 0) lines.push(`${r.pendingPods.length} pods still pending: ${r.pendingPods.slice(0, 10).join(', ')}`);
  for (const a of r.actionErrors) lines.push(`action ${a.action} at t=${formatDuration(a.atMs)}: ${a.error}`);
  for (const e of r.expectations) lines.push(`${e.ok ? 'PASS' : 'FAIL'} ${e.expectation}: ${e.detail}`);
  lines.push('', r.cluster.table('Node'), '', r.cluster.table('Deployment', { namespace: 'default' }), '', r.cluster.table('Pod', { namespace: 'default' }));
  return `${lines.join('\n')}\n`;
}

/** `kubesim run <scenario.yaml>`; returns the exit code (1 when an expectation fails). */
export function runCommand(o: RunCommandOptions): number {
  const scenario = loadScenario(o.file);
  const started = process.hrtime.bigint();
  const progress = process.stderr.isTTY === true && o.json !== true ? progressBar(scenario.horizonMs, started) : undefined;
  const report = runScenario(scenario, {
    ...(progress !== undefined ? { onProgress: progress.update } : {}),
    ...(o.seed !== undefined ? { seed: /^\d+$/.test(o.seed) ? Number(o.seed) : o.seed } : {}),
    ...(o.until !== undefined ? { untilMs: parseDuration(o.until) } : {}),
    ...(o.trace !== undefined ? { trace: { capacity: 1_000_000, mode: 'head' as const } } : {}),
  });
  progress?.done();
  if (o.trace !== undefined) {
    writeFileSync(o.trace, report.cluster.sim.trace().map((e) => JSON.stringify(e)).join('\n') + '\n');
  }
  const wallS = Number(process.hrtime.bigint() - started) / 1e9;
  if (o.json === true) {
    const { cluster: _c, ...rest } = report;
    process.stdout.write(`${JSON.stringify({ ...rest, wallSeconds: Number(wallS.toFixed(3)), speedup: Math.round(report.virtualMs / 1000 / Math.max(wallS, 1e-6)) })}\n`);
  } else process.stdout.write(formatReport(report, wallS));
  return report.expectations.every((e) => e.ok) ? 0 : 1;
}

/**
 * A one-line progress bar on stderr (only on a terminal): virtual time reached out of the horizon, events, and
 * speed-up so far; redrawn at most 10 times a second of wall time.
 */
function progressBar(horizonMs: number, started: bigint): { update: (virtualMs: number, events: number) => void; done: () => void } {
  let lastDraw = 0n;
  let drawn = false;
  const width = 30;
  return {
    update(virtualMs, events) {
      const now = process.hrtime.bigint();
      if (now - lastDraw < 100_000_000n) return;
      lastDraw = now;
      drawn = true;
      const frac = horizonMs > 0 ? Math.min(1, virtualMs / horizonMs) : 1;
      const filled = Math.round(frac * width);
      const wallS = Number(now - started) / 1e9;
      const speed = Math.round(virtualMs / 1000 / Math.max(wallS, 1e-6));
      process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] t=${formatDuration(virtualMs)}/${formatDuration(horizonMs)} ${events} events ${speed}x `);
    },
    done() {
      if (drawn) process.stderr.write('\r\x1b[K');
    },
  };
}

/** `kubesim get <kind> -f scenario.yaml --at 10m`: the table of a kind at a virtual time. */
export function getCommand(o: { readonly kind: string; readonly file: string; readonly at: string; readonly namespace?: string }): number {
  const scenario = loadScenario(o.file);
  const report = runScenario(scenario, { untilMs: parseDuration(o.at) });
  const kind = normalizeKind(o.kind);
  process.stdout.write(`${report.cluster.table(kind, o.namespace !== undefined ? { namespace: o.namespace } : {})}\n`);
  return 0;
}

const KIND_ALIASES: Readonly<Record<string, string>> = {
  po: 'Pod', pod: 'Pod', pods: 'Pod', no: 'Node', node: 'Node', nodes: 'Node', deploy: 'Deployment', deployment: 'Deployment',
  deployments: 'Deployment', rs: 'ReplicaSet', replicaset: 'ReplicaSet', replicasets: 'ReplicaSet', svc: 'Service',
  service: 'Service', services: 'Service', ev: 'Event', event: 'Event', events: 'Event', ns: 'Namespace', namespace: 'Namespace',
  namespaces: 'Namespace', job: 'Job', jobs: 'Job',
};

function normalizeKind(k: string): string {
  return KIND_ALIASES[k.toLowerCase()] ?? k;
}

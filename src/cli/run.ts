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
  for (const e of r.expectations) lines.push(`${e.ok ? 'PASS' : 'FAIL'} ${e.expectation}: ${e.detail}`);
  lines.push('', r.cluster.table('Node'), '', r.cluster.table('Deployment', { namespace: 'default' }), '', r.cluster.table('Pod', { namespace: 'default' }));
  return `${lines.join('\n')}\n`;
}

/** `kubesim run <scenario.yaml>`; returns the exit code (1 when an expectation fails). */
export function runCommand(o: RunCommandOptions): number {
  const scenario = loadScenario(o.file);
  const started = process.hrtime.bigint();
  const report = runScenario(scenario, {
    ...(o.seed !== undefined ? { seed: /^\d+$/.test(o.seed) ? Number(o.seed) : o.seed } : {}),
    ...(o.until !== undefined ? { untilMs: parseDuration(o.until) } : {}),
    ...(o.trace !== undefined ? { trace: { capacity: 1_000_000, mode: 'head' as const } } : {}),
  });
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

// The built-in demo (engine level until the cluster components land): 100 node agents renew a lease every
// 10 s; one crashes at t=2m; a monitor marks a node Unknown once its lease is older than the 50 s grace period.
import { type Behavior, formatDuration, Simulation } from '../engine/index.js';

type NodeMsg = 'renew' | 'crash';
type MonitorMsg = { type: 'lease'; node: string } | { type: 'check' };

const node: Behavior<{ up: boolean }, NodeMsg> = {
  kind: 'node',
  init(ctx) {
    ctx.setTimer('renew', ctx.random('jitter').int(0, 10_000), 'renew');
    return { up: true };
  },
  receive(state, msg, ctx) {
    if (msg === 'crash') {
      ctx.cancelTimer('renew');
      ctx.trace('crashed');
      return { up: false };
    }
    ctx.send<MonitorMsg>('node-monitor', { type: 'lease', node: ctx.self.id }, ctx.random('latency').int(5, 50));
    ctx.setTimer('renew', 10_000, 'renew');
    return state;
  },
};

const monitor: Behavior<{ renewed: Map<string, number>; unknown: Set<string> }, MonitorMsg> = {
  kind: 'node-monitor',
  init(ctx) {
    ctx.setTimer('check', 5_000, { type: 'check' });
    return { renewed: new Map(), unknown: new Set() };
  },
  receive(state, msg, ctx) {
    if (msg.type === 'lease') {
      state.renewed.set(msg.node, ctx.now);
      return state;
    }
    for (const [name, at] of state.renewed) {
      if (ctx.now - at > 50_000 && !state.unknown.has(name)) {
        state.unknown.add(name);
        ctx.trace('node Ready=Unknown', `${name} (last lease ${formatDuration(ctx.now - at)} ago)`);
      }
    }
    ctx.setTimer('check', 5_000, { type: 'check' });
    return state;
  },
};

/** Runs the demo and prints a summary; returns the exit code. */
export function runDemo(opts: { seed: string | number; json: boolean }): number {
  const started = process.hrtime.bigint();
  const sim = new Simulation({ seed: opts.seed, trace: { capacity: 1000, include: 'notes' } });
  sim.spawn('node-monitor', monitor);
  for (let i = 0; i < 100; i++) sim.spawn(`node-${String(i).padStart(3, '0')}`, node);
  sim.send('node-042', 'crash', { delayMs: 120_000 });
  const horizon = 24 * 3_600_000;
  sim.runUntil(horizon, { maxEvents: 5_000_000 });
  const wallS = Number(process.hrtime.bigint() - started) / 1e9;
  const notes = sim.trace().filter((e) => e.kind === 'note');
  const summary = {
    seed: opts.seed,
    virtualTime: formatDuration(sim.now),
    events: sim.eventCount,
    wallSeconds: Number(wallS.toFixed(3)),
    speedup: Math.round(horizon / 1000 / wallS),
    fingerprint: sim.fingerprint,
    timeline: notes.map((e) => `${formatDuration(e.time)} ${e.actor}: ${e.kind === 'note' ? e.what : ''}${e.kind === 'note' && e.detail ? ` ${e.detail}` : ''}`),
  };
  if (opts.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
  else {
    process.stdout.write(
      `kubesim demo (engine): 100 nodes renewing leases every 10s for ${summary.virtualTime} of virtual time\n` +
        summary.timeline.map((l) => `  ${l}\n`).join('') +
        `events ${summary.events}, wall ${summary.wallSeconds}s, ${summary.speedup}x real time, fingerprint ${summary.fingerprint} (seed ${summary.seed})\n`,
    );
  }
  return 0;
}

// Child process of checkDeterminism: imports the run function, runs it with head trace recording and prints
// {fingerprint, events, trace} as JSON. Not part of the public API.
import type { DeterministicRun } from '../testing/determinism.js';

const [moduleUrl, exportName, capacity] = process.argv.slice(2);
if (moduleUrl === undefined || exportName === undefined || capacity === undefined) {
  process.stderr.write('usage: determinism-child <module-url> <export> <trace-capacity>\n');
  process.exit(2);
}
const mod = (await import(moduleUrl)) as Record<string, unknown>;
const run = mod[exportName];
if (typeof run !== 'function') {
  process.stderr.write(`${moduleUrl} has no function export "${exportName}"\n`);
  process.exit(2);
}
const sim = (run as DeterministicRun)({ trace: { capacity: Number(capacity), mode: 'head' } });
process.stdout.write(JSON.stringify({ fingerprint: sim.fingerprint, events: sim.eventCount, trace: sim.trace() }));

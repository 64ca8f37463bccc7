// Smoke test of the built package with plain Node (no vitest, no tsx): the ESM imports that users make must
// resolve, a tiny simulation must give the same fingerprint in and across processes, and the bin must start.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { checkDeterminism } from '../dist/testing/index.js';
import { run } from './smoke-run.mjs';

const a = run();
assert.ok(a.eventCount > 1000);
const report = checkDeterminism(run, { module: new URL('./smoke-run.mjs', import.meta.url).href, exportName: 'run' });
assert.equal(report.ok, true, report.message);
const bin = new URL('../bin/kubesim.mjs', import.meta.url).pathname;
assert.match(execFileSync(process.execPath, [bin, 'version'], { encoding: 'utf8' }), /^\d+\.\d+\.\d+/);
console.log(`smoke: dist imports and runs under plain node; ${report.message}`);

// The determinism check: the same run gives the same fingerprint twice in-process and in a child process, and
// a run that leaks state between runs is caught with the first divergent trace entry.
import { describe, expect, it } from 'vitest';
import { checkDeterminism } from '../../src/testing/index.js';
import gossipRun, { leakyRun } from '../fixtures/gossip-run.js';

const fixture = new URL('../fixtures/gossip-run.ts', import.meta.url).href;

describe('checkDeterminism', () => {
  it('passes across processes for a deterministic run', () => {
    const report = checkDeterminism(gossipRun, { module: fixture });
    expect(report.message).toMatch(/^deterministic: 3 runs/);
    expect(report.ok).toBe(true);
    expect(report.events).toBeGreaterThan(500);
    expect(new Set(Object.values(report.fingerprints)).size).toBe(1);
  });

  it('reports the first divergent event of a run that is not deterministic', () => {
    const report = checkDeterminism(leakyRun, { module: fixture, exportName: 'leakyRun' });
    expect(report.ok).toBe(false);
    expect(report.divergence?.between).toBe('in-process runs');
    expect(report.divergence?.expected).toMatch(/extra-1 spawned/);
    expect(report.divergence?.actual).toMatch(/extra-2 spawned/);
  });
});

// Planted bug 4: an informer that drops a DELETED event. The watchChaos fault plays the buggy informer: for a while,
// every DELETED event of one kind to one component is dropped (`eventTypes: ['DELETED'], drop: 1`). Nothing in the
// informer ever brings the deleted object back out of its cache (no relist without a 410 Gone), so once the fault is
// healed and the cluster has settled, `informers-match-store` finds a cache holding an object the store no longer
// has. The same fault that only *delays* those events (`delayMs: 5000`, nothing dropped) is the correct informer:
// it passes the same property with the same seed and number of runs. The property is the walk-through of
// docs/property-testing.md (examples/property/dropped-delete.ts); only built-in components run, so the printed
// counterexample also replays from the CLI, in a separate process, to the printed fingerprint.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TimedAction } from '../../src/scenario/types.js';
import { checkCluster, type ClusterPropertyError } from '../../src/testing/check-cluster.js';
import { informersSurviveDeletedEventsFault, lateDeletes, lostDeletes } from '../../examples/property/dropped-delete.js';
import { expectCaught, failureOf, runsNeeded, sizeOf } from './fixtures/counterexample.js';

const SEED = 4;
const NUM_RUNS = 100;
const root = fileURLToPath(new URL('../../', import.meta.url));

describe('planted bug: an informer that drops a DELETED event', () => {
  const property = informersSurviveDeletedEventsFault(lostDeletes);
  let err: ClusterPropertyError;
  beforeAll(() => {
    err = failureOf(property, { seed: SEED, numRuns: NUM_RUNS, counterexampleDir: mkdtempSync(join(tmpdir(), 'kubesim-planted-delete-')) });
    console.log(`[planted-dropped-delete] found after ${runsNeeded(err)} run(s), shrunk to ${JSON.stringify(sizeOf(err.scenario))}\n${err.message}`);
  }, 60_000);

  it('is caught by informers-match-store after the cluster settles, and shrunk to one deletion', () => {
    expectCaught(err, property, { invariant: 'informers-match-store', seed: SEED, maxNodes: 2, maxActions: 2 });
    expect(err.failure.reason).toMatch(/^(kube-controller-manager|kube-scheduler): (Pod|ReplicaSet) informer still has default\/\S+, which the store no longer holds/);
    // the only fault is the planted one, and the violation comes after it healed
    const faults = err.scenario.timeline.filter((a) => a.action === 'fault');
    expect(faults).toHaveLength(1);
    const f = faults[0] as Extract<TimedAction, { action: 'fault' }>;
    expect(f.fault).toMatchObject({ type: 'watchChaos', eventTypes: ['DELETED'], drop: 1 });
    expect(err.failure.atMs).toBeGreaterThan(f.atMs + (f.durationMs ?? 0));
  });

  it('replays from the CLI, in a separate process, to the printed fingerprint', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'test/fixtures/cli.ts', 'run', err.file as string, '--json'], { cwd: root, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as { fingerprint: string; expectations: { expectation: string; ok: boolean }[] };
    expect(report.fingerprint).toBe(err.fingerprint);
    // the file names the violated invariant, so the CLI reports it and exits non-zero
    expect(report.expectations).toContainEqual(expect.objectContaining({ expectation: 'invariant informers-match-store', ok: false }));
    expect(r.status).toBe(1);
  });

  it('is not reported when the DELETED events are only delayed (same property, seed and runs)', () => {
    expect(checkCluster(informersSurviveDeletedEventsFault(lateDeletes), { seed: SEED, numRuns: NUM_RUNS })).toEqual({ runs: NUM_RUNS, seed: SEED });
  });
});

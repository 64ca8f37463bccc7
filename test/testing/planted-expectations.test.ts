// Planted bug 2: a user's ReplicaSet controller that forgets its expectations (fixtures/user-replicaset-controller.ts),
// run as an extra actor with the built-in ReplicaSet controller switched off. Each sync creates `replicas − observed
// pods`; a sync that runs before the watch has delivered all of its earlier creates creates them again: the first new
// pod's ADDED event triggers a sync while the second's is still on its way (a slow watch, here a watchChaos delay,
// only widens the gap — the shrunk counterexample shows none is needed). The built-in invariants do not
// speak about ReplicaSet sizes, so this test also shows how a user writes an invariant of their own:
// `replicasets-within-replicas` below. It catches the over-creation, shrunk to a node and no actions; the same
// controller with expectations passes the same property with the same seed and number of runs.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/index.js';
import type { Scenario, TimedAction } from '../../src/scenario/types.js';
import { scenarioArb } from '../../src/testing/arbitraries/index.js';
import { checkCluster, type ClusterProperty } from '../../src/testing/check-cluster.js';
import { replayScenario } from '../../src/testing/replay.js';
import type { Invariant } from '../../src/testing/index.js';
import { expectCaught, failureOf, runsNeeded, sizeOf } from './fixtures/counterexample.js';
import { USER_RS_CONTROLLER, userReplicaSetController } from './fixtures/user-replicaset-controller.js';

const SEED = 11;
const NUM_RUNS = 100;

/**
 * A user's invariant: a ReplicaSet never has more active pods (not terminating, not finished) than the most
 * `spec.replicas` it had within the last `staleMs` — a controller may act on a view of the ReplicaSet that old, and a
 * scale-down takes it a moment. Checked when a pod is created, the only moment a ReplicaSet can outgrow its size.
 *
 * Incremental, like the built-in ones: `changes` are the store's watch events since the previous check.
 */
function replicaSetsWithinReplicas(staleMs = 10_000): Invariant {
  /** ReplicaSet uid → where it is and its spec.replicas over time, oldest first. */
  const sizes = new Map<string, { key: string; namespace: string; history: { fromMs: number; replicas: number }[] }>();
  const record = (rs: KubeObject, nowMs: number) => {
    const uid = rs.metadata.uid ?? '';
    const replicas = (rs as ReplicaSet).spec?.replicas ?? 1;
    const namespace = rs.metadata.namespace ?? '';
    const s = sizes.get(uid) ?? { key: `${namespace}/${rs.metadata.name ?? ''}`, namespace, history: [] };
    sizes.set(uid, s);
    if (s.history.at(-1)?.replicas !== replicas) s.history.push({ fromMs: nowMs, replicas });
    // forget sizes that ended more than staleMs ago
    while (s.history.length > 1 && (s.history[1]?.fromMs ?? 0) < nowMs - staleMs) s.history.shift();
  };
  return {
    name: 'replicasets-within-replicas',
    reset(cluster) {
      sizes.clear();
      for (const rs of cluster.list('ReplicaSet')) record(rs, cluster.now);
    },
    check({ cluster, changes, nowMs }) {
      const grown = new Set<string>();
      for (const ev of changes) {
        if (ev.object.kind === 'ReplicaSet') {
          if (ev.type === 'DELETED') sizes.delete(ev.object.metadata.uid ?? '');
          else record(ev.object, nowMs);
        } else if (ev.object.kind === 'Pod' && ev.type === 'ADDED') {
          const owner = ev.object.metadata.ownerReferences?.find((r) => r.controller === true && r.kind === 'ReplicaSet');
          if (owner !== undefined) grown.add(owner.uid);
        }
      }
      for (const uid of grown) {
        const s = sizes.get(uid);
        if (s === undefined) continue;
        const allowed = Math.max(...s.history.map((h) => h.replicas));
        const active = cluster.list<Pod & KubeObject>('Pod', { namespace: s.namespace }).filter(
          (p) => p.metadata.ownerReferences?.some((r) => r.uid === uid) === true && p.metadata.deletionTimestamp === undefined && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed',
        ).length;
        if (active > allowed) return `replicaset ${s.key}: ${active} active pods > ${allowed}, the most spec.replicas it had within ${staleMs / 1000}s`;
      }
      return null;
    },
  };
}

/** Maybe one slow-watch fault on the user's controller: its Pod and ReplicaSet events delayed up to 1–5 s. */
const slowWatch: fc.Arbitrary<TimedAction[]> = fc
  .option(fc.record({ atS: fc.integer({ min: 0, max: 60 }), forS: fc.integer({ min: 10, max: 60 }), delayMs: fc.constantFrom(5_000, 1_000, 2_000) }), { nil: undefined })
  .map((g) => (g === undefined ? [] : [{
    action: 'fault', atMs: g.atS * 1000, durationMs: g.forS * 1000,
    fault: { type: 'watchChaos', components: [USER_RS_CONTROLLER], kinds: ['Pod', 'ReplicaSet'], delayMs: g.delayMs },
  }]));

const scenario: fc.Arbitrary<Scenario> = fc
  .tuple(scenarioArb({ maxNodes: 3, maxActions: 3, actions: ['scale', 'setImage', 'drain'], faults: false, schedulerConfig: false, behaviour: false, horizon: '2m' }), slowWatch)
  .map(([s, f]) => ({ ...s, timeline: [...s.timeline, ...f].sort((a, b) => a.atMs - b.atMs) }));

const property = (expectations: boolean): ClusterProperty => ({
  scenario,
  invariants: [replicaSetsWithinReplicas()],
  cluster: { components: { replicaSetController: false }, actors: { [USER_RS_CONTROLLER]: userReplicaSetController({ expectations }) } },
});

describe('planted bug: a ReplicaSet controller that forgets its expectations', () => {
  it('over-creates pods, caught by a user-written invariant and shrunk to one node', () => {
    const p = property(false);
    const err = failureOf(p, { seed: SEED, numRuns: NUM_RUNS, counterexampleDir: mkdtempSync(join(tmpdir(), 'kubesim-planted-expectations-')) });
    console.log(`[planted-expectations] found after ${runsNeeded(err)} run(s), shrunk to ${JSON.stringify(sizeOf(err.scenario))}\n${err.message}`);
    expectCaught(err, p, { invariant: 'replicasets-within-replicas', seed: SEED, maxNodes: 2, maxActions: 2 });
    expect(err.failure.reason).toMatch(/^replicaset default\/\S+: \d+ active pods > \d+, the most spec\.replicas it had within 10s$/);
  });

  it('is not reported once the controller keeps expectations (same property, seed and runs)', () => {
    expect(checkCluster(property(true), { seed: SEED, numRuns: NUM_RUNS })).toEqual({ runs: NUM_RUNS, seed: SEED });
  });

  it('with expectations, the user controller does the built-in one\'s job: 3 pods up, then scaled down to 1', () => {
    const web = {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' },
      spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'main', image: 'web:v1' }] } } },
    };
    const scaleDown: TimedAction = { action: 'scale', deployment: 'web', namespace: 'default', replicas: 1, atMs: 30_000 };
    const s: Scenario = { name: 'user-rs', seed: 1, horizonMs: 90_000, nodePools: [{ namePrefix: 'node', count: 1 }], manifests: [web], timeline: [scaleDown], expect: [] };
    const { violation, report } = replayScenario(s, property(true));
    expect(violation).toBeUndefined();
    const c = report?.cluster;
    expect(c?.list<Pod>('Pod').map((p) => p.status?.phase)).toEqual(['Running']);
    expect(c?.list<{ status?: { availableReplicas?: number } }>('Deployment')[0]?.status?.availableReplicas).toBe(1);
  });
});

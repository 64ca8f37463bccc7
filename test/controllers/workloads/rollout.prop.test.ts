// Property (kubernetes-behaviour.md §2.2): in a failure-free RollingUpdate — any replicas, maxSurge and
// maxUnavailable, random API latencies and pod start times — at every instant the available pods stay ≥ replicas −
// maxUnavailable and the ReplicaSets' Σ spec.replicas stays ≤ replicas + maxSurge (both as the Deployment controller
// counts them, upstream GetReplicaCountForReplicaSets), no ReplicaSet has more active pods than the largest
// spec.replicas it has had; and the Deployment converges: every active pod runs the new template and the status is
// complete.
//
// The active (not terminating) pods themselves may exceed replicas + maxSurge for a moment, in upstream as here: the
// Deployment controller scales the new ReplicaSet up as soon as an old one's spec went down, and the ReplicaSet
// controller deletes the old one's pods when it next syncs it — which waits while that key is still being processed.
// CI found it (fast-check seed 1454623408: 10 replicas, 25%-like 3/3, seed 999993, latency ≤ 20 ms): at t=30988
// the new ReplicaSet had its 10th pod while the old one, already scaled to 2, still had 4 (deleted at t=30995).
// That case stays below as an example.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/api/store/types.js';
import { resolveFenceposts } from '../../../src/controllers/deployment/index.js';
import { cluster, deploymentManifest } from './helpers.js';

const intOrPercent = fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 100 }).map((p) => `${p}%`));

describe('rolling update invariants', () => {
  it('availability and surge bounds hold at every instant, and the rollout converges', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        intOrPercent,
        intOrPercent,
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 1, max: 20 }),
        (replicas, surge, unavailable, seed, maxLatencyMs) => {
          const z = (v: number | string) => v === 0 || v === '0%';
          fc.pre(!(z(surge) && z(unavailable)));
          const lat = { minMs: 1, maxMs: maxLatencyMs };
          const c = cluster(
            seed,
            { readyAfterMs: (_p, ctx) => ctx.random('ready').int(200, 3000), terminateAfterMs: 500 },
            { latency: { create: lat, update: lat, updateStatus: lat, delete: lat, bind: lat }, watchLatency: lat },
          );
          const strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } };
          c.sim.runUntil(5);
          c.create(deploymentManifest('web', replicas, 'v1', { strategy }));
          c.sim.runUntil(30_000);
          const { maxSurge, maxUnavailable } = resolveFenceposts(surge, unavailable, replicas);
          const minAvailable = replicas - Math.min(maxUnavailable, replicas);
          const d = c.deployment('web') as KubeObject;
          const spec = d['spec'] as { template: { spec: object } };
          c.update({ ...d, spec: { ...spec, template: { ...spec.template, spec: { containers: [{ name: 'app', image: 'v2' }] } } } });
          let lastRv = '';
          let violation: string | undefined;
          const largestSpec = new Map<string, number>();
          const stop = c.sim.observe(() => {
            const rv = String(c.core.store.resourceVersion);
            if (rv === lastRv || violation !== undefined) return;
            lastRv = rv;
            const active = c.pods().filter((p) => p.metadata.deletionTimestamp === undefined);
            const available = active.filter((p) => p.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True')).length;
            const total = c.replicaSets().reduce((n, r) => n + (r.spec?.replicas ?? 0), 0);
            if (available < minAvailable) violation = `t=${c.sim.now}: ${available} available < ${minAvailable}`;
            else if (total > replicas + maxSurge) violation = `t=${c.sim.now}: Σ spec ${total} > ${replicas + maxSurge}`;
            for (const rs of c.replicaSets()) {
              const uid = rs.metadata.uid ?? '';
              const largest = Math.max(largestSpec.get(uid) ?? 0, rs.spec?.replicas ?? 0);
              largestSpec.set(uid, largest);
              const own = active.filter((p) => p.metadata.ownerReferences?.some((r) => r.uid === uid)).length;
              if (own > largest) violation ??= `t=${c.sim.now}: ReplicaSet ${rs.metadata.name ?? ''} has ${own} active pods > its largest spec ${largest}`;
            }
          });
          c.sim.runUntil(200_000, { maxEvents: 2_000_000 });
          stop();
          expect(violation).toBeUndefined();
          const active = c.pods().filter((p) => p.metadata.deletionTimestamp === undefined);
          expect(active).toHaveLength(replicas);
          expect(active.every((p) => p.spec?.containers[0]?.image === 'v2')).toBe(true);
          expect(c.deployment('web')?.status).toMatchObject({ replicas, updatedReplicas: replicas, availableReplicas: replicas });
        },
      ),
      { numRuns: 40, examples: [[10, 3, 3, 999993, 20]] },
    );
  });
});

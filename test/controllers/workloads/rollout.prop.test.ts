// Property (kubernetes-behaviour.md §2.2): in a failure-free RollingUpdate — any replicas, maxSurge and
// maxUnavailable, random API latencies and pod start times — at every instant the available pods stay ≥ replicas −
// maxUnavailable, and both the ReplicaSets' Σ spec.replicas (what the Deployment controller bounds) and the active
// (not terminating) pods stay ≤ replicas + maxSurge; and the Deployment converges: every active pod runs the new template and the status is complete.
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
          const stop = c.sim.observe(() => {
            const rv = String(c.core.store.resourceVersion);
            if (rv === lastRv || violation !== undefined) return;
            lastRv = rv;
            const active = c.pods().filter((p) => p.metadata.deletionTimestamp === undefined);
            const available = active.filter((p) => p.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True')).length;
            const total = c.replicaSets().reduce((n, r) => n + (r.spec?.replicas ?? 0), 0);
            if (available < minAvailable) violation = `t=${c.sim.now}: ${available} available < ${minAvailable}`;
            else if (total > replicas + maxSurge) violation = `t=${c.sim.now}: Σ spec ${total} > ${replicas + maxSurge}`;
            else if (active.length > replicas + maxSurge) violation = `t=${c.sim.now}: ${active.length} active pods > ${replicas + maxSurge}`;
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
      { numRuns: 40 },
    );
  });
});

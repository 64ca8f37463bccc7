// The default invariants stay silent on healthy runs (issue #7): the rolling update of examples/rolling-update,
// the node crash of examples/node-crash (NotReady after the 50 s grace, eviction after tolerationSeconds 300),
// injected faults healed before liveness, and — as a property — random healthy clusters and rollouts.
import type { Deployment } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allDeploymentsAvailable, assertEventually, defaultInvariants, monitorInvariants } from '../../src/testing/index.js';
import { cluster, setImage, web } from './invariants-fixtures.js';

describe('default invariants on healthy runs', () => {
  it('a 20-node rolling update of 10 replicas (maxSurge 3, maxUnavailable 2): silent, and the rollout completes', () => {
    const c = cluster(7, 20);
    const m = monitorInvariants(c, defaultInvariants());
    c.apply(web(10));
    c.runFor('2m');
    setImage(c, 'nginx:1.16.1');
    c.runFor('4m');
    expect(m.violations).toEqual([]);
    expect(m.checks).toBeGreaterThan(500);
    const d = c.get<Deployment>('Deployment', 'default', 'web');
    expect(d?.status).toMatchObject({ replicas: 10, updatedReplicas: 10, availableReplicas: 10 });
    m.stop();
  });

  it('a node crash: pods go NotReady, are evicted after 300 s and replaced — silent', () => {
    const c = cluster(3, 6);
    const m = monitorInvariants(c, defaultInvariants());
    c.apply(web(10));
    c.runFor('2m');
    const onCrashed = c.list<Pod>('Pod').filter((p) => p.spec?.nodeName === 'node-2').length;
    expect(onCrashed).toBeGreaterThan(0);
    c.nodeFault('node-2', { type: 'kubelet.crash' });
    c.runFor('10m');
    expect(m.violations).toEqual([]);
    // the evicted pods are terminating on the dead node; their replacements run elsewhere
    const active = c.list<Pod>('Pod').filter((p) => p.metadata?.deletionTimestamp === undefined);
    expect(active).toHaveLength(10);
    expect(active.every((p) => p.spec?.nodeName !== 'node-2' && p.status?.phase === 'Running')).toBe(true);
    m.stop();
  });

  it('injected faults (scheduler partition, API errors to the ReplicaSet controller, node crash), then healAll: safety throughout, liveness after', () => {
    const c = cluster(11, 5);
    const m = monitorInvariants(c, defaultInvariants());
    c.apply(web(8));
    c.runFor('1m');
    c.inject({ type: 'partition', components: ['kube-scheduler'] }, { atMs: 70_000, durationMs: 60_000 });
    c.inject({ type: 'apiErrors', code: 500, probability: 0.3, match: { kinds: ['Pod'], components: ['replicaset-controller'] } }, { atMs: 80_000, durationMs: 90_000 });
    c.inject({ type: 'nodeCrash', node: 'node-3' }, { atMs: 90_000 });
    c.runFor('1m');
    setImage(c, 'nginx:1.16.1');
    c.runFor('3m');
    c.healAll();
    assertEventually(c, allDeploymentsAvailable(), '10m');
    c.runFor('2m');
    expect(m.violations).toEqual([]);
    m.stop();
  });

  it('property: on random healthy clusters, rollouts and scalings no default invariant fires', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.constantFrom<number | string>(0, 1, 2, '25%', '50%'),
        fc.constantFrom<number | string>(0, 1, 2, '25%'),
        fc.integer({ min: 1, max: 8 }),
        (replicas, nodes, seed, surge, unavailable, scaleTo) => {
          const z = (v: number | string) => v === 0 || v === '0%';
          fc.pre(!(z(surge) && z(unavailable)));
          const c = cluster(seed, nodes, { tieBreak: seed % 2 === 0 ? 'shuffle' : 'fifo' });
          const m = monitorInvariants(c, defaultInvariants(), { stopOnViolation: false });
          const strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } };
          c.apply(web(replicas, 'nginx:1.14.2', { strategy }));
          c.runFor('40s');
          setImage(c, 'nginx:1.16.1');
          c.runFor('90s');
          c.apply(web(scaleTo, 'nginx:1.16.1', { strategy }));
          c.runFor('60s');
          m.stop();
          expect(m.violations).toEqual([]);
        },
      ),
      { numRuns: 15 },
    );
  });
});

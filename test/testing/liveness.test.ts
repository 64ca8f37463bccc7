// Liveness (issue #7): eventually() runs the cluster until a condition holds and returns the instant, or returns
// the condition's last reason at the deadline; assertEventually throws it. Safety throughout, liveness after the
// faults are healed (TigerBeetle's VOPR). kubernetes-behaviour.md §2.2 (rollout), node lifecycle (50 s grace).
import { describe, expect, it } from 'vitest';
import {
  allDeploymentsAvailable,
  allNodesReady,
  assertEventually,
  defaultInvariants,
  eventually,
  LivenessError,
  monitorInvariants,
  noPendingPods,
} from '../../src/testing/index.js';
import { cluster, pod, web } from './invariants-fixtures.js';

describe('eventually', () => {
  it('returns the first instant the condition holds, and leaves the clock there', () => {
    const c = cluster(1, 3);
    c.runFor('10s');
    c.apply(web(3));
    const r = eventually(c, allDeploymentsAvailable(), '2m');
    expect(r.ok).toBe(true);
    expect(r.atMs).toBe(c.now);
    expect(r.atMs).toBeGreaterThan(10_000);
    expect(r.atMs).toBeLessThan(60_000);
    // it held at that instant and not at the event before (checked after every store change)
    expect(c.get<{ status: { availableReplicas: number } }>('Deployment', 'default', 'web')?.status.availableReplicas).toBe(3);
  });

  it('holds at once without running', () => {
    const c = cluster(1, 1);
    expect(eventually(c, () => null, '1m')).toEqual({ ok: true, atMs: 0 });
    expect(eventually(c, () => true, 1000)).toEqual({ ok: true, atMs: 0 });
    expect(c.sim.eventCount).toBe(0);
  });

  it('fails at the deadline with the reason', () => {
    const c = cluster(1, 2);
    c.runFor('10s');
    c.apply([web(3), pod('huge', {}, { cpu: '64' })]);
    const r = eventually(c, noPendingPods(), '1m');
    expect(r.ok).toBe(false);
    expect(r.atMs).toBe(70_000);
    expect(c.now).toBe(70_000);
    expect(r.reason).toMatch(/^1 pod pending at t=1m10s: default\/huge \(0\/2 nodes are available: 2 Insufficient cpu\./);
  });

  it('reports deployments short of available replicas as `deployment ns/name: a/b available at t=…`', () => {
    const c = cluster(2, 1, { nodePools: [{ namePrefix: 'node', count: 1, capacity: { cpu: '1' } }] });
    c.runFor('10s');
    c.apply(web(12)); // 100m each: 10 fit on a 1-cpu node
    const r = eventually(c, allDeploymentsAvailable(), '2m');
    expect(r).toEqual({ ok: false, atMs: 130_000, reason: 'deployment default/web: 10/12 available at t=2m10s' });
  });

  it('checks at least every checkEveryMs even when the store does not change', () => {
    const c = cluster(1, 1);
    const at: number[] = [];
    const r = eventually(c, (cl) => (at.push(cl.now), cl.now >= 4500), '10s', { checkEveryMs: 1000 });
    expect(r.ok).toBe(true);
    for (let i = 1; i < at.length; i++) expect((at[i] as number) - (at[i - 1] as number)).toBeLessThanOrEqual(1000 + 10_000);
    expect(r.atMs).toBeGreaterThanOrEqual(4500);
  });

  it('a safety violation while waiting throws out of eventually at the violating instant', () => {
    const c = cluster(1, 1);
    c.runFor('5s');
    monitorInvariants(c, [{ name: 'no-web', check: ({ cluster: cl }) => (cl.get('Deployment', 'default', 'web') ? 'deployment default/web exists' : null) }]);
    c.apply(web(2));
    expect(() => eventually(c, allDeploymentsAvailable(), '1m')).toThrow(/^invariant no-web violated at t=5s \(5000 ms\), event \d+: deployment default\/web exists$/);
    expect(c.now).toBe(5000);
  });

  it('assertEventually throws a readable error', () => {
    const c = cluster(2, 1, { nodePools: [{ namePrefix: 'node', count: 1, capacity: { cpu: '1' } }] });
    c.runFor('10s');
    c.apply(web(12));
    expect(() => assertEventually(c, allDeploymentsAvailable(), '1m')).toThrow(
      new LivenessError({ ok: false, atMs: 70_000, reason: 'deployment default/web: 10/12 available at t=1m10s' }, '1m'),
    );
    expect(() => assertEventually(c, allDeploymentsAvailable(), '1m')).toThrow(
      'condition did not hold within 1m (t=2m10s): deployment default/web: 10/12 available at t=2m10s',
    );
    expect(() => eventually(c, allNodesReady(), -5)).toThrow('eventually: within must be a non-negative duration, got -5');
  });

  it('safety throughout, liveness once healed: a crashed node comes back and the cluster converges', () => {
    const c = cluster(3, 4);
    const m = monitorInvariants(c, defaultInvariants());
    c.runFor('10s');
    c.apply(web(6));
    c.runFor('1m');
    c.inject({ type: 'nodeCrash', node: 'node-1' });
    c.runFor('2m');
    expect(eventually(c, allNodesReady(), '10s')).toMatchObject({ ok: false, reason: expect.stringMatching(/^node node-1: Ready=Unknown \(NodeStatusUnknown\) at t=3m20s$/) });
    c.healAll();
    const readyAt = assertEventually(c, allNodesReady(), '2m');
    expect(readyAt).toBeGreaterThan(200_000);
    expect(readyAt).toBeLessThan(260_000);
    assertEventually(c, allDeploymentsAvailable(), '5m');
    assertEventually(c, noPendingPods(), '1m');
    expect(m.violations).toEqual([]);
    m.stop();
  });
});

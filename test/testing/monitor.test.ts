// The invariant monitor (issue #7): checks run after store changes, at an interval or after every event, and a
// violation stops the run at the violating instant with the virtual time and event number; the cluster stays
// inspectable and can run on.
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../src/cluster/index.js';
import type { Cluster } from '../../src/cluster/index.js';
import { defaultInvariants, InvariantViolationError, monitorInvariants } from '../../src/testing/index.js';
import type { InvariantContext } from '../../src/testing/index.js';

function small(seed = 1): Cluster {
  return createCluster({ seed, nodePools: [{ namePrefix: 'node', count: 2 }] });
}

const configMap = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: {} });

describe('monitorInvariants', () => {
  it("'change' checks only after events that changed the store, and hands each check the changes since the last", () => {
    const c = small();
    const seen: number[] = [];
    const rvAtStart = c.core.store.resourceVersion;
    const m = monitorInvariants(c, [{ name: 'count', check: (ctx: InvariantContext) => (seen.push(ctx.changes.length), null) }]);
    c.runFor('30s');
    const rvAtEnd = c.core.store.resourceVersion;
    expect(m.checks).toBe(seen.length);
    expect(m.checks).toBeGreaterThan(0);
    // every check saw at least one change, and together they saw every write of the run
    expect(seen.every((n) => n > 0)).toBe(true);
    expect(seen.reduce((a, b) => a + b, 0)).toBe(rvAtEnd - rvAtStart);
    expect(m.checks).toBeLessThan(c.sim.eventCount);
    m.stop();
  });

  it("'event' checks after every delivered event", () => {
    const c = small();
    const m = monitorInvariants(c, [() => null], { every: 'event' });
    const before = c.sim.eventCount;
    c.runFor('20s');
    expect(m.checks).toBe(c.sim.eventCount - before);
    m.stop();
  });

  it('every: 30_000 checks once per 30 s of virtual time, at the first event at or after each multiple', () => {
    const c = small();
    const at: number[] = [];
    const m = monitorInvariants(c, [(cl) => (at.push(cl.now), null)], { every: 30_000 });
    c.runFor('3m');
    expect(at).toHaveLength(6);
    at.forEach((t, i) => {
      expect(t).toBeGreaterThanOrEqual((i + 1) * 30_000);
      expect(t).toBeLessThan((i + 1) * 30_000 + 10_000); // lease renewals every 10 s give an event soon after
    });
    m.stop();
  });

  it('stops the run at the violating instant with the virtual time and event number; the cluster can be inspected and run on', () => {
    const c = small();
    c.runFor('5s');
    let changedAt = -1;
    let eventAt = -1;
    const unsubscribe = c.core.subscribe((ev) => {
      if (ev.object.kind === 'ConfigMap' && ev.object.metadata.name === 'bad' && changedAt < 0) {
        changedAt = c.now;
        eventAt = c.sim.eventCount;
      }
    });
    const m = monitorInvariants(c, [{ name: 'no-bad-configmap', check: ({ cluster }) => (cluster.get('ConfigMap', 'default', 'bad') ? 'configmap default/bad exists' : null) }]);
    c.sim.send('kube-apiserver', { type: 'api.request', id: 1, verb: 'create', replyTo: 'kube-apiserver', user: 'test', object: configMap('bad') }, { delayMs: 12_345 });
    let err: unknown;
    try {
      c.runFor('1m');
    } catch (e) {
      err = e;
    }
    unsubscribe();
    expect(err).toBeInstanceOf(InvariantViolationError);
    const v = (err as InvariantViolationError).violation;
    expect(v).toEqual({ invariant: 'no-bad-configmap', reason: 'configmap default/bad exists', atMs: 17_345, event: eventAt });
    expect(changedAt).toBe(17_345);
    expect(c.now).toBe(17_345); // the clock stays at the violating instant
    expect((err as Error).message).toBe(`invariant no-bad-configmap violated at t=17.345s (17345 ms), event ${eventAt}: configmap default/bad exists`);
    expect(m.first).toEqual(v);
    expect(c.get('ConfigMap', 'default', 'bad')).toBeDefined();
    // the monitor detached: the cluster runs on
    c.runFor('30s');
    expect(c.now).toBe(47_345);
  });

  it('without stopOnViolation collects violations, once per distinct reason', () => {
    const c = small();
    let n = 0;
    const m = monitorInvariants(c, [{ name: 'flaky', check: () => (++n % 3 === 0 ? `bad ${n % 2}` : null) }], { stopOnViolation: false, every: 'event' });
    c.runFor('10s');
    expect(m.violations.length).toBeGreaterThan(1);
    expect(m.first?.invariant).toBe('flaky');
    m.stop();
    const checks = m.checks;
    c.runFor('10s');
    expect(m.checks).toBe(checks);
  });

  it('without stopOnViolation records an invariant that stays broken again only when its reason changes (per name)', () => {
    const c = small();
    let n = 0;
    // reasons at successive checks: a, a, held, a, b, b — recorded: a, a (after holding), b
    const script = ['a', 'a', null, 'a', 'b', 'b'];
    const twin = (): string | null => (n < script.length * 2 ? (script[Math.floor(n++ / 2)] ?? null) : null);
    // two invariants of one name share the memory of the last reason, as reports name them alike
    const m = monitorInvariants(c, [{ name: 'twin', check: twin }, { name: 'twin', check: twin }, { name: 'other', check: () => 'always' }], { stopOnViolation: false, every: 'event' });
    c.runFor('10s');
    m.stop();
    expect(m.violations.filter((v) => v.invariant === 'twin').map((v) => v.reason)).toEqual(['a', 'a', 'b']);
    expect(m.violations.filter((v) => v.invariant === 'other').length).toBe(1);
  });

  it('observes without steering: the same seed gives the same fingerprint with every built-in invariant on or off', () => {
    const run = (monitored: boolean) => {
      const c = small(9);
      const m = monitored ? monitorInvariants(c, defaultInvariants()) : undefined;
      c.apply({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' },
        spec: { replicas: 3, selector: { matchLabels: { app: 'web' } },
          template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } } });
      c.runFor('1m');
      c.delete('Deployment', 'default', 'web');
      c.runFor('1m');
      m?.stop();
      return { fingerprint: c.fingerprint, events: c.sim.eventCount, checks: m?.checks };
    };
    const off = run(false);
    const on = run(true);
    expect(on.fingerprint).toBe(off.fingerprint);
    expect(on.events).toBe(off.events);
    expect(on.checks).toBeGreaterThan(20);
  });

  it('rejects bad options with the field and the reason', () => {
    const c = small();
    expect(() => monitorInvariants(c, [], { every: 0 })).toThrow("monitorInvariants: opts.every must be 'event', 'change' or a positive integer of ms, got 0");
    expect(() => monitorInvariants(c, [{ name: 'x' } as never])).toThrow('monitorInvariants: invariants[0] must be an Invariant ({ name, check }) or a function');
  });
});

// API server faults (kubernetes-behaviour.md §8, §2.7): injected errors worded as kube-apiserver words them,
// requests answered without being served, slowdowns that serve requests later, and controllers that retry
// with their rate limiters until they converge after the heal.
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../../src/api/client/api-client.js';
import type { ApiResponse } from '../../src/api/server/messages.js';
import type { ActorContext, Behavior } from '../../src/engine/actor.js';
import type { Fault } from '../../src/faults/index.js';
import { cluster, deployment, pods } from './helpers.js';

/** A probe actor that creates one ConfigMap when poked and records the response and when it came. */
function prober(log: { res?: ApiResponse; atMs?: number; sentMs?: number }): Behavior<ApiClient, { type: 'poke' } | ApiResponse> {
  return {
    kind: 'prober',
    init: () => new ApiClient('kube-apiserver', 'tester'),
    receive(client, msg, ctx) {
      const c = ctx as ActorContext<never>;
      if (client.handle(msg, c)) return client;
      log.sentMs = ctx.now;
      client.create(c, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'default' }, data: {} }, (res, cc) => {
        log.res = res;
        log.atMs = cc.now;
      });
      return client;
    },
  };
}

function probe(fault: Fault) {
  const log: { res?: ApiResponse; atMs?: number; sentMs?: number } = {};
  const c = cluster(1, { actors: { prober: prober(log) as Behavior<unknown, unknown> } });
  c.runFor('5s');
  c.inject(fault);
  c.sim.send('prober', { type: 'poke' });
  c.runFor('20s');
  return { log, c };
}

describe('apiErrors', () => {
  it.each([
    [409, 'Conflict', 'Operation cannot be fulfilled on configmaps "cm": the object has been modified; please apply your changes to the latest version and try again'],
    [429, 'TooManyRequests', 'Too many requests, please try again later.'],
    [500, 'InternalError', 'Internal error occurred: etcdserver: request timed out'],
    [504, 'Timeout', 'Timeout: request did not complete within requested timeout - context deadline exceeded'],
  ] as const)('%i answers with reason %s and kube-apiserver’s message, and the object is not written', (code, reason, message) => {
    const { log, c } = probe({ type: 'apiErrors', code, match: { kinds: ['ConfigMap'] } });
    expect(log.res).toEqual({ type: 'api.response', id: 1, ok: false, error: { reason, code, message } });
    expect(c.get('ConfigMap', 'default', 'cm')).toBeUndefined();
  });

  it('a match on another verb or component leaves the request alone', () => {
    const { log, c } = probe({ type: 'apiErrors', code: 500, match: { verbs: ['delete'], components: ['prober'] } });
    expect(log.res?.ok).toBe(true);
    expect(c.get('ConfigMap', 'default', 'cm')).toBeDefined();
  });

  it('500s on Pod create: the ReplicaSet controller retries with its rate limiter and converges after the heal (§2.7)', () => {
    const c = cluster(2, { trace: { capacity: 200_000, include: 'notes' } });
    c.runFor('5s');
    const id = c.inject({ type: 'apiErrors', code: 500, match: { verbs: ['create'], kinds: ['Pod'] } }, { durationMs: 30_000 });
    c.apply([deployment('web', 3)]);
    c.runFor('29s');
    expect(pods(c, 'web')).toHaveLength(0);
    expect(c.get<{ status?: { replicas?: number } }>('ReplicaSet', 'default', c.list<{ metadata: { name: string } }>('ReplicaSet')[0]?.metadata.name ?? '')?.status?.replicas ?? 0).toBe(0);
    c.runFor('2m');
    expect(c.faultHistory()[0]).toMatchObject({ id, startedAtMs: 5000, endedAtMs: 35_000 });
    expect(pods(c, 'web')).toHaveLength(3);
    expect(pods(c, 'web').every((p) => p.status?.phase === 'Running')).toBe(true);
  });

  it('a probability draws from the API server’s seeded stream: about that share fails, the same ones for the same seed', () => {
    const failures = (seed: number): number[] => {
      const failed: number[] = [];
      const burst: Behavior<ApiClient, { type: 'poke' } | ApiResponse> = {
        kind: 'burst',
        init: () => new ApiClient('kube-apiserver', 'tester'),
        receive(client, msg, ctx) {
          const c = ctx as ActorContext<never>;
          if (client.handle(msg, c)) return client;
          for (let i = 0; i < 1000; i++) {
            const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}`, namespace: 'default' }, data: {} };
            client.create(c, cm, (res) => void (res.ok || failed.push(i)));
          }
          return client;
        },
      };
      const c = cluster(seed, { actors: { burst: burst as Behavior<unknown, unknown> } });
      c.inject({ type: 'apiErrors', code: 429, probability: 0.3, match: { kinds: ['ConfigMap'] } });
      c.sim.send('burst', { type: 'poke' });
      c.runFor('10s');
      expect(c.list('ConfigMap', { namespace: 'default' })).toHaveLength(1000 - failed.length);
      return failed.sort((a, b) => a - b);
    };
    const a = failures(3);
    expect(a.length).toBeGreaterThan(250);
    expect(a.length).toBeLessThan(350);
    expect(failures(3)).toEqual(a);
    expect(failures(4)).not.toEqual(a);
  });
});

describe('apiSlowdown', () => {
  it('serves matching requests extraLatencyMs later (the response comes after the normal 2–8 ms plus 3 s)', () => {
    const { log, c } = probe({ type: 'apiSlowdown', extraLatencyMs: 3000, match: { kinds: ['ConfigMap'] } });
    expect(log.res?.ok).toBe(true);
    const took = (log.atMs ?? 0) - (log.sentMs ?? 0);
    expect(took).toBeGreaterThanOrEqual(3002);
    expect(took).toBeLessThanOrEqual(3008);
    expect(c.get('ConfigMap', 'default', 'cm')).toBeDefined();
  });
});

describe('partition of a non-kubelet component', () => {
  it('its requests are not served and time out with 504 after the 10 s request timeout', () => {
    const { log, c } = probe({ type: 'partition', components: ['prober'] });
    expect(log.res).toMatchObject({ ok: false, error: { reason: 'Timeout', code: 504 } });
    expect((log.atMs ?? 0) - (log.sentMs ?? 0)).toBe(10_000);
    expect(c.get('ConfigMap', 'default', 'cm')).toBeUndefined();
  });
});

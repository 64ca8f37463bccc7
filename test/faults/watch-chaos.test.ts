// Watch streams that misbehave (kubernetes-behaviour.md §8; the stale, intermediate and unobserved states the
// Sieve work injects into real controllers): drop, duplicate, delay and reorder, drawn from the API server's
// seeded 'watch-chaos' stream; and forced compaction (410 Gone ⇒ relist).
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../../src/api/client/api-client.js';
import { Informer } from '../../src/api/client/informer.js';
import type { WatchMessage } from '../../src/api/server/messages.js';
import type { KubeObject } from '../../src/api/store/types.js';
import type { ActorContext, Behavior } from '../../src/engine/actor.js';
import type { Fault } from '../../src/faults/index.js';
import { cluster } from './helpers.js';

interface Seen {
  readonly events: { type: string; name: string; rv: number; atMs: number }[];
  informer?: Informer<KubeObject>;
}

/** An actor with a ConfigMap informer that records every raw watch event it receives. */
function watcher(seen: Seen): Behavior<ApiClient, unknown> {
  return {
    kind: 'watcher',
    init(ctx) {
      const client = new ApiClient('kube-apiserver', 'watcher');
      seen.informer = new Informer<KubeObject>(client, 'ConfigMap');
      seen.informer.start(ctx as ActorContext<never>);
      return client;
    },
    receive(client, msg, ctx) {
      const m = msg as WatchMessage;
      if (m.type === 'api.watch') seen.events.push({ type: m.eventType, name: m.object.metadata.name ?? '', rv: m.resourceVersion, atMs: ctx.now });
      client.handle(msg, ctx as ActorContext<never>);
      return client;
    },
  };
}

const cm = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: { k: name } });

function setup(fault: Fault, seed = 1) {
  const seen: Seen = { events: [] };
  const c = cluster(seed, { actors: { watcher: watcher(seen) as Behavior<unknown, unknown> } });
  c.runFor('5s');
  const id = c.inject(fault);
  c.runFor('1s');
  return { c, seen, id, cached: () => [...(seen.informer?.list() ?? [])].map((o) => o.metadata.name).sort() };
}

describe('watchChaos', () => {
  it('a dropped DELETED event leaves a stale informer cache until the next relist (a compaction forces it)', () => {
    const { c, cached, id } = setup({ type: 'watchChaos', components: ['watcher'], eventTypes: ['DELETED'], drop: 1 });
    c.apply([cm('a'), cm('b')]);
    c.runFor('1s');
    expect(cached()).toEqual(['a', 'b']);
    c.delete('ConfigMap', 'default', 'a');
    c.runFor('30s');
    expect(c.get('ConfigMap', 'default', 'a')).toBeUndefined();
    expect(cached()).toEqual(['a', 'b']); // stale: the informer never saw the deletion
    c.heal(id);
    c.inject({ type: 'watchCompaction' });
    c.runFor('2s');
    expect(cached()).toEqual(['b']); // the relist after 410 Gone reconciled the cache
    expect(c.faultHistory().map((f) => [f.fault.type, f.endedAtMs === f.startedAtMs])).toEqual([['watchChaos', false], ['watchCompaction', true]]);
  });

  it('duplicate: every event arrives twice', () => {
    const { c, seen } = setup({ type: 'watchChaos', components: ['watcher'], duplicate: 1 });
    c.apply([cm('a')]);
    c.runFor('1s');
    expect(seen.events.map((e) => `${e.type} ${e.name}`)).toEqual(['ADDED a', 'ADDED a']);
  });

  it('reorder: events written together overtake each other, so resourceVersions arrive out of order', () => {
    const { c, seen, cached } = setup({ type: 'watchChaos', components: ['watcher'], reorder: 1 });
    c.apply([cm('a'), cm('b'), cm('c')]);
    c.runFor('1s');
    const rvs = seen.events.map((e) => e.rv);
    expect(rvs).toHaveLength(3);
    expect(rvs).not.toEqual([...rvs].sort((x, y) => x - y));
    expect(cached()).toEqual(['a', 'b', 'c']);
  });

  it('delay: events arrive up to delayMs late, but still in order without reorder', () => {
    const { c, seen } = setup({ type: 'watchChaos', components: ['watcher'], delayMs: 5000 });
    const at = c.now;
    c.apply([cm('a'), cm('b'), cm('c'), cm('d')]);
    c.runFor('10s');
    const lags = seen.events.map((e) => e.atMs - at);
    expect(Math.max(...lags)).toBeGreaterThan(1000);
    expect(Math.max(...lags)).toBeLessThanOrEqual(5005);
    const rvs = seen.events.map((e) => e.rv);
    expect(rvs).toEqual([...rvs].sort((x, y) => x - y));
  });

  it('other watchers are unaffected', () => {
    const { c, seen } = setup({ type: 'watchChaos', components: ['kube-scheduler'], drop: 1 });
    c.apply([cm('a')]);
    c.runFor('1s');
    expect(seen.events.map((e) => `${e.type} ${e.name}`)).toEqual(['ADDED a']);
  });
});

describe('partition and watches', () => {
  it('a partition breaks the component’s watch; events during it are missed, and the relist after the heal converges', () => {
    const { c, cached, id } = setup({ type: 'partition', components: ['watcher'] });
    c.apply([cm('a')]);
    c.runFor('45s');
    expect(cached()).toEqual([]);
    expect(c.get('ConfigMap', 'default', 'a')).toBeDefined();
    c.heal(id);
    c.runFor('15s'); // the informer retries its list every 1 s after each 10 s timeout
    expect(cached()).toEqual(['a']);
  });
});

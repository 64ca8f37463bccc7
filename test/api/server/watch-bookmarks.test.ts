// BOOKMARK watch events (kubernetes-behaviour.md §8: "Optional BOOKMARK events carry only an RV"; upstream
// apiserver cacher: bookmarkFrequency of one minute, only for watches opened with allowWatchBookmarks): a watch
// that asks gets, about every minute, an object carrying only the current resourceVersion, never before the
// events it has not seen yet; other watches get none, and an unwatch stops them.
import { describe, expect, it } from 'vitest';
import { apiServer, BOOKMARK_FREQUENCY_MS } from '../../../src/api/server/api-server.js';
import { ApiServerCore } from '../../../src/api/server/core.js';
import type { ApiClientMessage, ApiServerMessage } from '../../../src/api/server/messages.js';
import type { KubeObject } from '../../../src/api/store/types.js';
import { type Behavior, Simulation } from '../../../src/engine/index.js';

const FIXED = { latency: { watch: 1, unwatch: 1 }, watchLatency: 1 } as const;

interface Seen {
  readonly at: number;
  readonly watchId: number | undefined;
  readonly what: string;
  readonly rv: number | undefined;
}

/** Opens a ConfigMap watch at start (with or without bookmarks) and records what arrives. */
function watcher(bookmarks: boolean, seen: Seen[]): Behavior<null, ApiClientMessage | { type: 'unwatch'; watchId: number }> {
  return {
    kind: 'test-watcher',
    init(ctx) {
      ctx.send<ApiServerMessage>('kube-apiserver', {
        type: 'api.request',
        id: 1,
        replyTo: ctx.self.id,
        user: 'test',
        verb: 'watch',
        kind: 'ConfigMap',
        resourceVersion: 0,
        ...(bookmarks ? { allowWatchBookmarks: true } : {}),
      });
      return null;
    },
    receive(state, msg, ctx) {
      if (msg.type === 'unwatch') {
        ctx.send<ApiServerMessage>('kube-apiserver', { type: 'api.request', id: 2, replyTo: ctx.self.id, user: 'test', verb: 'unwatch', watchId: msg.watchId });
      } else if (msg.type === 'api.watch') {
        seen.push({ at: ctx.now, watchId: msg.watchId, what: `${msg.eventType} ${msg.object.metadata.name ?? '-'}`, rv: msg.resourceVersion });
      } else if (msg.type === 'api.response') {
        seen.push({ at: ctx.now, watchId: msg.ok ? msg.watchId : undefined, what: 'response', rv: msg.ok ? msg.resourceVersion : undefined });
      }
      return state;
    },
  };
}

const cm = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' } });

function run(bookmarks: boolean, until: number, unwatchAt?: number) {
  const sim = new Simulation({ seed: 1 });
  const core = new ApiServerCore({ now: () => sim.now });
  sim.spawn('kube-apiserver', apiServer(core, FIXED));
  const seen: Seen[] = [];
  sim.spawn('watcher', watcher(bookmarks, seen));
  const write = (at: number, name: string) => {
    sim.runUntil(at);
    core.create(cm(name));
    sim.send<ApiServerMessage>('kube-apiserver', { type: 'api.flush' });
  };
  write(30_000, 'a');
  if (unwatchAt !== undefined) {
    sim.runUntil(unwatchAt);
    sim.send('watcher', { type: 'unwatch', watchId: seen[0]?.watchId ?? 0 });
  }
  write(90_000, 'b');
  sim.runUntil(until);
  return { seen, core, sim };
}

describe('watch bookmarks', () => {
  it('a watch with allowWatchBookmarks gets the current resourceVersion every minute, after the events before it', () => {
    const { seen, core } = run(true, 130_000);
    const rvOf = (name: string) => Number(core.get('ConfigMap', 'default', name)?.metadata.resourceVersion);
    expect(BOOKMARK_FREQUENCY_MS).toBe(60_000);
    expect(seen.map((s) => [s.at, s.what, s.rv])).toEqual([
      [1, 'response', 4],
      [30_001, 'ADDED a', rvOf('a')],
      // opened at t=0 (the request arrived then): bookmarks at 60 s and 120 s, one watch latency later
      [60_001, 'BOOKMARK -', rvOf('a')],
      [90_001, 'ADDED b', rvOf('b')],
      [120_001, 'BOOKMARK -', rvOf('b')],
    ]);
  });

  it('the bookmark object carries only apiVersion, kind and metadata.resourceVersion', () => {
    const sim = new Simulation({ seed: 1 });
    const core = new ApiServerCore({ now: () => sim.now });
    sim.spawn('kube-apiserver', apiServer(core, FIXED));
    const objects: KubeObject[] = [];
    sim.spawn('watcher', {
      kind: 'test-watcher',
      init(ctx) {
        ctx.send<ApiServerMessage>('kube-apiserver', { type: 'api.request', id: 1, replyTo: ctx.self.id, user: 't', verb: 'watch', kind: 'Pod', resourceVersion: 0, allowWatchBookmarks: true });
        return null;
      },
      receive(s: null, msg: ApiClientMessage) {
        if (msg.type === 'api.watch') objects.push(msg.object);
        return s;
      },
    } satisfies Behavior<null, ApiClientMessage>);
    sim.runUntil(61_000);
    expect(objects).toEqual([{ apiVersion: 'v1', kind: 'Pod', metadata: { resourceVersion: String(core.store.resourceVersion) } }]);
    expect(Object.isFrozen(objects[0])).toBe(true);
  });

  it('a watch without allowWatchBookmarks gets none', () => {
    const { seen } = run(false, 200_000);
    expect(seen.filter((s) => s.what.startsWith('BOOKMARK'))).toEqual([]);
  });

  it('an unwatch stops them', () => {
    const { seen } = run(true, 200_000, 70_000);
    expect(seen.filter((s) => s.what.startsWith('BOOKMARK')).map((s) => s.at)).toEqual([60_001]);
  });
});

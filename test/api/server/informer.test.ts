// The request path on the engine's clock (client → API server → admission → store → watch → informer): responses
// arrive after latency, watch events arrive in order, and after quiescence every informer's cache equals the
// store, even with random watch delays and forced compactions that make informers relist (kubernetes-behaviour.md §8).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../../../src/api/client/api-client.js';
import { Informer, objectKey } from '../../../src/api/client/informer.js';
import { apiServer } from '../../../src/api/server/api-server.js';
import { ApiServerCore } from '../../../src/api/server/core.js';
import type { ApiServerMessage } from '../../../src/api/server/messages.js';
import type { KubeObject } from '../../../src/api/store/types.js';
import { type ActorContext, type Behavior, Simulation } from '../../../src/engine/index.js';

type Op =
  | { kind: 'create'; name: string; value: string; at: number }
  | { kind: 'update'; name: string; value: string; at: number }
  | { kind: 'delete'; name: string; at: number }
  | { kind: 'compact'; at: number };

const name = fc.constantFrom('a', 'b', 'c', 'd');
const at = fc.integer({ min: 0, max: 2_000 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), name, value: fc.string({ maxLength: 3 }), at }),
  fc.record({ kind: fc.constant('update' as const), name, value: fc.string({ maxLength: 3 }), at }),
  fc.record({ kind: fc.constant('delete' as const), name, at }),
  fc.record({ kind: fc.constant('compact' as const), at }),
);

function configMap(n: string, value: string): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: n, namespace: 'default' }, data: { v: value } };
}

interface WatcherState {
  client: ApiClient;
  informer: Informer<KubeObject>;
  log: string[];
}

/** An actor that keeps an informer of ConfigMaps and logs what its handlers see. */
function watcher(): Behavior<WatcherState, unknown> {
  return {
    kind: 'watcher',
    init(ctx) {
      const client = new ApiClient('kube-apiserver', 'system:watcher');
      const log: string[] = [];
      const informer = new Informer<KubeObject>(client, 'ConfigMap', {
        selection: { namespace: 'default' },
        handlers: {
          onAdd: (o, c) => log.push(`${c.now} add ${objectKey(o)}`),
          onUpdate: (_o, n, c) => log.push(`${c.now} update ${objectKey(n)}`),
          onDelete: (o, c) => log.push(`${c.now} delete ${objectKey(o)}`),
        },
      });
      informer.start(ctx as ActorContext<never>);
      return { client, informer, log };
    },
    receive(state, msg, ctx) {
      state.client.handle(msg, ctx as ActorContext<never>);
      return state;
    },
  };
}

/** An actor that performs the ops through its own client; conflicts and not-founds are expected and ignored. */
function writer(ops: Op[]): Behavior<ApiClient, Op> {
  return {
    kind: 'writer',
    init(ctx) {
      for (const op of ops) ctx.send(ctx.self, op, op.at);
      return new ApiClient('kube-apiserver', 'system:writer');
    },
    receive(client, msg, ctx) {
      const c = ctx as ActorContext<never>;
      if (client.handle(msg, c)) return client;
      const op = msg;
      if (op.kind === 'create') client.create(c, configMap(op.name, op.value));
      else if (op.kind === 'update') client.update(c, configMap(op.name, op.value));
      else if (op.kind === 'delete') client.delete(c, 'ConfigMap', 'default', op.name);
      else ctx.send<ApiServerMessage>('kube-apiserver', { type: 'api.compact' });
      return client;
    },
  };
}

function cluster(seed: number, watchLatency: { minMs: number; maxMs: number }, createMs?: number) {
  const sim = new Simulation({ seed });
  const core = new ApiServerCore({ now: () => sim.now, historyLimit: 5 });
  sim.spawn('kube-apiserver', apiServer(core, { watchLatency, ...(createMs !== undefined ? { latency: { create: createMs } } : {}) }));
  return { sim, core };
}

describe('API server and informers', () => {
  it('a create is stored when the request arrives and answered after the verb latency', () => {
    const { sim, core } = cluster(1, { minMs: 3, maxMs: 3 }, 5);
    const seen: string[] = [];
    sim.spawn('client', {
      kind: 'client',
      init(ctx) {
        const client = new ApiClient('kube-apiserver', 'alice');
        client.create(ctx as ActorContext<never>, configMap('x', '1'), (res, c) => seen.push(`${c.now} ${res.ok}`));
        client.create(ctx as ActorContext<never>, configMap('x', '1'), (res, c) =>
          seen.push(`${c.now} ${res.ok ? 'ok' : res.error.reason}`),
        );
        return client;
      },
      receive(client, msg, ctx) {
        client.handle(msg, ctx as ActorContext<never>);
        return client;
      },
    });
    sim.runUntil(100);
    // both requests arrive at t=0; the first creates, the second finds it: AlreadyExists (409)
    expect(seen).toEqual(['5 true', '5 AlreadyExists']);
    expect(core.get('ConfigMap', 'default', 'x')?.metadata.resourceVersion).toBeDefined();
  });

  it('after quiescence every informer cache equals the store (random ops, watch delays, compactions)', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), fc.integer(), fc.integer({ min: 0, max: 50 }), (ops, seed, jitter) => {
        const { sim, core } = cluster(seed, { minMs: 1, maxMs: 1 + jitter });
        sim.spawn('w1', watcher());
        sim.spawn('w2', watcher());
        sim.spawn('writer', writer(ops));
        sim.runUntil(60_000, { maxEvents: 200_000 });
        const store = core.list('ConfigMap', { namespace: 'default' }).items;
        for (const w of ['w1', 'w2']) {
          const inf = sim.stateOf<WatcherState>(w).informer;
          const cached = [...inf.list()].sort((a, b) => objectKey(a).localeCompare(objectKey(b)));
          expect(cached).toEqual([...store].sort((a, b) => objectKey(a).localeCompare(objectKey(b))));
          expect(inf.hasSynced).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('a watch sees only its selection, and an object leaving the selection as DELETED', () => {
    const { sim, core } = cluster(2, { minMs: 1, maxMs: 1 });
    sim.spawn('w', watcher());
    sim.runUntil(10);
    core.create(configMap('p', '1'));
    core.create({ ...configMap('q', '1'), metadata: { name: 'q', namespace: 'kube-system' } });
    sim.send('kube-apiserver', { type: 'api.flush' });
    sim.runUntil(20);
    core.delete('ConfigMap', 'default', 'p');
    sim.send('kube-apiserver', { type: 'api.flush' });
    sim.runUntil(30);
    expect(sim.stateOf<WatcherState>('w').log).toEqual(['11 add default/p', '21 delete default/p']);
  });
});

// kube-controller-manager: the built-in controllers in one actor over one informer per kind, as upstream's
// controller manager runs them over a SharedInformerFactory (kubernetes-behaviour.md §2: the controllers are
// unchanged; only how their informers reach the API server is). Each controller keeps its own identity, timers and
// random streams, and faults naming one controller still reach it.
import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { ConfigMap, Pod } from 'kubernetes-types/core/v1.js';
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../../src/api/client/api-client.js';
import { Informer } from '../../src/api/client/informer.js';
import { apiServer } from '../../src/api/server/api-server.js';
import { ApiServerCore } from '../../src/api/server/core.js';
import type { ApiRequest } from '../../src/api/server/messages.js';
import type { KubeObject } from '../../src/api/store/types.js';
import { createCluster } from '../../src/cluster/index.js';
import {
  type HostedController,
  KUBE_CONTROLLER_MANAGER,
  kubeControllerManager,
  type KubeControllerManagerState,
  standaloneController,
} from '../../src/controllers/index.js';
import { type ActorContext, type Behavior, Simulation } from '../../src/engine/index.js';
import { deploymentManifest } from '../fixtures/manifests.js';

const running = (c: ReturnType<typeof createCluster>) => c.list<Pod>('Pod').filter((p) => p.status?.phase === 'Running' && p.metadata?.deletionTimestamp === undefined);

describe('kube-controller-manager in a cluster', () => {
  it('runs every built-in controller in one actor with one informer per kind', () => {
    const c = createCluster({ seed: 3, nodePools: [{ namePrefix: 'node', count: 3 }] });
    c.apply([deploymentManifest('web', 6)]);
    c.runFor('2m');
    expect(running(c)).toHaveLength(6);
    const ids = c.sim.actorIds();
    expect(ids).toContain(KUBE_CONTROLLER_MANAGER);
    for (const name of ['replicaset-controller', 'deployment-controller', 'job-controller', 'garbage-collector', 'node-lifecycle-controller']) expect(ids).not.toContain(name);
    const kcm = c.sim.stateOf<KubeControllerManagerState>(KUBE_CONTROLLER_MANAGER);
    expect(Object.keys(kcm.controllers).sort()).toEqual(
      ['deployment-controller', 'garbage-collector', 'job-controller', 'namespace-controller', 'node-lifecycle-controller', 'pod-garbage-collector', 'replicaset-controller'],
    );
    const kinds = kcm.informers.map((i) => i.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
    expect(kinds).toEqual(expect.arrayContaining(['Pod', 'ReplicaSet', 'Deployment', 'Job', 'Node', 'Namespace']));
    const pods = kcm.informers.find((i) => i.kind === 'Pod');
    expect(pods?.size).toBe(c.list('Pod').length);
  });

  it('reaches the same state as one actor per controller, with fewer events (one watch event per change, not one per controller)', () => {
    const run = (controllerManager: boolean) => {
      const c = createCluster({ seed: 5, nodePools: [{ namePrefix: 'node', count: 3 }], components: { controllerManager } });
      c.apply([deploymentManifest('web', 6)]);
      c.runFor('1m');
      c.apply([deploymentManifest('web', 6, { image: 'nginx:1.26' })]);
      c.runFor('3m');
      return c;
    };
    const shared = run(true);
    const separate = run(false);
    expect(separate.sim.actorIds()).toEqual(expect.arrayContaining(['replicaset-controller', 'deployment-controller', 'node-lifecycle-controller']));
    expect(separate.sim.actorIds()).not.toContain(KUBE_CONTROLLER_MANAGER);
    for (const c of [shared, separate]) {
      expect(running(c).map((p) => p.spec?.containers[0]?.image)).toEqual(Array(6).fill('nginx:1.26'));
      expect(c.list<ReplicaSet>('ReplicaSet').map((rs) => rs.spec?.replicas).sort()).toEqual([0, 6]);
    }
    // seven controllers watch pods on their own; the manager watches them once
    expect(shared.sim.eventCount).toBeLessThan(separate.sim.eventCount * 0.8);
  });

  it('a Recreate Deployment gets the shared pod informer late, with its cache replayed: no new pod while an old one is left', () => {
    const c = createCluster({ seed: 7, nodePools: [{ namePrefix: 'node', count: 3 }] });
    c.apply([deploymentManifest('other', 3)]);
    c.runFor('1m'); // the pod informer has long synced when the first Recreate Deployment appears
    c.apply([deploymentManifest('web', 4, { strategy: { type: 'Recreate' } })]);
    c.runFor('1m');
    expect(running(c)).toHaveLength(7);
    const oldHash = c.list<Pod>('Pod').find((p) => p.metadata?.labels?.app === 'web')?.metadata?.labels?.['pod-template-hash'];
    let overlaps = 0;
    c.core.subscribe((ch) => {
      const o = ch.object as KubeObject;
      if (ch.type !== 'ADDED' || o.kind !== 'Pod' || o.metadata.labels?.app !== 'web') return;
      if (c.list<Pod>('Pod').some((p) => p.metadata?.labels?.app === 'web' && p.metadata.labels['pod-template-hash'] === oldHash)) overlaps++;
    });
    c.apply([deploymentManifest('web', 4, { image: 'nginx:1.26', strategy: { type: 'Recreate' } })]);
    c.runFor('3m');
    const web = running(c).filter((p) => p.metadata?.labels?.app === 'web');
    expect(web.map((p) => p.spec?.containers[0]?.image)).toEqual(Array(4).fill('nginx:1.26'));
    expect(overlaps).toBe(0);
  });

  it('a partition naming one hosted controller cuts its requests only; the others and the shared informers go on', () => {
    const c = createCluster({ seed: 9, nodePools: [{ namePrefix: 'node', count: 3 }] });
    c.runFor('5s');
    c.inject({ type: 'partition', components: ['replicaset-controller'] }, { durationMs: 60_000 });
    c.apply([deploymentManifest('web', 3)]);
    c.runFor('30s');
    // the Deployment controller (same actor, its own identity) created the ReplicaSet; the ReplicaSet controller
    // could not create pods
    expect(c.list<ReplicaSet>('ReplicaSet')).toHaveLength(1);
    expect(c.list('Pod')).toHaveLength(0);
    c.runFor('2m');
    expect(running(c)).toHaveLength(3);
  });
});

// Two tiny controllers that use the same timer key and the same random purpose.
interface Ticks {
  readonly draws: number[];
  readonly seen: ConfigMap[];
}
const ticker = (name: string): HostedController<Ticks> => ({
  name,
  user: `system:serviceaccount:kube-system:${name}`,
  init(ctx, kit) {
    const seen: ConfigMap[] = [];
    kit.informer<ConfigMap & KubeObject>('ConfigMap', { onAdd: (cm) => seen.push(cm) });
    ctx.setTimer('tick', 1000, { type: 'tick' } as never);
    return { draws: [], seen };
  },
  receive(state, msg, ctx) {
    if ((msg as { type?: string }).type !== 'tick') return;
    state.draws.push(ctx.random('draw').int(0, 1_000_000));
    if (state.draws.length < 3) ctx.setTimer('tick', 1000, { type: 'tick' } as never);
  },
});

describe('kubeControllerManager hosting', () => {
  const sim = (behavior: Behavior<unknown, unknown>, id: string) => {
    const s = new Simulation({ seed: 1 });
    const core = new ApiServerCore({ now: () => s.now });
    s.spawn('kube-apiserver', apiServer(core));
    s.spawn(id, behavior);
    return { s, core };
  };

  it('keeps each controller its own timers and random streams, and gives every handler the shared cache', () => {
    const { s, core } = sim(kubeControllerManager({ controllers: [standaloneController(ticker('a')), standaloneController(ticker('b'))] }) as Behavior<unknown, unknown>, 'kcm');
    core.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'default' } } as KubeObject);
    s.runFor(10_000);
    const st = s.stateOf<KubeControllerManagerState>('kcm');
    const a = st.controllers.a as Ticks;
    const b = st.controllers.b as Ticks;
    // the same timer key did not collide: each got its three ticks
    expect(a.draws).toHaveLength(3);
    expect(b.draws).toHaveLength(3);
    // the same purpose is a different stream per controller
    expect(a.draws).not.toEqual(b.draws);
    // one informer, both handlers
    expect(st.informers.map((i) => i.kind)).toEqual(['ConfigMap']);
    expect(a.seen.map((cm) => cm.metadata?.name)).toEqual(['x']);
    expect(b.seen.map((cm) => cm.metadata?.name)).toEqual(['x']);
  });

  it('refuses a controller given twice', () => {
    expect(() => kubeControllerManager({ controllers: [standaloneController(ticker('a')), standaloneController(ticker('a'))] })).toThrow('controller a is given twice');
  });

  it('a hosted controller’s requests carry its identity and its name; their callbacks run with its own context', () => {
    const seen: ApiRequest[] = [];
    const got: string[] = [];
    const writer: HostedController<object> = {
      name: 'writer',
      user: 'system:serviceaccount:kube-system:writer',
      init(ctx, kit) {
        const client = kit.client();
        client.create(ctx, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'w', namespace: 'default' } } as KubeObject, (res, c) => {
          got.push(`${String(res.ok)} ${c.random('after').int(0, 9) >= 0 ? 'own-context' : ''}`);
          c.setTimer('t', 10, { type: 'done' } as never);
        });
        return {};
      },
      receive(_s, msg) {
        got.push((msg as { type: string }).type);
      },
    };
    const s = new Simulation({ seed: 1 });
    const core = new ApiServerCore({ now: () => s.now });
    s.spawn('kube-apiserver', apiServer(core, { faults: { active: true, request: (req: ApiRequest) => (seen.push(req), undefined), watch: () => undefined } }));
    s.spawn('kcm', kubeControllerManager({ controllers: [standaloneController(writer)] }));
    s.runFor(1000);
    const create = seen.find((r) => r.verb === 'create');
    expect(create).toMatchObject({ replyTo: 'kcm', user: 'system:serviceaccount:kube-system:writer', component: 'writer' });
    // the manager's own informers (none here) would list as system:kube-controller-manager
    expect(got).toEqual(['true own-context', 'done']);
  });
});

describe('Informer.addHandlers', () => {
  it('handlers added to a synced informer first get every cached object, then onSynced, then the changes', () => {
    interface S {
      client: ApiClient;
      inf: Informer<KubeObject>;
      log: string[];
    }
    const s = new Simulation({ seed: 1 });
    const core = new ApiServerCore({ now: () => s.now });
    s.spawn('kube-apiserver', apiServer(core));
    const cm = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' } }) as KubeObject;
    core.create(cm('a'));
    core.create(cm('b'));
    const w: Behavior<S, unknown> = {
      kind: 'w',
      init(ctx) {
        const client = new ApiClient('kube-apiserver', 'system:w');
        const inf = new Informer<KubeObject>(client, 'ConfigMap');
        inf.start(ctx as ActorContext<never>);
        inf.start(ctx as ActorContext<never>); // a second start does nothing
        return { client, inf, log: [] };
      },
      receive(st, msg, ctx) {
        st.client.handle(msg, ctx as ActorContext<never>);
        return st;
      },
    };
    s.spawn('w', w);
    s.runFor(1000);
    const st = s.stateOf<S>('w');
    expect(st.inf.hasSynced).toBe(true);
    st.inf.addHandlers({ onAdd: (o) => st.log.push(`add ${o.metadata.name}`), onSynced: () => st.log.push('synced'), onDelete: (o) => st.log.push(`delete ${o.metadata.name}`) });
    expect(st.log).toEqual(['add a', 'add b', 'synced']);
    core.delete('ConfigMap', 'default', 'a');
    s.send('kube-apiserver', { type: 'api.flush' });
    s.runFor(1000);
    expect(st.log).toEqual(['add a', 'add b', 'synced', 'delete a']);
    // one list and one watch: the second start did not list again
    expect(st.inf.relists).toBe(0);
  });
});

// The built-in invariants (issue #7): each fires on a planted violation — constructed directly through the API
// server or around it — with a reason naming the objects and the broken rule, at the violating instant.
// kubernetes-behaviour.md §1 (scheduler: requests, taints, node affinity), §2.2 (rolling update bounds).
import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../../src/api/client/api-client.js';
import { Informer } from '../../src/api/client/informer.js';
import type { WatchMessage } from '../../src/api/server/messages.js';
import type { KubeObject } from '../../src/api/store/types.js';
import type { ActorContext, Behavior } from '../../src/engine/index.js';
import {
  informersMatchStore,
  monitorInvariants,
  noNodeOvercommitted,
  noPodLost,
  podsFitNodeAtBind,
  rolloutWithinBounds,
} from '../../src/testing/index.js';
import { cluster, pod, requestIn, runCatching, web } from './invariants-fixtures.js';

const bind = (name: string, nodeName: string) => ({ verb: 'bind', namespace: 'default', name, nodeName });

describe('noNodeOvercommitted', () => {
  const cases = [
    {
      name: 'cpu, counting an init container as the max with the app containers (PodRequests)',
      capacity: {},
      pods: [1, 2].map((i) =>
        pod(`p${i}`, { initContainers: [{ name: 'init', image: 'busybox', resources: { requests: { cpu: '3' } } }] }, { cpu: '1' }),
      ),
      reason: 'node node-0: cpu requests 6000m > allocatable 4000m (pods: default/p1, default/p2)',
    },
    {
      name: 'an extended resource',
      capacity: { 'nvidia.com/gpu': '1' },
      pods: [1, 2].map((i) => ({
        ...pod(`p${i}`),
        spec: { containers: [{ name: 'c', image: 'cuda', resources: { requests: { 'nvidia.com/gpu': '1' }, limits: { 'nvidia.com/gpu': '1' } } }] },
      })),
      reason: 'node node-0: nvidia.com/gpu requests 2 > allocatable 1 (pods: default/p1, default/p2)',
    },
    {
      name: 'the pod count',
      capacity: { pods: '1' },
      pods: [pod('p1'), pod('p2')],
      reason: 'node node-0: pod count 2 > allocatable 1 (pods: default/p1, default/p2)',
    },
  ];
  for (const tc of cases) {
    it(`fires at the bind that over-commits: ${tc.name}`, () => {
      const c = cluster(1, 1, { components: { scheduler: false }, nodePools: [{ namePrefix: 'node', count: 1, capacity: tc.capacity }] });
      c.runFor('1s');
      c.apply(tc.pods);
      const m = monitorInvariants(c, [noNodeOvercommitted()]);
      requestIn(c, 1000, bind('p1', 'node-0'));
      requestIn(c, 2000, bind('p2', 'node-0'));
      const err = runCatching(c, '10s');
      expect(err?.violation).toMatchObject({ invariant: 'no-node-overcommitted', reason: tc.reason, atMs: 3000 });
      expect(m.first).toEqual(err?.violation);
    });
  }

  it('stays silent when the pods fit exactly, and when a terminal pod frees its requests', () => {
    const c = cluster(1, 1, { components: { scheduler: false } });
    c.runFor('1s');
    c.apply([pod('a', {}, { cpu: '2' }), pod('b', {}, { cpu: '2' })]);
    const m = monitorInvariants(c, [noNodeOvercommitted()]);
    requestIn(c, 10, bind('a', 'node-0'));
    requestIn(c, 20, bind('b', 'node-0'));
    c.runFor('30s');
    expect(m.violations).toEqual([]);
    expect(c.list<Pod>('Pod').map((p) => p.status?.phase)).toEqual(['Running', 'Running']);
  });
});

describe('podsFitNodeAtBind', () => {
  const taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };

  it('fires when a pod is created onto a node whose NoSchedule taint it does not tolerate', () => {
    const c = cluster(1, 1, { components: { scheduler: false }, nodePools: [{ namePrefix: 'node', count: 1, taints: [taint] }] });
    c.runFor('1s');
    monitorInvariants(c, [podsFitNodeAtBind()]);
    requestIn(c, 500, { verb: 'create', object: pod('tolerant', { nodeName: 'node-0', tolerations: [{ key: 'dedicated', operator: 'Exists' }] }) });
    requestIn(c, 1500, { verb: 'create', object: pod('intruder', { nodeName: 'node-0' }) });
    const err = runCatching(c, '10s');
    expect(err?.violation).toMatchObject({
      invariant: 'pods-fit-node-at-bind',
      reason: 'pod default/intruder bound to node node-0: untolerated taint {dedicated=gpu:NoSchedule}',
      atMs: 2500,
    });
  });

  it("fires when a binding ignores the pod's nodeSelector", () => {
    const c = cluster(1, 1, { components: { scheduler: false }, nodePools: [{ namePrefix: 'node', count: 1, labels: { disk: 'hdd' } }] });
    c.runFor('1s');
    c.apply([pod('ssd-only', { nodeSelector: { disk: 'ssd' } })]);
    monitorInvariants(c, [podsFitNodeAtBind()]);
    requestIn(c, 100, bind('ssd-only', 'node-0'));
    const err = runCatching(c, '5s');
    expect(err?.violation.atMs).toBe(1100);
    expect(err?.violation.reason).toMatch(
      /^pod default\/ssd-only bound to node node-0: nodeSelector \{"disk":"ssd"\} or required node affinity does not match the node's labels \{.*"disk":"hdd".*\}$/,
    );
  });

  it('accepts a bind made from a view of the node at most staleMs old, and judges older views', () => {
    for (const [gapMs, fires] of [[900, false], [1100, true]] as const) {
      const c = cluster(1, 1, { components: { scheduler: false, kubelets: false } });
      c.apply([pod('p')]);
      c.runFor('1s');
      monitorInvariants(c, [podsFitNodeAtBind({ staleMs: 1000 })], { every: 'event' });
      const node = c.get('Node', '', 'node-0') as KubeObject;
      requestIn(c, 100, { verb: 'update', object: { ...node, spec: { ...(node['spec'] as object), taints: [taint] } } });
      requestIn(c, 100 + gapMs, bind('p', 'node-0'));
      const err = runCatching(c, '5s');
      expect(err !== undefined).toBe(fires);
    }
  });
});

describe('noPodLost', () => {
  it('fires when a pod vanishes from the store without a delete request', () => {
    const c = cluster(1, 2);
    c.runFor('10s');
    c.apply([pod('victim')]);
    c.runFor('20s');
    const m = monitorInvariants(c, [noPodLost()], { stopOnViolation: false });
    const uid = c.get('Pod', 'default', 'victim')?.metadata.uid;
    const node = c.get<Pod>('Pod', 'default', 'victim')?.spec?.nodeName;
    c.core.store.delete('Pod', 'default', 'victim'); // around the API server: nobody asked
    c.runFor('1s');
    expect(m.violations).toHaveLength(1);
    expect(m.first?.reason).toBe(`pod default/victim (uid ${uid}) vanished without a delete request by t=${m.first ? m.first.atMs / 1000 : 0}s (last phase Running, node ${node})`);
  });

  it('stays silent for deletions someone asked for: a user, a scale-down, an unscheduled pod, a cascade', () => {
    const c = cluster(2, 3);
    c.apply([pod('a'), web(4)]);
    c.runFor('20s');
    const m = monitorInvariants(c, [noPodLost()]);
    c.delete('Pod', 'default', 'a'); // graceful: the kubelet finishes it
    c.apply(web(1)); // the ReplicaSet controller deletes three
    c.runFor('1m');
    c.delete('Deployment', 'default', 'web'); // the garbage collector cascades
    c.runFor('2m');
    expect(m.violations).toEqual([]);
    expect(c.list('Pod')).toEqual([]);
    expect(m.checks).toBeGreaterThan(10);
  });
});

describe('rolloutWithinBounds', () => {
  // the Deployment controller is off: the test scales the ReplicaSets itself, as a broken controller would
  function setUp(seed: number) {
    const c = cluster(seed, 3, { components: { deploymentController: false } });
    c.apply(web(4, 'nginx:1.14.2', { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } } }));
    const d = c.get('Deployment', 'default', 'web') as KubeObject;
    const owner = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: d.metadata.uid ?? '', controller: true, blockOwnerDeletion: true };
    const rs = (name: string, replicas: number, image: string): KubeObject => ({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name, namespace: 'default', ownerReferences: [owner], labels: { app: 'web', v: name } },
      spec: {
        replicas,
        selector: { matchLabels: { app: 'web', v: name } },
        template: { metadata: { labels: { app: 'web', v: name } }, spec: { containers: [{ name: 'web', image }] } },
      },
    });
    c.apply(rs('web-old', 4, 'nginx:1.14.2'));
    c.runFor('30s');
    return { c, rs };
  }

  it('fires when available pods drop below replicas − maxUnavailable', () => {
    const { c } = setUp(1);
    const m = monitorInvariants(c, [rolloutWithinBounds()]);
    const old = c.get<ReplicaSet & KubeObject>('ReplicaSet', 'default', 'web-old') as ReplicaSet & KubeObject;
    requestIn(c, 100, { verb: 'update', object: { ...old, spec: { ...old.spec, replicas: 1 } } });
    const err = runCatching(c, '1m');
    expect(err?.violation.reason).toBe('deployment default/web: 2 available < 3 (replicas 4 − maxUnavailable 1)');
    expect(m.checks).toBeGreaterThan(0);
    const available = c.list<Pod>('Pod').filter(
      (p) => p.metadata?.deletionTimestamp === undefined && p.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True'),
    );
    expect(available).toHaveLength(2); // the store at the violating instant
  });

  it('fires when the ReplicaSets together want more than replicas + maxSurge', () => {
    const { c, rs } = setUp(2);
    monitorInvariants(c, [rolloutWithinBounds()]);
    requestIn(c, 250, { verb: 'create', object: rs('web-new', 2, 'nginx:1.16.1') });
    const err = runCatching(c, '1m');
    expect(err?.violation).toMatchObject({
      reason: 'deployment default/web: Σ ReplicaSet spec.replicas 6 > 5 (replicas 4 + maxSurge 1)',
      atMs: 30_250,
    });
  });

  it('does not judge the initial scale-up, nor a scale-up by the user', () => {
    const c = cluster(3, 3);
    const m = monitorInvariants(c, [rolloutWithinBounds()]);
    c.apply(web(4));
    c.runFor('30s');
    c.apply(web(9));
    c.runFor('1m');
    expect(m.violations).toEqual([]);
  });
});

describe('informersMatchStore', () => {
  /** The planted bug of issue #7: an informer that drops DELETED events. */
  class DroppingInformer extends Informer<KubeObject> {
    override onWatchEvent(m: WatchMessage, ctx: ActorContext<never>): void {
      if (m.eventType !== 'DELETED') super.onWatchEvent(m, ctx);
    }
  }
  const buggy: Behavior<{ client: ApiClient; configMaps: Informer<KubeObject> }, unknown> = {
    kind: 'buggy-controller',
    init(ctx) {
      const client = new ApiClient('kube-apiserver', 'system:serviceaccount:kube-system:buggy');
      const configMaps = new DroppingInformer(client, 'ConfigMap');
      configMaps.start(ctx as ActorContext<never>);
      return { client, configMaps };
    },
    receive(state, msg, ctx) {
      state.client.handle(msg, ctx as ActorContext<never>);
      return state;
    },
  };

  it('fires once a deleted object has been quiet for quietMs and is still cached', () => {
    const c = cluster(1, 2, { actors: { buggy: buggy as Behavior<unknown, unknown> } });
    c.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default' }, data: { a: '1' } });
    c.runFor('20s');
    monitorInvariants(c, [informersMatchStore({ quietMs: 5000, intervalMs: 1000 })]);
    c.delete('ConfigMap', 'default', 'cfg');
    const deletedAt = c.now;
    const err = runCatching(c, '1m');
    expect(err?.violation.reason).toBe('buggy: ConfigMap informer still has default/cfg, which the store no longer holds (quiet for 5s+)');
    expect(err?.violation.atMs).toBeGreaterThanOrEqual(deletedAt + 5000);
    expect(err?.violation.atMs).toBeLessThan(deletedAt + 5000 + 1000 + 10_000);
  });

  it('stays silent for correct informers while objects churn', () => {
    const c = cluster(4, 3);
    const m = monitorInvariants(c, [informersMatchStore({ intervalMs: 2000 })], { stopOnViolation: false });
    c.apply(web(6));
    c.runFor('2m');
    c.apply(web(2));
    c.runFor('2m');
    expect(m.violations).toEqual([]);
  });
});

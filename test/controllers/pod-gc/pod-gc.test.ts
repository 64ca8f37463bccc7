// The pod GC (kubernetes-behaviour.md §6, "PodGC", pkg/controller/podgc/gc_controller.go): a pass every 20 s;
// orphaned pods of a deleted node are force-deleted after the node has been missing for the 40 s quarantine and a
// GET confirms it, marked Failed with DisruptionTarget/DeletionByPodGC first; terminated pods over
// --terminated-pod-gc-threshold are deleted oldest first; unscheduled terminating pods are marked Failed.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { describe, expect, it } from 'vitest';
import type { KubeObject, WatchEvent } from '../../../src/api/store/types.js';
import { createCluster } from '../../../src/cluster/index.js';
import { podGcController, type PodGcState } from '../../../src/controllers/pod-gc/index.js';
import { deploymentManifest } from '../../fixtures/manifests.js';

const deployment = (replicas: number) => deploymentManifest('web', replicas);

const pod = (name: string, extra: object = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', ...extra },
  spec: { containers: [{ name: 'c', image: 'busybox' }] },
});

describe('pod GC', () => {
  it('force-deletes the pods of a deleted node after the 40 s quarantine, marking them Failed with DisruptionTarget', () => {
    const cluster = createCluster({
      seed: 3,
      nodePools: [{ namePrefix: 'node', count: 2 }],
      components: { kubelets: false, nodeLifecycleController: false, podGarbageCollector: false },
      actors: { 'pod-garbage-collector': podGcController() as never },
    });
    cluster.apply(deployment(4));
    cluster.run(59_000);
    const onNode0 = cluster.list<Pod>('Pod').filter((p) => p.spec?.nodeName === 'node-0').map((p) => p.metadata?.name);
    expect(onNode0.length).toBeGreaterThan(0);
    const lastStatus = new Map<string, KubeObject>();
    cluster.core.subscribe((ev: WatchEvent) => {
      if (ev.object.kind === 'Pod' && ev.type === 'MODIFIED') lastStatus.set(ev.object.metadata.name ?? '', ev.object);
    });
    cluster.run(60_000);
    cluster.delete('Node', '', 'node-0');
    // passes at 80 s (first seen missing), 100 s (20 s < 40 s), 120 s (40 s: GET → 404 → delete)
    cluster.run(119_000);
    const names = () => new Set(cluster.list<Pod>('Pod').map((p) => p.metadata?.name));
    for (const n of onNode0) expect(names().has(n)).toBe(true);
    cluster.run(125_000);
    for (const n of onNode0) {
      expect(names().has(n)).toBe(false);
      const last = lastStatus.get(n ?? '') as Pod | undefined;
      expect(last?.status?.phase).toBe('Failed');
      expect(last?.status?.conditions?.find((c) => c.type === 'DisruptionTarget')).toMatchObject({
        status: 'True',
        reason: 'DeletionByPodGC',
        message: 'PodGC: node no longer exists',
      });
    }
    const st = cluster.sim.stateOf<PodGcState>('pod-garbage-collector');
    expect(st.deleted).toHaveLength(onNode0.length);
    expect(st.deleted[0]).toMatch(/orphaned: node node-0 no longer exists/);
    // the ReplicaSet replaces them on the node that is left
    cluster.run(130_000);
    const left = cluster.list<Pod>('Pod');
    expect(left).toHaveLength(4);
    expect(left.map((p) => p.spec?.nodeName)).toEqual(['node-1', 'node-1', 'node-1', 'node-1']);
  });

  it('deletes terminated pods over the threshold, oldest first, and leaves running ones alone', () => {
    const cluster = createCluster({
      seed: 1,
      nodePools: [{ namePrefix: 'node', count: 1 }],
      components: { kubelets: false, scheduler: false, podGarbageCollector: false },
      actors: { 'pod-garbage-collector': podGcController({ terminatedPodThreshold: 2 }) as never },
    });
    for (let i = 0; i < 5; i++) {
      cluster.run(i * 2000 + 1000);
      cluster.apply(pod(`done-${i}`));
      const p = cluster.get<KubeObject>('Pod', 'default', `done-${i}`) as KubeObject;
      cluster.core.update({ ...p, status: { phase: i === 4 ? 'Running' : 'Succeeded' } } as KubeObject, { subresource: 'status' });
    }
    cluster.run(19_000);
    expect(cluster.list('Pod')).toHaveLength(5);
    cluster.run(21_000);
    // 4 terminated, threshold 2 ⇒ the 2 oldest go; the Running pod stays
    expect(cluster.list<Pod>('Pod').map((p) => p.metadata?.name).sort()).toEqual(['done-2', 'done-3', 'done-4']);
  });

  it('marks an unscheduled terminating pod Failed and force-deletes it', () => {
    const cluster = createCluster({
      seed: 1,
      components: { kubelets: false, scheduler: false, podGarbageCollector: false },
      actors: { 'pod-garbage-collector': podGcController() as never },
    });
    cluster.apply(pod('stuck', { finalizers: ['example.com/hold'] }));
    cluster.run(1000);
    cluster.delete('Pod', 'default', 'stuck', { gracePeriodSeconds: 30 });
    expect(cluster.get<Pod>('Pod', 'default', 'stuck')?.metadata?.deletionTimestamp).toBeDefined();
    cluster.run(21_000);
    const p = cluster.get<Pod>('Pod', 'default', 'stuck');
    expect(p?.status?.phase).toBe('Failed');
    expect(cluster.sim.stateOf<PodGcState>('pod-garbage-collector').deleted).toEqual(['default/stuck (unscheduled and terminating)']);
  });

  it('force-deletes a terminating pod on a not-ready node tainted out-of-service, and leaves one on a ready node', () => {
    const cluster = createCluster({
      seed: 1,
      nodePools: [{ namePrefix: 'node', count: 2 }],
      components: { kubelets: false, scheduler: false, nodeLifecycleController: false, podGarbageCollector: false },
      actors: { 'pod-garbage-collector': podGcController() as never },
    });
    const held = { finalizers: ['example.com/hold'] };
    cluster.apply([{ ...pod('on-0', held), spec: { nodeName: 'node-0', containers: [{ name: 'c', image: 'busybox' }] } }, { ...pod('on-1', held), spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'busybox' }] } }]);
    cluster.run(1000);
    // node-0: Ready=False and the out-of-service taint (upstream gcTerminating, --feature-gates NodeOutOfServiceVolumeDetach)
    const n = cluster.get<KubeObject>('Node', '', 'node-0') as KubeObject & { spec?: object; status?: { conditions?: object[] } };
    const tainted = cluster.core.update({ ...n, spec: { ...n.spec, taints: [{ key: 'node.kubernetes.io/out-of-service', effect: 'NoExecute' }] } } as KubeObject);
    cluster.core.update({ ...tainted, status: { ...(tainted as typeof n).status, conditions: [{ type: 'Ready', status: 'False', reason: 'KubeletNotReady' }] } } as KubeObject, { subresource: 'status' });
    cluster.delete('Pod', 'default', 'on-0', { gracePeriodSeconds: 30 });
    cluster.delete('Pod', 'default', 'on-1', { gracePeriodSeconds: 30 });
    cluster.run(21_000);
    expect(cluster.sim.stateOf<PodGcState>('pod-garbage-collector').deleted).toEqual(['default/on-0 (terminating on out-of-service node node-0)']);
    expect(cluster.get<Pod>('Pod', 'default', 'on-0')?.status?.phase).toBe('Failed');
    expect(cluster.get<Pod>('Pod', 'default', 'on-1')?.status?.phase).not.toBe('Failed');
  });
});

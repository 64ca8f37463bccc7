// The scheduling queue's requeue rules (kubernetes-behaviour.md §1.2; upstream scheduling_queue.go
// AddUnschedulableIfNotPresent and the queueing hints): a pod rejected by no plugin — "no nodes available to
// schedule pods" — goes to backoffQ (1 s), not to the unschedulable pool, and so does a pod whose attempt missed an
// event that may have helped it (in-flight events). Before the fix, a pod applied before the nodes registered
// waited for the 5-minute leftover flush.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/api/store/types.js';
import { createCluster } from '../../../src/cluster/index.js';

describe('scheduling queue requeue', () => {
  it('a pod created before any node registers is bound within seconds, not after the 5-minute flush', () => {
    const c = createCluster({ seed: 1, nodePools: [{ namePrefix: 'node', count: 3 }] });
    c.apply({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'early', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    c.run(500);
    expect(c.get<Pod>('Pod', 'default', 'early')?.status?.conditions?.[0]?.message).toBe('no nodes available to schedule pods');
    c.run(5_000);
    expect(c.get<Pod>('Pod', 'default', 'early')?.spec?.nodeName).toMatch(/^node-\d$/);
  });
});

describe('node updates requeue the pods they may help (upstream nodeSchedulingPropertiesChange)', () => {
  const taintedCluster = () => {
    const c = createCluster({ seed: 2, nodePools: [{ namePrefix: 'node', count: 1, taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }] });
    c.apply({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    c.run(30_000);
    expect(c.get<Pod>('Pod', 'default', 'p')?.status?.conditions?.[0]?.message).toMatch(/untolerated taint \{dedicated: gpu\}/);
    return c;
  };

  it('removing the taint (UpdateNodeTaint, which TaintToleration registers for) binds the pod within seconds, not at the 5-minute flush', () => {
    const c = taintedCluster();
    const node = c.get<KubeObject>('Node', '', 'node-0') as KubeObject;
    c.core.update({ ...node, spec: { ...(node['spec'] as object), taints: [] } } as KubeObject);
    c.sim.send('kube-apiserver', { type: 'api.flush' });
    c.run(35_000);
    expect(c.get<Pod>('Pod', 'default', 'p')?.spec?.nodeName).toBe('node-0');
  });

  it('a label change alone does not help a taint-rejected pod: it waits (until the leftover flush)', () => {
    const c = taintedCluster();
    const node = c.get<KubeObject>('Node', '', 'node-0') as KubeObject;
    c.core.update({ ...node, metadata: { ...node.metadata, labels: { ...node.metadata.labels, extra: 'x' } } } as KubeObject);
    c.sim.send('kube-apiserver', { type: 'api.flush' });
    c.run(60_000);
    expect(c.sim.stateOf<{ queue: { unschedulablePods(): Iterable<{ podInfo: { key: string } }> } }>('kube-scheduler').queue.unschedulablePods()).toSatisfy(
      (it: Iterable<{ podInfo: { key: string } }>) => [...it].some((q) => q.podInfo.key === 'default/p'),
    );
  });
});

describe('duplicated watch events (watchChaos duplicate)', () => {
  it('a pod event delivered twice does not send the pod through scheduling twice (upstream bypasses identical updates)', () => {
    const c = createCluster({ seed: 17, nodePools: [{ namePrefix: 'node', count: 1 }] });
    c.inject({ type: 'watchChaos', duplicate: 1 });
    c.apply({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' },
      spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    });
    c.run(60_000);
    const pods = c.list<Pod>('Pod');
    expect(pods).toHaveLength(3);
    for (const p of pods) expect(p.status?.phase).toBe('Running');
    expect(c.sim.stateOf<{ stats: { scheduled: number } }>('kube-scheduler').stats.scheduled).toBe(3);
  });
});

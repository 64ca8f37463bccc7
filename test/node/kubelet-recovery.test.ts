// The kubelet recovers from what the API server does to it, as upstream's kubelet does (kubernetes-behaviour.md §7;
// pkg/kubelet/nodelease: the lease controller creates its Lease when a renewal finds none; pkg/kubelet/status:
// the status manager retries failed writes at its 10 s sync and re-sends a status the API holds differently —
// e.g. Ready=False written by the node lifecycle controller while the node was unreachable; a pod whose final
// DELETE failed is deleted again). Each case here was found by checkCluster (liveness after healAll) and shrunk to
// one node.
import type { Deployment } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../src/cluster/index.js';

const web = (replicas: number) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    replicas,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
  },
});

const available = (c: ReturnType<typeof createCluster>) => c.get<Deployment>('Deployment', 'default', 'web')?.status?.availableReplicas ?? 0;

describe('kubelet recovery', () => {
  it('a kubelet restarted before its Lease exists creates it, and the node stays Ready (no Unknown flapping)', () => {
    const c = createCluster({ seed: 0, nodePools: [{ namePrefix: 'node', count: 1 }], trace: { capacity: 10_000, include: 'notes' } });
    c.inject({ type: 'kubeletRestart', node: 'node-0' }, { atMs: 0 });
    c.run(300_000);
    expect(c.get('Lease', 'kube-node-lease', 'node-0')).toBeDefined();
    expect(c.sim.trace().filter((e) => e.kind === 'note' && e.what === 'node status unknown')).toEqual([]);
  });

  it('after a partition of the node and its lifecycle controller, the pod is Ready again (the kubelet re-sends Ready=True)', () => {
    const c = createCluster({ seed: 0, nodePools: [{ namePrefix: 'node', count: 1 }] });
    c.apply(web(1));
    c.run(60_000);
    expect(available(c)).toBe(1);
    // both are cut off at once; when both come back, the controller (whose last view is a lease 90 s old) marks the
    // node Unknown and the pod Ready=False *after* the kubelet has re-sent its statuses
    c.inject({ type: 'partition', components: ['kubelet/node-0', 'node-lifecycle-controller'] }, { atMs: 60_000, durationMs: 90_000 });
    c.run(175_000);
    // within a 10 s status sync of that, the kubelet's Ready=True is back, and the Deployment available again
    expect(c.list<Pod>('Pod')[0]?.status?.conditions?.find((x) => x.type === 'Ready')?.status).toBe('True');
    c.run(180_000);
    expect(available(c)).toBe(1);
  });

  it('after 10 minutes of 500s on every request, the cluster converges once healed', () => {
    const c = createCluster({ seed: 0, nodePools: [{ namePrefix: 'node', count: 1 }] });
    c.apply(web(2));
    c.inject({ type: 'apiErrors', code: 500 }, { atMs: 0, durationMs: 600_000 });
    c.run(600_000);
    expect(available(c)).toBe(0);
    c.run(600_000 + 180_000);
    expect(available(c)).toBe(2);
    expect(c.list<Pod>('Pod').filter((p) => p.status?.phase === 'Running')).toHaveLength(2);
  });

  it('a kubelet restarted while a pod is still starting carries on starting it (the container runtime kept going)', () => {
    const c = createCluster({ seed: 0, nodePools: [{ namePrefix: 'node', count: 1 }] });
    c.apply(web(1));
    c.inject({ type: 'kubeletRestart', node: 'node-0' }, { atMs: 1_000 });
    c.run(60_000);
    expect(c.list<Pod>('Pod')[0]?.status?.phase).toBe('Running');
    expect(available(c)).toBe(1);
  });
});

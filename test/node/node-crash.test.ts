// A crashed node goes Unknown and its pods are evicted on Kubernetes' timings (kubernetes-behaviour.md §6): the node
// lifecycle controller checks every 5 s and sets Ready=Unknown once no lease renewal was seen for 50 s, taints the
// node node.kubernetes.io/unreachable (NoSchedule and NoExecute), and the taint eviction deletes each pod 300 s
// later (the tolerationSeconds DefaultTolerationSeconds admission added) — about t+350 s after the crash.
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { describe, expect, it } from 'vitest';
import { simplePod, testCluster } from './helpers.js';

describe('node crash timeline', () => {
  it('Unknown at lastRenewal+50 s (within one 5 s monitor period), tainted then, pods deleted 300 s later', () => {
    const c = testCluster({ pool: { count: 3 }, controller: true });
    c.sim.runUntil(1_000);
    c.createPod(simplePod('web'), 'node-1');
    c.createPod(simplePod('db'), 'node-2');
    c.sim.runUntil(120_000);
    expect(c.pod('web')?.status?.phase).toBe('Running');
    const crashAt = 120_000;
    c.sim.send('kubelet/node-1', { type: 'kubelet.crash' });
    c.sim.runUntil(crashAt + 1);
    const lastRenewal = c.board.lastRenewMs('node-1');
    expect(crashAt - lastRenewal).toBeLessThanOrEqual(10_000);

    const ready = () => (c.core.get('Node', '', 'node-1') as Node).status?.conditions?.find((x) => x.type === 'Ready');
    const taints = () => ((c.core.get('Node', '', 'node-1') as Node).spec?.taints ?? []).map((t) => `${t.key}:${t.effect}`);
    let unknownAt = -1;
    while (c.sim.now < crashAt + 120_000 && unknownAt < 0) {
      c.sim.runUntil(c.sim.now + 100);
      if (ready()?.status === 'Unknown') unknownAt = c.sim.now;
    }
    // the controller notices at its first 5 s tick after lastRenewal + 50 s; the write lands within ~10 ms
    expect(unknownAt).toBeGreaterThan(lastRenewal + 50_000);
    expect(unknownAt).toBeLessThanOrEqual(lastRenewal + 55_000 + 100);
    expect(ready()?.reason).toBe('NodeStatusUnknown');
    expect(taints()).toEqual(['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
    // the pod on the crashed node is marked not ready; the healthy node's pod is untouched
    expect((c.pod('web') as Pod).status?.conditions?.find((x) => x.type === 'Ready')?.status).toBe('False');
    expect((c.pod('db') as Pod).status?.conditions?.find((x) => x.type === 'Ready')?.status).toBe('True');

    // 300 s of toleration: still there just before, terminating just after
    c.sim.runUntil(unknownAt + 299_000);
    expect(c.pod('web')?.metadata?.deletionTimestamp).toBeUndefined();
    c.sim.runUntil(unknownAt + 301_000);
    const evicted = c.pod('web');
    expect(evicted?.metadata?.deletionTimestamp).toBeDefined();
    expect(evicted?.status?.conditions?.find((x) => x.type === 'DisruptionTarget')?.reason).toBe('DeletionByTaintManager');
    // ≈ t + 350 s after the crash
    expect(c.sim.now - crashAt).toBeGreaterThan(340_000);
    expect(c.sim.now - crashAt).toBeLessThan(357_000);
    // the unreachable kubelet cannot finish the deletion: the pod stays Terminating
    c.sim.runUntil(c.sim.now + 60_000);
    expect(c.pod('web')).toBeDefined();
    expect(c.pod('db')?.metadata?.deletionTimestamp).toBeUndefined();
  });

  it('a node that comes back loses its taints and its pods run again', () => {
    const c = testCluster({ pool: { count: 3 }, controller: true });
    c.sim.runUntil(1_000);
    c.createPod(simplePod('web'), 'node-1');
    c.sim.runUntil(60_000);
    c.sim.send('kubelet/node-1', { type: 'kubelet.crash' });
    c.sim.runUntil(150_000);
    expect((c.core.get('Node', '', 'node-1') as Node).spec?.taints?.length).toBe(2);
    c.sim.send('kubelet/node-1', { type: 'kubelet.restart' });
    c.sim.runUntil(180_000);
    const node = c.core.get('Node', '', 'node-1') as Node;
    expect(node.status?.conditions?.find((x) => x.type === 'Ready')?.status).toBe('True');
    expect(node.spec?.taints ?? []).toEqual([]);
    const pod = c.pod('web') as Pod;
    expect(pod.metadata?.deletionTimestamp).toBeUndefined();
    expect(pod.status?.phase).toBe('Running');
    // the machine rebooted: the container is a new instance
    expect(pod.status?.containerStatuses?.[0]?.restartCount).toBe(1);
  });
});

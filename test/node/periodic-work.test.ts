// The kubelet's periodic work and the node lifecycle controller's monitor pass on Kubernetes' periods
// (kubernetes-behaviour.md §6): the lease is renewed every 10 s, node status is recomputed every 10 s and posted
// when it changed or every nodeStatusReportFrequency (5 min); the controller checks every 5 s and sets Ready=Unknown
// once no renewal was seen for 50 s. These pin what the cheaper tick, status post and monitor pass must keep.
import type { Node } from 'kubernetes-types/core/v1.js';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/api/store/types.js';
import { simplePod, testCluster } from './helpers.js';

const node = (c: ReturnType<typeof testCluster>, name: string) => c.core.get('Node', '', name) as Node & KubeObject;
const heartbeat = (n: Node) => n.status?.conditions?.find((x) => x.type === 'Ready')?.lastHeartbeatTime;

describe('kubelet periodic work', () => {
  it('renews every 10 s in both lease modes, and posts node status every 5 min, sharing the stored unchanged parts', () => {
    for (const leaseWrites of ['api', 'board'] as const) {
      const c = testCluster({ kubelet: { leaseWrites } });
      c.sim.runUntil(20_000);
      const renewals: number[] = [];
      for (let t = 20_000; t <= 80_000; t += 1_000) {
        c.sim.runUntil(t);
        const r = c.board.lastRenewMs('node-0');
        if (renewals.at(-1) !== r) renewals.push(r);
      }
      const gaps = renewals.slice(1).map((r, i) => r - (renewals[i] as number));
      expect(gaps.length).toBeGreaterThanOrEqual(5);
      // a renewal lands at its tick in 'board' mode, a few ms after it in 'api' mode (when the Lease write's response
      // arrives; the API server's latency is drawn per request)
      for (const g of gaps) {
        expect(g).toBeGreaterThanOrEqual(leaseWrites === 'board' ? 10_000 : 9_950);
        expect(g).toBeLessThanOrEqual(leaseWrites === 'board' ? 10_000 : 10_050);
      }

      const first = node(c, 'node-0');
      const firstBeat = heartbeat(first);
      c.sim.runUntil(320_000);
      const second = node(c, 'node-0');
      // registration posted at t≈0; nothing changed, so the next post is the 5 min report, at the first 10 s check
      // at or after it (one write: the resourceVersion moved, the heartbeat by 300–310 s)
      const moved = Date.parse(heartbeat(second) ?? '') - Date.parse(firstBeat ?? '');
      expect(moved).toBeGreaterThanOrEqual(300_000);
      expect(moved).toBeLessThanOrEqual(310_000);
      expect(second.metadata.resourceVersion).not.toBe(first.metadata.resourceVersion);
      // the parts the kubelet does not change are the very objects the store already held
      expect(second.status?.nodeInfo).toBe(first.status?.nodeInfo);
      expect(second.status?.capacity).toBe(first.status?.capacity);
      expect(second.status?.addresses).toBe(first.status?.addresses);
      expect(second.status?.images).toBe(first.status?.images);
    }
  });

  it('posts a changed image list at the next 10 s check, not at the 5 min report', () => {
    const c = testCluster({ kubelet: { images: { 'web:v9': { sizeBytes: 1_000_000 } } } });
    c.sim.runUntil(30_000);
    const before = node(c, 'node-0').status?.images ?? [];
    expect(before.flatMap((i) => i.names)).not.toContain('web:v9');
    c.createPod({ ...simplePod('web'), spec: { containers: [{ name: 'web', image: 'web:v9' }] } }, 'node-0');
    c.sim.runUntil(60_000);
    expect(c.pod('web')?.status?.phase).toBe('Running');
    const images = node(c, 'node-0').status?.images ?? [];
    expect(images.flatMap((i) => i.names)).toContain('web:v9');
    expect(images.length).toBe(before.length + 1);
  });
});

describe('node lifecycle monitor pass', () => {
  it('keeps watching the remaining nodes, each under its own name, after a Node in the middle is deleted', () => {
    const c = testCluster({ pool: { count: 4 }, controller: true });
    c.sim.runUntil(90_000);
    // node-1 leaves the cluster (its kubelet stops first, then its Node object is deleted)
    c.sim.send('kubelet/node-1', { type: 'kubelet.stop' });
    c.core.delete('Node', '', 'node-1');
    c.sim.send('kube-apiserver', { type: 'api.flush' });
    c.sim.runUntil(100_000);
    // node-3 crashes: Unknown within grace 50 s + one 5 s period of its last renewal; node-0 and node-2 stay Ready
    c.sim.send('kubelet/node-3', { type: 'kubelet.crash' });
    c.sim.runUntil(100_001);
    const lastRenewal = c.board.lastRenewMs('node-3');
    c.sim.runUntil(lastRenewal + 50_000);
    expect(node(c, 'node-3').status?.conditions?.find((x) => x.type === 'Ready')?.status).toBe('True');
    c.sim.runUntil(lastRenewal + 55_100);
    const ready = (n: string) => node(c, n).status?.conditions?.find((x) => x.type === 'Ready');
    expect(ready('node-3')?.status).toBe('Unknown');
    expect(ready('node-3')?.reason).toBe('NodeStatusUnknown');
    expect(ready('node-0')?.status).toBe('True');
    expect(ready('node-2')?.status).toBe('True');
    expect(c.core.get('Node', '', 'node-1')).toBeUndefined();
  });
});

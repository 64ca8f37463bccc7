// Node faults through the injector (kubernetes-behaviour.md §6): crash and reboot, kubelet stop and restart,
// node removal, zone outages and clock skew, each with the node lifecycle controller's timings.
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { describe, expect, it } from 'vitest';
import type { Cluster } from '../../src/cluster/index.js';
import { deployment, ms, pods } from './helpers.js';
import { createCluster } from '../../src/cluster/index.js';

const ready = (c: Cluster, node: string) => c.get<Node>('Node', '', node)?.status?.conditions?.find((x) => x.type === 'Ready');
const taints = (c: Cluster, node: string) => (c.get<Node>('Node', '', node)?.spec?.taints ?? []).map((t) => `${t.key}:${t.effect}`);
const zoneCluster = (seed: number) =>
  createCluster({ seed, nodePools: [{ namePrefix: 'node', count: 6, zones: ['zone-a', 'zone-b', 'zone-c'] }] });
const names = (c: Cluster) => c.list<Node>('Node').map((n) => n.metadata?.name ?? '');
const zoneOf = (c: Cluster, node: string) => c.get<Node>('Node', '', node)?.metadata?.labels?.['topology.kubernetes.io/zone'];

/** Runs in 1 s steps until `cond` holds; returns the time, or -1. */
function when(c: Cluster, untilMs: number, cond: () => boolean): number {
  while (c.now < untilMs) {
    c.runFor(1000);
    if (cond()) return c.now;
  }
  return -1;
}

describe('zoneOutage', () => {
  it('crash: the zone’s nodes go Unknown after the 50 s grace, get the unreachable taints, and their pods are evicted 300 s later and replaced elsewhere', () => {
    const c = zoneCluster(1);
    c.apply([deployment('web', 6)]);
    c.runFor('1m');
    const zoneA = c.list<Node>('Node').filter((n) => n.metadata?.labels?.['topology.kubernetes.io/zone'] === 'zone-a').map((n) => n.metadata?.name ?? '');
    expect(zoneA).toHaveLength(2);
    const onA = () => pods(c, 'web').filter((p) => zoneA.includes(p.spec?.nodeName ?? ''));
    expect(onA().length).toBeGreaterThan(0);
    const at = c.now;
    const id = c.inject({ type: 'zoneOutage', zone: 'zone-a' }, { durationMs: 600_000 });
    const unknownAt = when(c, at + 120_000, () => zoneA.every((n) => ready(c, n)?.status === 'Unknown'));
    expect(unknownAt - at).toBeGreaterThan(40_000); // last renewal ≤ 10 s before the crash, + 50 s grace
    expect(unknownAt - at).toBeLessThanOrEqual(56_000);
    for (const n of zoneA) expect(taints(c, n)[0]).toBe('node.kubernetes.io/unreachable:NoSchedule');
    for (const n of names(c).filter((x) => !zoneA.includes(x))) expect(ready(c, n)?.status).toBe('True');
    // NoExecute goes through the zone's rate limiter: 0.1 nodes/s, one node every 10 s
    c.runFor('15s');
    for (const n of zoneA) expect(taints(c, n)).toEqual(['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
    c.run(unknownAt + 290_000);
    expect(onA().every((p) => p.metadata?.deletionTimestamp === undefined)).toBe(true);
    c.run(unknownAt + 330_000);
    expect(onA().every((p) => p.metadata?.deletionTimestamp !== undefined)).toBe(true);
    c.runFor('30s');
    const live = pods(c, 'web').filter((p) => p.metadata?.deletionTimestamp === undefined);
    expect(live).toHaveLength(6);
    expect(live.every((p) => !zoneA.includes(p.spec?.nodeName ?? '') && p.status?.phase === 'Running')).toBe(true);
    // the heal reboots the zone: Ready again, taints gone
    c.run(at + 600_000 + 30_000);
    expect(c.faultHistory()[0]).toMatchObject({ id, startedAtMs: at, endedAtMs: at + 600_000 });
    for (const n of zoneA) {
      expect(ready(c, n)?.status).toBe('True');
      expect(taints(c, n)).toEqual([]);
    }
  });

  it('partition: pods keep running on the cut-off nodes, which go Unknown; after the heal they are Ready again', () => {
    const c = zoneCluster(2);
    c.apply([deployment('web', 6)]);
    c.runFor('1m');
    const zoneB = names(c).filter((n) => zoneOf(c, n) === 'zone-b');
    c.inject({ type: 'zoneOutage', zone: 'zone-b', mode: 'partition' }, { durationMs: 120_000 });
    c.runFor('70s');
    for (const n of zoneB) expect(ready(c, n)?.status).toBe('Unknown');
    const state = c.sim.stateOf<{ mode: string; runs: Map<string, unknown> }>(`kubelet/${zoneB[0] ?? ''}`);
    expect(state.mode).toBe('partitioned');
    c.runFor('80s');
    for (const n of zoneB) {
      expect(ready(c, n)?.status).toBe('True');
      expect(taints(c, n)).toEqual([]);
    }
    expect(pods(c, 'web').filter((p) => p.metadata?.deletionTimestamp === undefined)).toHaveLength(6);
  });
});

describe('nodeCrash, kubeletStop, kubeletRestart, nodeRemove', () => {
  it('nodeCrash heals by rebooting: the node is Ready again and its pods start again with restartCount + 1', () => {
    const c = zoneCluster(3);
    c.apply([deployment('web', 6)]);
    c.runFor('1m');
    const victim = pods(c, 'web')[0] as Pod;
    const node = victim.spec?.nodeName ?? '';
    c.inject({ type: 'nodeCrash', node }, { durationMs: 30_000 });
    c.runFor('29s');
    expect(c.sim.stateOf<{ mode: string }>(`kubelet/${node}`).mode).toBe('crashed');
    c.runFor('31s');
    expect(c.sim.stateOf<{ mode: string }>(`kubelet/${node}`).mode).toBe('up');
    const after = c.get<Pod>('Pod', 'default', victim.metadata?.name ?? '');
    expect(after?.status?.phase).toBe('Running');
    expect(after?.status?.containerStatuses?.[0]?.restartCount).toBe(1);
    expect(ready(c, node)?.status).toBe('True');
  });

  it('kubeletStop: containers keep running, nothing is reported (Unknown after 50 s); the restart adopts them (restartCount unchanged)', () => {
    const c = zoneCluster(4);
    c.apply([deployment('web', 6)]);
    c.runFor('1m');
    const victim = pods(c, 'web')[0] as Pod;
    const node = victim.spec?.nodeName ?? '';
    c.inject({ type: 'kubeletStop', node }, { durationMs: 90_000 });
    c.runFor('70s');
    expect(ready(c, node)?.status).toBe('Unknown');
    c.runFor('40s');
    expect(ready(c, node)?.status).toBe('True');
    const after = c.get<Pod>('Pod', 'default', victim.metadata?.name ?? '');
    expect(after?.status?.containerStatuses?.[0]?.restartCount).toBe(0);
    expect(after?.status?.containerStatuses?.[0]?.state?.running?.startedAt).toBe(victim.status?.containerStatuses?.[0]?.state?.running?.startedAt);
  });

  it('kubeletRestart is instantaneous: the node stays Ready and the history shows start = end', () => {
    const c = zoneCluster(5);
    c.runFor('30s');
    c.inject({ type: 'kubeletRestart', node: 'node-1' });
    c.runFor('2m');
    expect(ready(c, 'node-1')?.status).toBe('True');
    expect(c.faultHistory()).toEqual([{ id: 1, fault: { type: 'kubeletRestart', node: 'node-1' }, startedAtMs: 30_000, endedAtMs: 30_000 }]);
    expect(c.activeFaults()).toEqual([]);
  });

  it('nodeRemove deletes the Node and stops its kubelet; the pod GC removes its pods after the 40 s quarantine and they are replaced', () => {
    const c = zoneCluster(6);
    c.apply([deployment('web', 6)]);
    c.runFor('1m');
    const node = pods(c, 'web')[0]?.spec?.nodeName ?? '';
    const on = () => pods(c, 'web').filter((p) => p.spec?.nodeName === node);
    expect(on().length).toBeGreaterThan(0);
    c.inject({ type: 'nodeRemove', node });
    c.runFor('1s');
    expect(c.get('Node', '', node)).toBeUndefined();
    expect(c.sim.actor(`kubelet/${node}`)).toBeUndefined();
    c.runFor('2m');
    expect(on()).toEqual([]);
    const live = pods(c, 'web').filter((p) => p.metadata?.deletionTimestamp === undefined);
    expect(live).toHaveLength(6);
    expect(live.every((p) => p.status?.phase === 'Running')).toBe(true);
  });
});

describe('clockSkew', () => {
  it('skews the timestamps the kubelet writes, while the node lifecycle controller judges by its own clock: the node stays Ready', () => {
    const c = zoneCluster(7);
    c.runFor('30s');
    const hour = 3_600_000;
    const id = c.inject({ type: 'clockSkew', node: 'node-1', offsetMs: hour });
    c.runFor('20s');
    const lease = c.get<{ spec?: { renewTime?: string } }>('Lease', 'kube-node-lease', 'node-1');
    expect(ms(lease?.spec?.renewTime) - c.now).toBeGreaterThan(hour - 11_000);
    expect(ms(lease?.spec?.renewTime) - c.now).toBeLessThanOrEqual(hour);
    c.apply([{ ...(deployment('web', 1) as object), spec: { ...(deployment('web', 1) as { spec: object }).spec, template: { metadata: { labels: { app: 'web' } }, spec: { nodeName: 'node-1', containers: [{ name: 'main', image: 'nginx:1.25' }] } } } }]);
    c.runFor('5m');
    expect(ready(c, 'node-1')?.status).toBe('True');
    expect(ms(ready(c, 'node-1')?.lastHeartbeatTime) - c.now).toBeGreaterThan(hour - 5 * 60_000 - 11_000);
    const pod = pods(c, 'web')[0] as Pod;
    expect(pod.spec?.nodeName).toBe('node-1');
    const created = ms(pod.metadata?.creationTimestamp);
    expect(ms(pod.status?.startTime) - created).toBeGreaterThanOrEqual(hour);
    expect(ms(pod.status?.containerStatuses?.[0]?.state?.running?.startedAt) - created).toBeGreaterThanOrEqual(hour);
    c.heal(id);
    c.runFor('20s');
    const healed = c.get<{ spec?: { renewTime?: string } }>('Lease', 'kube-node-lease', 'node-1');
    expect(Math.abs(ms(healed?.spec?.renewTime) - c.now)).toBeLessThanOrEqual(11_000);
  });
});

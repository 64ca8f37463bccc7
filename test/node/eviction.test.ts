// Node-pressure eviction (kubernetes-behaviour.md §7.5, upstream kubelet eviction manager): when memory.available
// falls under the hard threshold (100Mi) the node reports MemoryPressure, the node lifecycle controller taints it
// memory-pressure:NoSchedule, and the kubelet evicts one pod per 10 s monitoring interval — pods using more than
// they request first, then lower priority, then the larger usage − request — each Failed / Evicted with upstream's
// message; BestEffort pods are refused while the pressure lasts; the condition clears 5 min after the last
// observation under the threshold. Memory growth reaches the memory limit: OOMKilled, exit code 137 (§7.4).
import type { Event, Node, Pod } from 'kubernetes-types/core/v1.js';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/api/store/types.js';
import { rankForEviction } from '../../src/node/eviction.js';
import { testCluster } from './helpers.js';

const Mi = 2 ** 20;
const images = { 'img/app:1': { sizeBytes: 0 } };

function memPod(name: string, opts: { request?: string; limit?: string; memory?: string; growth?: string; priorityClass?: string; tolerate?: boolean }): Pod {
  const annotations: Record<string, string> = { 'kubesim.io/startup': '1s' };
  if (opts.memory !== undefined) annotations['kubesim.io/memory'] = opts.memory;
  if (opts.growth !== undefined) annotations['kubesim.io/memory-growth'] = opts.growth;
  const resources: Record<string, Record<string, string>> = {};
  if (opts.request !== undefined) resources.requests = { memory: opts.request };
  if (opts.limit !== undefined) resources.limits = { memory: opts.limit };
  return {
    metadata: { name, annotations },
    spec: {
      containers: [{ name: 'app', image: 'img/app:1', resources }],
      ...(opts.priorityClass !== undefined ? { priorityClassName: opts.priorityClass } : {}),
      ...(opts.tolerate === true ? { tolerations: [{ key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' }] } : {}),
    },
  };
}

function cluster() {
  const c = testCluster({
    controller: true,
    pool: { capacity: { cpu: '4', memory: '1Gi' } },
    kubelet: { images, latency: { sandbox: { minMs: 500, maxMs: 500 }, imagePullBase: { minMs: 0, maxMs: 0 } } },
  });
  c.core.create({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000 } as unknown as KubeObject);
  return c;
}

const memoryPressure = (n: Node | undefined) => n?.status?.conditions?.find((x) => x.type === 'MemoryPressure');

describe('node-pressure eviction', () => {
  it('evicts in upstream order, one pod per 10 s, until memory.available is back over 100Mi', () => {
    const c = cluster();
    c.sim.runUntil(1_000);
    // capacity 1Gi + the 100Mi threshold (nothing reserved) = 1124Mi; usage 200 + 250 + 400 + 500 = 1350Mi:
    // available −226Mi. Over their requests: be (+200Mi, priority 0), burst (+150Mi, 0), high (+300Mi, 1000).
    c.createPod(memPod('be', { memory: '200Mi' }), 'node-0');
    c.createPod(memPod('burst', { request: '100Mi', memory: '250Mi' }), 'node-0');
    c.createPod(memPod('high', { request: '100Mi', memory: '400Mi', priorityClass: 'high' }), 'node-0');
    c.createPod(memPod('steady', { request: '500Mi' }), 'node-0');
    const failedAt = new Map<string, number>();
    c.sim.observe((sim) => {
      for (const name of ['be', 'burst', 'high', 'steady']) {
        if (!failedAt.has(name) && c.pod(name)?.status?.phase === 'Failed') failedAt.set(name, Math.floor(sim.now / 100) * 100);
      }
    });
    c.sim.runUntil(60_000);
    // be first (priority 0, larger excess than burst); then burst (−26Mi left); then 224Mi available: no more
    expect([...failedAt.keys()]).toEqual(['be', 'burst']);
    expect((failedAt.get('burst') ?? 0) - (failedAt.get('be') ?? 0)).toBe(10_000);
    const be = c.pod('be');
    expect(be?.status).toMatchObject({ phase: 'Failed', reason: 'Evicted', qosClass: 'BestEffort' });
    expect(be?.status?.message).toBe('The node was low on resource: memory. Threshold quantity: 100Mi, available: -226Mi. Container app was using 200Mi, request is 0, has larger consumption of memory. ');
    expect(c.pod('burst')?.status?.message).toBe('The node was low on resource: memory. Threshold quantity: 100Mi, available: -26Mi. Container app was using 250Mi, request is 100Mi, has larger consumption of memory. ');
    expect(be?.status?.conditions?.find((x) => x.type === 'DisruptionTarget')).toMatchObject({ status: 'True', reason: 'TerminationByKubelet' });
    expect(be?.status?.containerStatuses?.[0]?.state?.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
    expect(c.pod('high')?.status?.phase).toBe('Running');
    expect(c.pod('steady')?.status?.phase).toBe('Running');
    const events = (c.core.list('Event').items as unknown as Event[]).filter((e) => e.reason === 'Evicted');
    expect(events.map((e) => [e.involvedObject.name, e.type])).toEqual([['be', 'Warning'], ['burst', 'Warning']]);
    // the node: MemoryPressure=True, tainted NoSchedule by the node lifecycle controller
    const node = c.core.get('Node', '', 'node-0') as Node | undefined;
    expect(memoryPressure(node)).toMatchObject({ status: 'True', reason: 'KubeletHasInsufficientMemory' });
    expect(node?.spec?.taints).toContainEqual(expect.objectContaining({ key: 'node.kubernetes.io/memory-pressure', effect: 'NoSchedule' }));
    expect(c.kubelet('node-0').used.pods).toBe(2);

    // BestEffort pods are refused while under pressure, unless they tolerate the taint
    c.createPod(memPod('late', {}), 'node-0');
    c.createPod(memPod('tolerant', { tolerate: true }), 'node-0');
    c.sim.runUntil(65_000);
    expect(c.pod('late')?.status).toMatchObject({ phase: 'Failed', reason: 'Evicted', message: 'The node had condition: [MemoryPressure]. ' });
    expect(c.pod('tolerant')?.status?.phase).toBe('Running');

    // evictionPressureTransitionPeriod: False 5 min after the last observation under the threshold (burst's eviction)
    const last = failedAt.get('burst') ?? 0;
    c.sim.runUntil(last + 299_000);
    expect(memoryPressure(c.core.get('Node', '', 'node-0') as Node)?.status).toBe('True');
    c.sim.runUntil(last + 301_000);
    expect(memoryPressure(c.core.get('Node', '', 'node-0') as Node)?.status).toBe('False');
    // the controller's next monitor pass (every 5 s) lifts the taint
    c.sim.runUntil(last + 306_000);
    expect((c.core.get('Node', '', 'node-0') as Node).spec?.taints ?? []).not.toContainEqual(expect.objectContaining({ key: 'node.kubernetes.io/memory-pressure' }));
  });

  it('ranking: over-request first, then priority, then usage − request', () => {
    const cand = (name: string, usage: number, request: number, priority: number) => ({ run: { name } as never, usage: usage * Mi, request: request * Mi, priority });
    const order = rankForEviction([cand('guaranteed-under', 100, 200, 0), cand('high-over', 500, 100, 1000), cand('small-over', 150, 100, 0), cand('big-over', 400, 100, 0)]);
    expect(order.map((x) => (x.run as { name: string }).name)).toEqual(['big-over', 'small-over', 'high-over', 'guaranteed-under']);
  });

  it('memory growth reaches the memory limit: OOMKilled, exit code 137, restarted', () => {
    const c = cluster();
    c.sim.runUntil(1_000);
    // the process starts at 2.5 s at its request (100Mi) and grows 10Mi/s: 200Mi limit at 12.5 s
    c.createPod(memPod('leak', { request: '100Mi', limit: '200Mi', growth: '10Mi/s' }), 'node-0');
    c.sim.runUntil(12_400);
    expect(c.pod('leak')?.status?.containerStatuses?.[0]?.restartCount).toBe(0);
    c.sim.runUntil(12_600);
    const s = c.pod('leak')?.status?.containerStatuses?.[0];
    expect(s?.restartCount).toBe(1);
    expect(s?.lastState?.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
  });

  it('malformed memory annotations name the annotation', () => {
    const c = cluster();
    c.sim.runUntil(1_000);
    c.createPod(memPod('p', { memory: 'lots', growth: '10Mi' }), 'node-0');
    c.sim.runUntil(5_000);
    const msg = c.pod('p')?.status?.containerStatuses?.[0]?.state?.waiting?.message ?? '';
    expect(msg).toContain('annotation kubesim.io/memory: "lots" is not a memory quantity (e.g. 300Mi)');
    expect(msg).toContain('annotation kubesim.io/memory-growth: "10Mi" is not a memory growth rate (a quantity per second, e.g. 10Mi/s)');
  });
});

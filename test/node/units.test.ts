// Pure pieces of the node components with Kubernetes' numbers: node pools (well-known labels, allocatable =
// capacity − reserved), behaviour annotations, pod requests (max of init and sum of app containers, §7.1), the
// taint-eviction delay (min tolerationSeconds, §6) and the zone eviction rates (0.1/s, 0.01/s, 0 — §6).
import type { Node } from 'kubernetes-types/core/v1.js';
import { describe, expect, it } from 'vitest';
import { admitPod, podRequests } from '../../src/node/admission.js';
import { podBehaviour } from '../../src/node/behaviour.js';
import { nodePool } from '../../src/node/node-pool.js';
import { TAINT_UNREACHABLE, evictionDelayMs } from '../../src/node/taints.js';
import { zoneRates } from '../../src/node/zones.js';

describe('node pieces', () => {
  it('node pools: labels, zones round-robin, allocatable, pod CIDRs, images', () => {
    const nodes = nodePool({ namePrefix: 'gpu', count: 3, zones: ['a', 'b'], capacity: { cpu: '8', memory: '32Gi', 'nvidia.com/gpu': '4' }, reserved: { cpu: '500m' }, images: [{ name: 'pause:3.9', sizeBytes: 1000 }] });
    expect(nodes.map((n) => n.metadata?.labels?.['topology.kubernetes.io/zone'])).toEqual(['a', 'b', 'a']);
    expect(nodes[1]?.metadata?.labels?.['kubernetes.io/hostname']).toBe('gpu-1');
    expect(nodes[0]?.status?.allocatable).toMatchObject({ cpu: '7500m', memory: '32Gi', 'nvidia.com/gpu': '4', pods: '110' });
    expect(nodes[2]?.spec?.podCIDR).toBe('10.64.2.0/24');
    expect(nodes[0]?.status?.images).toEqual([{ names: ['pause:3.9'], sizeBytes: 1000 }]);
    expect(nodes[0]?.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
  });

  it('behaviour: defaults, ranges, per-container keys, errors naming the annotation', () => {
    const b = podBehaviour({
      metadata: { annotations: { 'kubesim.io/startup': '2s..4s', 'kubesim.io/exit-code.b': '7', 'kubesim.io/exit-after.b': '1m' } },
      spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'x' }] },
    });
    expect(b.errors).toEqual([]);
    expect(b.containers.get('a')).toMatchObject({ startup: { minMs: 2000, maxMs: 4000 }, exitCode: 0 });
    expect(b.containers.get('a')?.exitAfter).toBeUndefined();
    expect(b.containers.get('b')).toMatchObject({ exitAfter: { minMs: 60_000, maxMs: 60_000 }, exitCode: 7 });
    const bad = podBehaviour({ metadata: { annotations: { 'kubesim.io/exit-code': '300', 'kubesim.io/startup.zzz': '1s' } }, spec: { containers: [{ name: 'a', image: 'x' }] } });
    expect(bad.errors).toEqual(['annotation kubesim.io/startup.zzz: the pod has no container "zzz"', 'annotation kubesim.io/exit-code: "300" is not an exit code (an integer 0–255)']);
  });

  it('behaviour: hook, flap and memory keys (the podBehaviour example)', () => {
    const web = podBehaviour({ metadata: { annotations: {
      'kubesim.io/post-start': '2s', 'kubesim.io/pre-stop': '10s', 'kubesim.io/ready-flap': '30s',
      'kubesim.io/memory': '300Mi', 'kubesim.io/memory-growth': '1Mi/s', 'kubesim.io/ready-flap.web': '10s/1m',
    } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27',
      lifecycle: { postStart: { exec: { command: ['warm-up'] } }, preStop: { exec: { command: ['drain'] } } },
      readinessProbe: { httpGet: { path: '/ready', port: 80 } } }] } });
    expect(web.errors).toEqual([]);
    // the per-container key wins over the pod-wide one
    expect(web.containers.get('web')).toMatchObject({
      postStart: { minMs: 2000, maxMs: 2000 }, preStop: { minMs: 10_000, maxMs: 10_000 }, postStartFails: false,
      readyFlap: { notReadyMs: 10_000, everyMs: 60_000 }, memoryBytes: 300 * 2 ** 20, memoryGrowthBytesPerSecond: 2 ** 20,
    });
  });

  it('pod requests: max(init, sum(app)) + overhead; admission checks pods first', () => {
    const r = podRequests({ spec: {
      initContainers: [{ name: 'i', image: 'x', resources: { requests: { cpu: '2', memory: '1Gi' } } }],
      containers: [{ name: 'a', image: 'x', resources: { requests: { cpu: '500m', memory: '2Gi' } } }, { name: 'b', image: 'x', resources: { requests: { cpu: '500m' } } }],
      overhead: { cpu: '100m' },
    } });
    expect(r).toEqual({ cpu: 2100, memory: 2 * 2 ** 30 });
    expect(admitPod({ cpu: 1 }, { cpu: 1000, pods: 1 }, { pods: 1 })?.reason).toBe('OutOfpods');
    expect(admitPod({ cpu: 100 }, { cpu: 1000, pods: 10 }, { pods: 1, cpu: 900 })).toBeUndefined();
  });

  it('taint eviction delay: now without a toleration, min tolerationSeconds, never when unbounded', () => {
    const taints = [{ key: TAINT_UNREACHABLE, effect: 'NoExecute' }];
    expect(evictionDelayMs([], taints)).toBe(0);
    expect(evictionDelayMs([{ key: TAINT_UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }, { operator: 'Exists', tolerationSeconds: 60 }], taints)).toBe(60_000);
    expect(evictionDelayMs([{ operator: 'Exists' }], taints)).toBe(Number.POSITIVE_INFINITY);
  });

  it('zone rates: healthy 0.1/s, partially disrupted large zone 0.01/s, small 0, all fully disrupted 0', () => {
    const node = (zone: string, ready: boolean): Node => ({ metadata: { labels: { 'topology.kubernetes.io/zone': zone } }, status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'Unknown' }] } });
    const big = [...Array.from({ length: 30 }, () => node('a', true)), ...Array.from({ length: 40 }, () => node('a', false))];
    const small = [node('b', true), node('b', false), node('b', false), node('b', false)];
    const rates = zoneRates([...big, ...small, node('c', true)]);
    expect(rates.get('a')).toBe(0.01);
    expect(rates.get('b')).toBe(0);
    expect(rates.get('c')).toBe(0.1);
    expect(zoneRates([node('a', false), node('b', false)]).get('a')).toBe(0);
  });
});

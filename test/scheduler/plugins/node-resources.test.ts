// NodeResourcesFit and NodeResourcesBalancedAllocation reproduce kube-scheduler's filter and score numbers (§1.4, §1.5.1, §1.5.2).
import { describe, expect, it } from 'vitest';
import { newBalancedAllocation } from '../../../src/scheduler/plugins/balanced-allocation.js';
import { newNodeResourcesFit } from '../../../src/scheduler/plugins/node-resources-fit.js';
import { PodInfo, podRequests, SchedulerConfigError, createFrameworks, parseSchedulerConfiguration } from '../../../src/scheduler/index.js';
import { cluster, filter, node, pod, scores } from '../helpers.js';

// Two nodes of upstream's least_allocated_test "differently sized nodes": 4000m/10000 and 6000m/10000 bytes.
const sized = () => cluster([node('n1', { cpu: '4000m', memory: '10000' }), node('n2', { cpu: '6000m', memory: '10000' })]);
const big = pod('p', { cpu: '3000m', memory: '5000' });

describe('NodeResourcesFit score (§1.5.1)', () => {
  const cases = [
    { name: 'LeastAllocated: (alloc−req)×100/alloc averaged, int div', args: {}, want: [37, 50] },
    { name: 'MostAllocated: req×100/alloc averaged', args: { scoringStrategy: { type: 'MostAllocated' } }, want: [62, 50] },
    {
      name: 'RequestedToCapacityRatio shape {0:10,100:0}: round(37.5) = 38',
      args: { scoringStrategy: { type: 'RequestedToCapacityRatio', requestedToCapacityRatio: { shape: [{ utilization: 0, score: 10 }, { utilization: 100, score: 0 }] } } },
      want: [38, 50],
    },
    {
      name: 'LeastAllocated with weights cpu:3 memory:1',
      args: { scoringStrategy: { resources: [{ name: 'cpu', weight: 3 }, { name: 'memory', weight: 1 }] } },
      want: [Math.trunc((25 * 3 + 50) / 4), 50],
    },
  ];
  for (const c of cases) {
    it(c.name, () => expect(scores(newNodeResourcesFit(c.args), sized(), big)).toEqual(c.want));
  }

  it('uses the 100m / 200 MiB non-zero defaults for containers without requests', () => {
    const c = cluster([node('n1', { cpu: '1000m', memory: `${800 * 1024 * 1024}` })]);
    // cpu: (1000−100)×100/1000 = 90; memory: (800−200)×100/800 = 75 → (90+75)/2 = 82
    expect(scores(newNodeResourcesFit({}), c, pod('p'))).toEqual([82]);
  });

  it('skips an extended resource the pod does not request', () => {
    const c = cluster([node('n1', { cpu: '4000m', memory: '10000', extra: { 'example.com/gpu': '4' } })]);
    const fit = newNodeResourcesFit({ scoringStrategy: { resources: [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }, { name: 'example.com/gpu', weight: 5 }] } });
    expect(scores(fit, c, big)).toEqual([37]);
  });
});

describe('NodeResourcesFit filter (§1.4)', () => {
  const c = cluster([node('n1', { cpu: '4', memory: '8Gi', pods: '2' })], [pod('a', { cpu: '3', nodeName: 'n1' }), pod('b', { nodeName: 'n1' })]);
  const fit = newNodeResourcesFit({});
  const cases = [
    { name: 'fits nothing-requesting pod except pod count', p: pod('p'), code: 'Unschedulable', reasons: ['Too many pods'] },
    { name: 'cpu over free capacity and pods', p: pod('p', { cpu: '2' }), code: 'Unschedulable', reasons: ['Too many pods', 'Insufficient cpu'] },
    { name: 'cpu over allocatable itself is unresolvable', p: pod('p', { cpu: '5' }), code: 'UnschedulableAndUnresolvable', reasons: ['Too many pods', 'Insufficient cpu'] },
  ];
  for (const t of cases) {
    it(t.name, () => {
      const st = filter(fit, c, t.p, 'n1');
      expect(st !== 'Skip' && { code: st.code, reasons: st.reasons }).toEqual({ code: t.code, reasons: t.reasons });
    });
  }
  it('reports extended resources by name', () => {
    const c2 = cluster([node('n1', { extra: { 'example.com/gpu': '1' } })]);
    const p = pod('p', { containers: [{ name: 'c', resources: { requests: { 'example.com/gpu': '2' } } }] });
    const st = filter(fit, c2, p, 'n1');
    expect(st !== 'Skip' && st.reasons).toEqual(['Insufficient example.com/gpu']);
  });
});

describe('pod request (§1.4): max(containers + sidecars, largest init + earlier sidecars) + overhead', () => {
  it('init container larger than the containers wins', () => {
    const p = pod('p', { containers: [{ name: 'a', resources: { requests: { cpu: '1' } } }, { name: 'b', resources: { requests: { cpu: '1' } } }],
      spec: { initContainers: [{ name: 'i', resources: { requests: { cpu: '3' } } }] } });
    expect(podRequests(p, false).milliCPU).toBe(3000);
  });
  it('sidecars add to the containers and to later init containers; overhead is added', () => {
    const p = pod('p', { containers: [{ name: 'a', resources: { requests: { cpu: '1' } } }], spec: {
      initContainers: [{ name: 's', restartPolicy: 'Always', resources: { requests: { cpu: '1' } } }, { name: 'i', resources: { requests: { cpu: '2' } } }],
      overhead: { cpu: '500m' } } });
    expect(new PodInfo(p).requests.milliCPU).toBe(3500);
  });
  it('an explicit 0 request stays 0 for scoring; a missing one becomes 100m', () => {
    const p = pod('p', { containers: [{ name: 'a', resources: { requests: { cpu: '0' } } }, { name: 'b' }] });
    expect(new PodInfo(p).nonZeroMilliCPU).toBe(100);
  });
});

describe('NodeResourcesBalancedAllocation (§1.5.2)', () => {
  it('scores 100 − std×100 with two fractions', () => {
    // n1: 0.75 / 0.5 → std 0.125 → 87; n2: 0.5 / 0.5 → 100
    expect(scores(newBalancedAllocation({}), sized(), big)).toEqual([87, 100]);
  });
  it('skips best-effort pods at PreScore', () => {
    expect(scores(newBalancedAllocation({}), sized(), pod('p'))).toEqual([0, 0]);
  });
});

describe('NodeResourcesFit args validation', () => {
  const cases = [
    { name: 'weight out of range', args: { scoringStrategy: { resources: [{ name: 'cpu', weight: 0 }] } },
      msg: 'profiles[0].pluginConfig[0].args.scoringStrategy.resources[0].weight: Invalid value: 0: resource weight of cpu not in valid range [1, 100]' },
    { name: 'unknown strategy', args: { scoringStrategy: { type: 'Random' } }, msg: 'profiles[0].pluginConfig[0].args.scoringStrategy.type: Unsupported value: "Random"' },
    { name: 'shape not increasing', args: { scoringStrategy: { type: 'RequestedToCapacityRatio', requestedToCapacityRatio: { shape: [{ utilization: 50, score: 1 }, { utilization: 10, score: 2 }] } } },
      msg: 'shape[1].utilization: Invalid value: 10: utilization values must be sorted in increasing order' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const cfg = parseSchedulerConfiguration({ profiles: [{ pluginConfig: [{ name: 'NodeResourcesFit', args: c.args }] }] });
      expect(() => createFrameworks(cfg)).toThrow(SchedulerConfigError);
      expect(() => createFrameworks(cfg)).toThrow(c.msg);
    });
  }
});

// kube-scheduler as an actor: pending pods are bound through the API server one cycle at a time; a pod that
// fits nowhere gets PodScheduled=False with upstream's message and is retried when a node is added
// (kubernetes-behaviour.md §1.1, §1.2).
import type { Pod } from 'kubernetes-types/core/v1.js';
import { describe, expect, it } from 'vitest';
import { apiServer } from '../../../src/api/server/api-server.js';
import { ApiServerCore } from '../../../src/api/server/core.js';
import type { KubeObject } from '../../../src/api/store/types.js';
import { Simulation } from '../../../src/engine/index.js';
import { backoffDurationMs, kubeScheduler, type KubeSchedulerState } from '../../../src/scheduler/actor/index.js';

function node(name: string, cpu: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name } },
    status: { capacity: { cpu, memory: '8Gi', pods: '110' }, allocatable: { cpu, memory: '8Gi', pods: '110' } },
  };
}

function pod(name: string, cpu: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { containers: [{ name: 'c', image: 'nginx:1.27', resources: { requests: { cpu } } }] },
  };
}

function setup(seed = 1) {
  const sim = new Simulation({ seed });
  const core = new ApiServerCore({ now: () => sim.now });
  sim.spawn('kube-apiserver', apiServer(core, { latency: { bind: 2, updateStatus: 2, create: 2, list: 1, watch: 1 }, watchLatency: 1 }));
  const write = (o: KubeObject) => {
    core.create(o);
    sim.send('kube-apiserver', { type: 'api.flush' });
  };
  return { sim, core, write };
}

const nodeOf = (core: ApiServerCore, name: string) => (core.get('Pod', 'default', name) as Pod).spec?.nodeName ?? '';

describe('kube-scheduler actor', () => {
  it('binds pending pods, spreading them by LeastAllocated (§1.5.1)', () => {
    const { sim, core, write } = setup();
    write(node('n1', '4'));
    write(node('n2', '4'));
    sim.spawn('kube-scheduler', kubeScheduler({ cycleMs: 3 }));
    sim.runUntil(100);
    for (let i = 0; i < 4; i++) write(pod(`p${i}`, '1'));
    sim.runUntil(1_000);
    const placed = [0, 1, 2, 3].map((i) => nodeOf(core, `p${i}`));
    expect(placed.filter((n) => n === 'n1')).toHaveLength(2);
    expect(placed.filter((n) => n === 'n2')).toHaveLength(2);
    const bound = core.get('Pod', 'default', 'p0') as Pod;
    expect(bound.status?.conditions?.find((c) => c.type === 'PodScheduled')?.status).toBe('True');
    const events = core.list('Event').items.filter((e) => (e as { reason?: string }).reason === 'Scheduled');
    expect(events).toHaveLength(4);
    expect(sim.stateOf<KubeSchedulerState>('kube-scheduler').stats).toMatchObject({ scheduled: 4, unschedulable: 0 });
  });

  it('an unschedulable pod gets upstream’s message, then schedules when a node is added', () => {
    const { sim, core, write } = setup();
    write(node('small-1', '1'));
    write(node('small-2', '1'));
    sim.spawn('kube-scheduler', kubeScheduler({ cycleMs: 3 }));
    sim.runUntil(100);
    write(pod('big', '2'));
    sim.runUntil(2_000);
    const waiting = core.get('Pod', 'default', 'big') as Pod;
    const cond = waiting.status?.conditions?.find((c) => c.type === 'PodScheduled');
    expect(cond).toMatchObject({
      status: 'False',
      reason: 'Unschedulable',
      // the request (2 cpu) exceeds each node's allocatable (1 cpu): NodeResourcesFit reports it as
      // UnschedulableAndUnresolvable, so preemption cannot help on any node (upstream fit.go, §1.7)
      message:
        '0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
    });
    expect(nodeOf(core, 'big')).toBe('');
    write(node('large', '4'));
    sim.runUntil(4_000);
    expect(nodeOf(core, 'big')).toBe('large');
    const reasons = core.list('Event').items.map((e) => (e as { reason?: string }).reason);
    expect(reasons).toContain('FailedScheduling');
  });

  it('per-pod backoff doubles from 1 s to a 10 s cap (§1.2)', () => {
    expect([1, 2, 3, 4, 5, 6].map(backoffDurationMs)).toEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
  });

  it('the same seed gives the same placements', () => {
    const run = (seed: number) => {
      const { sim, core, write } = setup(seed);
      for (let i = 0; i < 6; i++) write(node(`n${i}`, '8'));
      sim.spawn('kube-scheduler', kubeScheduler());
      sim.runUntil(50);
      for (let i = 0; i < 30; i++) write(pod(`p${i}`, '500m'));
      sim.runUntil(5_000);
      return { placements: Array.from({ length: 30 }, (_, i) => nodeOf(core, `p${i}`)), fp: sim.fingerprint };
    };
    const a = run(7);
    expect(a.placements.every((n) => n !== '')).toBe(true);
    expect(run(7)).toEqual(a);
  });
});

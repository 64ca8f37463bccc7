// The kubelet runs pods as Kubernetes reports them (kubernetes-behaviour.md §7): admission against allocatable
// (OutOfcpu with upstream's message), CrashLoopBackOff restart delays 0, 10, 20, 40 … s (§7.2), OnFailure pods that
// exit 0 end Succeeded, Never pods that fail end Failed, init containers run in order, graceful deletion ends
// with the pod object deleted, and malformed kubesim.io/ annotations are reported as CreateContainerConfigError.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { describe, expect, it } from 'vitest';
import { simplePod, testCluster } from './helpers.js';

const fixed = { sandbox: { minMs: 500, maxMs: 500 }, imagePullBase: { minMs: 0, maxMs: 0 }, sigtermExit: { minMs: 200, maxMs: 200 } };
const images = { 'img/app:1': { sizeBytes: 0 }, 'img/init:1': { sizeBytes: 0 }, 'img/a:1': { sizeBytes: 0 }, 'img/b:1': { sizeBytes: 0 } };

function cluster(cpu = '4') {
  return testCluster({ pool: { capacity: { cpu } }, kubelet: { latency: fixed, images } });
}

describe('kubelet pod lifecycle', () => {
  it('rejects a pod that does not fit allocatable: Failed, OutOfcpu, upstream message', () => {
    const c = cluster('1');
    c.sim.runUntil(1_000);
    const req = (name: string, cpu: string): Pod => simplePod(name, ['app'], { containers: [{ name: 'app', image: 'img/app:1', resources: { requests: { cpu } } }] });
    c.createPod(req('a', '600m'), 'node-0');
    c.createPod(req('b', '600m'), 'node-0');
    c.sim.runUntil(10_000);
    expect(c.pod('a')?.status?.phase).toBe('Running');
    const b = c.pod('b');
    expect(b?.status?.phase).toBe('Failed');
    expect(b?.status?.reason).toBe('OutOfcpu');
    expect(b?.status?.message).toBe("Pod was rejected: Node didn't have enough resource: cpu, requested: 600, used: 600, capacity: 1000");
  });

  it('restarts a crash-looping container after 0, 10, 20, 40 s of back-off', () => {
    const c = cluster();
    c.sim.runUntil(1_000);
    // starts in exactly 1 s, crashes 1 s after it runs
    c.createPod(simplePod('crash', ['app'], {}, { 'kubesim.io/startup': '1s', 'kubesim.io/crash-after': '1s' }), 'node-0');
    const starts: number[] = [];
    let last = '';
    while (c.sim.now < 120_000) {
      c.sim.runUntil(c.sim.now + 10);
      const s = c.pod('crash')?.status?.containerStatuses?.[0];
      const at = s?.state?.running?.startedAt ?? '';
      if (at !== '' && at !== last) {
        last = at;
        starts.push(c.sim.now);
      }
    }
    const gaps = starts.slice(1).map((t, i) => Math.round((t - (starts[i] as number)) / 1000));
    // each cycle: 1 s running + back-off + 1 s startup
    expect(gaps.slice(0, 4)).toEqual([2, 12, 22, 42]);
    const s = c.pod('crash')?.status?.containerStatuses?.[0];
    expect(s?.lastState?.terminated?.exitCode).toBe(1);
    expect(c.pod('crash')?.status?.phase).toBe('Running');
  });

  it('OnFailure: exit 0 ends Succeeded; Never: exit 3 ends Failed (phases never leave terminal)', () => {
    const c = cluster();
    c.sim.runUntil(1_000);
    c.createPod(simplePod('ok', ['app'], { restartPolicy: 'OnFailure' }, { 'kubesim.io/exit-after': '5s' }), 'node-0');
    c.createPod(simplePod('bad', ['app'], { restartPolicy: 'Never' }, { 'kubesim.io/exit-after': '5s', 'kubesim.io/exit-code': '3' }), 'node-0');
    c.sim.runUntil(60_000);
    expect(c.pod('ok')?.status?.phase).toBe('Succeeded');
    expect(c.pod('ok')?.status?.containerStatuses?.[0]?.state?.terminated?.reason).toBe('Completed');
    expect(c.pod('bad')?.status?.phase).toBe('Failed');
    expect(c.pod('bad')?.status?.containerStatuses?.[0]?.state?.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
    expect(c.kubelet('node-0').used.pods).toBe(0);
  });

  it('OnFailure: a container that exits 1 restarts with back-off and the pod stays Running, never Succeeded (§7.1 getPhase)', () => {
    const c = cluster();
    c.sim.runUntil(1_000);
    c.createPod(simplePod('crashy', ['app'], { restartPolicy: 'OnFailure' }, { 'kubesim.io/exit-after': '5s', 'kubesim.io/exit-code': '1' }), 'node-0');
    const phases = new Set<string>();
    for (let t = 2_000; t <= 120_000; t += 1_000) {
      c.sim.runUntil(t);
      phases.add(c.pod('crashy')?.status?.phase ?? '');
    }
    expect(phases.has('Succeeded')).toBe(false);
    expect(c.pod('crashy')?.status?.phase).toBe('Running');
    expect(c.pod('crashy')?.status?.containerStatuses?.[0]?.restartCount).toBeGreaterThanOrEqual(3);
  });

  it('runs init containers in order before the app containers', () => {
    const c = cluster();
    c.sim.runUntil(1_000);
    c.createPod(
      { metadata: { name: 'p', annotations: { 'kubesim.io/startup': '1s', 'kubesim.io/exit-after.init': '3s' } },
        spec: { initContainers: [{ name: 'init', image: 'img/init:1' }], containers: [{ name: 'app', image: 'img/app:1' }] } },
      'node-0',
    );
    c.sim.runUntil(3_000);
    expect(c.pod('p')?.status?.phase).toBe('Pending');
    expect(c.pod('p')?.status?.conditions?.find((x) => x.type === 'Initialized')?.status).toBe('False');
    expect(c.pod('p')?.status?.containerStatuses?.[0]?.state?.waiting?.reason).toBe('PodInitializing');
    // sandbox 0.5 s + init 1 s startup + 3 s run = init done at 5.5 s; app running at 6.5 s
    c.sim.runUntil(6_400);
    expect(c.pod('p')?.status?.initContainerStatuses?.[0]?.state?.terminated?.reason).toBe('Completed');
    c.sim.runUntil(7_000);
    expect(c.pod('p')?.status?.phase).toBe('Running');
    expect(c.pod('p')?.status?.conditions?.find((x) => x.type === 'Ready')?.status).toBe('True');
  });

  it('graceful deletion: containers stop, the kubelet deletes the pod object with grace 0', () => {
    const c = cluster();
    c.sim.runUntil(1_000);
    c.createPod(simplePod('web'), 'node-0');
    c.sim.runUntil(10_000);
    c.deletePod('web');
    expect(c.pod('web')?.metadata?.deletionTimestamp).toBeDefined();
    c.sim.runUntil(11_000);
    expect(c.pod('web')).toBeUndefined();
    expect(c.kubelet('node-0').used.pods).toBe(0);
  });

  it('a malformed or unknown kubesim.io/ annotation blocks the containers with a message naming it', () => {
    const c = cluster();
    c.sim.runUntil(1_000);
    c.createPod(simplePod('p', ['app'], {}, { 'kubesim.io/exit-after': 'soon', 'kubesim.io/colour': 'red' }), 'node-0');
    c.sim.runUntil(10_000);
    const w = c.pod('p')?.status?.containerStatuses?.[0]?.state?.waiting;
    expect(w?.reason).toBe('CreateContainerConfigError');
    expect(w?.message).toContain('kubesim.io/exit-after: "soon" is not a duration');
    expect(w?.message).toContain('unknown annotation kubesim.io/colour');
    expect(c.pod('p')?.status?.phase).toBe('Pending');
  });
});

// The kubelet's memory tally (the eviction manager's memory.available signal, kubernetes-behaviour.md §7.5) equals the
// full sum of the working sets of every process of every unreleased run, after every event: pods with and without
// memory growth, OOM kills at their limit, exits and restarts, evictions under pressure, graceful and forced deletions,
// container crashes, kubelet crashes and restarts.
import fc from 'fast-check';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { describe, expect, it } from 'vitest';
import { memoryAvailable } from '../../src/node/eviction.js';
import type { KubeletState } from '../../src/node/kubelet.js';
import { memoryUsage } from '../../src/node/pod-lifecycle.js';
import { MemoryTally } from '../../src/node/_internal/runtime.js';
import type { ContainerRun, PodRun } from '../../src/node/pod-run.js';
import { testCluster } from './helpers.js';

/** The working sets summed the long way: every container of every unreleased run. */
function fullUsed(state: KubeletState, nowMs: number): number {
  let used = 0;
  for (const run of state.runs.values()) {
    if (run.released) continue;
    for (const c of run.containers) used += memoryUsage(run, c, nowMs);
  }
  return used;
}

const podArb = fc.record({
  memoryMi: fc.option(fc.integer({ min: 1, max: 400 }), { nil: undefined }),
  requestMi: fc.option(fc.integer({ min: 1, max: 300 }), { nil: undefined }),
  limitMi: fc.option(fc.integer({ min: 300, max: 600 }), { nil: undefined }),
  growthKi: fc.option(fc.integer({ min: 1, max: 4096 }), { nil: undefined }),
  exitAfterS: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
  policy: fc.constantFrom('Always', 'OnFailure', 'Never'),
  init: fc.boolean(),
  at: fc.integer({ min: 0, max: 60_000 }),
  deleteAfter: fc.option(fc.integer({ min: 0, max: 90_000 }), { nil: undefined }),
  crashAfter: fc.option(fc.integer({ min: 0, max: 90_000 }), { nil: undefined }),
  force: fc.boolean(),
});

function pod(name: string, p: typeof podArb extends fc.Arbitrary<infer T> ? T : never): Pod {
  const annotations: Record<string, string> = { 'kubesim.io/startup': '1s' };
  if (p.memoryMi !== undefined) annotations['kubesim.io/memory'] = `${p.memoryMi}Mi`;
  if (p.growthKi !== undefined) annotations['kubesim.io/memory-growth.app'] = `${p.growthKi}Ki/s`;
  if (p.exitAfterS !== undefined) annotations['kubesim.io/exit-after.app'] = `${p.exitAfterS}s`;
  const resources: Record<string, Record<string, string>> = {};
  if (p.requestMi !== undefined) resources.requests = { memory: `${p.requestMi}Mi` };
  if (p.limitMi !== undefined) resources.limits = { memory: `${p.limitMi}Mi` };
  return {
    metadata: { name, annotations },
    spec: {
      restartPolicy: p.policy,
      containers: [{ name: 'app', image: 'img/app:1', resources }],
      ...(p.init ? { initContainers: [{ name: 'init', image: 'img/app:1', resources }] } : {}),
    },
  };
}

describe('kubelet memory tally', () => {
  it('memory.available from the tally equals the full sum after every event', () => {
    fc.assert(
      fc.property(fc.array(podArb, { maxLength: 10 }), fc.array(fc.integer({ min: 0, max: 120_000 }), { maxLength: 2 }), fc.integer(), (pods, crashes, seed) => {
        const c = testCluster({
          seed, controller: true, pool: { capacity: { cpu: '8', memory: '1Gi' } },
          kubelet: { images: { 'img/app:1': { sizeBytes: 0 } }, latency: { sandbox: { minMs: 100, maxMs: 900 }, imagePullBase: { minMs: 0, maxMs: 0 } } },
        });
        const node = 'kubelet/node-0';
        const capacity = 2 ** 30 + 100 * 2 ** 20; // 1Gi, at least allocatable + the 100Mi threshold
        let checks = 0;
        c.sim.observe((sim) => {
          const state = c.kubelet('node-0');
          expect(memoryAvailable(state, sim.now)).toBe(capacity - fullUsed(state, sim.now));
          checks++;
        });
        // a graceful deletion lets the kubelet stop the containers; a forced one (grace 0) releases the run at once
        const remove = (name: string, force: boolean) => {
          if (c.pod(name) === undefined) return;
          if (!force) c.deletePod(name);
          else {
            c.core.delete('Pod', 'default', name, { gracePeriodSeconds: 0 });
            c.sim.send('kube-apiserver', { type: 'api.flush' });
          }
        };
        const ops: { at: number; run: () => void }[] = [];
        pods.forEach((p, i) => {
          ops.push({ at: p.at, run: () => c.createPod(pod(`p${i}`, p), 'node-0') });
          if (p.deleteAfter !== undefined) ops.push({ at: p.at + p.deleteAfter, run: () => remove(`p${i}`, p.force) });
          if (p.crashAfter !== undefined) ops.push({ at: p.at + p.crashAfter, run: () => c.sim.send(node, { type: 'kubelet.crashContainer', namespace: 'default', pod: `p${i}` }) });
        });
        for (const at of crashes) {
          ops.push({ at, run: () => c.sim.send(node, { type: 'kubelet.crash' }) });
          ops.push({ at: at + 20_000, run: () => c.sim.send(node, { type: 'kubelet.restart' }) });
        }
        ops.sort((a, b) => a.at - b.at);
        for (const op of ops) {
          c.sim.runUntil(Math.max(c.sim.now, op.at));
          op.run();
        }
        c.sim.runUntil(c.sim.now + 200_000);
        expect(checks).toBeGreaterThan(0);
      }),
      { numRuns: 30 },
    );
  });

  it('counts a process once, stops counting it once, and never counts a released run', () => {
    const tally = new MemoryTally();
    const steady = { behaviour: { memoryBytes: 300, memoryGrowthBytesPerSecond: 0 }, processSinceMs: 0 } as unknown as ContainerRun;
    const growing = { behaviour: { memoryBytes: 100, memoryGrowthBytesPerSecond: 1000 }, processSinceMs: 1000 } as unknown as ContainerRun;
    const run = { released: false } as PodRun;
    tally.start(run, steady);
    tally.start(run, steady);
    tally.start(run, growing);
    expect(tally.used(3000)).toBe(300 + 100 + 2000);
    tally.stop(steady);
    tally.stop(steady);
    expect(tally.used(3000)).toBe(2100);
    tally.stop(growing);
    expect(tally.used(3000)).toBe(0);
    tally.start({ released: true } as PodRun, steady);
    expect(tally.used(3000)).toBe(0);
  });
});

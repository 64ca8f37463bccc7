// Readiness flapping (kubernetes-behaviour.md §7.3, upstream prober `worker.doProbe`): with `kubesim.io/ready-flap`
// the app's readiness answers alternate, and Ready changes only after `successThreshold` successes or
// `failureThreshold` failures in a row, probe by probe every `periodSeconds`; the container is never restarted.
import type { Pod, Probe } from 'kubernetes-types/core/v1.js';
import { describe, expect, it } from 'vitest';
import { testCluster } from './helpers.js';

function flapPod(flap: string, probe: Probe): Pod {
  return {
    metadata: { name: 'web', annotations: { 'kubesim.io/startup': '1s', 'kubesim.io/ready-flap': flap } },
    spec: { containers: [{ name: 'app', image: 'img/app:1', readinessProbe: probe }] },
  };
}

function run(flap: string, probe: Parameters<typeof flapPod>[1], untilMs: number): { flips: [number, string][]; restarts: number } {
  const c = testCluster({ kubelet: { images: { 'img/app:1': { sizeBytes: 0 } }, latency: { sandbox: { minMs: 500, maxMs: 500 }, imagePullBase: { minMs: 0, maxMs: 0 } } } });
  c.sim.runUntil(1_000);
  const flips: [number, string][] = [];
  c.sim.observe((sim) => {
    const ready = c.pod('web')?.status?.conditions?.find((x) => x.type === 'Ready')?.status;
    if (ready !== undefined && flips.at(-1)?.[1] !== ready) flips.push([sim.now, ready]);
  });
  c.createPod(flapPod(flap, probe), 'node-0');
  c.sim.runUntil(untilMs);
  // report each flip at the probe's 100 ms slot (status writes take a few ms of API latency)
  return { flips: flips.map(([t, s]) => [Math.floor(t / 100) * 100, s]), restarts: c.pod('web')?.status?.containerStatuses?.[0]?.restartCount ?? -1 };
}

describe('readiness flapping', () => {
  it('ready 30 s / not ready 30 s, period 5 s, successThreshold 2, failureThreshold 3: Ready flips at the 2nd success and the 3rd failure', () => {
    // the process runs at 2.5 s; probes at 2.5 + 5k s; answers ok while (t − 2.5) mod 60 < 30
    // ok 2.5, 7.5 → True at 7.5; fail 32.5, 37.5, 42.5 → False at 42.5; ok 62.5, 67.5 → True at 67.5; False at 102.5
    const r = run('30s', { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 5, successThreshold: 2, failureThreshold: 3 }, 110_000);
    expect(r.flips).toEqual([[1_000, 'False'], [7_500, 'True'], [42_500, 'False'], [67_500, 'True'], [102_500, 'False']]);
    expect(r.restarts).toBe(0);
  });

  it('not ready 10 s of every 60 s with the default probe (period 10 s, failureThreshold 3): a spell shorter than 3 periods never flips Ready', () => {
    // failing answers at t − 2.5 in [50, 60): one probe only (52.5) — one failure in a row, under the threshold
    const r = run('10s/1m', { httpGet: { path: '/ready', port: 8080 } }, 200_000);
    expect(r.flips).toEqual([[1_000, 'False'], [2_500, 'True']]);
  });

  it('not ready 40 s of every 60 s with failureThreshold 1: Ready drops at the first failing probe', () => {
    // answers ok while (t − 2.5) mod 60 < 20: probes at 2.5, 12.5 ok; 22.5 fails → False; 62.5 ok → True; 82.5 → False
    const r = run('40s/1m', { httpGet: { path: '/ready', port: 8080 }, failureThreshold: 1 }, 90_000);
    expect(r.flips).toEqual([[1_000, 'False'], [2_500, 'True'], [22_500, 'False'], [62_500, 'True'], [82_500, 'False']]);
  });

  it('ready-flap needs a readinessProbe and a well-formed period', () => {
    const c = testCluster();
    c.sim.runUntil(1_000);
    c.createPod({ metadata: { name: 'p', annotations: { 'kubesim.io/ready-flap': '30s', 'kubesim.io/ready-flap.app': '1m/30s' } }, spec: { containers: [{ name: 'app', image: 'x' }] } }, 'node-0');
    c.sim.runUntil(5_000);
    const msg = c.pod('p')?.status?.containerStatuses?.[0]?.state?.waiting?.message ?? '';
    expect(msg).toContain('annotation kubesim.io/ready-flap: no container declares readinessProbe');
    expect(msg).toContain('annotation kubesim.io/ready-flap.app: "1m/30s" is not a flap period');
  });
});

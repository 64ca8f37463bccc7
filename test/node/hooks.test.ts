// Container lifecycle hooks (kubernetes-behaviour.md §7.4, upstream kuberuntime `startContainer` and
// `killContainer`): the postStart handler runs right after the process starts and the container is reported Running
// only once it returns (startedAt is still the process start); a failing handler records FailedPostStartHook, kills
// the container and the restart policy applies; on deletion preStop runs first, inside the grace period, then
// SIGTERM, and SIGKILL ends it at the grace period (at least 2 s after a hook that used the grace period up).
import type { Container, ContainerStatus, Event, Pod } from 'kubernetes-types/core/v1.js';
import { describe, expect, it } from 'vitest';
import { timestamp } from '../../src/node/_internal/time.js';
import { testCluster } from './helpers.js';

const images = { 'img/app:1': { sizeBytes: 0 } };

function cluster(sigtermMs = 200) {
  return testCluster({
    pool: { capacity: { cpu: '4' } },
    kubelet: { images, latency: { sandbox: { minMs: 500, maxMs: 500 }, imagePullBase: { minMs: 0, maxMs: 0 }, sigtermExit: { minMs: sigtermMs, maxMs: sigtermMs } } },
  });
}

function hookPod(name: string, annotations: Record<string, string>, lifecycle: Container['lifecycle'], extra: Partial<Pod['spec']> = {}): Pod {
  const container: Container = lifecycle === undefined ? { name: 'app', image: 'img/app:1' } : { name: 'app', image: 'img/app:1', lifecycle };
  return { metadata: { name, annotations }, spec: { containers: [container], ...extra } };
}

const exec = { exec: { command: ['/bin/true'] } };

/** Every distinct state of the pod's first container as stored, with the virtual time it was first seen. */
function recordStates(c: ReturnType<typeof cluster>, name: string): [number, string][] {
  const seen: [number, string][] = [];
  c.sim.observe((sim) => {
    const s: ContainerStatus | undefined = c.pod(name)?.status?.containerStatuses?.[0];
    const text = s === undefined ? 'none' : s.state?.running !== undefined ? 'running' : s.state?.terminated !== undefined ? `terminated ${s.state.terminated.exitCode} ${s.state.terminated.reason ?? ''}` : `waiting ${s.state?.waiting?.reason ?? ''}`;
    if (seen.at(-1)?.[1] !== text) seen.push([sim.now, text]);
  });
  return seen;
}

describe('lifecycle hooks', () => {
  it('postStart: the container is Running only when the 2 s hook returns; startedAt is the process start', () => {
    const c = cluster();
    c.sim.runUntil(1_000);
    // sandbox 0.5 s, no pull, startup 1 s: the process starts at 2.5 s, the hook returns at 4.5 s
    c.createPod(hookPod('p', { 'kubesim.io/startup': '1s', 'kubesim.io/post-start': '2s' }, { postStart: exec }), 'node-0');
    c.sim.runUntil(4_400);
    expect(c.pod('p')?.status?.containerStatuses?.[0]?.state?.waiting?.reason).toBe('ContainerCreating');
    expect(c.pod('p')?.status?.phase).toBe('Pending');
    c.sim.runUntil(4_600);
    const s = c.pod('p')?.status?.containerStatuses?.[0];
    expect(s?.state?.running?.startedAt).toBe(timestamp(2_500));
    expect(c.pod('p')?.status?.phase).toBe('Running');
    expect(c.pod('p')?.status?.conditions?.find((x) => x.type === 'Ready')?.status).toBe('True');
  });

  it('postStart fails: FailedPostStartHook and Killing events, the container is killed and restarted with back-off (0, then 10 s)', () => {
    const c = cluster();
    c.sim.runUntil(1_000);
    const states = recordStates(c, 'p');
    c.createPod(hookPod('p', { 'kubesim.io/startup': '1s', 'kubesim.io/post-start': '1s', 'kubesim.io/post-start-fails': 'true' }, { postStart: exec }), 'node-0');
    c.sim.runUntil(30_000);
    // never reported Running: the pod worker is inside the hook, then kills the container
    expect(states.some(([, s]) => s === 'running')).toBe(false);
    const s = c.pod('p')?.status?.containerStatuses?.[0];
    // process 2.5 s, hook fails 3.5 s, SIGTERM exit 3.7 s, restart now; again 4.7 / 5.7 / 5.9 s, then 10 s back-off
    // (restart 15.9 s, fails 17.9 s, back-off 20 s): 2 restarts by 30 s, waiting in CrashLoopBackOff
    expect(s?.restartCount).toBe(2);
    expect(s?.state?.waiting?.reason).toBe('CrashLoopBackOff');
    expect(s?.lastState?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    const events = c.core.list('Event').items as unknown as Event[];
    const failed = events.filter((e) => e.reason === 'FailedPostStartHook');
    expect(failed.length).toBe(3);
    expect(failed[0]).toMatchObject({ type: 'Warning', message: 'PostStartHook failed', involvedObject: { kind: 'Pod', name: 'p', fieldPath: 'spec.containers{app}' }, source: { component: 'kubelet', host: 'node-0' } });
    expect(events.filter((e) => e.reason === 'Killing').map((e) => e.message)).toEqual(['FailedPostStartHook', 'FailedPostStartHook', 'FailedPostStartHook']);
  });

  it('postStart fails under restartPolicy Never: the pod ends Failed once the killed container exits non-zero at SIGKILL', () => {
    // sigtermExit 5 s > grace 1 s: SIGKILL after the 2 s minimum, exit 137
    const c = cluster(5_000);
    c.sim.runUntil(1_000);
    c.createPod(hookPod('p', { 'kubesim.io/startup': '1s', 'kubesim.io/post-start-fails': 'true' }, { postStart: exec }, { restartPolicy: 'Never', terminationGracePeriodSeconds: 1 }), 'node-0');
    c.sim.runUntil(4_400);
    expect(c.pod('p')?.status?.phase).toBe('Pending');
    c.sim.runUntil(5_000);
    expect(c.pod('p')?.status?.phase).toBe('Failed');
    expect(c.pod('p')?.status?.containerStatuses?.[0]?.state?.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
  });

  it('preStop 10 s inside a 30 s grace period: SIGTERM at +10 s, the container exits 0.2 s later, then the pod object goes', () => {
    const c = cluster();
    c.sim.runUntil(1_000);
    c.createPod(hookPod('p', { 'kubesim.io/startup': '1s', 'kubesim.io/pre-stop': '10s' }, { preStop: exec }), 'node-0');
    c.sim.runUntil(10_000);
    const states = recordStates(c, 'p');
    c.deletePod('p');
    c.sim.runUntil(20_150);
    expect(c.pod('p')?.status?.containerStatuses?.[0]?.state?.running).toBeDefined();
    c.sim.runUntil(21_000);
    expect(c.pod('p')).toBeUndefined();
    const exit = states.find(([, s]) => s.startsWith('terminated'));
    expect(exit?.[1]).toBe('terminated 0 Completed');
    expect(exit?.[0]).toBeGreaterThanOrEqual(20_200);
    expect(exit?.[0]).toBeLessThan(20_300);
  });

  it('preStop longer than the grace period: cut at 30 s, SIGTERM, SIGKILL 2 s later (exit 137) when the process ignores SIGTERM', () => {
    const c = cluster(5_000);
    c.sim.runUntil(1_000);
    c.createPod(hookPod('p', { 'kubesim.io/startup': '1s', 'kubesim.io/pre-stop': '40s' }, { preStop: exec }), 'node-0');
    c.sim.runUntil(10_000);
    const states = recordStates(c, 'p');
    c.deletePod('p');
    c.sim.runUntil(41_900);
    expect(c.pod('p')?.status?.containerStatuses?.[0]?.state?.running).toBeDefined();
    c.sim.runUntil(43_000);
    expect(c.pod('p')).toBeUndefined();
    const exit = states.find(([, s]) => s.startsWith('terminated'));
    expect(exit?.[1]).toBe('terminated 137 Error');
    expect(exit?.[0]).toBeGreaterThanOrEqual(42_000);
    expect(exit?.[0]).toBeLessThan(42_100);
  });

  it('hook annotations need the handler: a pre-stop without lifecycle.preStop is a config error naming it', () => {
    const c = cluster();
    c.sim.runUntil(1_000);
    c.createPod(hookPod('p', { 'kubesim.io/pre-stop.app': '5s', 'kubesim.io/post-start-fails': 'yes' }, undefined), 'node-0');
    c.sim.runUntil(5_000);
    const w = c.pod('p')?.status?.containerStatuses?.[0]?.state?.waiting;
    expect(w?.reason).toBe('CreateContainerConfigError');
    expect(w?.message).toContain('annotation kubesim.io/pre-stop.app: container "app" declares no lifecycle.preStop');
    expect(w?.message).toContain('annotation kubesim.io/post-start-fails: "yes" is not "true" or "false"');
  });
});

// Container faults (kubernetes-behaviour.md §7.1, §7.2): a crash now restarts the container under its restart
// policy and CrashLoopBackOff (first restart at once, then 10 s, doubling); an image pull failure shows
// ErrImagePull, then ImagePullBackOff, and the pod runs on the next back-off retry after the heal.
import type { ContainerStatus, Pod } from 'kubernetes-types/core/v1.js';
import { describe, expect, it } from 'vitest';
import type { Cluster } from '../../src/cluster/index.js';
import { cluster, deployment, ms, pods } from './helpers.js';

const status = (c: Cluster, name: string): ContainerStatus | undefined => c.get<Pod>('Pod', 'default', name)?.status?.containerStatuses?.[0];

describe('containerCrash', () => {
  it('restartCount 1 and a restart at once; a second crash waits the 10 s back-off in CrashLoopBackOff', () => {
    const c = cluster(1);
    c.apply([deployment('web', 1)]);
    c.runFor('1m');
    const pod = pods(c, 'web')[0] as Pod;
    const name = pod.metadata?.name ?? '';
    expect(status(c, name)?.state?.running).toBeDefined();
    c.inject({ type: 'containerCrash', namespace: 'default', pod: name, exitCode: 2 });
    c.runFor('5s');
    const s1 = status(c, name);
    expect(s1?.restartCount).toBe(1);
    expect(s1?.state?.running).toBeDefined();
    expect(s1?.lastState?.terminated).toMatchObject({ exitCode: 2, reason: 'Error' });
    expect(c.get<Pod>('Pod', 'default', name)?.status?.phase).toBe('Running');
    const crash2 = c.now;
    c.inject({ type: 'containerCrash', namespace: 'default', pod: name });
    c.runFor('1s');
    const s2 = status(c, name);
    expect(s2?.state?.waiting?.reason).toBe('CrashLoopBackOff');
    expect(s2?.state?.waiting?.message).toBe(`back-off 10s restarting failed container=main pod=${name}_default(${pod.metadata?.uid ?? ''})`);
    expect(s2?.lastState?.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    c.run(crash2 + 9_000);
    expect(status(c, name)?.state?.waiting?.reason).toBe('CrashLoopBackOff');
    c.run(crash2 + 10_500);
    expect(status(c, name)?.restartCount).toBe(2);
    c.run(crash2 + 20_000);
    const s3 = status(c, name);
    expect(ms(s3?.state?.running?.startedAt) - crash2).toBeGreaterThanOrEqual(10_000);
    expect(c.faultHistory().map((f) => f.startedAtMs === f.endedAtMs)).toEqual([true, true]);
  });

  it('a pod with restartPolicy Never fails instead of restarting', () => {
    const c = cluster(2);
    c.runFor('5s');
    c.apply([{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'once', namespace: 'default' }, spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox:1.36' }] } }]);
    c.runFor('1m');
    c.inject({ type: 'containerCrash', namespace: 'default', pod: 'once', container: 'main', exitCode: 3 });
    c.runFor('5s');
    const p = c.get<Pod>('Pod', 'default', 'once');
    expect(p?.status?.phase).toBe('Failed');
    expect(p?.status?.containerStatuses?.[0]?.state?.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
    expect(p?.status?.containerStatuses?.[0]?.restartCount).toBe(0);
  });
});

describe('imagePullFailure', () => {
  it('ErrImagePull, then ImagePullBackOff while it lasts; after the heal the next back-off retry pulls and the pod runs', () => {
    const c = cluster(3);
    c.runFor('5s');
    const id = c.inject({ type: 'imagePullFailure', image: 'redis:7.2' }, { durationMs: 60_000 });
    c.apply([deployment('cache', 2, 'redis:7.2')]);
    const reasons = new Set<string>();
    const messages = new Set<string>();
    for (let t = 0; t < 58; t++) {
      c.runFor('1s');
      for (const p of pods(c, 'cache')) {
        const w = p.status?.containerStatuses?.[0]?.state?.waiting;
        if (w?.reason !== undefined) reasons.add(w.reason);
        if (w?.message !== undefined) messages.add(w.message);
      }
    }
    expect([...reasons].sort()).toEqual(['ErrImagePull', 'ImagePullBackOff']);
    expect(messages).toContain('Back-off pulling image "redis:7.2"');
    expect(messages).toContain('rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/library/redis:7.2": failed to resolve reference "docker.io/library/redis:7.2": failed to do request: dial tcp: i/o timeout');
    expect(pods(c, 'cache').every((p) => p.status?.phase === 'Pending')).toBe(true);
    c.run(65_000 + 1000);
    expect(c.faultHistory()[0]).toMatchObject({ id, endedAtMs: 65_000 });
    // the back-off has grown past the heal: the pods still wait for their next retry
    expect(pods(c, 'cache').some((p) => p.status?.phase === 'Pending')).toBe(true);
    c.runFor('3m');
    expect(pods(c, 'cache').every((p) => p.status?.phase === 'Running' && p.status?.containerStatuses?.[0]?.restartCount === 0)).toBe(true);
  });

  it('nodes: only the listed nodes fail to pull', () => {
    const c = cluster(4);
    c.runFor('5s');
    c.inject({ type: 'imagePullFailure', image: 'redis:7.2', nodes: ['node-1'] });
    c.apply([deployment('cache', 6, 'redis:7.2')]);
    c.runFor('1m');
    for (const p of pods(c, 'cache')) expect(p.status?.phase).toBe(p.spec?.nodeName === 'node-1' ? 'Pending' : 'Running');
  });
});

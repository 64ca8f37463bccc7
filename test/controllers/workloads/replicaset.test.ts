// The ReplicaSet controller (kubernetes-behaviour.md §2.7): creates in slow-start batches 1, 2, 4, 8, … (each batch
// awaited), stops a batch run at the first error and reports ReplicaFailure/FailedCreate, adopts matching orphans and
// releases pods that stop matching, deletes surplus pods not-Ready first, and counts available pods only after
// minReadySeconds.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/api/errors.js';
import type { ApiRequest } from '../../../src/api/server/messages.js';
import type { KubeObject } from '../../../src/api/store/types.js';
import { cluster, replicaSetManifest } from './helpers.js';

const FIXED = { latency: { create: 5, update: 5, updateStatus: 5, delete: 5, bind: 5, list: 1 }, watchLatency: 1 } as const;

function podCreates(log: number[], fail: (n: number, at: number) => boolean = () => false) {
  let n = 0;
  return {
    ...FIXED,
    intercept: (req: ApiRequest, at: number) => {
      if (req.verb !== 'create' || req.object.kind !== 'Pod') return undefined;
      n++;
      log.push(at);
      return fail(n, at) ? new ApiError('Forbidden', `pods "${req.object.metadata.name ?? ''}" is forbidden: exceeded quota: q`) : undefined;
    },
  };
}

describe('ReplicaSet controller', () => {
  it('creates 20 pods in slow-start batches of 1, 2, 4, 8 and the remaining 5, each batch after the previous answered', () => {
    const times: number[] = [];
    const c = cluster(1, undefined, podCreates(times));
    c.sim.runUntil(10);
    c.create(replicaSetManifest('web', 20));
    c.sim.runUntil(1000);
    const batches = new Map<number, number>();
    for (const t of times) batches.set(t, (batches.get(t) ?? 0) + 1);
    expect([...batches.values()]).toEqual([1, 2, 4, 8, 5]);
    expect(c.pods()).toHaveLength(20);
    const rs = c.replicaSets()[0];
    expect(rs?.status).toMatchObject({ replicas: 20, fullyLabeledReplicas: 20, readyReplicas: 0, availableReplicas: 0, observedGeneration: 1 });
    for (const p of c.pods()) {
      expect(p.metadata.ownerReferences).toEqual([
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs?.metadata.uid, controller: true, blockOwnerDeletion: true },
      ]);
      expect(p.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    }
  });

  it('stops after the first failing batch, sets ReplicaFailure FailedCreate, retries with backoff, and clears it', () => {
    const times: number[] = [];
    let failing = true;
    const c = cluster(1, undefined, podCreates(times, () => failing));
    c.sim.runUntil(10);
    c.create(replicaSetManifest('web', 5));
    c.sim.runUntil(200);
    // each sync tries one pod (the first batch of 1 fails, so no further batch), and retries back off
    // exponentially (5 ms · 2^n plus the request latencies): few attempts, ever further apart
    expect(times.length).toBeGreaterThan(2);
    expect(times.length).toBeLessThan(10);
    const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0));
    expect(gaps.at(-1)).toBeGreaterThan(40);
    expect(gaps.at(-1)).toBeGreaterThan(gaps[0] ?? 0);
    const cond = c.replicaSets()[0]?.status?.conditions?.[0];
    expect(cond).toMatchObject({ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate' });
    expect(cond?.message).toContain('exceeded quota');
    failing = false;
    c.sim.runUntil(20_000);
    expect(c.pods()).toHaveLength(5);
    expect(c.replicaSets()[0]?.status?.conditions ?? []).toEqual([]);
  });

  it('adopts a matching orphan pod and releases a pod whose labels stop matching', () => {
    const c = cluster(2, undefined, FIXED);
    c.sim.runUntil(10);
    c.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stray', namespace: 'default', labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'x' }] } });
    c.create(replicaSetManifest('web', 2));
    c.sim.runUntil(500);
    const rs = c.replicaSets()[0];
    const stray = c.core.get('Pod', 'default', 'stray');
    expect(stray?.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'ReplicaSet', uid: rs?.metadata.uid, controller: true, blockOwnerDeletion: true });
    expect(c.pods()).toHaveLength(2); // the orphan counts: only one pod created
    const s = c.core.get('Pod', 'default', 'stray') as KubeObject;
    c.update({ ...s, metadata: { ...s.metadata, labels: { app: 'other' } } });
    c.sim.runUntil(1000);
    expect(c.core.get('Pod', 'default', 'stray')?.metadata.ownerReferences ?? []).toEqual([]);
    const owned = c.pods().filter((p) => p.metadata.ownerReferences?.[0]?.uid === rs?.metadata.uid);
    expect(owned).toHaveLength(2); // a replacement was created
  });

  it('scales down not-Ready pods first and counts availability only after minReadySeconds', () => {
    let n = 0;
    const c = cluster(3, { readyAfterMs: () => (n++ % 2 === 0 ? 500 : undefined) }, FIXED); // every other pod never Ready
    c.sim.runUntil(10);
    c.create(replicaSetManifest('web', 6, { minReadySeconds: 10 }));
    c.sim.runUntil(3000);
    const rs = () => c.replicaSets()[0];
    const notReady = c.pods().filter((p) => p.status?.phase !== 'Running').map((p) => p.metadata.name);
    const ready = rs()?.status?.readyReplicas ?? 0;
    expect(ready + notReady.length).toBe(6);
    expect(rs()?.status?.availableReplicas).toBe(0); // ready for < 10 s
    c.sim.runUntil(15_000);
    expect(rs()?.status?.availableReplicas).toBe(ready);
    const r = rs() as KubeObject;
    c.update({ ...r, spec: { ...(r['spec'] as object), replicas: ready } });
    c.sim.runUntil(20_000);
    const remaining = c.pods().filter((p) => p.metadata.deletionTimestamp === undefined);
    expect(remaining).toHaveLength(ready);
    expect(remaining.every((p) => !notReady.includes(p.metadata.name))).toBe(true);
  });

  it('expectations: with watch events 500 ms late, re-syncs before they arrive create no extra pods', () => {
    const c = cluster(4, undefined, { ...FIXED, watchLatency: 500 });
    let created = 0;
    c.core.subscribe((ev) => {
      if (ev.type === 'ADDED' && ev.object.kind === 'Pod') created++;
    });
    c.sim.runUntil(10);
    c.create(replicaSetManifest('web', 7));
    // nudge the controller with spec-neutral updates while its first creations are still unobserved (the
    // RS events of the nudges arrive before the pod events of the creations)
    for (let t = 505; t <= 530; t += 5) {
      c.sim.runUntil(t);
      const r = c.replicaSets()[0] as KubeObject;
      c.update({ ...r, metadata: { ...r.metadata, labels: { ...r.metadata.labels, nudge: String(t) } } });
    }
    c.sim.runUntil(10_000);
    expect(created).toBe(7); // without expectations the early re-syncs would create (and later delete) extras
    expect(c.pods()).toHaveLength(7);
    expect(c.replicaSets()[0]?.status?.replicas).toBe(7);
  });
});

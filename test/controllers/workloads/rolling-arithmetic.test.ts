// Upstream's rolling-update arithmetic (kubernetes-behaviour.md §2.2, §2.3): maxSurge rounds up, maxUnavailable
// rounds down, both 0 ⇒ 1 unavailable (10 replicas at 25%/25% ⇒ surge 3, unavailable 2); the new ReplicaSet grows
// by min(maxTotal − Σ, replicas − new); old ReplicaSets shrink by at most Σ − minAvailable − newUnavailable; and a
// mid-rollout scale is shared proportionally, leftovers to the largest ReplicaSet.
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import { describe, expect, it } from 'vitest';
import {
  maxSurge,
  maxUnavailable,
  newReplicaSetReplicas,
  planNewReplicaSetScale,
  planOldReplicaSetsScaleDown,
  planProportionalScale,
  replicaSetFraction,
  resolveFenceposts,
  equalIgnoreHash,
  podTemplateHash,
} from '../../../src/controllers/deployment/index.js';

function deployment(replicas: number, surge: number | string, unavailable: number | string, type = 'RollingUpdate'): Deployment {
  return {
    metadata: { name: 'web', generation: 1 },
    spec: {
      replicas,
      selector: {},
      template: {},
      strategy: type === 'Recreate' ? { type } : { type, rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } },
    },
  };
}

let seq = 0;
function rs(name: string, replicas: number, available = replicas, annotations: Record<string, string> = {}): ReplicaSet {
  seq++;
  return {
    metadata: { name, creationTimestamp: `1970-01-01T00:00:${String(seq % 60).padStart(2, '0')}Z`, annotations },
    spec: { replicas, selector: {}, template: {} },
    status: { replicas, availableReplicas: available },
  };
}

describe('ResolveFenceposts (maxSurge rounds up, maxUnavailable rounds down)', () => {
  it.each([
    // replicas, maxSurge, maxUnavailable → surge, unavailable
    [10, '25%', '25%', 3, 2],
    [1, '25%', '25%', 1, 0],
    [4, '25%', '25%', 1, 1],
    [3, '50%', '50%', 2, 1],
    [5, '0%', '10%', 0, 1], // both resolve to 0 ⇒ 1 unavailable
    [5, 0, '10%', 0, 1],
    [10, 2, 0, 2, 0],
    [100, '1%', '1%', 1, 1],
    [7, '30%', '30%', 3, 2],
    [0, '25%', '25%', 0, 1],
  ])('%i replicas, %s/%s ⇒ surge %i, unavailable %i', (replicas, surge, unavailable, eSurge, eUnavailable) => {
    expect(resolveFenceposts(surge, unavailable, replicas)).toEqual({ maxSurge: eSurge, maxUnavailable: eUnavailable });
  });

  it.each([
    // MaxUnavailable(d) is capped at replicas, 0 for 0 replicas and for Recreate; MaxSurge 0 for Recreate
    ['RollingUpdate', 3, 1, '100%', 1, 3],
    ['RollingUpdate', 0, '25%', '25%', 0, 0],
    ['RollingUpdate', 2, 0, 5, 0, 2],
    ['Recreate', 10, '25%', '25%', 0, 0],
  ])('%s with %i replicas, %s/%s ⇒ MaxSurge %i, MaxUnavailable %i', (type, replicas, surge, unavailable, eSurge, eUnavailable) => {
    const d = deployment(replicas, surge, unavailable, type);
    expect([maxSurge(d), maxUnavailable(d)]).toEqual([eSurge, eUnavailable]);
  });
});

describe('NewRSNewReplicas: new = new + min(replicas + maxSurge − Σ, replicas − new)', () => {
  it.each([
    // replicas, surge, old spec, new spec → new size
    [10, '25%', 10, 0, 3],
    [10, '25%', 8, 3, 5],
    [10, '25%', 5, 5, 8],
    [10, '25%', 3, 8, 10],
    [10, '25%', 10, 3, 3], // Σ = 13 = maxTotal: keep
    [10, 0, 10, 0, 0],
    [10, 0, 8, 0, 2],
    [3, 1, 3, 0, 1],
  ])('%i replicas, surge %s, old %i, new %i ⇒ %i', (replicas, surge, oldSize, newSize, expected) => {
    const d = deployment(replicas, surge, '25%');
    const n = rs('new', newSize, 0);
    expect(newReplicaSetReplicas(d, [rs('old', oldSize), n], n)).toBe(expected);
  });

  it('Recreate scales the new ReplicaSet straight to replicas', () => {
    const n = rs('new', 0, 0);
    expect(newReplicaSetReplicas(deployment(7, 0, 0, 'Recreate'), [rs('old', 0), n], n)).toBe(7);
  });

  it('a new ReplicaSet larger than replicas is scaled down to replicas', () => {
    const n = rs('new', 12);
    expect(planNewReplicaSetScale(deployment(10, '25%', '25%'), [n], n)?.replicas).toBe(10);
  });
});

describe('reconcileOldReplicaSets: maxScaledDown = Σ − minAvailable − (new − newAvailable)', () => {
  it.each([
    // replicas 10 at 25%/25% (minAvailable 8). [old spec, old available], [new spec, new available] → old size
    [[10, 10], [3, 0], 8], // Σ 13 − 8 − 3 = 2; 10 available − 8 = 2
    [[8, 8], [5, 0], 8], // Σ 13 − 8 − 5 = 0: wait
    [[8, 8], [5, 3], 5], // Σ 13 − 8 − 2 = 3; available 11 − 8 = 3
    [[5, 5], [8, 5], 3], // Σ 13 − 8 − 3 = 2; available 10 − 8 = 2
    [[8, 6], [5, 0], 8], // Σ 13 − 8 − 5 = 0
    [[10, 7], [3, 3], 5], // Σ 13 − 8 − 0 = 5: 3 unhealthy first (→ 7), then available 10 − 8 = 2 (→ 5)
  ])('old %j, new %j ⇒ old %i', (old, nw, expected) => {
    const d = deployment(10, '25%', '25%');
    const o = rs('old', old[0] as number, old[1]);
    const n = rs('new', nw[0] as number, nw[1]);
    const steps = planOldReplicaSetsScaleDown(d, [o, n], [o], n);
    expect(steps.find((s) => s.rs === o)?.replicas ?? old[0]).toBe(expected);
  });

  it('scales the oldest ReplicaSets down first', () => {
    const d = deployment(10, '25%', '25%');
    const a = rs('a', 4);
    const b = rs('b', 4);
    const n = rs('new', 3, 3);
    // Σ 11, available 11, minAvailable 8 ⇒ 3 go, all from the oldest (a)
    expect(planOldReplicaSetsScaleDown(d, [a, b, n], [a, b], n).map((s) => [s.rs.metadata?.name, s.replicas])).toEqual([['a', 1]]);
  });
});

describe('proportional scaling (§2.3)', () => {
  it.each([
    // new replicas; [old spec, new spec], both annotated max-replicas 13 (10 + 3) ⇒ [old, new]
    // 20: allowed 25, +12; old round(8·25/13) − 8 = 7, new min(round(5·25/13) − 5 = 5, 12 − 7) = 5
    [20, [8, 5], [15, 10]],
    // 5: allowed 5 + 2 = 7, −6; old max(round(8·7/13) − 8 = −4, −6), new max(round(5·7/13) − 5 = −2, −2)
    [5, [8, 5], [4, 3]],
    // 11: allowed 11 + 3 = 14, +1; old min(round(8·14/13) − 8 = 1, 1) = 1, new 0 left
    [11, [8, 5], [9, 5]],
    // 12: allowed 15, +2; old round(9.23) − 8 = 1, new round(5.77) − 5 = 1
    [12, [8, 5], [9, 6]],
    [0, [8, 5], [0, 0]],
  ])('scale to %i with ReplicaSets of %j ⇒ %j', (replicas, sizes, expected) => {
    const d = { ...deployment(replicas, '25%', '25%'), status: { replicas: 13 } };
    const ann = { 'deployment.kubernetes.io/max-replicas': '13', 'deployment.kubernetes.io/desired-replicas': '10' };
    const o = rs('old', sizes[0] as number, sizes[0], ann);
    const n = rs('new', sizes[1] as number, 0, ann);
    const out = planProportionalScale(d, n, [o]);
    const size = (x: ReplicaSet) => out.find((s) => s.rs === x)?.replicas;
    expect([size(o), size(n)]).toEqual(expected);
    // the budget is spent exactly: Σ = replicas + maxSurge
    expect((size(o) ?? 0) + (size(n) ?? 0)).toBe(replicas > 0 ? replicas + maxSurge(d) : 0);
  });

  it('gives the rounding leftover to the largest ReplicaSet (ties: the newer one when adding)', () => {
    // 3 ReplicaSets of 1 (max-replicas 3) scaled from 2 to 4 with 0 surge: +1, each fraction round(1·4/3) − 1 = 0
    const d = { ...deployment(4, 0, 1), status: { replicas: 3 } };
    const ann = { 'deployment.kubernetes.io/max-replicas': '3' };
    const a = rs('a', 1, 1, ann);
    const b = rs('b', 1, 1, ann);
    const c = rs('c', 1, 0, ann);
    const out = planProportionalScale(d, c, [a, b]);
    expect(out.map((s) => `${s.rs.metadata?.name}=${s.replicas}`)).toEqual(['c=2', 'b=1', 'a=1']);
  });

  it.each([
    // rs size, deployment replicas, annotated max (0 = none), status.replicas → fraction
    [8, 20, 13, 13, 7],
    [5, 20, 13, 13, 5],
    [8, 0, 13, 13, -8],
    [4, 20, 0, 0, 0], // no annotation and no status: 0
    [4, 20, 0, 8, 9], // falls back to status.replicas: round(4·25/8 = 12.5) − 4, halves away from zero
  ])('a ReplicaSet of %i scaled to %i (max %i, status %i) changes by %i', (size, replicas, max, statusReplicas, expected) => {
    const d = { ...deployment(replicas, '25%', '25%'), status: { replicas: statusReplicas } };
    const r = rs('x', size, size, max > 0 ? { 'deployment.kubernetes.io/max-replicas': String(max) } : {});
    expect(replicaSetFraction(r, d)).toBe(expected);
  });
});

describe('pod-template-hash (§2.5)', () => {
  const t = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx:1' }] } };
  it('is stable, independent of key order, and changes with the template and the collision count', () => {
    const reordered = { spec: { containers: [{ image: 'nginx:1', name: 'c' }] }, metadata: { labels: { app: 'web' } } };
    expect(podTemplateHash(t)).toBe(podTemplateHash(reordered));
    expect(podTemplateHash(t)).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    expect(podTemplateHash(t)).not.toBe(podTemplateHash({ ...t, spec: { containers: [{ name: 'c', image: 'nginx:2' }] } }));
    expect(podTemplateHash(t, 1)).not.toBe(podTemplateHash(t));
    expect(podTemplateHash(t, 1)).not.toBe(podTemplateHash(t, 2));
  });

  it('EqualIgnoreHash ignores only the pod-template-hash label', () => {
    const hashed = { ...t, metadata: { labels: { app: 'web', 'pod-template-hash': 'abc' } } };
    expect(equalIgnoreHash(t, hashed)).toBe(true);
    expect(equalIgnoreHash(t, { ...t, metadata: { labels: { app: 'web', tier: 'x' } } })).toBe(false);
  });
});

// Deployment rollouts on the virtual clock with a fake kubelet (pods Ready 2 s after creation, gone 1 s after
// deletion), against upstream's rules (kubernetes-behaviour.md §2.2–2.6): 10 replicas at 25%/25% (surge 3,
// unavailable 2) roll in the waves 10/0 → 10/3 → 8/3 → 8/5 → … → 0/10; Recreate empties the old ReplicaSet before
// the new one starts; a scale mid-rollout is shared proportionally; rollback, pause/resume, the progress deadline
// and revisionHistoryLimit behave as upstream.
import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/api/errors.js';
import type { KubeObject } from '../../../src/api/store/types.js';
import { rollbackDeployment } from '../../../src/controllers/deployment/index.js';
import { cluster, deploymentManifest, type FakeKubeletOptions } from './helpers.js';

const FIXED = { latency: { create: 5, update: 5, updateStatus: 5, delete: 5, bind: 5, list: 1 }, watchLatency: 1 } as const;
const KUBELET: FakeKubeletOptions = {
  readyAfterMs: (p) => (p.spec?.containers[0]?.image?.includes('bad') === true ? undefined : 2000),
  terminateAfterMs: 1000,
};

const image = (rs: ReplicaSet) => rs.spec?.template?.spec?.containers[0]?.image ?? '';

function setup(replicas: number, extra: Record<string, unknown> = {}) {
  const c = cluster(1, KUBELET, FIXED);
  c.sim.runUntil(10);
  c.create(deploymentManifest('web', replicas, 'nginx:1', extra));
  c.sim.runUntil(30_000);
  const setSpec = (patch: Record<string, unknown>) => {
    const d = c.deployment('web') as KubeObject;
    c.update({ ...d, spec: { ...(d['spec'] as object), ...patch } });
  };
  const setImage = (img: string) => {
    const d = c.deployment('web');
    setSpec({ template: { ...d?.spec?.template, spec: { containers: [{ name: 'app', image: img }] } } });
  };
  /** `old/new` spec sizes each time they change (images sorted: nginx:1 first). */
  const record = (untilMs: number, stepMs = 10): string[] => {
    const out: string[] = [];
    let last = '';
    for (let t = c.sim.now + stepMs; t <= untilMs; t += stepMs) {
      c.sim.runUntil(t);
      const s = [...c.replicaSets()].sort((a, b) => image(a).localeCompare(image(b))).map((r) => r.spec?.replicas ?? 0).join('/');
      if (s !== last) out.push(s);
      last = s;
    }
    return out;
  };
  return { ...c, setSpec, setImage, record };
}

describe('Deployment controller', () => {
  it('rolls 10 replicas at 25%/25% in upstream waves and ends with revision 2', () => {
    const c = setup(10);
    expect(c.replicaSets().map((r) => r.metadata.annotations?.['deployment.kubernetes.io/revision'])).toEqual(['1']);
    c.setImage('nginx:2');
    expect(c.record(60_000)).toEqual(['10/3', '8/3', '8/5', '7/5', '7/6', '5/6', '5/8', '3/8', '3/10', '2/10', '1/10', '0/10']);
    const d = c.deployment('web');
    expect(d?.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    expect(d?.status).toMatchObject({ replicas: 10, updatedReplicas: 10, readyReplicas: 10, availableReplicas: 10, observedGeneration: 2 });
    expect(d?.status?.conditions?.map((x) => [x.type, x.status, x.reason])).toEqual([
      ['Available', 'True', 'MinimumReplicasAvailable'],
      ['Progressing', 'True', 'NewReplicaSetAvailable'],
    ]);
    const newRS = c.replicaSets().find((r) => image(r) === 'nginx:2');
    const hash = newRS?.metadata.labels?.['pod-template-hash'] ?? '';
    expect(newRS?.metadata.name).toBe(`web-${hash}`);
    expect(newRS?.metadata.annotations).toMatchObject({
      'deployment.kubernetes.io/revision': '2',
      'deployment.kubernetes.io/desired-replicas': '10',
      'deployment.kubernetes.io/max-replicas': '13',
    });
    expect(c.pods().every((p) => p.metadata.labels?.['pod-template-hash'] === hash)).toBe(true);
  });

  it('Recreate scales the old ReplicaSet to 0 and creates the new one only when no old pod is left', () => {
    const c = setup(4, { strategy: { type: 'Recreate' } });
    c.setImage('nginx:2');
    let overlap = false;
    const sizes: string[] = [];
    for (let t = c.sim.now + 10; t <= 50_000; t += 10) {
      c.sim.runUntil(t);
      const images = new Set(c.pods().map((p) => p.spec?.containers[0]?.image));
      if (images.size > 1) overlap = true;
      const s = [...c.replicaSets()].sort((a, b) => image(a).localeCompare(image(b))).map((r) => r.spec?.replicas).join('/');
      if (sizes.at(-1) !== s) sizes.push(s);
    }
    expect(overlap).toBe(false);
    expect(sizes).toEqual(['0', '0/4']); // 4 → 0, then (old pods gone) the new ReplicaSet at 4
    expect(c.pods()).toHaveLength(4);
  });

  it('switching a running Deployment to Recreate also waits for the old pods before creating new ones', () => {
    const c = setup(3);
    const d = c.deployment('web');
    c.setSpec({ strategy: { type: 'Recreate' }, template: { ...d?.spec?.template, spec: { containers: [{ name: 'app', image: 'nginx:2' }] } } });
    let overlap = false;
    for (let t = c.sim.now + 10; t <= 50_000; t += 10) {
      c.sim.runUntil(t);
      if (new Set(c.pods().map((p) => p.spec?.containers[0]?.image)).size > 1) overlap = true;
    }
    expect(overlap).toBe(false);
    expect(c.pods().map((p) => p.spec?.containers[0]?.image)).toEqual(['nginx:2', 'nginx:2', 'nginx:2']);
  });

  it('scales a stalled rollout proportionally: 8/5 with max 13 → 15/10 at 20 replicas', () => {
    const c = setup(10);
    c.setImage('nginx:bad');
    c.sim.runUntil(40_000);
    expect(c.record(40_010).concat()).toEqual(['8/5']);
    c.setSpec({ replicas: 20 });
    c.sim.runUntil(60_000);
    const sizes = [...c.replicaSets()].sort((a, b) => image(a).localeCompare(image(b))).map((r) => r.spec?.replicas);
    // old round(8·25/13) = 15, new round(5·25/13) = 10; Σ = 20 + maxSurge 5
    expect(sizes).toEqual([15, 10]);
    expect(c.replicaSets().every((r) => r.metadata.annotations?.['deployment.kubernetes.io/max-replicas'] === '25')).toBe(true);
  });

  it('rolls back to the previous revision: the old ReplicaSet becomes new with revision 3', () => {
    const c = setup(3);
    c.setImage('nginx:2');
    c.sim.runUntil(60_000);
    const d = c.deployment('web');
    if (d === undefined) throw new Error('deployment missing');
    c.update(rollbackDeployment(d, c.replicaSets()));
    c.sim.runUntil(90_000);
    const rs1 = c.replicaSets().find((r) => image(r) === 'nginx:1');
    expect(rs1?.spec?.replicas).toBe(3);
    expect(rs1?.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    expect(rs1?.metadata.annotations?.['deployment.kubernetes.io/revision-history']).toBe('1');
    expect(c.deployment('web')?.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    expect(c.replicaSets()).toHaveLength(2);
    expect(() => rollbackDeployment(d, c.replicaSets(), 7)).toThrow('unable to find specified revision 7');
  });

  it('a paused Deployment starts no rollout but still scales; resuming rolls out', () => {
    const c = setup(4);
    c.setSpec({ paused: true });
    c.sim.runUntil(31_000);
    c.setImage('nginx:2');
    c.sim.runUntil(40_000);
    expect(c.replicaSets()).toHaveLength(1);
    expect(c.deployment('web')?.status?.conditions?.find((x) => x.type === 'Progressing')).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' });
    c.setSpec({ replicas: 6 });
    c.sim.runUntil(45_000);
    expect(c.replicaSets()[0]?.spec?.replicas).toBe(6);
    c.setSpec({ paused: false });
    const reasons: string[] = [];
    for (let t = c.sim.now + 1; t <= 80_000; t++) {
      c.sim.runUntil(t);
      const r = c.deployment('web')?.status?.conditions?.find((x) => x.type === 'Progressing')?.reason ?? '';
      if (reasons.at(-1) !== r) reasons.push(r);
    }
    expect(reasons).toEqual(['DeploymentResumed', 'NewReplicaSetCreated', 'ReplicaSetUpdated', 'NewReplicaSetAvailable']);
    expect(c.replicaSets().map((r) => `${image(r)}=${r.spec?.replicas}`).sort()).toEqual(['nginx:1=0', 'nginx:2=6']);
    expect(c.deployment('web')?.status?.conditions?.find((x) => x.type === 'Progressing')?.reason).toBe('NewReplicaSetAvailable');
  });

  it('a rollout without progress for progressDeadlineSeconds is ProgressDeadlineExceeded; availability holds', () => {
    const c = setup(10, { progressDeadlineSeconds: 30 });
    c.setImage('nginx:bad');
    c.sim.runUntil(55_000);
    expect(c.deployment('web')?.status?.conditions?.find((x) => x.type === 'Progressing')?.reason).toBe('ReplicaSetUpdated');
    c.sim.runUntil(65_000);
    const cond = c.deployment('web')?.status?.conditions;
    expect(cond?.find((x) => x.type === 'Progressing')).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded' });
    expect(cond?.find((x) => x.type === 'Available')).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable' });
    expect(c.deployment('web')?.status).toMatchObject({ replicas: 13, updatedReplicas: 5, availableReplicas: 8, unavailableReplicas: 5 });
  });

  it('keeps revisionHistoryLimit old ReplicaSets and deletes older ones once scaled down', () => {
    const c = setup(2, { revisionHistoryLimit: 2 });
    for (let v = 2; v <= 6; v++) {
      c.setImage(`nginx:${v}`);
      c.sim.runUntil(c.sim.now + 20_000);
    }
    expect(c.replicaSets().map((r) => image(r)).sort()).toEqual(['nginx:4', 'nginx:5', 'nginx:6']);
    expect(c.replicaSets().map((r) => r.metadata.annotations?.['deployment.kubernetes.io/revision']).sort()).toEqual(['4', '5', '6']);
  });

  it('minReadySeconds holds the old pods until new pods have been Ready for that long', () => {
    const c = setup(2, { minReadySeconds: 5, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } });
    c.setImage('nginx:2');
    // surge 1, unavailable 0: one new pod at a time, one old pod removed per newly available pod
    expect(c.record(50_000, 1)).toEqual(['2/1', '1/1', '1/2', '0/2']);
    expect(c.deployment('web')?.status?.availableReplicas).toBe(2);
    const c2 = setup(2, { minReadySeconds: 5, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } });
    c2.setImage('nginx:2');
    c2.sim.runUntil(c2.sim.now + 6_000);
    // 6 s in: the first new pod is Ready (2 s) but not yet available (needs > 5 s more): old still at 2
    expect(c2.replicaSets().find((r) => image(r) === 'nginx:1')?.spec?.replicas).toBe(2);
    c2.sim.runUntil(c2.sim.now + 4_000);
    expect(c2.replicaSets().find((r) => image(r) === 'nginx:1')?.spec?.replicas).toBe(1);
  });

  it('copies a ReplicaSet failure (pod creation forbidden) into the Deployment ReplicaFailure condition', () => {
    let failing = false;
    const c = cluster(1, KUBELET, {
      ...FIXED,
      intercept: (req) =>
        failing && req.verb === 'create' && req.object.kind === 'Pod' ? new ApiError('Forbidden', 'pods is forbidden: exceeded quota: compute') : undefined,
    });
    c.sim.runUntil(10);
    c.create(deploymentManifest('web', 2, 'nginx:1'));
    c.sim.runUntil(20_000);
    failing = true;
    const d = c.deployment('web') as KubeObject;
    c.update({ ...d, spec: { ...(d['spec'] as object), replicas: 4 } });
    c.sim.runUntil(25_000);
    const cond = c.deployment('web')?.status?.conditions?.find((x) => x.type === 'ReplicaFailure');
    expect(cond).toMatchObject({ status: 'True', reason: 'FailedCreate', message: 'pods is forbidden: exceeded quota: compute' });
    failing = false;
    c.sim.runUntil(60_000);
    expect(c.deployment('web')?.status?.conditions?.some((x) => x.type === 'ReplicaFailure')).toBe(false);
    expect(c.deployment('web')?.status?.availableReplicas).toBe(4);
  });

  it('is deterministic: the same seed gives the same fingerprint and the same objects; another seed differs', () => {
    const run = (seed: number) => {
      const c = cluster(seed, { readyAfterMs: (_p, ctx) => ctx.random('ready').int(500, 3000) });
      c.sim.runUntil(5);
      c.create(deploymentManifest('web', 6, 'nginx:1'));
      c.sim.runUntil(20_000);
      const d = c.deployment('web') as KubeObject;
      const spec = d['spec'] as { template: object };
      c.update({ ...d, spec: { ...spec, template: { ...spec.template, spec: { containers: [{ name: 'app', image: 'nginx:2' }] } } } });
      c.sim.runUntil(60_000);
      return { fingerprint: c.sim.fingerprint, pods: c.pods().map((p) => p.metadata.name).sort() };
    };
    const a = run(7);
    expect(run(7)).toEqual(a);
    expect(run(8).fingerprint).not.toBe(a.fingerprint);
  });
});

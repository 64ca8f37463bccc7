// The whole kubectl apply flow on one clock: apply a Deployment → Deployment controller → ReplicaSet controller →
// scheduler → kubelets → Running pods, observed with get tables; the same seed gives the same fingerprint.
import { readFileSync } from 'node:fs';
import type { Deployment } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../src/cluster/index.js';

const manifest = readFileSync(new URL('../../examples/deployment/nginx-deployment.yaml', import.meta.url), 'utf8');

function run(seed: number) {
  const cluster = createCluster({ seed, nodePools: [{ namePrefix: 'node', count: 3, zones: ['zone-a', 'zone-b'] }] });
  cluster.runFor('10s');
  cluster.apply(manifest);
  cluster.runFor('2m');
  return cluster;
}

describe('kubectl apply, end to end', () => {
  it('a 3-replica Deployment becomes 3 Running, Ready pods spread over the nodes', () => {
    const cluster = run(1);
    const pods = cluster.list<Pod>('Pod', { namespace: 'default' });
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.status?.phase).toBe('Running');
      expect(p.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
      expect(p.metadata?.ownerReferences?.[0]?.kind).toBe('ReplicaSet');
    }
    expect(new Set(pods.map((p) => p.spec?.nodeName)).size).toBe(3);
    const d = cluster.get<Deployment>('Deployment', 'default', 'nginx-deployment');
    expect(d?.status).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3, updatedReplicas: 3 });
    expect(cluster.table('Deployment')).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\nnginx-deployment\s+3\/3\s+3\s+3\s+2m/);
  });

  it('the same seed gives the same fingerprint; another seed another run', () => {
    const a = run(5).fingerprint;
    expect(run(5).fingerprint).toBe(a);
    expect(run(6).fingerprint).not.toBe(a);
  });
});

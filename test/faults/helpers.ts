// Shared builders of the fault tests: a small cluster and a Deployment manifest.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { parseTimestamp } from '../../src/api/store/_internal/timestamp.js';
import { type ClusterSpec, createCluster } from '../../src/cluster/index.js';
import { deploymentManifest } from '../fixtures/manifests.js';

export function deployment(name: string, replicas: number, image = 'nginx:1.25', extra: Record<string, unknown> = {}): object {
  return deploymentManifest(name, replicas, { image, container: 'main', requests: { cpu: '100m', memory: '64Mi' }, containerFields: extra });
}

export function cluster(seed: number, extra: Partial<ClusterSpec> = {}) {
  return createCluster({ seed, nodePools: [{ namePrefix: 'node', count: 3, zones: ['zone-a', 'zone-b', 'zone-c'] }], ...extra });
}

export function pods(c: ReturnType<typeof createCluster>, app?: string): Pod[] {
  return c.list<Pod>('Pod', { namespace: 'default' }).filter((p) => app === undefined || p.metadata?.labels?.app === app);
}

/** Virtual ms of a timestamp the simulation wrote (virtual time 0 is 1970-01-01T00:00:00Z). */
export const ms = (ts: string | undefined): number => (ts === undefined ? Number.NaN : (parseTimestamp(ts) ?? Number.NaN));

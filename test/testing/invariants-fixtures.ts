// Shared wiring for the invariant, monitor and liveness tests: small clusters, the rolling-update Deployment of
// examples/rolling-update, and requests sent to the API server at an exact virtual instant.
import type { Deployment } from 'kubernetes-types/apps/v1.js';
import type { KubeObject } from '../../src/api/store/types.js';
import { type Cluster, type ClusterSpec, createCluster } from '../../src/cluster/index.js';
import { InvariantViolationError } from '../../src/testing/index.js';
import { deploymentManifest } from '../fixtures/manifests.js';

export function web(replicas: number, image = 'nginx:1.14.2', extra: Record<string, unknown> = {}): object {
  return deploymentManifest('web', replicas, { image, requests: { cpu: '100m', memory: '64Mi' }, spec: extra });
}

export function cluster(seed: number, nodes: number, spec: Partial<ClusterSpec> = {}): Cluster {
  return createCluster({ seed, nodePools: [{ namePrefix: 'node', count: nodes, zones: ['zone-a', 'zone-b'] }], ...spec });
}

/** `kubectl set image` on Deployment default/web. */
export function setImage(c: Cluster, image: string): void {
  const d = c.get<Deployment & KubeObject>('Deployment', 'default', 'web') as Deployment & KubeObject;
  const spec = d.spec as NonNullable<Deployment['spec']>;
  const containers = spec.template.spec?.containers.map((x) => ({ ...x, image })) ?? [];
  c.core.update({ ...d, spec: { ...spec, template: { ...spec.template, spec: { ...spec.template.spec, containers } } } } as KubeObject);
  c.sim.send('kube-apiserver', { type: 'api.flush' });
}

let nextId = 1_000_000;

/** Sends one API request as user `test` to be served `delayMs` from now (responses go back to the API server, which ignores them). */
export function requestIn(c: Cluster, delayMs: number, req: Record<string, unknown>): void {
  c.sim.send('kube-apiserver', { type: 'api.request', id: nextId++, replyTo: 'kube-apiserver', user: 'test', ...req }, { delayMs });
}

/** Runs and returns the InvariantViolationError thrown, or undefined. */
export function runCatching(c: Cluster, duration: string | number): InvariantViolationError | undefined {
  try {
    c.runFor(duration);
  } catch (e) {
    if (e instanceof InvariantViolationError) return e;
    throw e;
  }
  return undefined;
}

export function pod(name: string, spec: Record<string, unknown> = {}, requests: Record<string, string> = { cpu: '100m' }): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { containers: [{ name: 'c', image: 'nginx', resources: { requests } }], ...spec },
  };
}

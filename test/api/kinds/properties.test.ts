// Demonstrates that defaulting is idempotent, default(default(x)) == default(x), for generated pods,
// workloads and services (kubernetes-behaviour.md §2.1, §3.3, §7, §9): defaults only fill unset fields.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clone, registry } from './helpers.js';

const image = fc.constantFrom('nginx', 'nginx:1.25', 'nginx:latest', 'repo:5000/app', 'app@sha256:abc');
const probe = fc.record(
  { httpGet: fc.record({ port: fc.integer({ min: 1, max: 65535 }), path: fc.constantFrom('/', '/healthz') }, { requiredKeys: ['port'] }),
    periodSeconds: fc.integer({ min: 0, max: 30 }), timeoutSeconds: fc.integer({ min: 0, max: 5 }) },
  { requiredKeys: ['httpGet'] },
);
const quantity = fc.constantFrom('100m', '1', '2', '128Mi', '1Gi');
const container = fc.record(
  {
    name: fc.constantFrom('a', 'b', 'app'),
    image,
    imagePullPolicy: fc.constantFrom('Always', 'Never'),
    ports: fc.array(fc.record({ containerPort: fc.integer({ min: 1, max: 65535 }), protocol: fc.constantFrom('TCP', 'UDP') }, { requiredKeys: ['containerPort'] }), { maxLength: 2 }),
    resources: fc.record({ limits: fc.dictionary(fc.constantFrom('cpu', 'memory'), quantity), requests: fc.dictionary(fc.constantFrom('cpu', 'memory'), quantity) }, { requiredKeys: [] }),
    livenessProbe: probe,
    readinessProbe: probe,
  },
  { requiredKeys: ['name', 'image'] },
);
const podSpec = fc.record(
  {
    containers: fc.array(container, { minLength: 1, maxLength: 3 }),
    initContainers: fc.array(container, { maxLength: 1 }),
    restartPolicy: fc.constantFrom('Always', 'OnFailure', 'Never'),
    terminationGracePeriodSeconds: fc.integer({ min: 0, max: 60 }),
    hostNetwork: fc.boolean(),
    volumes: fc.array(fc.record({ name: fc.constantFrom('v1', 'v2'), configMap: fc.record({ name: fc.constant('c') }) }, { requiredKeys: ['name'] }), { maxLength: 2 }),
  },
  { requiredKeys: ['containers'] },
);
const labels = fc.constant({ app: 'web' });
const template = fc.record({ metadata: fc.record({ labels }), spec: podSpec });

const objects = fc.oneof(
  podSpec.map((spec) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec })),
  fc.record({ replicas: fc.integer({ min: 0, max: 5 }), strategy: fc.record({ type: fc.constantFrom('Recreate', 'RollingUpdate') }, { requiredKeys: [] }), template },
    { requiredKeys: ['template'] }).map((spec) => ({ apiVersion: 'apps/v1', kind: 'Deployment', spec: { selector: { matchLabels: { app: 'web' } }, ...spec } })),
  template.map((t) => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', spec: { selector: { matchLabels: { app: 'web' } }, template: t } })),
  fc.record({ parallelism: fc.integer({ min: 0, max: 4 }), completions: fc.integer({ min: 0, max: 4 }), template }, { requiredKeys: ['template'] })
    .map((spec) => ({ apiVersion: 'batch/v1', kind: 'Job', spec })),
  fc.record({
    type: fc.constantFrom('ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'),
    sessionAffinity: fc.constantFrom('None', 'ClientIP'),
    clusterIP: fc.constantFrom('None', '10.96.0.5'),
    ports: fc.array(fc.record({ port: fc.integer({ min: 1, max: 65535 }), targetPort: fc.oneof(fc.integer({ min: 0, max: 65535 }), fc.constant('http')) }, { requiredKeys: ['port'] }), { maxLength: 2 }),
  }, { requiredKeys: [] }).map((spec) => ({ apiVersion: 'v1', kind: 'Service', spec })),
  fc.record({ name: fc.constantFrom('a', 'team-b') }).map((metadata) => ({ apiVersion: 'v1', kind: 'Namespace', metadata })),
);

describe('defaulting', () => {
  it('is idempotent: default(default(x)) equals default(x)', () => {
    fc.assert(
      fc.property(objects, (obj) => {
        const info = registry.lookup(obj.apiVersion, obj.kind);
        const once = clone(obj);
        info.default?.(once);
        const twice = clone(once);
        info.default?.(twice);
        expect(twice).toEqual(once);
      }),
    );
  });
});

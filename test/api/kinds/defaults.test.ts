// Demonstrates API defaulting: a minimal object of each kind gets exactly the upstream SetDefaults_*
// values (kubernetes-behaviour.md §2.1 Deployment, §3.3 Job, §7 pods, §8 namespaces, §9 services).
import { describe, expect, it } from 'vitest';
import { defaultPullPolicy, imageTag } from '../../../src/api/kinds/index.js';
import { clone, registry } from './helpers.js';

const container = { name: 'app', image: 'nginx' };
/** The container defaults of §7.1/§7.4: pull policy from the tag, termination message file. */
const defaultedContainer = {
  ...container,
  imagePullPolicy: 'Always',
  terminationMessagePath: '/dev/termination-log',
  terminationMessagePolicy: 'File',
};
/** PodSpec defaults shared by pods and templates: §7.2 restartPolicy Always, §7.4 grace 30s, §9 ClusterFirst. */
const specDefaults = {
  dnsPolicy: 'ClusterFirst',
  restartPolicy: 'Always',
  securityContext: {},
  terminationGracePeriodSeconds: 30,
  schedulerName: 'default-scheduler',
};

const cases: [string, object, object][] = [
  [
    'Pod: spec defaults, requests from limits, port TCP, probe 1/10/1/3, enableServiceLinks (§7)',
    {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' },
      spec: { containers: [{ ...container, ports: [{ containerPort: 80 }], resources: { limits: { cpu: '500m' }, requests: { memory: '1Gi' } },
        readinessProbe: { httpGet: { port: 80 } } }] },
    },
    {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' },
      spec: {
        ...specDefaults, enableServiceLinks: true,
        containers: [{ ...defaultedContainer, ports: [{ containerPort: 80, protocol: 'TCP' }],
          resources: { limits: { cpu: '500m' }, requests: { memory: '1Gi', cpu: '500m' } },
          readinessProbe: { httpGet: { port: 80, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 } }],
      },
    },
  ],
  [
    'Deployment: replicas 1, RollingUpdate 25%/25%, history 10, deadline 600, template spec defaults (§2.1)',
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { selector: { matchLabels: { a: 'b' } },
      template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ ...container, resources: { limits: { cpu: '1' } } }] } } } },
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: {
      replicas: 1, strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      revisionHistoryLimit: 10, progressDeadlineSeconds: 600, selector: { matchLabels: { a: 'b' } },
      // Templates get PodSpec defaults but not SetDefaults_Pod: no requests-from-limits, no enableServiceLinks.
      template: { metadata: { labels: { a: 'b' } }, spec: { ...specDefaults, containers: [{ ...defaultedContainer, resources: { limits: { cpu: '1' } } }] } } } },
  ],
  [
    'Deployment with Recreate gets no rollingUpdate (§2.1)',
    { apiVersion: 'apps/v1', kind: 'Deployment', spec: { strategy: { type: 'Recreate' }, selector: {}, template: {} } },
    { apiVersion: 'apps/v1', kind: 'Deployment', spec: { replicas: 1, strategy: { type: 'Recreate' }, revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600, selector: {}, template: {} } },
  ],
  [
    'ReplicaSet: replicas 1 (§2.7)',
    { apiVersion: 'apps/v1', kind: 'ReplicaSet', spec: { selector: {}, template: { spec: { containers: [container] } } } },
    { apiVersion: 'apps/v1', kind: 'ReplicaSet', spec: { replicas: 1, selector: {}, template: { spec: { ...specDefaults, containers: [defaultedContainer] } } } },
  ],
  [
    'Job: completions=parallelism=1, backoffLimit 6, NonIndexed, suspend false, TerminatingOrFailed, job labels from template (§3.3)',
    { apiVersion: 'batch/v1', kind: 'Job', spec: { template: { metadata: { labels: { app: 'pi' } }, spec: { restartPolicy: 'Never', containers: [container] } } } },
    { apiVersion: 'batch/v1', kind: 'Job', metadata: { labels: { app: 'pi' } }, spec: {
      completions: 1, parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false,
      podReplacementPolicy: 'TerminatingOrFailed', manualSelector: false,
      template: { metadata: { labels: { app: 'pi' } }, spec: { ...specDefaults, restartPolicy: 'Never', containers: [defaultedContainer] } } } },
  ],
  [
    'Job with only parallelism is a work queue: completions stays unset (§3.3)',
    { apiVersion: 'batch/v1', kind: 'Job', spec: { parallelism: 3, backoffLimitPerIndex: 1, podFailurePolicy: { rules: [] }, template: {} } },
    { apiVersion: 'batch/v1', kind: 'Job', spec: { parallelism: 3, backoffLimitPerIndex: 1, backoffLimit: 2147483647, completionMode: 'NonIndexed',
      suspend: false, podFailurePolicy: { rules: [] }, podReplacementPolicy: 'Failed', manualSelector: false, template: {} } },
  ],
  [
    'Service: ClusterIP, None affinity, TCP, targetPort=port, internalTrafficPolicy Cluster, SingleStack (§9)',
    { apiVersion: 'v1', kind: 'Service', spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } },
    { apiVersion: 'v1', kind: 'Service', spec: { type: 'ClusterIP', sessionAffinity: 'None', selector: { app: 'web' },
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }], internalTrafficPolicy: 'Cluster', ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4'] } },
  ],
  [
    'Service LoadBalancer: externalTrafficPolicy Cluster, allocateLoadBalancerNodePorts, ClientIP timeout 10800 (§9)',
    { apiVersion: 'v1', kind: 'Service', spec: { type: 'LoadBalancer', sessionAffinity: 'ClientIP', ports: [{ port: 443, targetPort: 'https' }] } },
    { apiVersion: 'v1', kind: 'Service', spec: { type: 'LoadBalancer', sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } },
      ports: [{ port: 443, protocol: 'TCP', targetPort: 'https' }], externalTrafficPolicy: 'Cluster', internalTrafficPolicy: 'Cluster',
      allocateLoadBalancerNodePorts: true, ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4'] } },
  ],
  [
    'Service ExternalName gets no traffic or family policies (§9)',
    { apiVersion: 'v1', kind: 'Service', spec: { type: 'ExternalName', externalName: 'db.example.com' } },
    { apiVersion: 'v1', kind: 'Service', spec: { type: 'ExternalName', externalName: 'db.example.com', sessionAffinity: 'None' } },
  ],
  [
    'Namespace: kubernetes.io/metadata.name label, phase Active (§8)',
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a', labels: { 'kubernetes.io/metadata.name': 'team-a' } }, status: { phase: 'Active' } },
  ],
  [
    'Node: allocatable defaults to capacity',
    { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, status: { capacity: { cpu: '4', pods: '110' } } },
    { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, status: { capacity: { cpu: '4', pods: '110' }, allocatable: { cpu: '4', pods: '110' } } },
  ],
  [
    'Secret: type Opaque, stringData folded into base64 data',
    { apiVersion: 'v1', kind: 'Secret', stringData: { user: 'admin' } },
    { apiVersion: 'v1', kind: 'Secret', type: 'Opaque', data: { user: 'YWRtaW4=' } },
  ],
  [
    'EndpointSlice: port name "" and protocol TCP (§9)',
    { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', addressType: 'IPv4', endpoints: [], ports: [{ port: 80 }] },
    { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', addressType: 'IPv4', endpoints: [], ports: [{ port: 80, name: '', protocol: 'TCP' }] },
  ],
  [
    'PriorityClass: preemptionPolicy PreemptLowerPriority',
    { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', value: 1000 },
    { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', value: 1000, preemptionPolicy: 'PreemptLowerPriority' },
  ],
  [
    'Pod volumes: emptyDir when sourceless, file modes 0644 (420), hostPath type "", token expiry 3600',
    { apiVersion: 'v1', kind: 'Pod', spec: { containers: [], volumes: [{ name: 'a' }, { name: 'b', secret: { secretName: 's' } },
      { name: 'c', hostPath: { path: '/x' } }, { name: 'd', projected: { sources: [{ serviceAccountToken: { path: 't' } }] } }] } },
    { apiVersion: 'v1', kind: 'Pod', spec: { ...specDefaults, enableServiceLinks: true, containers: [], volumes: [{ name: 'a', emptyDir: {} },
      { name: 'b', secret: { secretName: 's', defaultMode: 420 } }, { name: 'c', hostPath: { path: '/x', type: '' } },
      { name: 'd', projected: { defaultMode: 420, sources: [{ serviceAccountToken: { path: 't', expirationSeconds: 3600 } }] } }] } },
  ],
];

describe('API defaults', () => {
  it.each(cases)('%s', (_name, input, expected) => {
    const obj = clone(input) as { apiVersion: string; kind: string };
    registry.lookup(obj.apiVersion, obj.kind).default?.(obj);
    expect(obj).toEqual(expected);
  });

  it.each([
    ['nginx', 'latest', 'Always'],
    ['nginx:latest', 'latest', 'Always'],
    ['nginx:1.25', '1.25', 'IfNotPresent'],
    ['registry:5000/team/app', 'latest', 'Always'],
    ['registry:5000/team/app:v2', 'v2', 'IfNotPresent'],
    ['nginx@sha256:0123456789abcdef', '', 'IfNotPresent'],
    ['nginx:latest@sha256:0123456789abcdef', 'latest', 'Always'],
  ])('image %s has tag %j so imagePullPolicy defaults to %s (§7.1)', (image, tag, policy) => {
    expect([imageTag(image), defaultPullPolicy(image)]).toEqual([tag, policy]);
  });
});

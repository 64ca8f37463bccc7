// Demonstrates validation on create: each broken rule yields exactly upstream's field path and message,
// and valid objects yield none (kubernetes-behaviour.md §8: invalid objects are rejected with 422).
import { describe, expect, it } from 'vitest';
import { createErrors } from './helpers.js';
import { deployment, job, pod, replicaSet, service } from './fixtures.js';

type Obj = ReturnType<typeof pod> & Record<string, unknown>;
// Tables mutate loosely-typed copies: the point is to feed the API objects real clients could send.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

function broken<T>(make: () => T, mutate: (o: Loose) => void): T {
  const o = make();
  mutate(o);
  return o;
}

describe('valid objects produce no errors', () => {
  it.each([
    ['Pod', pod()],
    ['Deployment', deployment()],
    ['ReplicaSet', replicaSet()],
    ['Job', job()],
    ['Service', service()],
    ['Namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } }],
    ['Node', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1' }, spec: { taints: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }] } }],
    ['ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default' }, data: { 'app.properties': 'x=1' } }],
    ['Secret', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' }, type: 'kubernetes.io/tls', data: { 'tls.crt': 'eA==', 'tls.key': 'eA==' } }],
    ['ServiceAccount', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'default' } }],
    ['Event', { apiVersion: 'v1', kind: 'Event', metadata: { name: 'web-1.17', namespace: 'default' }, involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'default' } }],
    ['Lease', { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'node-1', namespace: 'kube-node-lease' }, spec: { holderIdentity: 'node-1', leaseDurationSeconds: 40 } }],
    ['EndpointSlice', { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'web-abc', namespace: 'default' }, addressType: 'IPv4',
      endpoints: [{ addresses: ['10.0.0.1'], conditions: { ready: true } }], ports: [{ port: 8080, name: 'http' }] }],
    ['PriorityClass', { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000000 }],
    ['PodDisruptionBudget', { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'pdb', namespace: 'default' }, spec: { minAvailable: '50%', selector: { matchLabels: { app: 'web' } } } }],
  ])('%s', (_kind, obj) => {
    expect(createErrors(obj)).toEqual([]);
  });
});

const cases: [string, object, string[]][] = [
  // Metadata (ValidateObjectMeta).
  ['name or generateName is required', broken(pod, (o) => { delete o.metadata.name; }), ['metadata.name: Required value: name or generateName is required']],
  ['namespaced kinds need a namespace', broken(pod, (o) => { delete o.metadata.namespace; }), ['metadata.namespace: Required value']],
  ['cluster-scoped kinds forbid a namespace', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n', namespace: 'default' } }, ['metadata.namespace: Forbidden: not allowed on this type']],
  // Containers (§7).
  ['image is required', broken(deployment, (o) => { delete o.spec.template.spec.containers[0].image; }), ['spec.template.spec.containers[0].image: Required value']],
  ['containers are required', broken(pod, (o) => { o.spec.containers = []; }), ['spec.containers: Required value']],
  ['container names are unique', broken(pod, (o) => { o.spec.containers.push({ name: 'app', image: 'busybox' }); }), ['spec.containers[1].name: Duplicate value: "app"']],
  ['init and app container names share one namespace', broken(pod, (o) => { o.spec.initContainers = [{ name: 'app', image: 'busybox' }]; }), ['spec.containers[0].name: Duplicate value: "app"']],
  ['containerPort is 1-65535', broken(pod, (o) => { o.spec.containers[0].ports[0].containerPort = 70000; }), ['spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive']],
  ['port protocol values', broken(pod, (o) => { o.spec.containers[0].ports[0].protocol = 'HTTP'; }), ['spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"']],
  ['port names are IANA service names', broken(pod, (o) => { o.spec.containers[0].ports[0].name = 'http_1'; }), ['spec.containers[0].ports[0].name: Invalid value: "http_1": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)']],
  ['requests must not exceed limits', broken(pod, (o) => { o.spec.containers[0].resources.requests.cpu = '1'; }), ['spec.containers[0].resources.requests: Invalid value: "1": must be less than or equal to cpu limit of 500m']],
  ['quantities must parse', broken(pod, (o) => { o.spec.containers[0].resources.limits.memory = '1 Gi'; }),
    ["spec.containers[0].resources.limits[memory]: Invalid value: \"1 Gi\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"]],
  ['quantities are non-negative', broken(pod, (o) => { o.spec.containers[0].resources.requests.memory = '-1'; }), ['spec.containers[0].resources.requests[memory]: Invalid value: "-1": must be greater than or equal to 0']],
  ['resource names are standard (the copied request fails too)', broken(pod, (o) => { o.spec.containers[0].resources.limits.gpu = '1'; }),
    ['spec.containers[0].resources.limits[gpu]: Invalid value: "gpu": must be a standard resource for containers',
      'spec.containers[0].resources.requests[gpu]: Invalid value: "gpu": must be a standard resource for containers']],
  ['extended resources need equal request and limit', broken(pod, (o) => { o.spec.containers[0].resources.requests['nvidia.com/gpu'] = '1'; }),
    ['spec.containers[0].resources.limits: Required value: Limit must be set for non overcommitable resources']],
  ['imagePullPolicy values', broken(pod, (o) => { o.spec.containers[0].imagePullPolicy = 'Sometimes'; }), ['spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"']],
  ['liveness probe successThreshold must be 1 (§7.3)', broken(pod, (o) => { o.spec.containers[0].livenessProbe = { tcpSocket: { port: 80 }, successThreshold: 2 }; }),
    ['spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1']],
  ['probes need a handler', broken(pod, (o) => { o.spec.containers[0].readinessProbe = { periodSeconds: 5 }; }), ['spec.containers[0].readinessProbe: Required value: must specify a handler type']],
  ['volume mounts reference volumes', broken(pod, (o) => { o.spec.containers[0].volumeMounts = [{ name: 'data', mountPath: '/data' }]; }), ['spec.containers[0].volumeMounts[0].name: Not found: "data"']],
  ['env names', broken(pod, (o) => { o.spec.containers[0].env = [{ name: '1X', value: 'a' }]; }),
    ["spec.containers[0].env[0].name: Invalid value: \"1X\": a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')"]],
  // Pod spec (§7.2).
  ['restartPolicy values', broken(pod, (o) => { o.spec.restartPolicy = 'Sometimes'; }), ['spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"']],
  ['activeDeadlineSeconds is positive', broken(pod, (o) => { o.spec.activeDeadlineSeconds = 0; }), ['spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive']],
  ['tolerationSeconds needs NoExecute', broken(pod, (o) => { o.spec.tolerations = [{ key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 5 }]; }),
    ['spec.tolerations[0].effect: Invalid value: "NoSchedule": effect must be \'NoExecute\' when `tolerationSeconds` is set']],
  ['empty toleration key needs Exists', broken(pod, (o) => { o.spec.tolerations = [{ operator: 'Equal', value: 'x' }]; }),
    ['spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"']],
  // Deployment / ReplicaSet (§2.1).
  ['replicas are non-negative', broken(deployment, (o) => { o.spec.replicas = -1; }), ['spec.replicas: Invalid value: -1: must be greater than or equal to 0']],
  ['selector must match template labels', broken(deployment, (o) => { o.spec.template.metadata.labels = { app: 'api' }; }),
    ['spec.template.metadata.labels: Invalid value: {"app":"api"}: `selector` does not match template `labels`']],
  ['selector is required', broken(replicaSet, (o) => { delete o.spec.selector; }), ['spec.selector: Required value']],
  ['empty selector is invalid', broken(deployment, (o) => { o.spec.selector = {}; }), ['spec.selector: Invalid value: {}: empty selector is invalid for deployment']],
  ['selector operators', broken(deployment, (o) => { o.spec.selector.matchExpressions = [{ key: 'tier', operator: 'In' }]; }),
    ["spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"]],
  ['template restartPolicy must be Always', broken(deployment, (o) => { o.spec.template.spec.restartPolicy = 'Never'; }),
    ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"']],
  ['maxSurge and maxUnavailable cannot both be 0', broken(deployment, (o) => { o.spec.strategy = { rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } }; }),
    ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0']],
  ['maxUnavailable at most 100%', broken(deployment, (o) => { o.spec.strategy = { rollingUpdate: { maxUnavailable: '150%' } }; }),
    ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "150%": must not be greater than 100%']],
  ['percent syntax', broken(deployment, (o) => { o.spec.strategy = { rollingUpdate: { maxSurge: 'half' } }; }),
    ["spec.strategy.rollingUpdate.maxSurge: Invalid value: \"half\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"]],
  ['Recreate forbids rollingUpdate', broken(deployment, (o) => { o.spec.strategy = { type: 'Recreate', rollingUpdate: {} }; }),
    ["spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"]],
  ['progressDeadlineSeconds > minReadySeconds', broken(deployment, (o) => { o.spec.minReadySeconds = 600; }),
    ['spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds']],
  // Job (§3.3).
  ['Job template restartPolicy defaults to Always and is rejected', broken(job, (o) => { delete o.spec.template.spec.restartPolicy; }),
    ['spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"']],
  ['Indexed jobs need completions', broken(job, (o) => { o.spec.completionMode = 'Indexed'; o.spec.parallelism = 2; }), ['spec.completions: Required value: when completion mode is Indexed']],
  ['backoffLimit non-negative', broken(job, (o) => { o.spec.backoffLimit = -1; }), ['spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0']],
  ['manual selector must match the template', broken(job, (o) => { o.spec.manualSelector = true; o.spec.selector = { matchLabels: { a: 'b' } }; }),
    ['spec.template.metadata.labels: Invalid value: {}: `selector` does not match template `labels`']],
  // Service (§9).
  ['services need ports', broken(service, (o) => { o.spec.ports = []; }), ['spec.ports: Required value']],
  ['service port range', broken(service, (o) => { o.spec.ports[0].port = 0; }), ['spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive']],
  ['multi-port services need port names', broken(service, (o) => { o.spec.ports.push({ name: 'b', port: 81 }); }), ['spec.ports[0].name: Required value']],
  ['duplicate port and protocol', broken(service, (o) => { o.spec.ports = [{ name: 'a', port: 80 }, { name: 'b', port: 80 }]; }),
    ['spec.ports[1]: Duplicate value: {"protocol":"TCP","port":80}']],
  ['nodePort not on ClusterIP', broken(service, (o) => { o.spec.ports[0].nodePort = 30080; }), ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"]],
  ['service type values', broken(service, (o) => { o.spec.type = 'Internal'; }), ['spec.type: Unsupported value: "Internal": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"']],
  ['externalTrafficPolicy only for external services', broken(service, (o) => { o.spec.externalTrafficPolicy = 'Local'; }),
    ['spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services']],
  ['ExternalName needs externalName', broken(service, (o) => { o.spec = { type: 'ExternalName' }; }), ['spec.externalName: Required value']],
  // Others.
  ['taints unique by key and effect', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, spec: { taints: [{ key: 'a', effect: 'NoSchedule' }, { key: 'a', effect: 'NoSchedule' }] } },
    ['spec.taints[1]: Duplicate value: {"key":"a","effect":"NoSchedule"}: taints must be unique by key and effect pair']],
  ['configmap keys', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'd' }, data: { 'a b': '1' } },
    ["data[a b]: Invalid value: \"a b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"]],
  ['tls secrets need tls.crt and tls.key', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'd' }, type: 'kubernetes.io/tls', data: {} },
    ['data[tls.crt]: Required value', 'data[tls.key]: Required value']],
  ['lease duration positive', { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'l', namespace: 'd' }, spec: { leaseDurationSeconds: 0 } },
    ['spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0']],
  ['event namespace matches involved object', { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e', namespace: 'a' }, involvedObject: { namespace: 'b' } },
    ['involvedObject.namespace: Invalid value: "b": does not match event.namespace']],
  ['user priority at most 1e9', { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'huge' }, value: 2000000000 },
    ['value: Forbidden: maximum allowed value of a user defined priority is 1000000000']],
  ['system- prefix reserved', { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'system-x' }, value: 1 },
    ["metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: name system-x is not a known system priority class"]],
  ['pdb minAvailable xor maxUnavailable', { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'p', namespace: 'd' }, spec: { minAvailable: 1, maxUnavailable: 1 } },
    ['spec: Invalid value: {"minAvailable":1,"maxUnavailable":1}: minAvailable and maxUnavailable cannot be both set']],
  ['endpoint addresses required', { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'e', namespace: 'd' }, addressType: 'IPv4', endpoints: [{ addresses: [] }] },
    ['endpoints[0].addresses: Required value: must contain at least 1 address']],
];

describe('each rule yields the upstream field path and message', () => {
  it.each(cases)('%s', (_name, obj, expected) => {
    expect(createErrors(obj as Obj)).toEqual(expected);
  });
});

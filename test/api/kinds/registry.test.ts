// Demonstrates the kind registry: one record per kind with group/version, plural, scope and name rule,
// and the NotSupported error for kinds kubesim does not serve (kubernetes-behaviour.md §8).
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/api/errors.js';
import { KindRegistry, podKind } from '../../../src/api/kinds/index.js';
import { registry } from './helpers.js';

describe('KindRegistry', () => {
  it.each([
    ['v1', 'Pod', 'pods', 'Namespaced', 'DNS1123Subdomain', 'Pod'],
    ['v1', 'Namespace', 'namespaces', 'Cluster', 'DNS1123Label', 'Namespace'],
    ['v1', 'Node', 'nodes', 'Cluster', 'DNS1123Subdomain', 'Node'],
    ['v1', 'Service', 'services', 'Namespaced', 'DNS1035Label', 'Service'],
    ['v1', 'ConfigMap', 'configmaps', 'Namespaced', 'DNS1123Subdomain', 'ConfigMap'],
    ['v1', 'Secret', 'secrets', 'Namespaced', 'DNS1123Subdomain', 'Secret'],
    ['v1', 'ServiceAccount', 'serviceaccounts', 'Namespaced', 'DNS1123Subdomain', 'ServiceAccount'],
    ['v1', 'Event', 'events', 'Namespaced', 'DNS1123Subdomain', 'Event'],
    ['apps/v1', 'Deployment', 'deployments', 'Namespaced', 'DNS1123Subdomain', 'Deployment.apps'],
    ['apps/v1', 'ReplicaSet', 'replicasets', 'Namespaced', 'DNS1123Subdomain', 'ReplicaSet.apps'],
    ['batch/v1', 'Job', 'jobs', 'Namespaced', 'DNS1123Subdomain', 'Job.batch'],
    ['discovery.k8s.io/v1', 'EndpointSlice', 'endpointslices', 'Namespaced', 'DNS1123Subdomain', 'EndpointSlice.discovery.k8s.io'],
    ['coordination.k8s.io/v1', 'Lease', 'leases', 'Namespaced', 'DNS1123Subdomain', 'Lease.coordination.k8s.io'],
    ['scheduling.k8s.io/v1', 'PriorityClass', 'priorityclasses', 'Cluster', 'DNS1123Subdomain', 'PriorityClass.scheduling.k8s.io'],
    ['policy/v1', 'PodDisruptionBudget', 'poddisruptionbudgets', 'Namespaced', 'DNS1123Subdomain', 'PodDisruptionBudget.policy'],
  ])('%s %s is served as %s (%s, %s), messages say %s', (apiVersion, kind, plural, scope, nameRule, kindGroup) => {
    const info = registry.lookup(apiVersion, kind);
    expect([info.plural, info.scope, info.nameRule]).toEqual([plural, scope, nameRule]);
    expect(registry.kindGroup(kind)).toBe(kindGroup);
    expect(registry.getByResource(plural, info.group)).toBe(info);
  });

  it('serves 15 built-in kinds', () => {
    expect(registry.kinds()).toHaveLength(15);
  });

  it.each([
    ['apps/v1', 'StatefulSet', 'kind "StatefulSet" (apps/v1) is not supported yet by kubesim'],
    ['policy/v1beta1', 'PodDisruptionBudget', 'kind "PodDisruptionBudget" (policy/v1beta1) is not supported yet by kubesim (kubesim serves PodDisruptionBudget as policy/v1)'],
  ])('lookup(%s, %s) throws NotSupported 415', (apiVersion, kind, message) => {
    let err: unknown;
    try {
      registry.lookup(apiVersion, kind);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ApiError);
    expect([(err as ApiError).reason, (err as ApiError).code, (err as ApiError).message]).toEqual(['NotSupported', 415, message]);
  });

  it('rejects registering the same apiVersion and kind twice', () => {
    const reg = new KindRegistry();
    reg.register(podKind);
    expect(() => {
      reg.register(podKind);
    }).toThrow('kind Pod (v1) is already registered');
    expect(reg.get('Pod', 'apps/v1')).toBeUndefined();
  });
});

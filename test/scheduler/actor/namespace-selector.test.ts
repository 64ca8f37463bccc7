// The live scheduler knows namespace labels: an InterPodAffinity term with a namespaceSelector matches the pods
// of the namespaces whose labels it selects (kubernetes-behaviour.md §1.5, upstream interpodaffinity uses the
// namespace lister; every namespace carries kubernetes.io/metadata.name). Regression: the actor never read
// Namespaces, so a term selecting namespaces by label matched nothing and the pod stayed Pending.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/api/store/types.js';
import { kubeScheduler } from '../../../src/scheduler/actor/index.js';
import { node, setup } from './fixture.js';

const ns = (name: string, labels: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });

function podIn(namespace: string, name: string, spec: Record<string, unknown>, labels: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, labels },
    spec: { containers: [{ name: 'c', image: 'nginx:1.27', resources: { requests: { cpu: '100m' } } }], ...spec },
  };
}

const affinityTo = (namespaceSelector: object) => ({
  affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [
    { labelSelector: { matchLabels: { app: 'db' } }, namespaceSelector, topologyKey: 'kubernetes.io/hostname' },
  ] } },
});

describe('kube-scheduler and namespaceSelector', () => {
  function run(selector: object, extra: (core: ReturnType<typeof setup>['core']) => void = () => undefined) {
    const { sim, core, write } = setup();
    write(ns('team-a', { team: 'a' }));
    write(ns('team-b', { team: 'b' }));
    for (const n of ['node-1', 'node-2', 'node-3']) write(node(n, '4'));
    write(podIn('team-a', 'db-a', { nodeName: 'node-2' }, { app: 'db' }));
    write(podIn('team-b', 'db-b', { nodeName: 'node-3' }, { app: 'db' }));
    extra(core);
    sim.spawn('kube-scheduler', kubeScheduler());
    write(podIn('default', 'web', affinityTo(selector)));
    sim.runUntil(5_000);
    return (core.get('Pod', 'default', 'web') as Pod | undefined)?.spec?.nodeName ?? '';
  }

  it('places the pod with the db pod of the namespace whose labels match (team=a → node-2, team=b → node-3)', () => {
    expect(run({ matchLabels: { team: 'a' } })).toBe('node-2');
    expect(run({ matchLabels: { team: 'b' } })).toBe('node-3');
  });

  it('matches the kubernetes.io/metadata.name label every namespace gets', () => {
    expect(run({ matchLabels: { 'kubernetes.io/metadata.name': 'team-b' } })).toBe('node-3');
  });

  it('leaves the pod Pending when no namespace matches (no db pod is eligible)', () => {
    expect(run({ matchLabels: { team: 'c' } })).toBe('');
  });
});

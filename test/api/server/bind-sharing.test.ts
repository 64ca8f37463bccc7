// A binding (pods/binding, kubernetes-behaviour.md §8) is one write: spec.nodeName and the PodScheduled condition in
// the same revision, generation + 1. The stored pod shares every unchanged part with the pod before the binding (its
// containers, its other conditions), keeps the key order, and is deeply frozen.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { describe, expect, it } from 'vitest';
import { ApiServerCore } from '../../../src/api/server/core.js';
import type { KubeObject } from '../../../src/api/store/types.js';

const frozenDeep = (x: unknown): boolean => typeof x !== 'object' || x === null || (Object.isFrozen(x) && Object.values(x).every(frozenDeep));

describe('bind', () => {
  it('sets nodeName and PodScheduled in one revision, sharing the unchanged parts, deeply frozen', () => {
    const api = new ApiServerCore({ now: () => 5_000 });
    const before = api.create({
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' },
      spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] },
    } as KubeObject) as Pod & KubeObject;
    const bound = api.bind('default', 'web', 'node-1') as Pod & KubeObject;
    expect(bound.spec?.nodeName).toBe('node-1');
    expect(bound.metadata.generation).toBe((before.metadata.generation ?? 0) + 1);
    expect(Number(bound.metadata.resourceVersion)).toBe(Number(before.metadata.resourceVersion) + 1);
    expect(bound.status?.conditions).toEqual([{ type: 'PodScheduled', status: 'True', lastTransitionTime: '1970-01-01T00:00:05Z' }]);
    expect(Object.keys(bound.spec ?? {})).toEqual([...Object.keys(before.spec ?? {}), 'nodeName']);
    expect(bound.spec?.containers).toBe(before.spec?.containers);
    expect(bound.status?.qosClass).toBe(before.status?.qosClass);
    expect(frozenDeep(bound)).toBe(true);
    expect(api.get('Pod', 'default', 'web')).toBe(bound);
    expect(() => api.bind('default', 'web', 'node-2')).toThrow('pod web is already assigned to node "node-1"');
  });
});

// Demonstrates kubectl apply's three-way merge (last-applied → manifest over the live object): fields removed
// from the manifest are removed, fields other writers own survive, keyed lists (containers/env/ports) merge by
// their patchMergeKey, and re-applying the same manifest is `unchanged` with no resourceVersion bump.
import { describe, expect, it } from 'vitest';
import { apply, LAST_APPLIED_ANNOTATION, threeWayMerge } from '../../../src/api/apply/index.js';
import type { KubeObject } from '../../../src/api/store/types.js';
import { newCore } from './helpers.js';

interface Spec {
  replicas?: number;
  image?: string;
  env?: { name: string; value: string }[];
  ports?: number[];
  paused?: boolean;
}

function deployment(s: Spec): object {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: {
      ...(s.replicas !== undefined ? { replicas: s.replicas } : {}),
      ...(s.paused !== undefined ? { paused: s.paused } : {}),
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'app',
              image: s.image ?? 'nginx:1.27',
              ...(s.env !== undefined ? { env: s.env } : {}),
              ...(s.ports !== undefined ? { ports: s.ports.map((containerPort) => ({ containerPort })) } : {}),
            },
          ],
        },
      },
    },
  };
}

type Live = KubeObject & { spec: { replicas: number; paused?: boolean; template: { spec: { containers: { image: string; env?: unknown[]; ports?: unknown[] }[] } } } };

function live(core: ReturnType<typeof newCore>): Live {
  return core.get('Deployment', 'default', 'web') as Live;
}

interface Case {
  readonly name: string;
  readonly first: Spec;
  /** A write by another client between the applies (e.g. an autoscaler). */
  readonly other?: (d: Live) => Live;
  readonly second: Spec;
  readonly expect: (d: Live) => unknown;
  readonly want: unknown;
}

const CASES: readonly Case[] = [
  { name: 'a field removed from the manifest is removed (replicas back to the default 1)', first: { replicas: 3 }, second: {}, expect: (d) => d.spec.replicas, want: 1 },
  {
    name: 'replicas set by an autoscaler survive when the manifest omits them',
    first: {},
    other: (d) => ({ ...d, spec: { ...d.spec, replicas: 7 } }),
    second: { image: 'nginx:1.28' },
    expect: (d) => [d.spec.replicas, d.spec.template.spec.containers[0]?.image],
    want: [7, 'nginx:1.28'],
  },
  { name: 'a container image change is applied', first: { image: 'nginx:1.27' }, second: { image: 'nginx:1.28' }, expect: (d) => d.spec.template.spec.containers.map((c) => c.image), want: ['nginx:1.28'] },
  {
    name: 'an env var added by name is merged in, keeping the others',
    first: { env: [{ name: 'A', value: '1' }] },
    second: { env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] },
    expect: (d) => d.spec.template.spec.containers[0]?.env,
    want: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }],
  },
  {
    name: 'an env var removed by name is removed',
    first: { env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] },
    second: { env: [{ name: 'B', value: '3' }] },
    expect: (d) => d.spec.template.spec.containers[0]?.env,
    want: [{ name: 'B', value: '3' }],
  },
  {
    name: 'an env var another client added survives (neither manifest has it)',
    first: { env: [{ name: 'A', value: '1' }] },
    other: (d) => {
      const c = d.spec.template.spec.containers[0];
      const containers = [{ ...c, env: [...(c?.env ?? []), { name: 'INJECTED', value: 'x' }] }];
      return { ...d, spec: { ...d.spec, template: { ...d.spec.template, spec: { ...d.spec.template.spec, containers } } } } as Live;
    },
    second: { env: [{ name: 'A', value: '2' }] },
    expect: (d) => d.spec.template.spec.containers[0]?.env,
    want: [{ name: 'A', value: '2' }, { name: 'INJECTED', value: 'x' }],
  },
  {
    name: 'container ports merge by containerPort (defaulted protocol kept)',
    first: { ports: [80] },
    second: { ports: [80, 443] },
    expect: (d) => d.spec.template.spec.containers[0]?.ports,
    want: [{ containerPort: 80, protocol: 'TCP' }, { containerPort: 443, protocol: 'TCP' }],
  },
  { name: 'a scalar changed by another client is reset only when the manifest sets it', first: { paused: false }, other: (d) => ({ ...d, spec: { ...d.spec, paused: true } }), second: { paused: false }, expect: (d) => d.spec.paused, want: false },
];

describe('three-way merge through apply', () => {
  it.each(CASES)('$name', (c) => {
    const core = newCore();
    expect(apply(core, deployment(c.first)).objects[0]?.action).toBe('created');
    if (c.other !== undefined) core.update(c.other(live(core)));
    expect(apply(core, deployment(c.second)).objects[0]?.action).toBe('configured');
    expect(c.expect(live(core))).toEqual(c.want);
    const rv = core.store.resourceVersion;
    expect(apply(core, deployment(c.second)).objects[0]?.action).toBe('unchanged');
    expect(core.store.resourceVersion).toBe(rv);
  });

  it('stores the last-applied annotation as kubectl writes it (sorted keys, namespace filled, trailing newline)', () => {
    const core = newCore();
    apply(core, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { b: '2', a: '1' } });
    expect(core.get('ConfigMap', 'default', 'cfg')?.metadata.annotations).toEqual({
      [LAST_APPLIED_ANNOTATION]: '{"apiVersion":"v1","data":{"a":"1","b":"2"},"kind":"ConfigMap","metadata":{"annotations":{},"name":"cfg","namespace":"default"}}\n',
    });
  });

  it('never takes status or server-owned metadata from the manifest', () => {
    const core = newCore();
    apply(core, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', uid: 'mine', resourceVersion: '999', creationTimestamp: null }, status: { x: 1 } });
    const cm = core.get('ConfigMap', 'default', 'cfg');
    expect([cm?.metadata.uid === 'mine', cm?.metadata.resourceVersion === '999', cm?.['status']]).toEqual([false, false, undefined]);
  });
});

describe('threeWayMerge', () => {
  const TABLE: readonly [string, Record<string, unknown> | undefined, Record<string, unknown>, Record<string, unknown>, Record<string, unknown>][] = [
    ['removed from manifest → removed', { a: 1, b: 2 }, { a: 1 }, { a: 1, b: 2, s: 9 }, { a: 1, s: 9 }],
    ['no last-applied: nothing is deleted', undefined, { a: 1 }, { a: 1, b: 2 }, { a: 1, b: 2 }],
    ['null in the manifest deletes', {}, { b: null }, { b: 2 }, {}],
    ['nested maps merge', { m: { x: 1 } }, { m: { y: 2 } }, { m: { x: 1, z: 3 } }, { m: { y: 2, z: 3 } }],
    ['unkeyed lists are replaced', { args: ['a'] }, { args: ['b'] }, { args: ['a', 'c'] }, { args: ['b'] }],
    [
      'service ports merge by port',
      { spec: { ports: [{ port: 80 }, { port: 81 }] } },
      { spec: { ports: [{ port: 80, name: 'http' }] } },
      { spec: { ports: [{ port: 80, protocol: 'TCP' }, { port: 81 }, { port: 99 }] } },
      { spec: { ports: [{ port: 80, protocol: 'TCP', name: 'http' }, { port: 99 }] } },
    ],
    [
      'finalizers merge as a set',
      { metadata: { finalizers: ['a', 'b'] } },
      { metadata: { finalizers: ['a', 'c'] } },
      { metadata: { finalizers: ['x', 'a', 'b'] } },
      { metadata: { finalizers: ['x', 'a', 'c'] } },
    ],
  ];
  it.each(TABLE)('%s', (_name, original, modified, current, want) => {
    expect(threeWayMerge('Service', original, modified, current)).toEqual(want);
  });

  it('a retainKeys map (Deployment spec.strategy) that changes keeps only the manifest keys', () => {
    const current = { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%' } } } };
    expect(threeWayMerge('Deployment', {}, { spec: { strategy: { type: 'Recreate' } } }, current)).toEqual({ spec: { strategy: { type: 'Recreate' } } });
    expect(threeWayMerge('Deployment', {}, { spec: { strategy: { type: 'RollingUpdate' } } }, current)).toEqual(current);
  });

  it('a volume changing source keeps only the new source (volumes: merge,retainKeys)', () => {
    const cur = { spec: { volumes: [{ name: 'v', emptyDir: {} }] } };
    const mod = { spec: { volumes: [{ name: 'v', configMap: { name: 'c' } }] } };
    expect(threeWayMerge('Pod', undefined, mod, cur)).toEqual(mod);
  });
});

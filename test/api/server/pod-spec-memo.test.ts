// Pods whose spec equals one admitted before (the pods of one template) reuse that admission: the stored pod
// must be exactly what the full admission path stores (defaults, DefaultTolerationSeconds, Priority, QoS status,
// validation errors), whatever the metadata, nodeName, key order or PriorityClasses written in between
// (kubernetes-behaviour.md §8 admission order; property, against a core whose memo never hits).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiServerCore } from '../../../src/api/server/core.js';
import { deepFreeze } from '../../../src/api/store/_internal/objects.js';
import type { KubeObject } from '../../../src/api/store/types.js';

/** A core that always takes the full admission path. */
function fullPathCore(): ApiServerCore {
  const core = new ApiServerCore({ now: () => 0 });
  (core as unknown as { podSpecs: unknown }).podSpecs = { lookup: () => undefined, record: () => undefined };
  return core;
}

const container = fc.record(
  {
    name: fc.constantFrom('main', 'side', 'Bad_Name'),
    image: fc.constantFrom('nginx:1.27', 'nginx', 'busybox@sha256:abc'),
    resources: fc.constantFrom(
      undefined,
      { requests: { cpu: '100m', memory: '128Mi' } },
      { limits: { cpu: '1' } },
      { requests: { cpu: '2' }, limits: { cpu: '1' } },
      { requests: { cpu: 'lots' } },
    ),
    ports: fc.constantFrom(undefined, [{ containerPort: 80 }]),
  },
  { requiredKeys: ['name', 'image'] },
);

const spec = fc.record(
  {
    containers: fc.array(container, { minLength: 1, maxLength: 2 }),
    restartPolicy: fc.constantFrom('Always', 'Never', 'Sometimes'),
    priorityClassName: fc.constantFrom('high', 'system-node-critical', 'missing'),
    tolerations: fc.constantFrom([{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' }], [{ operator: 'Equal' }]),
    terminationGracePeriodSeconds: fc.constantFrom(0, 30, 60),
  },
  { requiredKeys: ['containers'] },
);

/** Pods pick their spec from a small pool (the templates), so that most creates can hit the memo. */
const podArb = fc.record({
  name: fc.constantFrom('a', 'b', 'c', 'd', 'Bad', ''),
  namespace: fc.constantFrom('default', 'default', 'kube-system', 'missing'),
  labels: fc.constantFrom(undefined, { app: 'web' }, { 'bad key!': 'x' }),
  template: fc.nat(2),
  nodeName: fc.constantFrom('node-1', 'node-2', '', 'Not_A_Node', undefined),
  withStatus: fc.boolean(),
  reversed: fc.boolean(),
});

type PodCase = typeof podArb extends fc.Arbitrary<infer T> ? T : never;

/** `o` with its keys in reverse order (deeply), to vary key order without changing content. */
function reversedKeys(o: unknown): unknown {
  if (Array.isArray(o)) return o.map(reversedKeys);
  if (typeof o !== 'object' || o === null) return o;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o).reverse()) out[k] = reversedKeys((o as Record<string, unknown>)[k]);
  return out;
}

function toPod(c: PodCase, templates: readonly object[], i: number): KubeObject {
  const template = templates[c.template % templates.length];
  const pod: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: c.name === '' ? '' : `${c.name}-${i}`, namespace: c.namespace, ...(c.labels !== undefined ? { labels: c.labels } : {}) },
    // a frozen template without nodeName is passed by reference, as the ReplicaSet controller passes its template's spec
    spec: c.nodeName === undefined && Object.isFrozen(template) ? template : { ...(c.nodeName !== undefined ? { nodeName: c.nodeName } : {}), ...template },
    ...(c.withStatus ? { status: { phase: 'Running' } } : {}),
  };
  return c.reversed ? (reversedKeys(pod) as KubeObject) : pod;
}

const priorityClass = (value: number): KubeObject =>
  ({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value }) as KubeObject;

function outcome(core: ApiServerCore, pod: KubeObject): unknown {
  try {
    const stored = core.create(pod);
    // the full path's key order too, at the top and in spec
    return { stored, keys: Object.keys(stored), specKeys: Object.keys(stored['spec'] as object) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

describe('pod spec memo', () => {
  it('stores exactly what the full admission path stores', () => {
    fc.assert(
      fc.property(fc.array(spec, { minLength: 1, maxLength: 3 }), fc.boolean(), fc.array(fc.oneof({ weight: 8, arbitrary: podArb }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }) }), { maxLength: 30 }), (templates, frozen, steps) => {
        if (frozen) deepFreeze(templates);
        const memo = new ApiServerCore({ now: () => 0 });
        const full = fullPathCore();
        steps.forEach((step, i) => {
          if (typeof step === 'number') {
            // a PriorityClass write changes what Priority admission computes for `high`
            for (const core of [memo, full]) {
              // (value is immutable: delete and create again)
              if (core.get('PriorityClass', '', 'high') !== undefined) core.delete('PriorityClass', '', 'high');
              core.create(priorityClass(step * 1000));
            }
            return;
          }
          const pod = toPod(step, templates, i);
          expect(outcome(memo, pod)).toEqual(outcome(full, pod));
        });
      }),
      { numRuns: 300 },
    );
  });

  it('pods of one template share their admitted spec parts, frozen, and keep their own nodeName', () => {
    const core = new ApiServerCore({ now: () => 0 });
    const pod = (name: string, nodeName?: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default' },
      spec: { ...(nodeName !== undefined ? { nodeName } : {}), containers: [{ name: 'c', image: 'nginx:1.27' }] },
    });
    const a = core.create(pod('a'));
    const b = core.create(pod('b', 'node-1'));
    const sa = a['spec'] as Record<string, unknown>;
    const sb = b['spec'] as Record<string, unknown>;
    expect(sb['containers']).toBe(sa['containers']);
    expect(sb['tolerations']).toBe(sa['tolerations']);
    expect(sb['nodeName']).toBe('node-1');
    expect(sa['nodeName']).toBeUndefined();
    expect(Object.keys(sb)[0]).toBe('nodeName');
    expect(Object.isFrozen(sb)).toBe(true);
    expect(b['status']).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
  });

  it('a PriorityClass write invalidates what Priority admission computed', () => {
    const core = new ApiServerCore({ now: () => 0 });
    const pod = (name: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default' },
      spec: { priorityClassName: 'high', containers: [{ name: 'c', image: 'nginx:1.27' }] },
    });
    core.create(priorityClass(1000));
    expect((core.create(pod('a'))['spec'] as { priority?: number }).priority).toBe(1000);
    core.delete('PriorityClass', '', 'high');
    core.create(priorityClass(2000));
    expect((core.create(pod('b'))['spec'] as { priority?: number }).priority).toBe(2000);
    core.delete('PriorityClass', '', 'high');
    expect(() => core.create(pod('c'))).toThrow('pods "c" is forbidden: no PriorityClass with name high was found');
  });
});


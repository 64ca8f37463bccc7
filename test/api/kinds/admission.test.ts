// Demonstrates pod admission and create-time preparation: DefaultTolerationSeconds (§6: not-ready and
// unreachable tolerated for 300 s), Priority (§8: priority 0 without a class), the Job's generated
// selector (§3.3), the Namespace `kubernetes` finalizer and the Pod's Pending/QoS status (§7.5).
import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { ApiError } from '../../../src/api/errors.js';
import {
  defaultPodPriority,
  defaultTolerationSeconds,
  type PriorityClassSource,
} from '../../../src/api/kinds/index.js';
import { createErrors, prepareCreate } from './helpers.js';
import { job } from './fixtures.js';

const notReady = { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };
const unreachable = { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };

function podWith(tolerations?: Pod['spec'] extends infer S ? (S extends { tolerations?: infer T } ? T : never) : never): Pod {
  return { metadata: { name: 'p' }, spec: { containers: [], ...(tolerations === undefined ? {} : { tolerations }) } };
}

describe('DefaultTolerationSeconds (§6)', () => {
  it.each([
    ['no tolerations: both added', undefined, [notReady, unreachable]],
    ['not-ready already tolerated: only unreachable added', [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' }],
      [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' }, unreachable]],
    ['an empty-key toleration tolerates both', [{ operator: 'Exists' }], [{ operator: 'Exists' }]],
    ['a NoSchedule toleration does not count', [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoSchedule' }],
      [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoSchedule' }, notReady, unreachable]],
  ])('%s', (_name, tolerations, expected) => {
    const pod = podWith(tolerations);
    defaultTolerationSeconds(pod);
    defaultTolerationSeconds(pod);
    expect(pod.spec?.tolerations).toEqual(expected);
  });
});

describe('Priority admission (§8)', () => {
  const classes: PriorityClassSource = {
    get: (name) => (name === 'high' ? { metadata: { name: 'high' }, value: 1000, preemptionPolicy: 'Never' } : undefined),
    globalDefault: () => undefined,
  };

  it.each([
    ['no class: priority 0, PreemptLowerPriority', undefined, undefined, 0, 'PreemptLowerPriority'],
    ['user class', 'high', classes, 1000, 'Never'],
    ['system class resolves without a source', 'system-node-critical', undefined, 2000001000, 'PreemptLowerPriority'],
    ['global default class', undefined, { get: () => undefined, globalDefault: () => ({ metadata: { name: 'd' }, value: 7 }) }, 7, 'PreemptLowerPriority'],
  ])('%s', (_name, className, source, priority, policy) => {
    const pod = podWith();
    if (className !== undefined && pod.spec !== undefined) pod.spec.priorityClassName = className;
    defaultPodPriority(pod, source);
    expect([pod.spec?.priority, pod.spec?.preemptionPolicy]).toEqual([priority, policy]);
  });

  it.each([
    ['unknown class', { priorityClassName: 'nope' }, 'pods "p" is forbidden: no PriorityClass with name nope was found'],
    ['explicit priority differing from the class', { priority: 5 },
      'pods "p" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 0 from the given PriorityClass name'],
  ])('%s is Forbidden (403)', (_name, extra, message) => {
    const pod: Pod = { metadata: { name: 'p' }, spec: { containers: [], ...extra } };
    let err: unknown;
    try {
      defaultPodPriority(pod, classes);
    } catch (e) {
      err = e;
    }
    expect([(err as ApiError).reason, (err as ApiError).code, (err as ApiError).message]).toEqual(['Forbidden', 403, message]);
  });
});

describe('create-time preparation', () => {
  it('a Job gets the generated selector and the four job labels (§3.3)', () => {
    const prepared = prepareCreate(job(), 'a1b2');
    expect(prepared.spec.template).toMatchObject({ metadata: { labels: {
      'controller-uid': 'a1b2', 'batch.kubernetes.io/controller-uid': 'a1b2', 'job-name': 'pi', 'batch.kubernetes.io/job-name': 'pi' } } });
    expect((prepared.spec as { selector?: unknown }).selector).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': 'a1b2' } });
    expect(createErrors(job())).toEqual([]);
  });

  it('a Job whose template carries a wrong controller-uid is rejected', () => {
    const j = job() as ReturnType<typeof job> & { spec: { template: { metadata?: object } } };
    j.spec.template.metadata = { labels: { 'batch.kubernetes.io/controller-uid': 'forged' } };
    expect(createErrors(j)).toEqual([
      'spec.template.metadata.labels: Invalid value: {"batch.kubernetes.io/controller-uid":"forged","job-name":"pi","batch.kubernetes.io/job-name":"pi","controller-uid":"uid-1"}: `selector` does not match template `labels`',
      'spec.template.metadata.labels[batch.kubernetes.io/controller-uid]: Invalid value: {"batch.kubernetes.io/controller-uid":"forged","job-name":"pi","batch.kubernetes.io/job-name":"pi","controller-uid":"uid-1"}: must be \'uid-1\'',
    ]);
  });

  it('a Namespace gets the kubernetes finalizer and phase Active (§8)', () => {
    const ns = prepareCreate({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } });
    expect(ns).toMatchObject({ spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
  });

  it.each([
    ['BestEffort: no requests or limits', {}, 'BestEffort'],
    ['Guaranteed: limits only (requests copied from limits)', { limits: { cpu: '1', memory: '1Gi' } }, 'Guaranteed'],
    ['Burstable: requests below limits', { requests: { cpu: '500m' }, limits: { cpu: '1', memory: '1Gi' } }, 'Burstable'],
  ])('a Pod starts Pending with QoS %s (§7.5)', (_name, resources, qos) => {
    const pod = prepareCreate({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'd' },
      spec: { containers: [{ name: 'a', image: 'x', resources }] } } as Pod) as Pod & { spec: NonNullable<Pod['spec']> };
    expect((pod as { status?: unknown }).status).toEqual({ phase: 'Pending', qosClass: qos });
    expect(pod.spec.tolerations).toEqual([notReady, unreachable]);
    expect([pod.spec.priority, pod.spec.preemptionPolicy]).toEqual([0, 'PreemptLowerPriority']);
  });
});

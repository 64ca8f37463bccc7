// Demonstrates update validation: fields upstream makes immutable reject changes with
// `field is immutable`, and pods accept only image/deadline/toleration changes (kubernetes-behaviour.md §8).
import { describe, expect, it } from 'vitest';
import { prepareCreate, updateErrors } from './helpers.js';
import { deployment, job, pod, replicaSet, service } from './fixtures.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

function change<T>(make: () => T, mutate: (o: Loose) => void): [T, T] {
  const old = prepareCreate(make() as T & { kind: string });
  const next = structuredClone(old) as Loose;
  mutate(next);
  return [old, next as T];
}

const POD_MSG =
  'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

const cases: [string, [object, object], string[]][] = [
  ['metadata.name is immutable', change(pod, (o) => { o.metadata.name = 'web-2'; }), ['metadata.name: Invalid value: "web-2": field is immutable']],
  // a name or namespace equal to the stored one is not validated again; a new one is, besides being immutable
  ['a new invalid name is reported twice', change(pod, (o) => { o.metadata.name = 'Web_2'; }),
    ['metadata.name: Invalid value: "Web_2": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')', 'metadata.name: Invalid value: "Web_2": field is immutable']],
  ['a new invalid namespace is reported twice', change(pod, (o) => { o.metadata.namespace = 'No'; }),
    ['metadata.namespace: Invalid value: "No": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character (e.g. \'my-name\',  or \'123-abc\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\')', 'metadata.namespace: Invalid value: "No": field is immutable']],
  ['metadata.uid is immutable', change(deployment, (o) => { o.metadata.uid = 'other'; }), ['metadata.uid: Invalid value: "other": field is immutable']],
  ['pod image may change', change(pod, (o) => { o.spec.containers[0].image = 'nginx:1.26'; }), []],
  ['pod tolerations may be added', change(pod, (o) => { o.spec.tolerations.push({ key: 'gpu', operator: 'Exists' }); }), []],
  ['pod activeDeadlineSeconds may be set', change(pod, (o) => { o.spec.activeDeadlineSeconds = 60; }), []],
  ['pod labels may change', change(pod, (o) => { o.metadata.labels.tier = 'front'; }), []],
  ['pod ports may not change', change(pod, (o) => { o.spec.containers[0].ports[0].containerPort = 81; }), [POD_MSG]],
  ['pod nodeName may not change through update', change(pod, (o) => { o.spec.nodeName = 'node-1'; }), [POD_MSG]],
  ['pod tolerations may not be removed', change(pod, (o) => { o.spec.tolerations = []; }),
    ['spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds']],
  ['Deployment selector is immutable (apps/v1)', change(deployment, (o) => { o.spec.selector.matchLabels.tier = 'x'; o.spec.template.metadata.labels.tier = 'x'; }),
    ['spec.selector: Invalid value: {"matchLabels":{"app":"web","tier":"x"}}: field is immutable']],
  ['Deployment template and replicas may change', change(deployment, (o) => { o.spec.replicas = 5; o.spec.template.spec.containers[0].image = 'nginx:2'; }), []],
  ['ReplicaSet selector is immutable', change(replicaSet, (o) => { o.spec.selector = { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'app', operator: 'Exists' }] }; }),
    ['spec.selector: Invalid value: {"matchLabels":{"app":"web"},"matchExpressions":[{"key":"app","operator":"Exists"}]}: field is immutable']],
  ['Job completions are immutable', change(job, (o) => { o.spec.completions = 3; }), ['spec.completions: Invalid value: 3: field is immutable']],
  ['Job parallelism may change', change(job, (o) => { o.spec.parallelism = 4; }), []],
  ['an unset Service clusterIP may be set', change(service, (o) => { o.spec.clusterIP = '10.96.0.11'; }), []],
];

describe('update validation', () => {
  it.each(cases)('%s', (_name, [old, next], expected) => {
    expect(updateErrors(old as { kind: string }, next as { kind: string })).toEqual(expected);
  });

  it('a set Service clusterIP may not change', () => {
    const old = prepareCreate(service());
    (old.spec as { clusterIP?: string }).clusterIP = '10.96.0.10';
    const next = structuredClone(old);
    (next.spec as { clusterIP?: string }).clusterIP = '10.96.0.11';
    expect(updateErrors(old, next)).toEqual(['spec.clusterIPs[0]: Invalid value: "10.96.0.11": may not change once set']);
  });

  it('an immutable ConfigMap keeps its data', () => {
    const old = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'd' }, immutable: true, data: { a: '1' } };
    const next = { ...old, data: { a: '2' } };
    expect(updateErrors(old, next)).toEqual(['data: Forbidden: field is immutable when `immutable` is set']);
  });
});

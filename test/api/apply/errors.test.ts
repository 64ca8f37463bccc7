// Demonstrates that apply checks every document before writing any: one ApplyError lists each problem with
// its document number, kind/name, field and kube-apiserver's reason (kubectl's `error: ...` lines), and the
// cluster is left unchanged; YAML syntax errors name the document and line.
import { describe, expect, it } from 'vitest';
import { apply, ApplyError, deleteFromManifests, parseManifests } from '../../../src/api/apply/index.js';
import { newCore } from './helpers.js';

function errorOf(fn: () => unknown): ApplyError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApplyError) return e;
    throw e;
  }
  throw new Error('expected an ApplyError');
}

const GOOD_CM = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: "1"\n';
const BAD_DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: -1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: app, image: nginx}]
`;

describe('apply errors', () => {
  const CASES: readonly { name: string; input: string; opts?: { namespace?: string; source?: string }; lines: string[] }[] = [
    {
      name: 'a validation error names the document, kind, name and field',
      input: `${GOOD_CM}---\n${BAD_DEPLOY}`,
      lines: ['error: document 2 (Deployment.apps "web"): spec.replicas: Invalid value: -1: must be greater than or equal to 0'],
    },
    {
      name: 'an unserved kind is an error naming it, not silently ignored',
      input: `${GOOD_CM}---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\n`,
      lines: ['error: document 2 (StatefulSet.apps "db"): kind "StatefulSet" (apps/v1) is not supported yet by kubesim'],
    },
    {
      name: 'every problem of every document is listed',
      input: `apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n---\napiVersion: v1\nkind: Widget\nmetadata: {name: w}\n---\n${BAD_DEPLOY}`,
      lines: [
        'error: document 1 (ConfigMap): metadata.name: resource name may not be empty',
        'error: document 2 (Widget "w"): kind "Widget" (v1) is not supported yet by kubesim',
        'error: document 3 (Deployment.apps "web"): spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      ],
    },
    { name: 'a missing kind', input: 'apiVersion: v1\nmetadata: {name: x}\n', lines: ["error: document 1: Object 'Kind' is missing"] },
    { name: 'generateName cannot be applied', input: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {generateName: x-}\n', lines: ['error: document 1 (ConfigMap): metadata.name: cannot use generate name with apply'] },
    {
      name: 'a document that is not an object',
      input: 'just a string\n',
      opts: { source: 'x.yaml' },
      lines: ['error: x.yaml: document 1: unable to decode "x.yaml": json: cannot unmarshal string into Go value of type map[string]interface {}'],
    },
    {
      name: 'a namespace that contradicts -n',
      input: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: prod}\n',
      opts: { namespace: 'dev' },
      lines: [`error: document 1 (ConfigMap "a"): the namespace from the provided object "prod" does not match the namespace "dev". You must pass '--namespace=prod' to perform this operation.`],
    },
    {
      name: 'a missing namespace',
      input: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: nope}\n',
      lines: ['error: document 1 (ConfigMap "a"): namespaces "nope" not found'],
    },
    {
      name: 'YAML syntax errors name the document and line',
      input: `${GOOD_CM}---\nmetadata:\n  name: [a\n`,
      lines: [expect.stringMatching(/^error: document 2: error converting YAML to JSON: yaml: line 10: Flow sequence/) as unknown as string],
    },
  ];

  it.each(CASES)('$name', (c) => {
    const core = newCore();
    const rv = core.store.resourceVersion;
    const err = errorOf(() => apply(core, c.input, c.opts));
    expect(err.message.split('\n')).toEqual(c.lines);
    expect(core.store.resourceVersion).toBe(rv);
    expect(core.get('ConfigMap', 'default', 'cfg')).toBeUndefined();
  });

  it('problems carry structured fields', () => {
    const err = errorOf(() => apply(newCore(), `${GOOD_CM}---\n${BAD_DEPLOY}`));
    expect(err.problems).toEqual([
      { document: 2, kind: 'Deployment.apps', name: 'web', field: 'spec.replicas', reason: 'Invalid value: -1: must be greater than or equal to 0' },
    ]);
  });

  it('a Namespace created by an earlier document counts for later ones', () => {
    const core = newCore();
    const r = apply(core, 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: shop}\n');
    expect(r.objects).toEqual([
      { kind: 'Namespace', name: 'shop', action: 'created' },
      { kind: 'ConfigMap', namespace: 'shop', name: 'a', action: 'created' },
    ]);
  });

  it('dry run checks and reports but writes nothing', () => {
    const core = newCore();
    const rv = core.store.resourceVersion;
    expect(apply(core, GOOD_CM, { dryRun: true }).objects).toEqual([{ kind: 'ConfigMap', namespace: 'default', name: 'cfg', action: 'created' }]);
    expect(core.store.resourceVersion).toBe(rv);
  });
});

describe('parseManifests', () => {
  const CASES: readonly [string, string, unknown[]][] = [
    ['empty documents are skipped', '---\n# nothing\n---\n', []],
    ['a List is expanded', 'apiVersion: v1\nkind: List\nitems:\n- {kind: A}\n- {kind: B}\n', [{ kind: 'A' }, { kind: 'B' }]],
    ['YAML 1.1 booleans, as kubectl reads them', 'a: yes\nb: off\n', [{ a: true, b: false }]],
    ['JSON is YAML', '{"kind": "A", "n": 1}', [{ kind: 'A', n: 1 }]],
    ['merge keys', 'base: &b {x: 1}\nobj: {<<: *b, z: 2}\n', [{ base: { x: 1 }, obj: { x: 1, z: 2 } }]],
    ['a bare `y` key is the boolean true in YAML 1.1 (go-yaml v2), so it becomes "true"', 'y: 2\n', [{ true: 2 }]],
  ];
  it.each(CASES)('%s', (_name, text, want) => {
    expect(parseManifests(text)).toEqual(want);
  });

  it('duplicate keys are a syntax error', () => {
    expect(errorOf(() => parseManifests('a: 1\na: 2\n', 'f.yaml')).message).toMatch(/^error: f\.yaml: document 1: error converting YAML to JSON: yaml: line \d+: /);
  });
});

describe('deleteFromManifests', () => {
  it('deletes what a manifest names, with the propagation policy', () => {
    const core = newCore();
    apply(core, `${GOOD_CM}---\napiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n`);
    const r = deleteFromManifests(core, `${GOOD_CM}---\napiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n`, { propagationPolicy: 'Foreground' });
    expect(r.objects.map((o) => o.action)).toEqual(['deleted', 'deleted']);
    // Foreground: the owner stays, marked, with the foregroundDeletion finalizer until the GC finishes.
    expect(core.get('ConfigMap', 'default', 'cfg')?.metadata.finalizers).toEqual(['foregroundDeletion']);
    expect((core.get('Namespace', '', 'shop') as { status?: { phase?: string } } | undefined)?.status?.phase).toBe('Terminating');
  });

  it('a missing object is an error unless ignored, and nothing is deleted', () => {
    const core = newCore();
    apply(core, GOOD_CM);
    const both = `${GOOD_CM}---\napiVersion: v1\nkind: Secret\nmetadata: {name: s}\n`;
    expect(errorOf(() => deleteFromManifests(core, both)).message).toBe('error: document 2 (Secret "s"): secrets "s" not found');
    expect(core.get('ConfigMap', 'default', 'cfg')).toBeDefined();
    expect(deleteFromManifests(core, both, { ignoreNotFound: true }).objects.map((o) => o.action)).toEqual(['deleted', 'not found']);
  });
});

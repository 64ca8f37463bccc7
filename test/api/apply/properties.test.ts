// Demonstrates, with fast-check, that apply is total and atomic: fuzzed YAML text and fuzzed objects only ever
// fail with ApplyError (a kubectl-style user error), never a crash, and a rejected apply leaves the store's
// resourceVersion unchanged; an accepted apply is idempotent (re-apply is `unchanged`).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apply, ApplyError } from '../../../src/api/apply/index.js';
import { ApiError } from '../../../src/api/errors.js';
import { newCore } from './helpers.js';

/** Runs apply; returns whether it was accepted; rethrows anything but ApplyError/ApiError. */
function attempt(core: ReturnType<typeof newCore>, input: string | object): boolean {
  try {
    apply(core, input);
    return true;
  } catch (e) {
    if (e instanceof ApplyError || e instanceof ApiError) return false;
    throw e;
  }
}

const yamlPieces = fc.constantFrom(
  'apiVersion: v1\n', 'apiVersion: apps/v1\n', 'kind: ConfigMap\n', 'kind: Deployment\n', 'kind: Pod\n', 'kind: List\n',
  'metadata:\n  name: a\n', 'metadata: {name: b, namespace: kube-system}\n', 'metadata: []\n', 'data: {k: v}\n', 'data: 3\n',
  'spec:\n  replicas: -1\n', 'spec: {containers: [{name: c, image: x}]}\n', 'items:\n- {apiVersion: v1, kind: Secret, metadata: {name: s}}\n',
  '---\n', '  bad: [\n', '"\n', '- 1\n', 'x: *nope\n', '{', '}', '# c\n', ': :\n', '\t', 'y: yes\n',
);
const fuzzYaml = fc.oneof(fc.array(yamlPieces, { maxLength: 12 }).map((p) => p.join('')), fc.string({ maxLength: 60 }));

const jsonValue = fc.jsonValue({ maxDepth: 3 });
const fuzzObject = fc.record(
  {
    apiVersion: fc.oneof(fc.constantFrom('v1', 'apps/v1', 'batch/v1', 'x/v9'), jsonValue),
    kind: fc.oneof(fc.constantFrom('ConfigMap', 'Secret', 'Deployment', 'Pod', 'Service', 'Namespace', 'Job', 'Widget'), jsonValue),
    metadata: fc.oneof(
      fc.record({ name: fc.oneof(fc.constantFrom('a', 'b-1', 'Bad_Name', ''), jsonValue), labels: fc.oneof(fc.dictionary(fc.string(), fc.string()), jsonValue) }, { requiredKeys: [] }),
      jsonValue,
    ),
    spec: jsonValue,
    data: jsonValue,
    status: jsonValue,
  },
  { requiredKeys: [] },
);

describe('apply properties', () => {
  it('fuzzed YAML never crashes and a rejection changes nothing', () => {
    fc.assert(
      fc.property(fuzzYaml, (text) => {
        const core = newCore();
        const rv = core.store.resourceVersion;
        if (!attempt(core, text)) expect(core.store.resourceVersion).toBe(rv);
      }),
    );
  });

  it('fuzzed objects never crash; rejected → store unchanged; accepted → re-apply unchanged', () => {
    fc.assert(
      fc.property(fc.array(fuzzObject, { minLength: 1, maxLength: 3 }), (objs) => {
        const core = newCore();
        const rv = core.store.resourceVersion;
        if (!attempt(core, objs)) {
          expect(core.store.resourceVersion).toBe(rv);
          return;
        }
        const after = core.store.resourceVersion;
        const again = apply(core, objs);
        expect(again.objects.every((o) => o.action === 'unchanged')).toBe(true);
        expect(core.store.resourceVersion).toBe(after);
      }),
    );
  });
});

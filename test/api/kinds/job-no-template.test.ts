// A Job without spec.template is rejected with field errors, never a crash (found by the apply fuzz property,
// FC_SEED=-203348789: `{ kind: Job, spec: {} }` threw a TypeError in defaulting). Upstream defaults a zero-value
// template and validation reports it; kubesim reports spec.selector, spec.template and the restart policy.
import { describe, expect, it } from 'vitest';
import { ApplyError } from '../../../src/api/apply/index.js';
import { createCluster } from '../../../src/cluster/index.js';

describe('Job without a template', () => {
  it('is rejected with field paths and leaves the store unchanged', () => {
    const c = createCluster({ seed: 1 });
    let err: unknown;
    try {
      c.apply({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'a' }, spec: {} });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ApplyError);
    expect((err as Error).message).toMatch(/spec\.template: Required value/);
    expect((err as Error).message).toMatch(/spec\.template\.spec\.restartPolicy: Unsupported value: "": supported values: "OnFailure", "Never"/);
    expect(c.list('Job')).toHaveLength(0);
  });
});

// A Pod without spec.containers is rejected with a field error, never a crash (found by the apply fuzz property,
// seed -1762508612: `{ kind: Pod, spec: {} }` threw a TypeError in validation). Upstream ValidatePodSpec reports
// `spec.containers: Required value` for a missing or empty list (kubernetes-behaviour.md §8 validation).
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/api/errors.js';
import { ApiServerCore } from '../../../src/api/server/core.js';

describe('Pod without containers', () => {
  it.each([{}, { containers: [] }, { containers: 3 }])('spec %j is 422 Invalid with spec.containers: Required value', (spec) => {
    const core = new ApiServerCore({ now: () => 0 });
    const rv = core.store.resourceVersion;
    let err: unknown;
    try {
      core.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a' }, spec } as never);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe(422);
    expect((err as ApiError).message).toBe('Pod "a" is invalid: spec.containers: Required value');
    expect(core.store.resourceVersion).toBe(rv);
  });
});

// ApiError wording and cost (kubernetes-behaviour.md §8): the optimistic-concurrency Conflict is built without a stack
// trace (controllers meet it thousands of times and retry), and building it leaves the global stack limit as it was.
import { describe, expect, it } from 'vitest';
import { ApiError, conflict, notFound } from '../../src/api/errors.js';

describe('ApiError', () => {
  it('conflict: 409 Conflict worded as kube-apiserver, without stack frames; the stack limit is restored', () => {
    const limit = Error.stackTraceLimit;
    const e = conflict('replicasets.apps', 'web-1');
    expect(e).toBeInstanceOf(ApiError);
    expect([e.reason, e.code]).toEqual(['Conflict', 409]);
    expect(e.message).toBe(
      'Operation cannot be fulfilled on replicasets.apps "web-1": the object has been modified; please apply your changes to the latest version and try again',
    );
    expect(e.stack ?? '').not.toMatch(/\n\s+at /);
    expect(Error.stackTraceLimit).toBe(limit);
    // other errors still carry their stack
    expect(notFound('pods', 'x').stack ?? '').toMatch(/\n\s+at /);
  });
});

// The store lists in etcd key order, `namespace/name` (kubernetes-behaviour.md §8): cells compare as those keys
// would, without the key strings being built (property over namespaces that are prefixes of each other).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareCells, type Cell } from '../../../src/api/store/_internal/kind-table.js';

const text = (chars: string) => fc.string({ unit: fc.constantFrom(...chars.split('')), maxLength: 4 });
const cell = fc.record({ namespace: text('ab-.0'), name: text('ab-.0z') }).map((c): Cell => ({ kind: 'Pod', ...c, obj: undefined as never, removed: false }));

describe('compareCells', () => {
  it('orders cells as their keys namespace/name order by code unit', () => {
    fc.assert(
      fc.property(cell, cell, (a, b) => {
        const ka = `${a.namespace}/${a.name}`;
        const kb = `${b.namespace}/${b.name}`;
        expect(compareCells(a, b)).toBe(ka < kb ? -1 : ka > kb ? 1 : 0);
      }),
      { numRuns: 2000 },
    );
  });
});

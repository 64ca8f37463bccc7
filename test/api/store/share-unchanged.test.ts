// An update stores the request's value with every unchanged subtree replaced by the stored one: equal to the
// request, the stored object itself when nothing changed, and sharing exactly the subtrees that are equal.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deepEqual } from '../../../src/api/store/_internal/deep-equal.js';
import { shareOrCopy } from '../../../src/api/store/_internal/objects.js';
import { shareUnchanged } from '../../../src/api/store/_internal/prepare-update.js';

const leaf = fc.oneof(fc.constantFrom('a', 'b', ''), fc.integer({ min: 0, max: 2 }), fc.boolean(), fc.constant(null));
const { value: json } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 3 }),
  object: fc.dictionary(fc.constantFrom('x', 'y', 'z'), tie('value'), { maxKeys: 3 }),
}));

/** A value near `v`: mostly the same, with some leaves or keys changed. */
function mutate(v: unknown, pick: () => number): unknown {
  const r = pick();
  if (r < 0.1) return 'changed';
  if (Array.isArray(v)) return r < 0.15 ? [...v, 1] : v.map((x) => mutate(x, pick));
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (pick() > 0.05) out[k] = mutate(x, pick);
    if (r < 0.15) out['w'] = 0;
    return out;
  }
  return v;
}

describe('shareUnchanged', () => {
  it('equals the new value, is the stored value exactly when equal, and keeps the new value\'s key order', () => {
    fc.assert(
      fc.property(json, fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })), (stored, stream) => {
        const it = stream[Symbol.iterator]();
        const value = mutate(stored, () => it.next().value as number);
        const copy = JSON.parse(JSON.stringify(value)) as unknown;
        const out = shareUnchanged(copy, stored);
        expect(deepEqual(out, value)).toBe(true);
        expect(out === stored).toBe(deepEqual(value, stored));
        if (typeof out === 'object' && out !== null && out !== stored && !Array.isArray(out)) {
          expect(Object.keys(out)).toEqual(Object.keys(copy as object));
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps an unchanged nested subtree when a sibling changes (a ReplicaSet scale keeps its template)', () => {
    const stored = Object.freeze({ replicas: 3, selector: Object.freeze({ matchLabels: Object.freeze({ app: 'web' }) }), template: Object.freeze({ spec: Object.freeze({ containers: Object.freeze([Object.freeze({ name: 'c' })]) }) }) });
    const request = JSON.parse(JSON.stringify({ ...stored, replicas: 4 })) as typeof stored;
    const out = shareUnchanged(request, stored) as typeof stored;
    expect(out).not.toBe(stored);
    expect(out.replicas).toBe(4);
    expect(out.selector).toBe(stored.selector);
    expect(out.template).toBe(stored.template);
    expect(Object.keys(out)).toEqual(['replicas', 'selector', 'template']);
  });

  it('shareOrCopy: equal to the new value, the stored value exactly when equal, never the caller\'s objects', () => {
    const objectsOf = (v: unknown, out: Set<unknown>): Set<unknown> => {
      if (typeof v === 'object' && v !== null) {
        out.add(v);
        for (const x of Object.values(v)) objectsOf(x, out);
      }
      return out;
    };
    fc.assert(
      fc.property(json, fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })), (stored, stream) => {
        const it = stream[Symbol.iterator]();
        const value = JSON.parse(JSON.stringify(mutate(stored, () => it.next().value as number))) as unknown;
        const out = shareOrCopy(value, stored);
        expect(deepEqual(out, value)).toBe(true);
        expect(out === stored).toBe(deepEqual(value, stored));
        const callers = objectsOf(value, new Set());
        for (const o of objectsOf(out, new Set())) expect(callers.has(o)).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });
});

// The scheduler keeps its own compiled label selector for the hot path (src/scheduler/_internal/selector.ts
// says why); it must give the same answers as the API's matcher (src/api/selectors), which is upstream's
// labels.Selector semantics.
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { describe, expect, it } from 'vitest';
import { compileLabelSelector } from '../../src/api/selectors/index.js';
import { compileSelector } from '../../src/scheduler/_internal/selector.js';

const selectors: [string, LabelSelector][] = [
  ['empty', {}],
  ['one pair', { matchLabels: { color: 'green' } }],
  ['two pairs', { matchLabels: { app: 'web', tier: 'front' } }],
  ['In', { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'db'] }] }],
  ['NotIn', { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] }],
  ['Exists', { matchExpressions: [{ key: 'foo', operator: 'Exists' }] }],
  ['DoesNotExist', { matchExpressions: [{ key: 'foo', operator: 'DoesNotExist' }] }],
  ['pair and expression', { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'back'] }] }],
];
const labelSets: (Record<string, string> | undefined)[] = [
  undefined, {}, { color: 'green' }, { color: 'red' }, { app: 'web', tier: 'front' }, { app: 'web', tier: 'back', foo: '' },
  { app: 'db' }, { foo: 'x' }, { app: 'web' },
];

describe('scheduler selector agrees with the API selector', () => {
  it.each(selectors)('%s', (_name, sel) => {
    const mine = compileSelector(sel);
    const api = compileLabelSelector(sel);
    expect(labelSets.map((l) => mine.matches(l))).toEqual(labelSets.map((l) => api.matches(l)));
    expect(mine.empty).toBe(api.empty);
  });

  it('a missing selector matches nothing in both', () => {
    expect(compileSelector(undefined).matches({ a: 'b' })).toBe(false);
    expect(compileLabelSelector(undefined).matches({ a: 'b' })).toBe(false);
  });
});

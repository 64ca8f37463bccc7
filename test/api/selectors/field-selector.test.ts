// Demonstrates that field selectors parse, escape and match as upstream fields.ParseSelector, and that
// only each kind's selectable fields are accepted (kubernetes-behaviour.md §8; cases from fields/selector_test.go).
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/api/errors.js';
import {
  checkSelectableFields,
  escapeFieldValue,
  fieldValue,
  parseFieldSelector,
  selectableFields,
} from '../../../src/api/selectors/index.js';

describe('parseFieldSelector (§8)', () => {
  it.each([['x=a,y=b,z=c'], [''], ['x!=a,y=b'], ['x=a||y\\=b'], ['x=a\\=\\=b']])('accepts %j and prints it back', (s) => {
    expect(parseFieldSelector(s).toString()).toBe(s);
  });

  it.each([['x=a||y=b'], ['x==a==b'], ['x=a,b'], ['x in (a)'], ['x in (a,b,c)'], ['x'], ['x=a\\b'], ['x=a\\']])(
    'rejects %j with 400 BadRequest',
    (s) => {
      expect(() => parseFieldSelector(s)).toThrow(ApiError);
    },
  );

  it('== is the same as =; terms are sorted', () => {
    expect(parseFieldSelector('status.phase!=Failed,spec.nodeName==n1').toString()).toBe('spec.nodeName=n1,status.phase!=Failed');
  });

  it('escapes round-trip through escapeFieldValue', () => {
    const v = '=value\\,\\';
    const sel = parseFieldSelector(`complex=${escapeFieldValue(v)}`);
    expect(sel.requirements[0]?.value).toBe(v);
  });
});

describe('field selector matching (§8; upstream TestSelectorMatches)', () => {
  const fieldset = { foo: 'bar', baz: 'blah', complex: '=value\\,\\' };
  it.each([
    ['', { x: 'y' }, true],
    ['x=y', { x: 'y' }, true],
    ['x=y,z=w', { x: 'y', z: 'w' }, true],
    ['x!=y,z!=w', { x: 'z', z: 'a' }, true],
    ['notin=in', { notin: 'in' }, true],
    ['x=y', { x: 'z' }, false],
    ['x=y,z=w', { x: 'w', z: 'w' }, false],
    ['x!=y,z!=w', { x: 'z', z: 'w' }, false],
    ['foo=bar', fieldset, true],
    ['baz=blah', fieldset, true],
    ['foo=bar,baz=blah', fieldset, true],
    ['foo=bar,baz=blah,complex=\\=value\\\\\\,\\\\', fieldset, true],
    ['foo=blah', fieldset, false],
    ['baz=bar', fieldset, false],
    ['foo=bar,foobar=bar,baz=blah', fieldset, false],
  ])('%j on %j → %s', (sel, obj, expected) => {
    expect(parseFieldSelector(sel).matches(obj)).toBe(expected);
  });

  it('a missing field reads as the empty string, so spec.nodeName= selects unscheduled pods', () => {
    expect(parseFieldSelector('spec.nodeName=').matches({ spec: {} })).toBe(true);
    expect(parseFieldSelector('spec.nodeName!=').matches({ spec: { nodeName: 'n1' } })).toBe(true);
  });
});

describe('fieldValue and selectable fields (§8)', () => {
  it.each([
    [{ spec: { nodeName: 'n1' } }, 'spec.nodeName', 'n1'],
    [{ spec: { hostNetwork: true } }, 'spec.hostNetwork', 'true'],
    [{ spec: { hostNetwork: false } }, 'spec.hostNetwork', 'false'],
    [{ status: { replicas: 3 } }, 'status.replicas', '3'],
    [{ spec: {} }, 'spec.nodeName', ''],
    [{ spec: { containers: [] } }, 'spec.containers', ''],
    [{}, 'a.b.c', ''],
  ])('fieldValue(%j, %s) = %j', (obj, path, expected) => {
    expect(fieldValue(obj, path)).toBe(expected);
  });

  it('pods select on spec.nodeName and status.phase; every kind on metadata.name/namespace', () => {
    expect(Object.keys(selectableFields('Pod'))).toEqual(expect.arrayContaining(['metadata.name', 'metadata.namespace', 'spec.nodeName', 'status.phase']));
    expect(Object.keys(selectableFields('ConfigMap'))).toEqual(['metadata.name', 'metadata.namespace']);
  });

  it('an unsupported field label is 400 "field label not supported"', () => {
    expect(() => checkSelectableFields(parseFieldSelector('spec.nodeName=a'), 'ConfigMap')).toThrow('field label not supported: spec.nodeName');
    expect(() => checkSelectableFields(parseFieldSelector('spec.nodeName=a'), 'Pod')).not.toThrow();
  });

  it('extensions add selectable fields for other kinds', () => {
    const ext = { Widget: { 'spec.color': (o: unknown) => fieldValue(o, 'spec.color') } };
    const sel = parseFieldSelector('spec.color=red');
    expect(() => checkSelectableFields(sel, 'Widget', ext)).not.toThrow();
    expect(sel.matches({ spec: { color: 'red' } }, selectableFields('Widget', ext))).toBe(true);
  });
});

// Demonstrates that label selectors parse, print and match exactly as upstream labels.Parse /
// LabelSelectorAsSelector do (kubernetes-behaviour.md §8), with cases taken from upstream selector_test.go.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/api/errors.js';
import {
  compileLabelSelector,
  everything,
  newRequirement,
  parseLabelSelector,
  selectorFromSet,
  validateLabelSelector,
} from '../../../src/api/selectors/index.js';

describe('parseLabelSelector: grammar of labels.Parse (§8)', () => {
  it.each([
    ['x=a,y=b,z=c'],
    [''],
    ['x!=a,y=b'],
    ['x='],
    ['x>1'],
    ['x>1,z<5'],
    ['!x'],
  ])('accepts %j and prints it back unchanged', (s) => {
    expect(parseLabelSelector(s).toString()).toBe(s);
  });

  it.each([
    ['x= ', 'x='],
    ['x=,z= ', 'x=,z='],
    ['x= ,z= ', 'x=,z='],
    ['\rx', 'x'],
    ['foo  in\t (abc)', 'foo in (abc)'],
    ['x notin\n (abc)', 'x notin (abc)'],
    ['x in (abc,)', 'x in (,abc)'],
    ['x in ()', 'x in ()'],
    ['x notin ( )', 'x notin ()'],
    ['x notin (, a)', 'x notin (,a)'],
    ['x notin (abc,,def),bar,z in (),w', 'bar,w,x notin (,abc,def),z in ()'],
    ['a in (x,y,notin, z,in)', 'a in (in,notin,x,y,z)'],
    ['this-is-another-dns.domain.com/key-with-dash in (so,what)', 'this-is-another-dns.domain.com/key-with-dash in (so,what)'],
    ['0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)', '0.1.2.domain/99 notin (10.10.100.1,tick.tack.clock)'],
    ['a ', 'a'],
    ['z=1,a=2', 'a=2,z=1'],
  ])('normalises %j to %j (sorted keys, sorted de-duplicated sets)', (input, printed) => {
    expect(parseLabelSelector(input).toString()).toBe(printed);
  });

  it.each([
    ['x=a||y=b', 'Invalid value'],
    ['x==a==b', "found '==', expected: ',' or 'end of string'"],
    ['!x=a', "found '=', expected: ',' or 'end of string'"],
    ['x<a', "for 'Gt', 'Lt' operators, the value must be an integer"],
    ['x,,y', "expected: identifier after ','"],
    [',x,y', "found ',', expected: !, identifier, or 'end of string'"],
    ['x nott in (y)', "found 'nott', expected: in, notin, =, ==, !=, gt, lt"],
    ['a in (xyz),', "expected: identifier after ','"],
    ['a in (xyz)b notin ()', "found 'b', expected: ',' or 'end of string'"],
    ['a in (xyz abc)', "found 'abc', expected: ',' or ')'"],
    ['a notin(', "found '', expected: ',', ')' or identifier"],
    ['a (', 'expected: in, notin, =, ==, !=, gt, lt'],
    ['(', "found '(', expected: !, identifier, or 'end of string'"],
    ['a/b/c=d', "a qualified name must consist of alphanumeric characters"],
  ])('rejects %j with 400 BadRequest mentioning %j', (input, message) => {
    let err: unknown;
    try {
      parseLabelSelector(input);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).reason).toBe('BadRequest');
    expect((err as ApiError).message).toContain(message);
  });
});

describe('label selector matching (§8; upstream TestSelectorMatches)', () => {
  const labelset = { foo: 'bar', baz: 'blah' };
  it.each([
    ['', { x: 'y' }, true],
    ['x=y', { x: 'y' }, true],
    ['x=y,z=w', { x: 'y', z: 'w' }, true],
    ['x!=y,z!=w', { x: 'z', z: 'a' }, true],
    ['notin=in', { notin: 'in' }, true],
    ['x', { x: 'z' }, true],
    ['!x', { y: 'z' }, true],
    ['x>1', { x: '2' }, true],
    ['x<1', { x: '0' }, true],
    ['x=z', {}, false],
    ['x=y', { x: 'z' }, false],
    ['x=y,z=w', { x: 'w', z: 'w' }, false],
    ['x!=y,z!=w', { x: 'z', z: 'w' }, false],
    ['x', { y: 'z' }, false],
    ['!x', { x: 'z' }, false],
    ['x>1', { x: '0' }, false],
    ['x<1', { x: '2' }, false],
    ['x>1', { x: 'abc' }, false],
    ['x>1', {}, false],
    ['x notin (a)', {}, true],
    ['x in (a,b)', { x: 'b' }, true],
    ['x in (a,b)', {}, false],
    ['foo=bar', labelset, true],
    ['baz=blah', labelset, true],
    ['foo=bar,baz=blah', labelset, true],
    ['foo=blah', labelset, false],
    ['baz=bar', labelset, false],
    ['foo=bar,foobar=bar,baz=blah', labelset, false],
  ])('%j on %j → %s', (sel, labels: Record<string, string>, expected) => {
    expect(parseLabelSelector(sel).matches(labels)).toBe(expected);
  });

  it('the empty selector matches everything, including objects without labels', () => {
    expect(parseLabelSelector('').empty).toBe(true);
    expect(everything().matches(undefined)).toBe(true);
  });

  it('a parsed selector agrees with evaluating its requirements one by one (property)', () => {
    const key = fc.constantFrom('a', 'b', 'c');
    const value: fc.Arbitrary<string> = fc.constantFrom('', 'x', 'y', '1', '5');
    const term = fc.oneof(
      fc.tuple(key, fc.constantFrom('=', '==', '!='), value).map(([k, op, v]) => ({ text: `${k}${op}${v}`, test: (l: Record<string, string>) => (op === '!=' ? l[k] !== v : l[k] === v) })),
      fc.tuple(key, fc.constantFrom('in', 'notin'), fc.uniqueArray(value, { minLength: 1, maxLength: 3 })).map(([k, op, vs]) => ({
        text: `${k} ${op} (${vs.join(',')})`,
        test: (l: Record<string, string>) => (op === 'in' ? l[k] !== undefined && vs.includes(l[k]) : l[k] === undefined || !vs.includes(l[k])),
      })),
      key.map((k) => ({ text: k, test: (l: Record<string, string>) => l[k] !== undefined })),
      key.map((k) => ({ text: `!${k}`, test: (l: Record<string, string>) => l[k] === undefined })),
    );
    const labels = fc.dictionary(key, value, { maxKeys: 3 });
    fc.assert(
      fc.property(fc.array(term, { maxLength: 4 }), labels, (terms, ls) => {
        const sel = parseLabelSelector(terms.map((t) => t.text).join(','));
        expect(sel.matches(ls)).toBe(terms.every((t) => t.test(ls)));
        expect(parseLabelSelector(sel.toString()).toString()).toBe(sel.toString());
      }),
    );
  });
});

describe('object form: LabelSelectorAsSelector and ValidateLabelSelector (§8)', () => {
  it('a nil selector matches nothing by default, everything when asked', () => {
    expect(compileLabelSelector(undefined).matches({ a: 'b' })).toBe(false);
    expect(compileLabelSelector(undefined, { nilMatches: 'everything' }).matches({ a: 'b' })).toBe(true);
  });

  it('an empty selector {} matches everything', () => {
    expect(compileLabelSelector({}).matches(undefined)).toBe(true);
  });

  it('matchLabels and matchExpressions compile to sorted requirements', () => {
    const s = compileLabelSelector({
      matchLabels: { tier: 'web', app: 'shop' },
      matchExpressions: [
        { key: 'env', operator: 'NotIn', values: ['dev'] },
        { key: 'legacy', operator: 'DoesNotExist' },
        { key: 'zone', operator: 'Exists' },
        { key: 'env2', operator: 'In', values: ['b', 'a'] },
      ],
    });
    expect(s.toString()).toBe('app=shop,env notin (dev),env2 in (a,b),!legacy,tier=web,zone');
    expect(s.matches({ app: 'shop', tier: 'web', zone: 'z1', env2: 'a' })).toBe(true);
    expect(s.matches({ app: 'shop', tier: 'web', zone: 'z1', env2: 'a', legacy: '' })).toBe(false);
  });

  it.each([
    [{ key: 'a', operator: 'In' }, 'spec.selector.matchExpressions[0].values', 'Required value'],
    [{ key: 'a', operator: 'NotIn', values: [] }, 'spec.selector.matchExpressions[0].values', 'Required value'],
    [{ key: 'a', operator: 'Exists', values: ['x'] }, 'spec.selector.matchExpressions[0].values', 'Forbidden'],
    [{ key: 'a', operator: 'DoesNotExist', values: ['x'] }, 'spec.selector.matchExpressions[0].values', 'Forbidden'],
    [{ key: 'a', operator: 'Gt', values: ['1'] }, 'spec.selector.matchExpressions[0].operator', 'Invalid value'],
    [{ key: 'a b', operator: 'Exists' }, 'spec.selector.matchExpressions[0].key', 'Invalid value'],
    [{ key: 'a', operator: 'In', values: ['-bad'] }, 'spec.selector.matchExpressions[0].values[0]', 'Invalid value'],
  ])('%j is invalid at %s (%s)', (expr, field, type) => {
    const sel = { matchExpressions: [expr] };
    expect(validateLabelSelector(sel)).toEqual([expect.objectContaining({ field, type })]);
    expect(() => compileLabelSelector(sel)).toThrow(ApiError);
  });

  it('matchLabels entries are validated at <path>.matchLabels', () => {
    expect(validateLabelSelector({ matchLabels: { 'bad key': 'x' } }, 'spec.template.selector')).toEqual([
      expect.objectContaining({ field: 'spec.template.selector.matchLabels', type: 'Invalid value', value: 'bad key' }),
    ]);
  });

  it('selectorFromSet selects exactly the given labels; an empty set selects everything', () => {
    expect(selectorFromSet({ b: '2', a: '1' }).toString()).toBe('a=1,b=2');
    expect(selectorFromSet({ a: '1' }).matches({ a: '1', c: '3' })).toBe(true);
    expect(selectorFromSet({}).empty).toBe(true);
  });

  it('newRequirement reports value-count errors as upstream NewRequirement', () => {
    expect(newRequirement('a', '=', ['x', 'y']).errors[0]?.detail).toBe('exact-match compatibility requires one single value');
    expect(newRequirement('a', 'exists', ['x']).errors[0]?.detail).toBe('values set must be empty for exists and does not exist');
    expect(newRequirement('a', 'gt', ['x']).errors[0]?.field).toBe('values[0]');
  });

  it('requiresExactMatch finds a key pinned to one value', () => {
    const s = parseLabelSelector('app=web,env in (prod),tier in (a,b)');
    expect([s.requiresExactMatch('app'), s.requiresExactMatch('env'), s.requiresExactMatch('tier')]).toEqual(['web', 'prod', undefined]);
  });
});

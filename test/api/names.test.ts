// Demonstrates that object names, label keys/values and annotations are accepted and rejected exactly as
// Kubernetes' apimachinery validation does (cases from upstream validation_test.go), with upstream wording,
// so a 422 Invalid (kubernetes-behaviour.md §8) reads as kube-apiserver's.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatFieldError } from '../../src/api/errors.js';
import {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  TOTAL_ANNOTATION_SIZE_LIMIT_BYTES,
  validateAnnotations,
  validateLabels,
  validateObjectName,
} from '../../src/api/validation/names.js';

const a = (n: number): string => 'a'.repeat(n);

const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1035_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const NAME_PART_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

describe('DNS names (TestIsDNS1123Label, TestIsDNS1123Subdomain, TestIsDNS1035Label)', () => {
  const labelGood = ['a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b', '0', '01', '012', '1a', '1-a', '1--a--b--2', a(63)];
  const labelBad = ['', 'A', 'ABC', 'aBc', 'A1', 'A-1', '1-A', '-', 'a-', '-a', '1-', '-1', '_', 'a_', '_a', 'a_b',
    '1_', '_1', '1_2', '.', 'a.', '.a', 'a.b', '1.', '.1', '1.2', ' ', 'a ', ' a', 'a b', '1 ', ' 1', '1 2', a(64)];
  it.each(labelGood)('DNS-1123 label %j is valid', (v) => expect(isDNS1123Label(v)).toEqual([]));
  it.each(labelBad)('DNS-1123 label %j is invalid', (v) => expect(isDNS1123Label(v).length).toBeGreaterThan(0));

  const subGood = [...labelGood, 'a.a', 'a--1--2--b.a', 'a.1', '0.a', '1-a.a', '0.1', '1--a--b--2.1', 'a.b.c.d.e',
    'aa.bb.cc.dd.ee', '1.2.3.4.5', '11.22.33.44.55', a(253)];
  const subBad = ['', 'A', 'aBc', '1-A', '-', 'a-', '-a', '_', 'a_b', '.', 'a.', '.a', 'a..b', '1..2', ' ', 'a b',
    'A.a', 'aB.a', 'ab.A', '0.A', 'A.B.C.D.E', 'aa.bB.cc.dd.ee', 'a@b', 'a,b', 'a;b', 'a:b', 'a%b', 'a?b', 'a$b', a(254)];
  it.each(subGood)('DNS-1123 subdomain %j is valid', (v) => expect(isDNS1123Subdomain(v)).toEqual([]));
  it.each(subBad)('DNS-1123 subdomain %j is invalid', (v) => expect(isDNS1123Subdomain(v).length).toBeGreaterThan(0));

  const d1035Good = ['a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b', a(63)];
  const d1035Bad = ['0', '01', '012', '1a', '1-a', '1--a--b--2', '', 'A', 'aBc', '-', 'a-', '-a', '_', 'a_b', '.',
    'a.b', ' ', 'a b', a(64)];
  it.each(d1035Good)('DNS-1035 label %j is valid', (v) => expect(isDNS1035Label(v)).toEqual([]));
  it.each(d1035Bad)('DNS-1035 label %j is invalid', (v) => expect(isDNS1035Label(v).length).toBeGreaterThan(0));

  it('words its messages as upstream, including the doubled space before "or"', () => {
    expect(isDNS1123Label('Web')).toEqual([LABEL_MSG]);
    expect(isDNS1123Label('a.b')).toEqual(['must not contain dots']);
    expect(isDNS1123Label(a(64))).toEqual(['must be no more than 63 characters']);
    expect(isDNS1123Label(`${a(63)}.b`)).toEqual(['must be no more than 63 characters', 'must not contain dots']);
    expect(isDNS1123Subdomain('Web')).toEqual([SUBDOMAIN_MSG]);
    expect(isDNS1123Subdomain(a(254))).toEqual(['must be no more than 253 characters']);
    expect(isDNS1035Label('1web')).toEqual([DNS1035_MSG]);
  });

  it('counts length in UTF-8 bytes like Go (32 × "ā" = 64 bytes)', () => {
    expect(isDNS1123Label('ā'.repeat(32))).toEqual(['must be no more than 63 characters', LABEL_MSG]);
  });
});

describe('qualified names and label values (TestIsQualifiedName, TestIsValidLabelValue)', () => {
  const good = ['simple', 'now-with-dashes', '1-starts-with-num', '1234', 'simple/simple', 'now-with-dashes/simple',
    'now-with-dashes/now-with-dashes', 'now.with.dots/simple', 'now-with.dashes-and.dots/simple', '1-num.2-num/3-num',
    '1234/5678', '1.2.3.4/5678', 'Uppercase_Is_OK_123', 'example.com/Uppercase_Is_OK_123', 'requests.storage-foo',
    a(63), `${a(253)}/${'b'.repeat(63)}`];
  const bad = ['nospecialchars%^=@', 'cantendwithadash-', '-cantstartwithadash-', 'only/one/slash', 'Example.com/abc',
    'example_com/abc', 'example.com/', '/simple', a(64), `${a(254)}/abc`];
  it.each(good)('qualified name %j is valid', (v) => expect(isQualifiedName(v)).toEqual([]));
  it.each(bad)('qualified name %j is invalid', (v) => expect(isQualifiedName(v).length).toBeGreaterThan(0));

  it('reports the prefix and name parts separately', () => {
    expect(isQualifiedName('/simple')).toEqual(['prefix part must be non-empty']);
    expect(isQualifiedName('example.com/')).toEqual(['name part must be non-empty', NAME_PART_MSG]);
    expect(isQualifiedName('Example.com/abc')).toEqual([`prefix part ${SUBDOMAIN_MSG}`]);
    expect(isQualifiedName(a(64))).toEqual(['name part must be no more than 63 characters']);
    expect(isQualifiedName('only/one/slash')[0]).toMatch(/^a qualified name must consist of .* with an optional DNS subdomain prefix and '\/' \(e\.g\. 'example\.com\/MyName'\)$/);
  });

  const valueGood = ['simple', 'now-with-dashes', '1-starts-with-num', 'end-with-num-1', '1234', a(63), ''];
  const valueBad = ['nospecialchars%^=@', 'Tama-nui-te-rā.is.Māori.sun', '\\backslashes\\are\\bad', '-starts-with-dash',
    'ends-with-dash-', '.starts.with.dot', 'ends.with.dot.', a(64)];
  it.each(valueGood)('label value %j is valid', (v) => expect(isValidLabelValue(v)).toEqual([]));
  it.each(valueBad)('label value %j is invalid', (v) => expect(isValidLabelValue(v).length).toBeGreaterThan(0));
  it('words the label-value message as upstream', () => expect(isValidLabelValue('-x')).toEqual([LABEL_VALUE_MSG]));
});

describe('field errors for metadata', () => {
  it('validateLabels reports the key or value at the map path, keys in sorted order', () => {
    const errs = validateLabels({ 'z/x/y': 'ok', app: 'web!' }, 'metadata.labels');
    expect(errs.map((e) => [e.field, e.type, e.value])).toEqual([
      ['metadata.labels', 'Invalid value', 'web!'],
      ['metadata.labels', 'Invalid value', 'z/x/y'],
    ]);
    expect(formatFieldError(errs[0] ?? { field: '', type: 'Invalid value' })).toBe(`metadata.labels: Invalid value: "web!": ${LABEL_VALUE_MSG}`);
    expect(validateLabels(undefined, 'metadata.labels')).toEqual([]);
  });

  it('validateAnnotations ignores key case and limits keys + values to 256 KiB', () => {
    expect(validateAnnotations({ 'Example.com/Note': 'x', UPPER: 'y' }, 'metadata.annotations')).toEqual([]);
    expect(validateAnnotations({ 'a/b/c': 'x' }, 'metadata.annotations').map((e) => e.value)).toEqual(['a/b/c']);
    const atLimit = { k: 'v'.repeat(TOTAL_ANNOTATION_SIZE_LIMIT_BYTES - 1) };
    expect(validateAnnotations(atLimit, 'metadata.annotations')).toEqual([]);
    const over = { k: 'v'.repeat(TOTAL_ANNOTATION_SIZE_LIMIT_BYTES) };
    expect(validateAnnotations(over, 'metadata.annotations')).toEqual([
      { field: 'metadata.annotations', type: 'Too long', detail: 'must have at most 262144 bytes' },
    ]);
  });

  it.each([
    ['web-1', 'DNS1123Subdomain', []],
    ['web.example', 'DNS1123Subdomain', []],
    ['web.example', 'DNS1123Label', ['must not contain dots']],
    ['1web', 'DNS1123Label', []],
    ['1web', 'DNS1035Label', [DNS1035_MSG]],
    ['Web', 'DNS1123Subdomain', [SUBDOMAIN_MSG]],
  ] as const)('validateObjectName(%j, %s)', (name, rule, details) => {
    expect(validateObjectName(name, 'metadata.name', rule)).toEqual(
      details.map((detail) => ({ field: 'metadata.name', type: 'Invalid value', value: name, detail })),
    );
  });

  it('requires a name', () => {
    for (const name of [undefined, '']) {
      expect(validateObjectName(name, 'metadata.name', 'DNS1123Subdomain')).toEqual([
        { field: 'metadata.name', type: 'Required value', detail: 'name or generateName is required' },
      ]);
    }
  });
});

describe('properties', () => {
  const label = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
  it('every DNS-1123 label is a subdomain, and a dotted join of ≤253 bytes is too', () => {
    fc.assert(fc.property(fc.array(label, { minLength: 1, maxLength: 5 }), (labels) => {
      for (const l of labels) expect(isDNS1123Subdomain(l)).toEqual([]);
      const joined = labels.join('.');
      expect(isDNS1123Subdomain(joined).length === 0).toBe(joined.length <= 253);
    }));
  });

  it('every DNS-1035 label is a DNS-1123 label, and any valid label value is a valid qualified name or empty', () => {
    fc.assert(fc.property(fc.string({ maxLength: 70 }), (s) => {
      if (isDNS1035Label(s).length === 0) expect(isDNS1123Label(s)).toEqual([]);
      if (s !== '' && isValidLabelValue(s).length === 0) expect(isQualifiedName(s)).toEqual([]);
    }));
  });
});

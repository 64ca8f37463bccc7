/**
 * Name, label and annotation validators ported from k8s.io/apimachinery (`pkg/util/validation`,
 * `pkg/api/validation` and `pkg/apis/meta/v1/validation`).
 *
 * @remarks
 * Each `is*` function returns upstream's error messages, word for word (empty list = valid); the
 * `validate*` functions wrap them in {@link FieldError}s the way `ValidateObjectMeta`, `ValidateLabels` and
 * `ValidateAnnotations` do. Lengths are counted in UTF-8 bytes, as Go's `len` does. Wording follows the
 * `validation.go` of Kubernetes 1.30–1.34 ("a qualified name", "must be no more than 63 characters").
 *
 * @packageDocumentation
 */
import type { FieldError } from '../errors.js';

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_LABEL_ERR =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_SUBDOMAIN_ERR =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const DNS1035_LABEL_ERR =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QUALIFIED_NAME_ERR =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;
const LABEL_VALUE_ERR =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

const DNS1123_LABEL_RE = new RegExp(`^${DNS1123_LABEL_FMT}$`);
const DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
const DNS1035_LABEL_RE = new RegExp(`^${DNS1035_LABEL_FMT}$`);
const QUALIFIED_NAME_RE = new RegExp(`^${QUALIFIED_NAME_FMT}$`);
const LABEL_VALUE_RE = new RegExp(`^${LABEL_VALUE_FMT}$`);

/** Maximum length of a DNS-1123 or DNS-1035 label, and of a label value or qualified-name part. */
export const DNS1123_LABEL_MAX_LENGTH = 63;
/** Maximum length of a DNS-1123 subdomain. */
export const DNS1123_SUBDOMAIN_MAX_LENGTH = 253;
/** Total size limit of an object's annotations, keys plus values, in bytes (256 KiB). */
export const TOTAL_ANNOTATION_SIZE_LIMIT_BYTES = 256 * 1024;

/** Go's `len(s)`: the UTF-8 byte length. */
function byteLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff) { n += 2; i++; } // surrogate pair: 4 bytes for 2 units
    else n += 2;
  }
  return n;
}

/** `MaxLenError` */
const maxLenError = (length: number): string => `must be no more than ${length} characters`;

/** `RegexError`: the message, the examples, then the regex. */
function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${fmt}')`;
}

const isAlnum = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
const isMixedAlnum = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);

/**
 * The common case of {@link isDNS1123Subdomain} without a regex: an ASCII string of at most 253 characters
 * that the subdomain regex matches (dot-separated, non-empty labels of `[-a-z0-9]` that start and end
 * alphanumeric). `true` exactly when {@link isDNS1123Subdomain} returns no message.
 */
export function isPlainSubdomain(value: string): boolean {
  const n = value.length;
  if (n === 0 || n > DNS1123_SUBDOMAIN_MAX_LENGTH) return false;
  let prev = 46; // '.' before the first label
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c === 46 || c === 45) {
      // a label may neither start nor end with '-' or '.', nor be empty
      if (!isAlnum(prev) && !(c === 45 && prev === 45)) return false;
    } else if (!isAlnum(c)) return false;
    prev = c;
  }
  return isAlnum(prev);
}

/** `true` exactly when {@link isDNS1123Label} returns no message (a regex-free check for hot paths). */
export function isPlainDNS1123Label(value: string): boolean {
  const n = value.length;
  if (n === 0 || n > DNS1123_LABEL_MAX_LENGTH) return false;
  if (!isAlnum(value.charCodeAt(0)) || !isAlnum(value.charCodeAt(n - 1))) return false;
  for (let i = 1; i < n - 1; i++) {
    const c = value.charCodeAt(i);
    if (c !== 45 && !isAlnum(c)) return false;
  }
  return true;
}

/** `true` exactly when {@link isValidLabelValue} returns no message (a regex-free check for hot paths). */
export function isPlainLabelValue(value: string): boolean {
  const n = value.length;
  if (n === 0) return true;
  if (n > DNS1123_LABEL_MAX_LENGTH) return false;
  if (!isMixedAlnum(value.charCodeAt(0)) || !isMixedAlnum(value.charCodeAt(n - 1))) return false;
  for (let i = 1; i < n - 1; i++) {
    const c = value.charCodeAt(i);
    if (c !== 45 && c !== 46 && c !== 95 && !isMixedAlnum(c)) return false;
  }
  return true;
}

/**
 * Checks a DNS (RFC 1123) label: at most 63 characters of `[a-z0-9-]`, starting and ending alphanumeric.
 *
 * @example
 * ```ts
 * isDNS1123Label('my-name'); // []
 * isDNS1123Label('a.b');     // ['must not contain dots']
 * ```
 */
export function isDNS1123Label(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > DNS1123_LABEL_MAX_LENGTH) errs.push(maxLenError(DNS1123_LABEL_MAX_LENGTH));
  if (!DNS1123_LABEL_RE.test(value)) {
    // A valid subdomain that is not a valid label (length was checked above) must contain dots.
    if (DNS1123_SUBDOMAIN_RE.test(value)) errs.push('must not contain dots');
    else errs.push(regexError(DNS1123_LABEL_ERR, DNS1123_LABEL_FMT, 'my-name', '123-abc'));
  }
  return errs;
}

/**
 * Checks a DNS (RFC 1123) subdomain: dot-separated labels, at most 253 characters; most object names.
 *
 * @example
 * ```ts
 * isDNS1123Subdomain('example.com'); // []
 * isDNS1123Subdomain('Example');     // ["a lowercase RFC 1123 subdomain must consist of …"]
 * ```
 */
export function isDNS1123Subdomain(value: string): string[] {
  if (isPlainSubdomain(value)) return [];
  const errs: string[] = [];
  if (byteLength(value) > DNS1123_SUBDOMAIN_MAX_LENGTH) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
  if (!DNS1123_SUBDOMAIN_RE.test(value)) {
    errs.push(regexError(DNS1123_SUBDOMAIN_ERR, DNS1123_SUBDOMAIN_FMT, 'example.com'));
  }
  return errs;
}

/**
 * Checks a DNS (RFC 1035) label: like a DNS-1123 label but starting with a letter; Service names.
 *
 * @example
 * ```ts
 * isDNS1035Label('web');   // []
 * isDNS1035Label('1-web'); // ["a DNS-1035 label must consist of …"]
 * ```
 */
export function isDNS1035Label(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > DNS1123_LABEL_MAX_LENGTH) errs.push(maxLenError(DNS1123_LABEL_MAX_LENGTH));
  if (!DNS1035_LABEL_RE.test(value)) errs.push(regexError(DNS1035_LABEL_ERR, DNS1035_LABEL_FMT, 'my-name', 'abc-123'));
  return errs;
}

/**
 * Checks a qualified name (label and annotation keys): an optional DNS-subdomain prefix and `/`, then a
 * name part of at most 63 alphanumerics, `-`, `_` or `.`, starting and ending alphanumeric.
 *
 * @example
 * ```ts
 * isQualifiedName('app.kubernetes.io/name'); // []
 * isQualifiedName('a/b/c'); // ["a qualified name must consist of … with an optional DNS subdomain prefix and '/' …"]
 * ```
 */
export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = value;
  } else if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    name = parts[1] ?? '';
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else for (const msg of isDNS1123Subdomain(prefix)) errs.push(`prefix part ${msg}`);
  } else {
    return [
      `a qualified name ${regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')}` +
        " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (byteLength(name) > DNS1123_LABEL_MAX_LENGTH) errs.push(`name part ${maxLenError(DNS1123_LABEL_MAX_LENGTH)}`);
  if (!QUALIFIED_NAME_RE.test(name)) {
    errs.push(`name part ${regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')}`);
  }
  return errs;
}

/**
 * Checks a label value: empty, or at most 63 alphanumerics, `-`, `_` or `.`, starting and ending alphanumeric.
 *
 * @example
 * ```ts
 * isValidLabelValue('');        // []
 * isValidLabelValue('-bad');    // ["a valid label must be an empty string or consist of …"]
 * ```
 */
export function isValidLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > DNS1123_LABEL_MAX_LENGTH) errs.push(maxLenError(DNS1123_LABEL_MAX_LENGTH));
  if (!LABEL_VALUE_RE.test(value)) errs.push(regexError(LABEL_VALUE_ERR, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  return errs;
}

const sortedKeys = (record: Record<string, string>): string[] => Object.keys(record).sort();

/**
 * Validates a label map like metav1 `ValidateLabels`: each key must be a qualified name and each value a
 * valid label value; every error is reported at `fieldPath` with the offending key or value.
 *
 * @remarks Keys are visited in sorted order so the error list is deterministic (Go's map order is random).
 * @example
 * ```ts
 * validateLabels({ app: 'web!' }, 'metadata.labels');
 * // [{ field: 'metadata.labels', type: 'Invalid value', value: 'web!', detail: 'a valid label must be …' }]
 * ```
 */
export function validateLabels(labels: Record<string, string> | undefined, fieldPath: string): FieldError[] {
  if (labels === undefined) return [];
  const errs: FieldError[] = [];
  for (const key of sortedKeys(labels)) {
    for (const detail of isQualifiedName(key)) errs.push({ field: fieldPath, type: 'Invalid value', value: key, detail });
    const value = labels[key] ?? '';
    for (const detail of isValidLabelValue(value)) errs.push({ field: fieldPath, type: 'Invalid value', value, detail });
  }
  return errs;
}

/**
 * Validates annotations like `ValidateAnnotations`: keys are qualified names compared case-insensitively,
 * and keys plus values may total at most 256 KiB (`Too long: must have at most 262144 bytes`).
 *
 * @example
 * ```ts
 * validateAnnotations({ 'Example.com/Note': 'x' }, 'metadata.annotations'); // [] (case does not matter)
 * validateAnnotations({ 'a/b/c': 'x' }, 'metadata.annotations');
 * // [{ field: 'metadata.annotations', type: 'Invalid value', value: 'a/b/c', detail: 'a qualified name …' }]
 * ```
 */
export function validateAnnotations(annotations: Record<string, string> | undefined, fieldPath: string): FieldError[] {
  if (annotations === undefined) return [];
  const errs: FieldError[] = [];
  let totalBytes = 0;
  for (const key of sortedKeys(annotations)) {
    for (const detail of isQualifiedName(key.toLowerCase())) {
      errs.push({ field: fieldPath, type: 'Invalid value', value: key, detail });
    }
    totalBytes += byteLength(key) + byteLength(annotations[key] ?? '');
  }
  if (totalBytes > TOTAL_ANNOTATION_SIZE_LIMIT_BYTES) {
    errs.push({ field: fieldPath, type: 'Too long', detail: `must have at most ${TOTAL_ANNOTATION_SIZE_LIMIT_BYTES} bytes` });
  }
  return errs;
}

/** The name rule a kind uses for `metadata.name`. */
export type NameRule = 'DNS1123Subdomain' | 'DNS1123Label' | 'DNS1035Label';

const NAME_CHECKS: Readonly<Record<NameRule, (value: string) => string[]>> = {
  DNS1123Subdomain: isDNS1123Subdomain,
  DNS1123Label: isDNS1123Label,
  DNS1035Label: isDNS1035Label,
};

/**
 * Name check used by ObjectMeta validation; `rule` decides the format (DNS-1123 subdomain for most kinds).
 *
 * @remarks
 * An empty or missing name is `Required value: name or generateName is required` (the server fills
 * `name` from `generateName` before validating). Otherwise each message of the rule becomes an
 * `Invalid value` at `fieldPath`, as `ValidateObjectMetaAccessor` reports them.
 *
 * @example
 * ```ts
 * validateObjectName('web-1', 'metadata.name', 'DNS1123Subdomain'); // []
 * validateObjectName('Web', 'metadata.name', 'DNS1035Label');
 * // [{ field: 'metadata.name', type: 'Invalid value', value: 'Web', detail: 'a DNS-1035 label must consist of …' }]
 * ```
 */
export function validateObjectName(name: string | undefined, fieldPath: string, rule: NameRule): FieldError[] {
  if (name === undefined || name === '') {
    return [{ field: fieldPath, type: 'Required value', detail: 'name or generateName is required' }];
  }
  return NAME_CHECKS[rule](name).map((detail) => ({ field: fieldPath, type: 'Invalid value', value: name, detail }));
}

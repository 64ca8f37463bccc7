/**
 * One label requirement (`key op values`), as upstream `labels.Requirement`: construction with
 * validation, matching and canonical string form.
 *
 * @packageDocumentation
 */
import type { FieldError } from '../errors.js';
import { compareStrings } from './_internal/compare.js';
import { labelKeyErrors, labelValueErrors } from './_internal/label-syntax.js';

/**
 * A label selector operator, spelled as upstream `selection.Operator`.
 *
 * @remarks
 * `=`/`==`/`in` need the key to be present with one of the values; `!=`/`notin` match when the key is
 * absent or has another value; `exists` and `!` (does-not-exist) test presence; `gt`/`lt` compare the
 * label value as a 64-bit integer and fail when it is absent or not an integer.
 *
 * @example
 * ```ts
 * const op: LabelOperator = 'notin';
 * ```
 */
export type LabelOperator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

/**
 * A validated label requirement.
 *
 * @remarks
 * `values` is sorted and de-duplicated when the requirement came from the string parser (as upstream's
 * `sets.String.List()`); from the object form it keeps the given order.
 *
 * @example
 * ```ts
 * const r: Requirement = { key: 'env', operator: 'in', values: ['prod', 'qa'] };
 * requirementMatches(r, { env: 'qa' }); // true
 * ```
 */
export interface Requirement {
  readonly key: string;
  readonly operator: LabelOperator;
  readonly values: readonly string[];
}

const INTEGER = /^[+-]?\d+$/;

/**
 * Validates and builds a requirement (upstream `labels.NewRequirement`); returns the field errors instead
 * of throwing.
 *
 * @remarks
 * Rules: the key must be a qualified name; `in`/`notin` need at least one value; `=`, `==`, `!=` exactly
 * one; `exists`/`!` none; `gt`/`lt` exactly one integer; every value must be a valid label value.
 * `path` prefixes the field paths of the errors (`key`, `values`, `values[0]`).
 *
 * @example
 * ```ts
 * newRequirement('env', 'in', []).errors;
 * // [{ field: 'values', type: 'Invalid value', value: [], detail: "for 'in', 'notin' operators, values set can't be empty" }]
 * ```
 */
export function newRequirement(
  key: string,
  operator: LabelOperator,
  values: readonly string[],
  path = '',
): { requirement: Requirement; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const at = (child: string): string => (path === '' ? child : `${path}.${child}`);
  const keyErrs = labelKeyErrors(key);
  if (keyErrs.length > 0) errors.push({ field: at('key'), type: 'Invalid value', value: key, detail: keyErrs.join('; ') });
  const countError = valueCountError(operator, values.length);
  if (countError !== undefined) errors.push({ field: at('values'), type: 'Invalid value', value: values, detail: countError });
  values.forEach((v, i) => {
    if ((operator === 'gt' || operator === 'lt') && !isInt64(v)) {
      errors.push({
        field: `${at('values')}[${i}]`,
        type: 'Invalid value',
        value: v,
        detail: "for 'Gt', 'Lt' operators, the value must be an integer",
      });
    }
    const valueErrs = labelValueErrors(v);
    if (valueErrs.length > 0) {
      errors.push({ field: `${at('values')}[${i}][${key}]`, type: 'Invalid value', value: v, detail: valueErrs.join('; ') });
    }
  });
  return { requirement: { key, operator, values }, errors };
}

function valueCountError(operator: LabelOperator, n: number): string | undefined {
  switch (operator) {
    case 'in':
    case 'notin':
      return n === 0 ? "for 'in', 'notin' operators, values set can't be empty" : undefined;
    case '=':
    case '==':
    case '!=':
      return n === 1 ? undefined : 'exact-match compatibility requires one single value';
    case 'exists':
    case '!':
      return n === 0 ? undefined : 'values set must be empty for exists and does not exist';
    case 'gt':
    case 'lt':
      return n === 1 ? undefined : "for 'Gt', 'Lt' operators, exactly one value is required";
  }
}

function isInt64(s: string): boolean {
  if (!INTEGER.test(s)) return false;
  const n = BigInt(s);
  return n >= -(2n ** 63n) && n < 2n ** 63n;
}

/**
 * Whether a requirement holds for a set of labels (upstream `Requirement.Matches`).
 *
 * @example
 * ```ts
 * requirementMatches({ key: 'tier', operator: '!=', values: ['db'] }, {}); // true: absent key
 * ```
 */
export function requirementMatches(r: Requirement, labels: Readonly<Record<string, string>> | undefined): boolean {
  const value = labels === undefined ? undefined : Object.hasOwn(labels, r.key) ? labels[r.key] : undefined;
  switch (r.operator) {
    case '=':
    case '==':
    case 'in':
      return value !== undefined && r.values.includes(value);
    case '!=':
    case 'notin':
      return value === undefined || !r.values.includes(value);
    case 'exists':
      return value !== undefined;
    case '!':
      return value === undefined;
    case 'gt':
    case 'lt':
      return compareInteger(r, value);
  }
}

function compareInteger(r: Requirement, value: string | undefined): boolean {
  const bound = r.values[0];
  if (value === undefined || bound === undefined || r.values.length !== 1) return false;
  if (!isInt64(value) || !isInt64(bound)) return false;
  const lhs = BigInt(value);
  const rhs = BigInt(bound);
  return r.operator === 'gt' ? lhs > rhs : lhs < rhs;
}

/**
 * The canonical text of a requirement (upstream `Requirement.String`): `!k`, `k`, `k=v`, `k==v`, `k!=v`,
 * `k in (a,b)`, `k notin (a,b)`, `k>1`, `k<1`, with set values sorted.
 *
 * @example
 * ```ts
 * requirementToString({ key: 'env', operator: 'in', values: ['qa', 'prod'] }); // 'env in (prod,qa)'
 * ```
 */
export function requirementToString(r: Requirement): string {
  switch (r.operator) {
    case 'exists':
      return r.key;
    case '!':
      return `!${r.key}`;
    case 'in':
    case 'notin':
      return `${r.key} ${r.operator} (${[...r.values].sort(compareStrings).join(',')})`;
    case 'gt':
      return `${r.key}>${r.values.join(',')}`;
    case 'lt':
      return `${r.key}<${r.values.join(',')}`;
    default:
      return `${r.key}${r.operator}${[...r.values].sort(compareStrings).join(',')}`;
  }
}

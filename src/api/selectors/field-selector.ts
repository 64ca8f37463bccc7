/**
 * Field selectors (`spec.nodeName=node-1,status.phase!=Failed`), parsed as upstream
 * `fields.ParseSelector`.
 *
 * @packageDocumentation
 */
import { ApiError } from '../errors.js';
import { compareStrings } from './_internal/compare.js';
import { type FieldGetter, fieldValue } from './field-value.js';

/**
 * One field term: `=` (also written `==`) requires equality, `!=` inequality.
 *
 * @example
 * ```ts
 * const t: FieldRequirement = { field: 'spec.nodeName', operator: '=', value: 'node-1' };
 * ```
 */
export interface FieldRequirement {
  readonly field: string;
  readonly operator: '=' | '!=';
  readonly value: string;
}

/**
 * A parsed field selector: the AND of its terms.
 *
 * @remarks
 * A missing field reads as the empty string (upstream `fields.Set.Get`), so `spec.nodeName=` selects
 * unscheduled pods. `matches` reads each field through `getters[field]` when given, else through
 * {@link fieldValue}.
 *
 * @example
 * ```ts
 * const s = parseFieldSelector('spec.nodeName=node-1');
 * s.matches({ spec: { nodeName: 'node-1' } }); // true
 * s.requiresExactMatch('spec.nodeName'); // 'node-1'
 * ```
 */
export interface FieldSelector {
  /** The terms, sorted by their text. */
  readonly requirements: readonly FieldRequirement[];
  /** True when the selector has no terms (matches everything). */
  readonly empty: boolean;
  /** Whether an object satisfies every term. */
  matches(obj: unknown, getters?: Readonly<Record<string, FieldGetter>>): boolean;
  /** The value a field must equal, when some `=` term pins it. */
  requiresExactMatch(field: string): string | undefined;
  /** The canonical text, values escaped. */
  toString(): string;
}

class AndFieldSelector implements FieldSelector {
  readonly empty: boolean;
  constructor(readonly requirements: readonly FieldRequirement[]) {
    this.empty = requirements.length === 0;
  }

  matches(obj: unknown, getters?: Readonly<Record<string, FieldGetter>>): boolean {
    for (const r of this.requirements) {
      const getter = getters?.[r.field];
      const actual = getter !== undefined ? getter(obj) : fieldValue(obj, r.field);
      if ((actual === r.value) !== (r.operator === '=')) return false;
    }
    return true;
  }

  requiresExactMatch(field: string): string | undefined {
    for (const r of this.requirements) if (r.field === field && r.operator === '=') return r.value;
    return undefined;
  }

  toString(): string {
    return this.requirements.map((r) => `${r.field}${r.operator}${escapeFieldValue(r.value)}`).join(',');
  }
}

/**
 * Escapes `\`, `,` and `=` in a field selector value (upstream `fields.EscapeValue`).
 *
 * @example
 * ```ts
 * escapeFieldValue('a,b'); // 'a\\,b'
 * ```
 */
export function escapeFieldValue(value: string): string {
  return value.replace(/[\\,=]/g, (c) => `\\${c}`);
}

/** Undoes {@link escapeFieldValue}; unescaped `,`/`=` and unknown escapes are errors (upstream `UnescapeValue`). */
function unescapeValue(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value.charAt(i);
    if (c === ',' || c === '=') {
      throw new ApiError('BadRequest', `invalid field selector: unescaped character in value: ${c}`);
    }
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = value.charAt(i + 1);
    if (next !== '\\' && next !== ',' && next !== '=') {
      throw new ApiError('BadRequest', `invalid escape sequence: \\${next}`);
    }
    out += next;
    i++;
  }
  return out;
}

/** Splits on commas not preceded by an escaping backslash (upstream `splitTerms`). */
function splitTerms(s: string): string[] {
  const terms: string[] = [];
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charAt(i);
    if (c === '\\') i++;
    else if (c === ',') {
      terms.push(s.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(s.slice(start));
  return terms;
}

/** Finds the first unescaped operator, trying `!=`, `==`, `=` at each position (upstream `splitTerm`). */
function splitTerm(term: string): { lhs: string; op: string; rhs: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    const c = term.charAt(i);
    if (c === '\\') {
      i++;
      continue;
    }
    for (const op of ['!=', '==', '=']) {
      if (term.startsWith(op, i)) return { lhs: term.slice(0, i), op, rhs: term.slice(i + op.length) };
    }
  }
  return undefined;
}

const EMPTY = new AndFieldSelector([]);

/**
 * Parses a field selector string (upstream `fields.ParseSelector`).
 *
 * @remarks
 * Terms are separated by unescaped commas; each is `field=value`, `field==value` or `field!=value`;
 * `\,`, `\=` and `\\` escape inside values. Empty terms are skipped and the empty string matches
 * everything. Whether a field is selectable for a kind is checked separately
 * ({@link selectableFields}).
 *
 * @throws {@link ApiError} `BadRequest`: `invalid selector: 'x'; can't understand 'x'`.
 * @example
 * ```ts
 * parseFieldSelector('status.phase!=Failed,spec.nodeName==n1').toString();
 * // 'spec.nodeName=n1,status.phase!=Failed'
 * ```
 */
export function parseFieldSelector(selector: string): FieldSelector {
  const parts = splitTerms(selector).sort(compareStrings);
  const requirements: FieldRequirement[] = [];
  for (const part of parts) {
    if (part === '') continue;
    const split = splitTerm(part);
    if (split === undefined) {
      throw new ApiError('BadRequest', `invalid selector: '${selector}'; can't understand '${part}'`);
    }
    const operator = split.op === '!=' ? '!=' : '=';
    requirements.push({ field: split.lhs, operator, value: unescapeValue(split.rhs) });
  }
  return requirements.length === 0 ? EMPTY : new AndFieldSelector(requirements);
}

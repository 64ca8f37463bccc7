/**
 * The string form of label selectors (`app=web,tier!=db,env in (a,b),!legacy`), parsed as upstream
 * `labels.Parse`.
 *
 * @packageDocumentation
 */
import { ApiError, formatFieldError } from '../errors.js';
import { compareStrings } from './_internal/compare.js';
import { lexLabelSelector, type Token, type TokenKind } from './_internal/label-lexer.js';
import { labelKeyErrors } from './_internal/label-syntax.js';
import { type LabelOperator, newRequirement, type Requirement } from './label-requirement.js';

const BINARY_OPERATORS = 'in, notin, =, ==, !=, gt, lt';

class ParseError extends Error {}

/** A cursor over the tokens; in a value context the keywords `in`/`notin` read as identifiers. */
class Cursor {
  private position = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  peek(values: boolean): Token {
    return this.view(this.tokens[this.position], values);
  }

  next(values: boolean): Token {
    const t = this.tokens[this.position];
    if (this.position < this.tokens.length - 1) this.position++;
    return this.view(t, values);
  }

  private view(t: Token | undefined, values: boolean): Token {
    if (t === undefined) return { kind: 'end', literal: '' };
    if (values && (t.kind === 'in' || t.kind === 'notIn')) return { kind: 'identifier', literal: t.literal };
    return t;
  }
}

/**
 * Parses the string form of a label selector into requirements sorted by key.
 *
 * @remarks
 * Grammar (upstream `labels.Parse`): comma-separated requirements, each `[!]KEY` or `KEY op VALUE`
 * (`=`, `==`, `!=`, `>`, `<`) or `KEY in|notin (v1,v2)`. Whitespace separates tokens; `in`/`notin` are
 * values inside parentheses; `()` and empty items stand for the empty value. Set values are sorted and
 * de-duplicated. The empty string yields no requirements (matches everything).
 *
 * @throws {@link ApiError} `BadRequest` with upstream's message, e.g.
 *   `unable to parse requirement: found '', expected: identifier`.
 * @example
 * ```ts
 * parseLabelRequirements('x in (foo,,baz),y,z notin ()').map((r) => r.operator); // ['in', 'exists', 'notin']
 * ```
 */
export function parseLabelRequirements(selector: string): Requirement[] {
  const cursor = new Cursor(lexLabelSelector(selector));
  const requirements: Requirement[] = [];
  try {
    for (;;) {
      const t = cursor.peek(true);
      if (t.kind === 'end') break;
      if (t.kind !== 'identifier' && t.kind !== 'not') {
        throw new ParseError(`found '${t.literal}', expected: !, identifier, or 'end of string'`);
      }
      requirements.push(parseRequirement(cursor));
      const sep = cursor.next(true);
      if (sep.kind === 'end') break;
      if (sep.kind !== 'comma') throw new ParseError(`found '${sep.literal}', expected: ',' or 'end of string'`);
      const after = cursor.peek(true);
      if (after.kind !== 'identifier' && after.kind !== 'not') {
        throw new ParseError(`found '${after.literal}', expected: identifier after ','`);
      }
    }
  } catch (e) {
    if (e instanceof ParseError) throw new ApiError('BadRequest', e.message);
    throw e;
  }
  // Array.prototype.sort is stable, so requirements on one key keep their written order.
  return requirements.sort((a, b) => compareStrings(a.key, b.key));
}

function parseRequirement(cursor: Cursor): Requirement {
  let t = cursor.next(true);
  let operator: LabelOperator | undefined;
  if (t.kind === 'not') {
    operator = '!';
    t = cursor.next(true);
  }
  if (t.kind !== 'identifier') fail(`found '${t.literal}', expected: identifier`);
  const key = t.literal;
  const keyErrs = labelKeyErrors(key);
  if (keyErrs.length > 0) {
    fail(formatFieldError({ field: 'key', type: 'Invalid value', value: key, detail: keyErrs.join('; ') }));
  }
  const following = cursor.peek(true).kind;
  if (operator === '!' || following === 'end' || following === 'comma') {
    return build(key, operator ?? 'exists', []);
  }
  operator = parseOperator(cursor);
  const values = operator === 'in' || operator === 'notin' ? parseValueSet(cursor) : parseExactValue(cursor);
  return build(key, operator, values);
}

function build(key: string, operator: LabelOperator, values: string[]): Requirement {
  const { requirement, errors } = newRequirement(key, operator, values);
  if (errors.length > 0) fail(errors.map(formatFieldError).join(', '));
  return requirement;
}

const OPERATOR_TOKENS: Partial<Record<TokenKind, LabelOperator>> = {
  in: 'in',
  notIn: 'notin',
  equals: '=',
  doubleEquals: '==',
  notEquals: '!=',
  greaterThan: 'gt',
  lessThan: 'lt',
};

function parseOperator(cursor: Cursor): LabelOperator {
  const t = cursor.next(false);
  const op = OPERATOR_TOKENS[t.kind];
  if (op === undefined) fail(`found '${t.literal}', expected: ${BINARY_OPERATORS}`);
  return op;
}

function parseValueSet(cursor: Cursor): string[] {
  const open = cursor.next(true);
  if (open.kind !== 'openPar') fail(`found '${open.literal}' expected: '('`);
  const first = cursor.peek(true);
  if (first.kind === 'closePar') {
    cursor.next(true);
    return [''];
  }
  if (first.kind !== 'identifier' && first.kind !== 'comma') {
    fail(`found '${first.literal}', expected: ',', ')' or identifier`);
  }
  const values = parseIdentifierList(cursor);
  const close = cursor.next(true);
  if (close.kind !== 'closePar') fail(`found '${close.literal}', expected: ')'`);
  return values;
}

/** A possibly empty, comma-separated list of possibly empty identifiers, up to (not including) `)`. */
function parseIdentifierList(cursor: Cursor): string[] {
  const set = new Set<string>();
  for (;;) {
    const t = cursor.next(true);
    if (t.kind === 'identifier') {
      set.add(t.literal);
      const after = cursor.peek(true);
      if (after.kind === 'comma') continue;
      if (after.kind === 'closePar') break;
      fail(`found '${after.literal}', expected: ',' or ')'`);
    } else if (t.kind === 'comma') {
      if (set.size === 0) set.add(''); // "(,"
      const after = cursor.peek(true).kind;
      if (after === 'closePar' || after === 'comma') set.add(''); // ",)" and ",,"
      if (after === 'closePar') break;
    } else {
      fail(`found '${t.literal}', expected: ',', or identifier`);
    }
  }
  return [...set].sort(compareStrings);
}

function parseExactValue(cursor: Cursor): string[] {
  const ahead = cursor.peek(true);
  if (ahead.kind === 'end' || ahead.kind === 'comma') return [''];
  const t = cursor.next(true);
  if (t.kind === 'identifier') return [t.literal];
  return fail(`found '${t.literal}', expected: identifier`);
}

function fail(message: string): never {
  throw new ParseError(`unable to parse requirement: ${message}`);
}

/**
 * The label selector lexer (upstream `labels.Lexer`): identifiers, keywords `in`/`notin` and the operator
 * symbols `! != = == ( ) , > <`.
 *
 * @internal
 * @packageDocumentation
 */

/** Token kinds of the label selector grammar. */
export type TokenKind =
  | 'error'
  | 'end'
  | 'closePar'
  | 'comma'
  | 'not'
  | 'doubleEquals'
  | 'equals'
  | 'greaterThan'
  | 'identifier'
  | 'in'
  | 'lessThan'
  | 'notEquals'
  | 'notIn'
  | 'openPar';

/** One scanned token with its literal text. */
export interface Token {
  readonly kind: TokenKind;
  readonly literal: string;
}

const SYMBOLS: Readonly<Record<string, TokenKind>> = {
  ')': 'closePar',
  ',': 'comma',
  '!': 'not',
  '==': 'doubleEquals',
  '=': 'equals',
  '>': 'greaterThan',
  '<': 'lessThan',
  '!=': 'notEquals',
  '(': 'openPar',
};

function isWhitespace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
}

function isSpecial(ch: string): boolean {
  return ch === '=' || ch === '!' || ch === '(' || ch === ')' || ch === ',' || ch === '>' || ch === '<';
}

/** Splits a selector string into tokens, ending with one `end` token. */
export function lexLabelSelector(s: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  for (;;) {
    while (pos < s.length && isWhitespace(s.charAt(pos))) pos++;
    if (pos >= s.length) {
      tokens.push({ kind: 'end', literal: '' });
      return tokens;
    }
    const start = pos;
    if (isSpecial(s.charAt(pos))) {
      // Longest run of special characters that still forms a known symbol (upstream scanSpecialSymbol).
      let last: Token | undefined;
      let end = pos;
      while (end < s.length && isSpecial(s.charAt(end))) {
        const candidate = s.slice(start, end + 1);
        const kind = SYMBOLS[candidate];
        if (kind !== undefined) last = { kind, literal: candidate };
        else if (last !== undefined) break;
        end++;
      }
      if (last === undefined) {
        tokens.push({ kind: 'error', literal: `error expected: keyword found '${s.slice(start, end)}'` });
        pos = end;
      } else {
        tokens.push(last);
        pos = start + last.literal.length;
      }
      continue;
    }
    while (pos < s.length && !isSpecial(s.charAt(pos)) && !isWhitespace(s.charAt(pos))) pos++;
    const word = s.slice(start, pos);
    tokens.push({ kind: word === 'in' ? 'in' : word === 'notin' ? 'notIn' : 'identifier', literal: word });
  }
}

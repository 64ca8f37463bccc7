/**
 * Deterministic uids and `generateName` suffixes, derived from counters.
 *
 * @internal
 * @packageDocumentation
 */

/** Upstream's alphabet for generated name suffixes (no vowels, no confusable digits). */
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const SUFFIX_LENGTH = 5;
const SUFFIX_SPACE = ALPHABET.length ** SUFFIX_LENGTH; // 27^5 = 14,348,907
/** Coprime with 27^5, so the scramble below is a bijection on [0, 27^5). */
const SCRAMBLE = 7_654_321;
/** Upstream truncates the prefix so that prefix + suffix fits 63 characters. */
const MAX_PREFIX = 63 - SUFFIX_LENGTH;

/** The `n`-th generated name for a prefix: random-looking, unique for n < 27^5. */
export function generatedName(prefix: string, n: number): string {
  let x = (n * SCRAMBLE + 1_234_567) % SUFFIX_SPACE;
  let suffix = '';
  for (let i = 0; i < SUFFIX_LENGTH; i++) {
    suffix += ALPHABET.charAt(x % ALPHABET.length);
    x = Math.floor(x / ALPHABET.length);
  }
  return (prefix.length > MAX_PREFIX ? prefix.slice(0, MAX_PREFIX) : prefix) + suffix;
}

/** The `n`-th uid, in the 8-4-4-4-12 hex layout of a version-4 UUID: `00000000-0000-4000-8000-00000000002a`. */
export function uidFor(n: number): string {
  const hex = n.toString(16);
  // one flat string (join), not a tree of cons strings: every object, owner reference and cache keeps its uid
  return ['00000000-0000-4000-8000-', hex.length >= 12 ? '' : '000000000000'.slice(hex.length), hex].join('');
}

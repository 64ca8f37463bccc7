// Demonstrates that the regex-free checks the create path uses for valid names (isPlain*) accept exactly the
// strings the upstream-worded checkers accept, so the fast path never changes a validation verdict (§8).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isPlainDNS1123Label,
  isPlainLabelValue,
  isPlainSubdomain,
  isValidLabelValue,
} from '../../src/api/validation/names.js';

const pairs = [
  ['isDNS1123Label', isDNS1123Label, isPlainDNS1123Label],
  ['isValidLabelValue', isValidLabelValue, isPlainLabelValue],
  ['isDNS1123Subdomain', isDNS1123Subdomain, isPlainSubdomain],
] as const;

const chars = fc.constantFrom('a', 'z', 'Z', '0', '9', '.', '-', '_', '/', ' ', 'é', '\n');
const lengths = [0, 1, 62, 63, 64, 252, 253, 254];

describe('regex-free name checks', () => {
  for (const [name, full, plain] of pairs) {
    it(`${name}: the fast check agrees with the full one`, () => {
      fc.assert(
        fc.property(fc.array(chars, { maxLength: 12 }), (cs) => {
          const s = cs.join('');
          expect(plain(s)).toBe(full(s).length === 0);
        }),
        { numRuns: 3000 },
      );
      for (const n of lengths) for (const s of ['a'.repeat(n), `${'a'.repeat(Math.max(0, n - 2))}.b`]) {
        expect(plain(s)).toBe(full(s).length === 0);
      }
    });
  }
});

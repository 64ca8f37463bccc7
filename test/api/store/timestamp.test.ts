import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatTimestamp, parseTimestamp } from '../../../src/api/store/_internal/timestamp.js';

/** The regular-expression reading the hand-written parser replaced: the reference it must agree with. */
function reference(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?Z$/.exec(text);
  if (m === null) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const yy = mo <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return ((era * 146_097 + doe - 719_468) * 86_400 + h * 3600 + mi * 60 + s) * 1000;
}

describe('parseTimestamp', () => {
  it('reads what formatTimestamp writes, and the micro-second form leases carry', () => {
    expect(parseTimestamp(formatTimestamp(0))).toBe(0);
    expect(parseTimestamp('2024-02-29T23:59:59Z')).toBe(reference('2024-02-29T23:59:59Z'));
    expect(parseTimestamp('1970-01-01T00:01:40.123456Z')).toBe(100_000);
    for (const ms of [1_000, 86_399_000, 1_700_000_000_000]) expect(parseTimestamp(formatTimestamp(ms))).toBe(ms);
  });

  it('refuses what is not a UTC RFC 3339 timestamp', () => {
    for (const bad of ['', 'x', '2024-02-29T23:59:59', '2024-02-29 23:59:59Z', '2024-02-29T23:59:59.Z', '2024-2-29T23:59:59Z', '2024-02-29T23:59:5aZ', '2024-02-29T23:59:59+01:00', '2024-02-29T23:59:59.1x3Z']) {
      expect(parseTimestamp(bad)).toBeUndefined();
    }
  });

  it('agrees with the regular-expression reading on timestamp-like text (and repeats give the same answer)', () => {
    const digit = fc.constantFrom(...'0123456789');
    const noise = fc.constantFrom(...'0123456789-:TZ.x ');
    const char = fc.oneof({ weight: 5, arbitrary: digit }, { weight: 1, arbitrary: noise });
    const shaped = fc
      .tuple(fc.array(digit, { minLength: 4, maxLength: 4 }), fc.array(char, { minLength: 15, maxLength: 15 }), fc.array(digit, { maxLength: 7 }), fc.boolean())
      .map(([y, rest, frac, dot]) => {
        const r = rest.join('');
        return `${y.join('')}-${r.slice(0, 2)}-${r.slice(2, 4)}T${r.slice(4, 6)}:${r.slice(6, 8)}:${r.slice(8, 10)}${dot ? `.${frac.join('')}` : ''}Z`;
      });
    fc.assert(
      fc.property(fc.oneof(shaped, fc.string()), (text) => {
        expect(parseTimestamp(text)).toBe(reference(text));
        expect(parseTimestamp(text)).toBe(reference(text));
      }),
      { numRuns: 2000 },
    );
  });
});

// The Lease renewTime (metav1.MicroTime, kubernetes-behaviour.md §6: node heartbeats) written by the cached
// formatter must be the exact text of the uncached one, for any instant and any order of instants.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { microTime, microTimeUncached } from '../../src/node/_internal/time.js';

describe('microTime', () => {
  it('writes MicroTime with microsecond digits', () => {
    expect(microTime(0)).toBe('1970-01-01T00:00:00.000000Z');
    expect(microTime(1_700_000_012_345)).toBe('2023-11-14T22:13:32.345000Z');
    expect(microTime(-1)).toBe('1969-12-31T23:59:59.999000Z');
  });

  it('equals the uncached formatter for any sequence of instants (same second, next second, skewed, fractional)', () => {
    const instant = fc.oneof(
      fc.integer({ min: -86_400_000, max: 4_000_000_000_000 }),
      fc.integer({ min: 0, max: 3_000 }),
      fc.double({ min: -1e6, max: 1e12, noNaN: true }),
    );
    fc.assert(
      fc.property(fc.array(instant, { minLength: 1, maxLength: 30 }), (times) => {
        for (const t of times) expect(microTime(t)).toBe(microTimeUncached(t));
      }),
      { numRuns: 300 },
    );
  });

  it('would catch a stale second prefix (the check can fail)', () => {
    // two instants 1 ms apart across a second boundary must not share their prefix
    expect(microTime(999)).toBe('1970-01-01T00:00:00.999000Z');
    expect(microTime(1_000)).toBe('1970-01-01T00:00:01.000000Z');
    expect(microTime(1_000)).not.toBe(microTime(999));
  });
});

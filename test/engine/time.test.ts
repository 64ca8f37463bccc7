// Virtual time helpers: Kubernetes/Go duration strings parse to integer milliseconds, and bad input names itself.
import { describe, expect, it } from 'vitest';
import { DurationError, formatDuration, hours, minutes, parseDuration, seconds } from '../../src/engine/index.js';

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['1h', 3_600_000],
    ['250ms', 250],
    ['1.5s', 1_500],
    ['.5s', 500],
    ['0', 0],
    ['0s', 0],
    ['2h45m30s', 9_930_000],
    ['10m0s', 600_000],
  ])('%s is %i ms', (input, expected) => {
    expect(parseDuration(input)).toBe(expected);
  });

  it.each(['', '5', '-5s', '5 m', '5x', 'm5', '1h30', '1.2.3s', 'abc'])('rejects %j with an error naming it', (input) => {
    expect(() => parseDuration(input)).toThrow(DurationError);
    expect(() => parseDuration(input)).toThrow(`invalid duration "${input}"`);
  });
});

describe('unit helpers and formatting', () => {
  it('converts units to integer milliseconds', () => {
    expect([seconds(1.5), minutes(5), hours(2)]).toEqual([1_500, 300_000, 7_200_000]);
  });

  it.each([
    [0, '0s'],
    [250, '250ms'],
    [1_500, '1.5s'],
    [30_000, '30s'],
    [5_400_000, '1h30m'],
    [3_661_000, '1h1m1s'],
  ])('formats %i ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
    expect(parseDuration(formatDuration(ms))).toBe(ms);
  });
});

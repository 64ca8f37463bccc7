/**
 * Virtual time: integer milliseconds since the start of a simulation, and Kubernetes-style durations.
 *
 * @remarks
 * All time in kubesim is an integer number of virtual milliseconds. There is no wall clock anywhere in the
 * simulation path; {@link parseDuration} reads the duration strings Kubernetes and Go use (`"30s"`, `"5m"`,
 * `"1h30m"`, `"250ms"`) and rejects anything else with an error naming the input.
 *
 * @packageDocumentation
 */

/** An instant of virtual time, in integer milliseconds since the simulation started. */
export type TimeMs = number;
/** A span of virtual time, in integer milliseconds. */
export type DurationMs = number;

/** Milliseconds in one second. */
export const SECOND: DurationMs = 1000;
/** Milliseconds in one minute. */
export const MINUTE: DurationMs = 60 * SECOND;
/** Milliseconds in one hour. */
export const HOUR: DurationMs = 60 * MINUTE;

/**
 * Whole seconds to milliseconds (fractions are rounded to the nearest millisecond).
 * @example
 * ```ts
 * seconds(1.5); // 1500
 * ```
 */
export function seconds(n: number): DurationMs {
  return Math.round(n * SECOND);
}

/**
 * Minutes to milliseconds.
 * @example
 * ```ts
 * minutes(5); // 300000
 * ```
 */
export function minutes(n: number): DurationMs {
  return Math.round(n * MINUTE);
}

/**
 * Hours to milliseconds.
 * @example
 * ```ts
 * hours(2); // 7200000
 * ```
 */
export function hours(n: number): DurationMs {
  return Math.round(n * HOUR);
}

/** The error thrown for a malformed duration string. */
export class DurationError extends Error {
  constructor(readonly input: string) {
    super(`invalid duration "${input}": expected a sequence of numbers with units ms, s, m, h (e.g. "30s", "1h30m")`);
    this.name = 'DurationError';
  }
}

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: SECOND, m: MINUTE, h: HOUR };
const PART = /(\d+(?:\.\d+)?|\.\d+)(ms|s|m|h)/y;

/**
 * Parses a Go/Kubernetes duration (`"30s"`, `"5m"`, `"1h30m"`, `"1.5s"`, `"250ms"`, `"0"`) into milliseconds.
 *
 * @remarks
 * A number alone is accepted only when it is `0` (as Go's `time.ParseDuration`). Sub-millisecond precision is
 * rounded to the nearest millisecond. Negative durations are rejected: virtual time only moves forward.
 *
 * @throws {@link DurationError} naming the input when it is not a duration.
 * @example
 * ```ts
 * parseDuration('1h30m'); // 5400000
 * parseDuration('250ms'); // 250
 * ```
 */
export function parseDuration(input: string): DurationMs {
  const s = input.trim();
  if (s === '0') return 0;
  if (s === '') throw new DurationError(input);
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < s.length) {
    const start = PART.lastIndex;
    const m = PART.exec(s);
    if (m === null || m.index !== start) throw new DurationError(input);
    total += Number(m[1]) * (UNIT_MS[m[2] as string] as number);
  }
  return Math.round(total);
}

/**
 * Formats milliseconds as a compact Kubernetes-style duration, as `kubectl` prints ages.
 * @example
 * ```ts
 * formatDuration(5_400_000); // '1h30m'
 * formatDuration(1_500); // '1.5s'
 * ```
 */
export function formatDuration(ms: DurationMs): string {
  if (ms === 0) return '0s';
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  const h = Math.floor(rest / HOUR);
  rest -= h * HOUR;
  const m = Math.floor(rest / MINUTE);
  rest -= m * MINUTE;
  let out = sign;
  if (h > 0) out += `${h}h`;
  if (m > 0) out += `${m}m`;
  if (rest > 0) out += h + m === 0 && rest < SECOND ? `${rest}ms` : `${rest / SECOND}s`;
  return out;
}

/**
 * RFC 3339 timestamps at second precision (`metav1.Time` serialisation), without `Date`.
 *
 * @internal
 * @packageDocumentation
 */

const MS_PER_DAY = 86_400_000;

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Days since 1970-01-01 → [year, month 1-12, day 1-31] (H. Hinnant's `civil_from_days`). */
function civilFromDays(days: number): [number, number, number] {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

/** [year, month, day] → days since 1970-01-01 (`days_from_civil`). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

let lastSecond = Number.NaN;
let lastText = '';
let lastDay = Number.NaN;
let lastDayPrefix = '';
/** '00' … '59'. */
const TWO_DIGITS: readonly string[] = Array.from({ length: 60 }, (_, i) => pad(i, 2));

/**
 * Formats Unix milliseconds as `2006-01-02T15:04:05Z`, truncating to the second.
 * @remarks The last second and the last day's `2006-01-02T` prefix are remembered: writers at one instant
 *   share a timestamp, and the seconds of one virtual day only format their time of day.
 */
export function formatTimestamp(unixMs: number): string {
  const second = Math.floor(unixMs / 1000);
  if (second === lastSecond) return lastText;
  const days = Math.floor((second * 1000) / MS_PER_DAY);
  if (days !== lastDay) {
    const [y, mo, d] = civilFromDays(days);
    lastDayPrefix = `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T`;
    lastDay = days;
  }
  const rest = second - days * 86_400;
  // joined, not concatenated: a template literal makes a tree of cons strings (~0.2 KB), and every
  // condition, startTime and event of the run keeps its timestamp; join makes one flat 20-character string
  const text = [lastDayPrefix, pad2(Math.floor(rest / 3600)), ':', TWO_DIGITS[Math.floor(rest / 60) % 60] as string, ':', TWO_DIGITS[rest % 60] as string, 'Z'].join('');
  lastSecond = second;
  lastText = text;
  return text;
}

function pad2(n: number): string {
  return n < 60 ? (TWO_DIGITS[n] as string) : pad(n, 2);
}

/** The value of `n` ASCII digits at `text[at…]`, or -1 when one of them is not a digit. */
function digits(text: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** Whether `text[at]` is the character `ch`. */
function at(text: string, i: number, ch: string): boolean {
  return text.charCodeAt(i) === ch.charCodeAt(0);
}

let lastParsedText = '';
let lastParsedMs: number | undefined;

/**
 * Parses a UTC RFC 3339 timestamp (`2006-01-02T15:04:05Z`, optionally with a fraction, which is ignored) back
 * to Unix milliseconds; `undefined` when it is not one.
 *
 * @remarks Read by hand rather than with a regular expression: controllers parse condition timestamps on every
 *   sync. The last text parsed is remembered (pods made in one second share their timestamps).
 */
export function parseTimestamp(text: string): number | undefined {
  if (text === lastParsedText) return lastParsedMs;
  const ms = parseUncached(text);
  lastParsedText = text;
  lastParsedMs = ms;
  return ms;
}

function parseUncached(text: string): number | undefined {
  const n = text.length;
  if (n < 20 || !at(text, 4, '-') || !at(text, 7, '-') || !at(text, 10, 'T') || !at(text, 13, ':') || !at(text, 16, ':')) return undefined;
  if (!at(text, n - 1, 'Z')) return undefined;
  if (n > 20) {
    // a fraction: '.' and at least one digit
    if (n < 22 || !at(text, 19, '.') || digits(text, 20, n - 21) < 0) return undefined;
  }
  const y = digits(text, 0, 4);
  const mo = digits(text, 5, 2);
  const d = digits(text, 8, 2);
  const h = digits(text, 11, 2);
  const mi = digits(text, 14, 2);
  const s = digits(text, 17, 2);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || s < 0) return undefined;
  return (daysFromCivil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s) * 1000;
}

/**
 * Exact Kubernetes resource quantities (`resource.Quantity` from k8s.io/apimachinery/pkg/api/resource).
 *
 * @remarks
 * A {@link Quantity} is an exact decimal `mantissa × 10^exponent` (a `bigint` and an integer), never a float,
 * plus the format its suffix chose. Parsing follows upstream's `ParseQuantity` (quantity.go) bit for bit:
 * the same scanner, suffix table, rounding *away from zero* to nano units, the 2^63−1 cap on BinarySI, the
 * "BinarySI below 1 becomes DecimalSI" rule, and the same three error messages. {@link formatQuantity}
 * follows `CanonicalizeBytes`. {@link parseMilli} and {@link parseValue} are allocation-free fast paths for
 * admission and the scheduler; they fall back to the exact path whenever a double could be inexact.
 *
 * Deliberate differences: upstream's `String()` echoes some non-canonical inputs verbatim (`"1.100"`,
 * `"+1"`; kubernetes/kubernetes#138165); {@link formatQuantity} always returns the canonical form.
 * Results of {@link quantityMilli}/{@link quantityValue} saturate at ±2^63 like upstream's int64 path.
 *
 * @packageDocumentation
 */

/** How a quantity is written back out: `12M` (DecimalSI), `12Mi` (BinarySI) or `12e6` (DecimalExponent). */
export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

/**
 * A parsed, exact quantity. Immutable (frozen); compare with {@link compareQuantity}.
 *
 * @remarks
 * The value is `mantissa × 10^exponent`. The mantissa has no trailing decimal zeros (zero is `0n` with
 * exponent 0), so two quantities are numerically equal exactly when mantissa and exponent are equal.
 * Parsed quantities are multiples of 10^-9 (nano units), so `exponent >= -9`.
 *
 * @example
 * ```ts
 * const q = parseQuantity('1.5Gi'); // { mantissa: 1610612736n, exponent: 0, format: 'BinarySI' }
 * formatQuantity(q); // '1536Mi'
 * ```
 */
export interface Quantity {
  /** Signed digits of the value, without trailing zeros. */
  readonly mantissa: bigint;
  /** Power of ten applied to the mantissa. */
  readonly exponent: number;
  /** The suffix family used when formatting. */
  readonly format: QuantityFormat;
}

const FORMAT_WRONG =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const SUFFIX_WRONG = "unable to parse quantity's suffix";
const NUMERIC_WRONG = 'unable to parse numeric part of quantity';

/**
 * The error thrown for a malformed quantity, with upstream's message (`ErrFormatWrong`, `ErrSuffix`, `ErrNumeric`).
 *
 * @example
 * ```ts
 * try { parseQuantity('1 Gi'); } catch (e) {
 *   if (e instanceof QuantityError) console.log(e.message); // quantities must match the regular expression '…'
 * }
 * ```
 */
export class QuantityError extends Error {
  constructor(
    message: string,
    /** The text that failed to parse. */
    readonly input: string = '',
  ) {
    super(message);
    this.name = 'QuantityError';
  }
}

interface Suffix {
  readonly base: 2 | 10;
  readonly exp: number;
  readonly format: QuantityFormat;
}
const dec = (exp: number): Suffix => ({ base: 10, exp, format: 'DecimalSI' });
const bin = (exp: number): Suffix => ({ base: 2, exp, format: 'BinarySI' });
/** suffix.go's tables. */
const SUFFIXES = new Map<string, Suffix>([
  ['', dec(0)], ['n', dec(-9)], ['u', dec(-6)], ['m', dec(-3)], ['k', dec(3)], ['M', dec(6)], ['G', dec(9)],
  ['T', dec(12)], ['P', dec(15)], ['E', dec(18)],
  ['Ki', bin(10)], ['Mi', bin(20)], ['Gi', bin(30)], ['Ti', bin(40)], ['Pi', bin(50)], ['Ei', bin(60)],
]);
const DECIMAL_SUFFIX = new Map<number, string>([
  [-9, 'n'], [-6, 'u'], [-3, 'm'], [0, ''], [3, 'k'], [6, 'M'], [9, 'G'], [12, 'T'], [15, 'P'], [18, 'E'],
]);
const BINARY_SUFFIX = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const MAX_INT32 = 2147483647;
const MAX_INT64 = 9223372036854775807n;
const MIN_INT64 = -9223372036854775808n;

/** interpret(): a table suffix, or `e`/`E` + a base-10 int64 whose magnitude fits an int32 scale. */
function interpretSuffix(suffix: string): Suffix | undefined {
  const known = SUFFIXES.get(suffix);
  if (known !== undefined) return known;
  const c = suffix.charCodeAt(0);
  if (suffix.length < 2 || (c !== 0x65 && c !== 0x45)) return undefined;
  if (!/^[+-]?[0-9]+$/.test(suffix.slice(1))) return undefined;
  const exp = Number(suffix.slice(1));
  if (!(Math.abs(exp) <= MAX_INT32)) return undefined;
  return { base: 10, exp: exp + 0, format: 'DecimalExponent' };
}

/** Positions found by the scanner; one module-level instance is reused (no allocation per parse). */
interface Scan {
  negative: boolean;
  /** Integer digits after leading zeros are stripped. */
  intStart: number;
  intEnd: number;
  fracStart: number;
  fracEnd: number;
  /** Whether the numeric text holds any digit (upstream's slow path rejects "." with ErrNumeric). */
  hasDigits: boolean;
  suffix: string;
}
const SCAN: Scan = { negative: false, intStart: 0, intEnd: 0, fracStart: 0, fracEnd: 0, hasDigits: false, suffix: '' };

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
/** `eEinumkKMGTP` */
const isSuffixChar = (c: number): boolean =>
  c === 101 || c === 69 || c === 105 || c === 110 || c === 117 || c === 109 || c === 107 || c === 75 ||
  c === 77 || c === 71 || c === 84 || c === 80;

/** Port of parseQuantityString: returns an error message, or undefined with `out` filled in. */
function scan(s: string, out: Scan): string | undefined {
  const end = s.length;
  let pos = 0;
  const c0 = s.charCodeAt(0);
  out.negative = c0 === 45;
  if (c0 === 45 || c0 === 43) pos++;
  out.hasDigits = false;
  while (pos < end && s.charCodeAt(pos) === 48) { pos++; out.hasDigits = true; }
  out.intStart = pos;
  out.suffix = '';
  if (pos >= end) { // only sign and zeros: upstream returns "0"
    out.intEnd = out.fracStart = out.fracEnd = pos;
    out.hasDigits = true;
    return undefined;
  }
  while (pos < end && isDigit(s.charCodeAt(pos))) pos++;
  out.intEnd = pos;
  if (pos < end && s.charCodeAt(pos) === 46) pos++;
  out.fracStart = pos;
  if (pos > out.intEnd) while (pos < end && isDigit(s.charCodeAt(pos))) pos++;
  out.fracEnd = pos;
  if (out.intEnd > out.intStart || out.fracEnd > out.fracStart) out.hasDigits = true;
  const suffixStart = pos;
  while (pos < end && isSuffixChar(s.charCodeAt(pos))) pos++;
  if (pos < end && (s.charCodeAt(pos) === 43 || s.charCodeAt(pos) === 45)) pos++;
  while (pos < end && isDigit(s.charCodeAt(pos))) pos++;
  if (pos < end) return FORMAT_WRONG;
  out.suffix = suffixStart === end ? '' : s.slice(suffixStart);
  return undefined;
}

const POW10: bigint[] = [1n];
function pow10(n: number): bigint {
  if (n < 64) {
    for (let i = POW10.length; i <= n; i++) POW10.push((POW10[i - 1] ?? 1n) * 10n);
    return POW10[n] ?? 1n;
  }
  return 10n ** BigInt(n);
}

/** Moves trailing decimal zeros of the mantissa into the exponent. */
function normalize(mantissa: bigint, exponent: number, format: QuantityFormat): Quantity {
  if (mantissa === 0n) return Object.freeze({ mantissa, exponent: 0, format });
  if (mantissa % 10n === 0n) {
    const text = mantissa.toString();
    let t = text.length;
    while (text.charCodeAt(t - 1) === 48) t--;
    return Object.freeze({ mantissa: BigInt(text.slice(0, t)), exponent: exponent + text.length - t, format });
  }
  return Object.freeze({ mantissa, exponent, format });
}

/** The quirks of upstream's int64 fast path that turn into errors (a 19-digit number above 2^63−1). */
function upstreamNumericError(s: string, sc: Scan, suf: Suffix): boolean {
  const numLen = Math.max(1, sc.intEnd - sc.intStart);
  const denomLen = sc.fracEnd - sc.fracStart;
  if (suf.base === 10 && 19 - numLen - denomLen === 0 && suf.exp - denomLen >= -9) {
    const shifted = s.slice(sc.intStart, sc.intEnd) + s.slice(sc.fracStart, sc.fracEnd);
    if (shifted.length === 19 && shifted > '9223372036854775807') return true;
  }
  const fast = suf.base === 10
    ? 19 - numLen - denomLen >= 0 && suf.exp - denomLen >= -9
    : denomLen === 0 && 15 - numLen - Math.trunc((suf.exp * 3) / 10) - 1 >= 0;
  return !fast && !sc.hasDigits;
}

/** The exact value of a scanned string: round away from zero to nano, cap BinarySI, maybe switch format. */
function exactFromScan(s: string, sc: Scan, suf: Suffix): Quantity {
  const digits = s.slice(sc.intStart, sc.intEnd) + s.slice(sc.fracStart, sc.fracEnd);
  let mag = digits === '' ? 0n : BigInt(digits);
  let exp = (suf.base === 10 ? suf.exp : 0) - (sc.fracEnd - sc.fracStart);
  if (mag === 0n) return normalize(0n, 0, suf.format);
  if (suf.base === 2) mag <<= BigInt(suf.exp);
  if (exp < -9) {
    const p = pow10(-9 - exp);
    mag = mag % p === 0n ? mag / p : mag / p + 1n;
    exp = -9;
  }
  let format = suf.format;
  if (format === 'BinarySI') {
    const over = exp >= 0 ? mag * pow10(Math.min(exp, 20)) > MAX_INT64 : mag > MAX_INT64 * pow10(-exp);
    if (over) { mag = MAX_INT64; exp = 0; }
    if (exp < 0 && mag < pow10(-exp)) format = 'DecimalSI';
  }
  return normalize(sc.negative ? -mag : mag, exp, format);
}

/** Parses a string, returning the Quantity or upstream's error message. */
function parseText(s: string): Quantity | string {
  if (s.length === 0) return FORMAT_WRONG;
  const err = scan(s, SCAN);
  if (err !== undefined) return err;
  const suf = interpretSuffix(SCAN.suffix);
  if (suf === undefined) return SUFFIX_WRONG;
  if (upstreamNumericError(s, SCAN, suf)) return NUMERIC_WRONG;
  return exactFromScan(s, SCAN, suf);
}

/** A JS number as the text a JSON encoder would send (`2`, `0.5`, `1e+21`); NaN/Infinity are rejected. */
function numberText(n: number): string {
  if (!Number.isFinite(n)) throw new QuantityError(FORMAT_WRONG, String(n));
  return String(n);
}

const CACHE_LIMIT = 4096;
const parsedCache = new Map<string, Quantity>();

/**
 * Parses a Kubernetes quantity string (or a YAML/JSON number) into an exact {@link Quantity}.
 *
 * @remarks
 * Accepts everything upstream's `ParseQuantity` accepts, including its oddities (`"1."`, `"."`, `"-"` and
 * `"Ki"` are zero; `"9999999999999999999"` is rejected). Values finer than 1n round away from zero.
 *
 * @throws {@link QuantityError} with upstream's message when the text is malformed.
 * @example
 * ```ts
 * parseQuantity('100m'); // 0.1
 * parseQuantity(2);      // 2 (a YAML number)
 * ```
 */
export function parseQuantity(input: string | number): Quantity {
  const text = typeof input === 'number' ? numberText(input) : input;
  const cached = parsedCache.get(text);
  if (cached !== undefined) return cached;
  const result = parseText(text);
  if (typeof result === 'string') throw new QuantityError(result, text);
  if (parsedCache.size >= CACHE_LIMIT) parsedCache.clear();
  parsedCache.set(text, result);
  return result;
}

/**
 * Like {@link parseQuantity}, but returns `undefined` instead of throwing.
 *
 * @example
 * ```ts
 * tryParseQuantity('1Qi'); // undefined
 * ```
 */
export function tryParseQuantity(input: string | number): Quantity | undefined {
  if (typeof input === 'number' && !Number.isFinite(input)) return undefined;
  const text = typeof input === 'number' ? String(input) : input;
  const cached = parsedCache.get(text);
  if (cached !== undefined) return cached;
  const result = parseText(text);
  return typeof result === 'string' ? undefined : result;
}

/** ScaledValue: the value in units of 10^scale, rounded away from zero, saturated to int64. */
function scaledValue(q: Quantity, scale: number): number {
  const m = q.mantissa;
  if (m === 0n) return 0;
  const shift = q.exponent - scale;
  let r: bigint;
  if (shift >= 0) {
    r = shift > 19 ? (m > 0n ? MAX_INT64 : MIN_INT64) : m * pow10(shift);
  } else {
    const p = pow10(-shift);
    r = m / p;
    if (m % p !== 0n) r += m > 0n ? 1n : -1n;
  }
  if (r > MAX_INT64) r = MAX_INT64;
  if (r < MIN_INT64) r = MIN_INT64;
  return Number(r);
}

/**
 * The value in integer milli-units, rounded up (away from zero), like `Quantity.MilliValue()`.
 *
 * @example
 * ```ts
 * quantityMilli(parseQuantity('0.1'));   // 100
 * quantityMilli(parseQuantity('1500u')); // 2
 * ```
 */
export function quantityMilli(q: Quantity): number {
  return scaledValue(q, -3);
}

/**
 * The value in integer units (bytes, cores, pods), rounded up (away from zero), like `Quantity.Value()`.
 *
 * @example
 * ```ts
 * quantityValue(parseQuantity('1Ki'));  // 1024
 * quantityValue(parseQuantity('100m')); // 1
 * ```
 */
export function quantityValue(q: Quantity): number {
  return scaledValue(q, 0);
}


/** Canonical decimal text: exponent floored to a multiple of 3, suffix from the table or `e<exp>`. */
function formatDecimal(magnitude: bigint, exponent: number, format: QuantityFormat): string {
  const extra = ((exponent % 3) + 3) % 3;
  const e3 = exponent - extra;
  const digits = extra === 0 ? magnitude.toString() : (magnitude * pow10(extra)).toString();
  if (format === 'DecimalExponent') return e3 === 0 ? digits : `${digits}e${e3}`;
  return digits + (DECIMAL_SUFFIX.get(e3) ?? `e${e3}`);
}

/** Canonical BinarySI text, or undefined when upstream falls back to DecimalSI. */
function formatBinary(magnitude: bigint, exponent: number): string | undefined {
  if (exponent < 0) return undefined; // not an integer: never round, show as DecimalSI
  let n = magnitude * pow10(exponent);
  if (n < 1024n) return undefined; // |q| < 1024 "avoids rounding and hopefully confusion"
  let power = 0;
  while ((n & 1023n) === 0n) { n >>= 10n; power++; }
  const suffix = BINARY_SUFFIX[power];
  return suffix === undefined ? undefined : n.toString() + suffix;
}

/**
 * The canonical text of a quantity, as `Quantity.String()` / `CanonicalizeBytes` produce it.
 *
 * @remarks
 * No precision is lost, no fractional digits are emitted, and the suffix is as large as possible.
 * BinarySI values below 1024 in magnitude or not integral are shown as DecimalSI; DecimalSI past `E`
 * (or below `n`) and BinarySI past `Ei` fall back to exponent notation, as current upstream does.
 *
 * @example
 * ```ts
 * formatQuantity(parseQuantity('1.5'));    // '1500m'
 * formatQuantity(parseQuantity('1024Mi')); // '1Gi'
 * formatQuantity(parseQuantity('1e3'));    // '1e3'
 * ```
 */
export function formatQuantity(q: Quantity): string {
  if (q.mantissa !== 0n && q.mantissa % 10n === 0n) q = normalize(q.mantissa, q.exponent, q.format);
  const m = q.mantissa;
  if (m === 0n) return '0';
  const sign = m < 0n ? '-' : '';
  const magnitude = m < 0n ? -m : m;
  if (q.format === 'BinarySI') {
    const binary = formatBinary(magnitude, q.exponent);
    if (binary !== undefined) return sign + binary;
    return sign + formatDecimal(magnitude, q.exponent, 'DecimalSI');
  }
  return sign + formatDecimal(magnitude, q.exponent, q.format);
}

/** Number of decimal digits of a positive bigint. */
const digitCount = (n: bigint): number => (n < 0n ? -n : n).toString().length;

/**
 * Compares two quantities by value (the format is ignored), like `Quantity.Cmp`.
 *
 * @example
 * ```ts
 * compareQuantity(parseQuantity('1Gi'), parseQuantity('1G')); // 1
 * compareQuantity(parseQuantity('1000m'), parseQuantity('1')); // 0
 * ```
 */
export function compareQuantity(a: Quantity, b: Quantity): -1 | 0 | 1 {
  const sa = a.mantissa > 0n ? 1 : a.mantissa < 0n ? -1 : 0;
  const sb = b.mantissa > 0n ? 1 : b.mantissa < 0n ? -1 : 0;
  if (sa !== sb) return sa < sb ? -1 : 1;
  if (sa === 0) return 0;
  const shift = a.exponent - b.exponent;
  if (shift > 40 || shift < -40) {
    // Leading-digit positions decide unless equal, which bounds the alignment below.
    const pa = digitCount(a.mantissa) + a.exponent;
    const pb = digitCount(b.mantissa) + b.exponent;
    if (pa !== pb) return (pa > pb ? sa : -sa) as -1 | 1;
  }
  const x = shift > 0 ? a.mantissa * pow10(shift) : a.mantissa;
  const y = shift < 0 ? b.mantissa * pow10(-shift) : b.mantissa;
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * The exact sum of two quantities, like `Quantity.Add`: it keeps `a`'s format unless `a` is zero.
 *
 * @example
 * ```ts
 * formatQuantity(addQuantity(parseQuantity('1Gi'), parseQuantity('512Mi'))); // '1536Mi'
 * formatQuantity(addQuantity(parseQuantity('0'), parseQuantity('100m')));    // '100m'
 * ```
 */
export function addQuantity(a: Quantity, b: Quantity): Quantity {
  if (b.mantissa === 0n) return a;
  if (a.mantissa === 0n) return b;
  const e = Math.min(a.exponent, b.exponent);
  const sum = a.mantissa * pow10(a.exponent - e) + b.mantissa * pow10(b.exponent - e);
  return normalize(sum, e, a.format);
}

/**
 * A quantity of `milli` thousandths, like `NewMilliQuantity` (fractions of a milli-unit are kept down to
 * nano units and round away from zero below that).
 *
 * @throws {@link QuantityError} when `milli` is NaN or infinite.
 * @example
 * ```ts
 * formatQuantity(quantityFromMilli(1500));             // '1500m'
 * formatQuantity(quantityFromMilli(2048000, 'BinarySI')); // '2Ki'
 * ```
 */
export function quantityFromMilli(milli: number, format: 'DecimalSI' | 'BinarySI' = 'DecimalSI'): Quantity {
  if (Number.isSafeInteger(milli)) return normalize(BigInt(milli), -3, format);
  const units = parseQuantity(numberText(milli));
  let m = units.mantissa;
  let e = units.exponent - 3;
  if (e < -9) {
    const p = pow10(-9 - e);
    m = m % p === 0n ? m / p : m / p + (m > 0n ? 1n : -1n);
    e = -9;
  }
  return normalize(m, e, format);
}

/**
 * Allocation-free `ceil(|value| × 10^scaleDigits)` (with sign) for inputs a double represents exactly:
 * at most 15 significant digits, a table suffix, and a safe-integer result. Otherwise undefined.
 */
function fastScaled(s: string, scaleDigits: number): number | undefined {
  if (s.length === 0 || scan(s, SCAN) !== undefined || !SCAN.hasDigits) return undefined;
  const suf = SUFFIXES.get(SCAN.suffix);
  if (suf === undefined) return undefined;
  let digits = 0;
  let significant = 0;
  for (let i = SCAN.intStart; i < SCAN.fracEnd; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) continue;
    digits = digits * 10 + (c - 48);
    if (digits !== 0) significant++;
  }
  if (significant > 15) return undefined;
  const value = suf.base === 2 ? digits * 2 ** suf.exp : digits; // exact: scaling by 2^k
  const exp = (suf.base === 10 ? suf.exp : 0) - (SCAN.fracEnd - SCAN.fracStart) + scaleDigits;
  let r: number;
  if (exp >= 0) {
    r = exp > 22 ? Infinity : value * 10 ** exp;
  } else {
    if (exp < -22 || value > Number.MAX_SAFE_INTEGER) return undefined;
    const divisor = 10 ** -exp;
    const rest = value % divisor;
    r = (value - rest) / divisor + (rest === 0 ? 0 : 1);
  }
  if (!(r <= Number.MAX_SAFE_INTEGER)) return undefined;
  return SCAN.negative && r !== 0 ? -r : r;
}

const milliCache = new Map<string, number>();
const valueCache = new Map<string, number>();

/** parseMilli/parseValue: cache hit, then the double fast path, then the exact path. */
function parseScaled(input: string | number, scaleDigits: 0 | 3): number {
  if (typeof input === 'number') {
    const factor = scaleDigits === 3 ? 1000 : 1;
    if (Number.isSafeInteger(input) && Number.isSafeInteger(input * factor)) return input * factor + 0;
    input = numberText(input);
  }
  const cache = scaleDigits === 3 ? milliCache : valueCache;
  const cached = cache.get(input);
  if (cached !== undefined) return cached;
  const result = fastScaled(input, scaleDigits) ?? scaledValue(parseQuantity(input), -scaleDigits);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(input, result);
  return result;
}

/**
 * Parses a quantity and returns its milli-units rounded up: the fast path for cpu in admission and the
 * scheduler. Same result as `quantityMilli(parseQuantity(input))`.
 *
 * @throws {@link QuantityError} with upstream's message when the text is malformed.
 * @example
 * ```ts
 * parseMilli('250m'); // 250
 * parseMilli(0.5);    // 500
 * parseMilli('2');    // 2000
 * ```
 */
export function parseMilli(input: string | number): number {
  return parseScaled(input, 3);
}

/**
 * Parses a quantity and returns whole units rounded up (memory bytes, pods, GPUs): the fast path for
 * admission and the scheduler. Same result as `quantityValue(parseQuantity(input))`.
 *
 * @throws {@link QuantityError} with upstream's message when the text is malformed.
 * @example
 * ```ts
 * parseValue('128Mi'); // 134217728
 * parseValue('1.5k');  // 1500
 * parseValue('100m');  // 1
 * ```
 */
export function parseValue(input: string | number): number {
  return parseScaled(input, 0);
}

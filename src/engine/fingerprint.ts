/**
 * A rolling 64-bit fingerprint of everything that happens in a run.
 *
 * @remarks
 * Two independent 32-bit murmur3-style lanes, updated with integers (no allocation). Any difference in event
 * order, timing, targets or traced details changes the result, so "same seed ⇒ same fingerprint" is a cheap,
 * always-on determinism check.
 *
 * @internal
 */

/** @internal */
export class Fingerprint {
  private h1 = 0x9e3779b9 | 0;
  private h2 = 0x7f4a7c15 | 0;

  /** Mixes one 32-bit integer into both lanes. */
  mix(x: number): void {
    let k = Math.imul(x | 0, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    let h = this.h1 ^ k;
    h = (h << 13) | (h >>> 19);
    this.h1 = (Math.imul(h, 5) + 0xe6546b64) | 0;
    let g = this.h2 ^ Math.imul(x | 0, 0x85ebca6b);
    g = (g << 17) | (g >>> 15);
    this.h2 = (Math.imul(g, 0xc2b2ae35) + 0x27d4eb2f) | 0;
  }

  /**
   * Mixes one delivered event — its time and two small integers (target and sender) — in a single round per
   * lane: the engine calls this once per event, so it is kept to a handful of multiplications.
   */
  mixEvent(time: number, a: number, b: number): void {
    const lo = time >>> 0;
    const hi = (time / 4294967296) | 0;
    let k = lo ^ hi ^ Math.imul(a ^ 0x2545f491, 0x9e3779b1) ^ Math.imul(b ^ 0x7f4a7c15, 0x85ebca6b);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    let h = this.h1 ^ k;
    h = (h << 13) | (h >>> 19);
    this.h1 = (Math.imul(h, 5) + 0xe6546b64) | 0;
    let g = (this.h2 + k) | 0;
    g = (g << 17) | (g >>> 15);
    this.h2 = (Math.imul(g, 0xc2b2ae35) + lo) | 0;
  }

  /** Mixes a non-negative number that may exceed 32 bits (e.g. virtual time). */
  mixNumber(x: number): void {
    this.mix(x >>> 0);
    this.mix(Math.floor(x / 4294967296) | 0);
  }

  /** Mixes a string, code unit by code unit. */
  mixString(s: string): void {
    this.mix(s.length);
    for (let i = 0; i < s.length; i++) this.mix(s.charCodeAt(i));
  }

  /** The current value as 16 hex digits. */
  hex(): string {
    return hex32(fmix(this.h1 ^ this.h2)) + hex32(fmix(this.h2 + Math.imul(this.h1, 0x9e3779b1)));
  }
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hex32(x: number): string {
  return (x >>> 0).toString(16).padStart(8, '0');
}

/** A 32-bit hash of three integers, used for the seeded tie-break in interleaving mode. @internal */
export function hash3(a: number, b: number, c: number): number {
  let h = Math.imul(a ^ 0x2545f491, 0x9e3779b1);
  h = Math.imul(h ^ (b | 0) ^ (h >>> 15), 0x85ebca6b);
  h = Math.imul(h ^ (c | 0) ^ (h >>> 13), 0xc2b2ae35);
  return fmix(h);
}

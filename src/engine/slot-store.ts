/**
 * Storage for pending events' payloads, shared by both queue orderings.
 *
 * @remarks
 * Payloads live in parallel arrays indexed by a slot number and never move; slots are recycled through a
 * free list, so steady-state operation allocates nothing per event (style.md §4).
 *
 * @internal
 */

/** @internal */
export class SlotStore {
  private freeSlots: Int32Array;
  private freeTop = 0;
  private slotCount = 0;

  /** Sequence number per slot. */
  slotSeq: Float64Array;
  /** Due time per slot. */
  slotTime: Float64Array;
  /** Next slot in the same bucket (bucket queue only). */
  slotNext: Int32Array;
  /** Target actor index per slot. */
  target: Int32Array;
  /** Sending actor index per slot (-1 = from outside). */
  source: Int32Array;
  /** Message per slot. */
  message: unknown[];
  /** Timer key per slot, or null for a plain message. */
  timerKey: (string | null)[];

  constructor(initialCapacity: number) {
    const c = Math.max(16, initialCapacity);
    this.freeSlots = new Int32Array(c);
    this.slotSeq = new Float64Array(c);
    this.slotTime = new Float64Array(c);
    this.slotNext = new Int32Array(c);
    this.target = new Int32Array(c);
    this.source = new Int32Array(c);
    this.message = new Array<unknown>(c).fill(undefined);
    this.timerKey = new Array<string | null>(c).fill(null);
  }

  /** Returns a popped slot to the free list and drops its message reference. */
  release(slot: number): void {
    this.message[slot] = undefined;
    this.timerKey[slot] = null;
    this.freeSlots[this.freeTop++] = slot;
  }

  protected allocSlot(): number {
    if (this.freeTop > 0) return this.freeSlots[--this.freeTop] as number;
    if (this.slotCount === this.target.length) this.growSlots();
    return this.slotCount++;
  }

  protected fill(
    slot: number,
    seq: number,
    time: number,
    target: number,
    source: number,
    message: unknown,
    timerKey: string | null,
  ): void {
    this.slotSeq[slot] = seq;
    this.slotTime[slot] = time;
    this.target[slot] = target;
    this.source[slot] = source;
    this.message[slot] = message;
    this.timerKey[slot] = timerKey;
  }

  private growSlots(): void {
    const old = this.target.length;
    const c = old * 2;
    this.slotSeq = growF64(this.slotSeq, c);
    this.slotTime = growF64(this.slotTime, c);
    this.slotNext = growI32(this.slotNext, c);
    this.target = growI32(this.target, c);
    this.source = growI32(this.source, c);
    this.freeSlots = growI32(this.freeSlots, c);
    for (let i = old; i < c; i++) {
      this.message.push(undefined);
      this.timerKey.push(null);
    }
  }
}

function growF64(from: Float64Array, size: number): Float64Array {
  const to = new Float64Array(size);
  to.set(from);
  return to;
}

function growI32(from: Int32Array, size: number): Int32Array {
  const to = new Int32Array(size);
  to.set(from);
  return to;
}

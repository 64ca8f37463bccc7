/**
 * The FIFO-mode event queue: events bucketed by (time, priority), buckets ordered by a small heap.
 *
 * @remarks
 * Virtual time is integer milliseconds, so many events share an instant (thousands of kubelets renewing
 * leases, a controller's burst of creates). Within one (time, priority) the order is the enqueue sequence,
 * which is exactly the order of appends to the bucket's list — so an event whose bucket already exists costs
 * an O(1) append, with no heap operation and no comparison at all. Distinct (time, priority) keys live in a
 * binary heap of keys (no ties there) and in an open-addressing hash table from key to bucket.
 * Everything is typed arrays and free lists: no allocation per event.
 *
 * @internal
 */
import { SlotStore } from './slot-store.js';

/** @internal */
export class BucketQueue extends SlotStore {
  private seq = 0;
  private count = 0;
  // buckets
  private bHead: Int32Array;
  private bTail: Int32Array;
  private bKey: Float64Array;
  private bFree: Int32Array;
  private bFreeTop = 0;
  private bCount = 0;
  // heap of [key, bucket] pairs, stride 2
  private heap: Float64Array;
  private hn = 0;
  // open-addressing table key -> bucket (-1 = empty), linear probing with backward-shift deletion
  private tKey: Float64Array;
  private tVal: Int32Array;
  private tMask: number;
  private tUsed = 0;

  constructor(initialCapacity = 1024) {
    super(initialCapacity);
    const c = Math.max(16, initialCapacity);
    this.bHead = new Int32Array(c);
    this.bTail = new Int32Array(c);
    this.bKey = new Float64Array(c);
    this.bFree = new Int32Array(c);
    this.heap = new Float64Array(2 * c);
    const t = nextPow2(4 * c);
    this.tKey = new Float64Array(t);
    this.tVal = new Int32Array(t).fill(-1);
    this.tMask = t - 1;
  }

  /** Number of pending entries (including lazily cancelled timers). */
  get size(): number {
    return this.count;
  }

  /** Due time of the head entry; only valid when `size > 0`. */
  peekTime(): number {
    return this.slotTime[this.bHead[this.heap[1] as number] as number] as number;
  }

  /** Enqueues an entry (the tie-break is ignored: FIFO) and returns its sequence number. */
  push(
    time: number,
    priority: number,
    _tieBreak: number,
    target: number,
    source: number,
    message: unknown,
    timerKey: string | null,
  ): number {
    const slot = this.allocSlot();
    const seq = ++this.seq;
    this.fill(slot, seq, time, target, source, message, timerKey);
    this.slotNext[slot] = -1;
    const key = time * 256 + priority;
    let b = this.lookup(key);
    if (b < 0) {
      b = this.newBucket(key);
      this.bHead[b] = slot;
    } else {
      this.slotNext[this.bTail[b] as number] = slot;
    }
    this.bTail[b] = slot;
    this.count++;
    return seq;
  }

  /** Removes the head entry and returns its slot; only valid when `size > 0`. */
  pop(): number {
    const b = this.heap[1] as number;
    const slot = this.bHead[b] as number;
    const next = this.slotNext[slot] as number;
    this.count--;
    if (next >= 0) {
      this.bHead[b] = next;
    } else {
      this.heapPop();
      this.remove(this.bKey[b] as number);
      this.bFree[this.bFreeTop++] = b;
    }
    return slot;
  }

  private newBucket(key: number): number {
    let b: number;
    if (this.bFreeTop > 0) b = this.bFree[--this.bFreeTop] as number;
    else {
      if (this.bCount === this.bHead.length) this.growBuckets();
      b = this.bCount++;
    }
    this.bKey[b] = key;
    this.insert(key, b);
    this.heapPush(key, b);
    return b;
  }

  private heapPush(key: number, b: number): void {
    if (2 * this.hn === this.heap.length) {
      const h2 = new Float64Array(this.heap.length * 2);
      h2.set(this.heap);
      this.heap = h2;
    }
    const h = this.heap;
    let i = this.hn++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pk = h[2 * p] as number;
      if (pk < key) break;
      h[2 * i] = pk;
      h[2 * i + 1] = h[2 * p + 1] as number;
      i = p;
    }
    h[2 * i] = key;
    h[2 * i + 1] = b;
  }

  private heapPop(): void {
    const h = this.heap;
    const n = --this.hn;
    if (n === 0) return;
    const lk = h[2 * n] as number;
    const lb = h[2 * n + 1] as number;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && (h[2 * c + 2] as number) < (h[2 * c] as number)) c++;
      const ck = h[2 * c] as number;
      if (lk < ck) break;
      h[2 * i] = ck;
      h[2 * i + 1] = h[2 * c + 1] as number;
      i = c;
    }
    h[2 * i] = lk;
    h[2 * i + 1] = lb;
  }

  private lookup(key: number): number {
    const m = this.tMask;
    for (let i = hashKey(key) & m; ; i = (i + 1) & m) {
      const v = this.tVal[i] as number;
      if (v < 0 || this.tKey[i] === key) return v;
    }
  }

  private insert(key: number, b: number): void {
    if (2 * (this.tUsed + 1) > this.tVal.length) this.rehash(this.tVal.length * 2);
    const m = this.tMask;
    let i = hashKey(key) & m;
    while ((this.tVal[i] as number) >= 0) i = (i + 1) & m;
    this.tKey[i] = key;
    this.tVal[i] = b;
    this.tUsed++;
  }

  private remove(key: number): void {
    const m = this.tMask;
    const K = this.tKey;
    const V = this.tVal;
    let i = hashKey(key) & m;
    while (K[i] !== key || (V[i] as number) < 0) i = (i + 1) & m;
    // backward-shift deletion keeps probe sequences intact without tombstones
    let j = i;
    for (;;) {
      j = (j + 1) & m;
      if ((V[j] as number) < 0) break;
      const home = hashKey(K[j] as number) & m;
      if ((j > i && (home <= i || home > j)) || (j < i && home <= i && home > j)) {
        K[i] = K[j] as number;
        V[i] = V[j] as number;
        i = j;
      }
    }
    V[i] = -1;
    this.tUsed--;
  }

  private rehash(size: number): void {
    const oldK = this.tKey;
    const oldV = this.tVal;
    this.tKey = new Float64Array(size);
    this.tVal = new Int32Array(size).fill(-1);
    this.tMask = size - 1;
    this.tUsed = 0;
    for (let i = 0; i < oldV.length; i++) {
      const v = oldV[i] as number;
      if (v >= 0) this.insert(oldK[i] as number, v);
    }
  }

  private growBuckets(): void {
    const c = this.bHead.length * 2;
    this.bHead = copyI32(this.bHead, c);
    this.bTail = copyI32(this.bTail, c);
    this.bFree = copyI32(this.bFree, c);
    const k = new Float64Array(c);
    k.set(this.bKey);
    this.bKey = k;
  }
}

function hashKey(key: number): number {
  const lo = key >>> 0;
  const hi = (key / 4294967296) | 0;
  let h = Math.imul(lo ^ Math.imul(hi, 0x27d4eb2f), 0x9e3779b1);
  h ^= h >>> 15;
  return h;
}

function nextPow2(n: number): number {
  let p = 16;
  while (p < n) p *= 2;
  return p;
}

function copyI32(from: Int32Array, size: number): Int32Array {
  const to = new Int32Array(size);
  to.set(from);
  return to;
}

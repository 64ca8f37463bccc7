// The event queues deliver entries in (time, priority, seq) order for any insertion sequence; the interleaving
// heap orders equal (time, priority) entries by their tie-break before seq.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BucketQueue } from '../../src/engine/bucket-queue.js';
import { EventQueue, type Queue } from '../../src/engine/queue.js';

type Op = { kind: 'push'; delay: number; priority: number; tb: number } | { kind: 'pop' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('push' as const),
      delay: fc.integer({ min: 0, max: 20 }),
      priority: fc.constantFrom(0, 100, 200),
      tb: fc.integer({ min: 1, max: 7 }),
    }),
  },
  { weight: 2, arbitrary: fc.constant({ kind: 'pop' as const }) },
);

interface Entry {
  time: number;
  priority: number;
  tb: number;
  seq: number;
}

/** Runs ops against a queue and against a sorted-array model; returns both pop sequences. */
function drive(q: Queue, ops: Op[], useTieBreak: boolean): { got: number[]; want: number[] } {
  const model: Entry[] = [];
  const got: number[] = [];
  const want: number[] = [];
  let now = 0;
  const cmp = (a: Entry, b: Entry) =>
    a.time - b.time || a.priority - b.priority || (useTieBreak ? a.tb - b.tb : 0) || a.seq - b.seq;
  const popOne = () => {
    const t = q.peekTime();
    const slot = q.pop();
    now = q.slotTime[slot] as number;
    expect(now).toBe(t);
    got.push(q.slotSeq[slot] as number);
    q.release(slot);
    model.sort(cmp);
    want.push((model.shift() as Entry).seq);
  };
  for (const op of ops) {
    if (op.kind === 'push') {
      const time = now + op.delay;
      const seq = q.push(time, op.priority, useTieBreak ? op.tb : 0, 0, -1, null, null);
      model.push({ time, priority: op.priority, tb: op.tb, seq });
    } else if (q.size > 0) popOne();
  }
  while (q.size > 0) popOne();
  return { got, want };
}

describe('event order', () => {
  it('bucket queue (FIFO mode) pops in (time, priority, seq) order for any insertion sequence', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 300 }), (ops) => {
        const { got, want } = drive(new BucketQueue(16), ops, false);
        expect(got).toEqual(want);
      }),
    );
  });

  it('heap (interleaving mode) pops in (time, priority, tie-break, seq) order', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 300 }), (ops) => {
        const { got, want } = drive(new EventQueue(16), ops, true);
        expect(got).toEqual(want);
      }),
    );
  });

  it('grows past its initial capacity without losing entries (10,000 entries at 50 instants)', () => {
    const q = new BucketQueue(16);
    for (let i = 0; i < 10_000; i++) q.push((i * 7919) % 50, 100, 0, i, -1, i, null);
    let last = -1;
    let lastSeq = 0;
    let n = 0;
    while (q.size > 0) {
      const s = q.pop();
      const t = q.slotTime[s] as number;
      const seq = q.slotSeq[s] as number;
      expect(t > last || (t === last && seq > lastSeq)).toBe(true);
      last = t;
      lastSeq = seq;
      q.release(s);
      n++;
    }
    expect(n).toBe(10_000);
  });
});

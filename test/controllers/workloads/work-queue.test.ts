// The controllers' work queue behaves as client-go's rate-limited queue: a key is queued once, never handed to
// two workers, retried after 5 ms · 2^n (capped at 1000 s), and rate-limited retries share a 10 qps / burst 100
// bucket (DefaultControllerRateLimiter; kubernetes-behaviour.md §2).
import { describe, expect, it } from 'vitest';
import { WorkQueue } from '../../../src/controllers/_internal/work-queue.js';
import { type ActorContext, type Behavior, Simulation } from '../../../src/engine/index.js';

type Ctx = ActorContext<never>;

/** An actor owning a queue; `script` runs at init, `log` records what a single worker processes and when. */
function queueActor(script: (q: WorkQueue, ctx: Ctx) => void, log: string[]): Behavior<WorkQueue, unknown> {
  return {
    kind: 'queue-test',
    init(ctx) {
      const q = new WorkQueue('q');
      script(q, ctx as Ctx);
      // the owning actor pumps at the end of every message it handles (controllerBehavior); here: one message
      (ctx as ActorContext<string>).setTimer('drain', 0, 'drain');
      return q;
    },
    receive(q, msg, ctx) {
      const c = ctx as Ctx;
      q.handle(msg, c);
      for (let key = q.get(); key !== undefined; key = q.get()) {
        log.push(`${c.now} ${key}`);
        q.done(key, c);
      }
      return q;
    },
  };
}

describe('WorkQueue', () => {
  it('deduplicates a key added several times at one instant and processes it once', () => {
    const log: string[] = [];
    const sim = new Simulation({ seed: 1 });
    sim.spawn('a', queueActor((q, c) => ['x', 'y', 'x', 'x'].forEach((k) => q.add(k, c)), log));
    sim.runUntil(10);
    expect(log).toEqual(['0 x', '0 y']);
  });

  it('never hands out a key being processed; an add meanwhile queues it again after done', () => {
    const q = new WorkQueue('q');
    const timers: string[] = [];
    const ctx = { now: 0, hasTimer: () => false, setTimer: (k: string) => timers.push(k) } as unknown as Ctx;
    q.add('k', ctx);
    expect(q.get()).toBe('k');
    q.add('k', ctx);
    expect(q.get()).toBeUndefined();
    q.done('k', ctx);
    expect(q.get()).toBe('k');
    q.done('k', ctx);
    expect(q.get()).toBeUndefined();
  });

  it.each([
    [0, 5],
    [1, 10],
    [2, 20],
    [10, 5120],
    [17, 655_360],
    [18, 1_000_000],
    [40, 1_000_000],
  ])('after %i failures the per-item backoff is %i ms', (failures, expected) => {
    const q = new WorkQueue('q', { qps: 1e9, burst: 1e9 });
    for (let i = 0; i < failures; i++) q.when('k', 0);
    expect(q.when('k', 0)).toBe(expected);
    q.forget('k');
    expect(q.when('k', 0)).toBe(5);
  });

  it('the overall bucket lets 100 retries through, then one every 100 ms (10 qps)', () => {
    const q = new WorkQueue('q');
    const delays = Array.from({ length: 103 }, (_, i) => q.when(`k${i}`, 0));
    expect(delays.slice(0, 100).every((d) => d === 5)).toBe(true);
    expect(delays.slice(100)).toEqual([100, 200, 300]);
  });

  it('addAfter keeps the earliest ready time of a key', () => {
    const log: string[] = [];
    const sim = new Simulation({ seed: 1 });
    sim.spawn('a', queueActor((q, c) => { q.addAfter('k', 50, c); q.addAfter('k', 20, c); q.addAfter('k', 80, c); }, log));
    sim.runUntil(200);
    expect(log).toEqual(['20 k']);
  });
});

// The engine's contract: ordering by (time, priority, seq), keyed timers, run control under budgets with
// reasons, actors spawned and stopped at run time, and independent simulations in one process.
import { describe, expect, it } from 'vitest';
import {
  type ActorContext,
  type Behavior,
  Priority,
  Simulation,
  SimulationLimitError,
  formatTraceEntry,
} from '../../src/engine/index.js';

type Log = [string, string, number][];

/** An actor that logs every message it receives as [actor, message, time]. */
function logger(log: Log): Behavior<null, string> {
  return {
    kind: 'logger',
    init: () => null,
    receive(state, msg, ctx) {
      log.push([ctx.self.id, msg, ctx.now]);
      return state;
    },
  };
}

describe('ordering', () => {
  it('delivers by time, then priority, then enqueue order', () => {
    const log: Log = [];
    const sim = new Simulation({ seed: 1 });
    sim.spawn('a', logger(log));
    sim.send('a', 'late', { delayMs: 20 });
    sim.send('a', 'first-normal', { delayMs: 10 });
    sim.send('a', 'second-normal', { delayMs: 10 });
    sim.send('a', 'urgent', { delayMs: 10, priority: Priority.Urgent });
    sim.send('a', 'housekeeping', { delayMs: 10, priority: Priority.Late });
    sim.runUntil(100);
    expect(log).toEqual([
      ['a', 'urgent', 10],
      ['a', 'first-normal', 10],
      ['a', 'second-normal', 10],
      ['a', 'housekeeping', 10],
      ['a', 'late', 20],
    ]);
    expect(sim.now).toBe(100);
  });

  it('a message sent with zero delay runs after the messages already due at the same instant', () => {
    const log: Log = [];
    const sim = new Simulation({ seed: 1 });
    sim.spawn('b', logger(log));
    sim.spawn('a', {
      kind: 'relay',
      init: () => null,
      receive(s, msg: string, ctx) {
        log.push(['a', msg, ctx.now]);
        if (msg === 'go') ctx.send('b', 'from-a');
        return s;
      },
    });
    sim.send('a', 'go', { delayMs: 5 });
    sim.send('b', 'queued-before', { delayMs: 5 });
    sim.runUntil(10);
    expect(log).toEqual([
      ['a', 'go', 5],
      ['b', 'queued-before', 5],
      ['b', 'from-a', 5],
    ]);
  });
});

describe('keyed timers', () => {
  type M = { type: 'tick' } | { type: 'reset' } | { type: 'cancel' };
  const timerActor = (log: Log): Behavior<number, M> => ({
    kind: 'timer',
    init(ctx) {
      ctx.setTimer('t', 1000, { type: 'tick' });
      return 0;
    },
    receive(n, msg, ctx) {
      log.push([ctx.self.id, msg.type, ctx.now]);
      if (msg.type === 'reset') ctx.setTimer('t', 1000, { type: 'tick' });
      if (msg.type === 'cancel') expect(ctx.cancelTimer('t')).toBe(true);
      return n + 1;
    },
  });

  it('setting a key again replaces the pending timer; the old one never fires', () => {
    const log: Log = [];
    const sim = new Simulation({ seed: 1 });
    sim.spawn('x', timerActor(log));
    sim.send('x', { type: 'reset' }, { delayMs: 500 });
    sim.runUntil(5000);
    expect(log).toEqual([
      ['x', 'reset', 500],
      ['x', 'tick', 1500],
    ]);
  });

  it('a cancelled timer is not delivered and is not counted as an event', () => {
    const log: Log = [];
    const sim = new Simulation({ seed: 1 });
    sim.spawn('x', timerActor(log));
    sim.send('x', { type: 'cancel' }, { delayMs: 200 });
    sim.runUntil(5000);
    expect(log).toEqual([['x', 'cancel', 200]]);
    expect(sim.eventCount).toBe(1);
  });
});

describe('run control', () => {
  /** Sends itself a message every `periodMs`, forever. */
  const forever: Behavior<number, 'tick'> = {
    kind: 'forever',
    init(ctx) {
      ctx.send(ctx.self, 'tick', 10);
      return 0;
    },
    receive(n, _m, ctx) {
      ctx.send(ctx.self, 'tick', 10);
      return n + 1;
    },
  };

  it('runUntil(time) delivers events due at or before the time and sets the clock to it', () => {
    const sim = new Simulation({ seed: 1 });
    sim.spawn('f', forever);
    const r = sim.runUntil(95);
    expect(r).toEqual({ reason: 'time', now: 95, events: 9 });
    expect(sim.runFor(5)).toEqual({ reason: 'time', now: 100, events: 1 });
  });

  it('fails loudly when the event budget is exhausted, with the virtual time in the message', () => {
    const sim = new Simulation({ seed: 1 });
    sim.spawn('f', forever);
    const run = () => sim.runUntil(1_000_000, { maxEvents: 50 });
    expect(run).toThrow(SimulationLimitError);
    expect(run).toThrow(/event budget exhausted at t=/);
    try {
      sim.runUntil(10_000_000, { maxEvents: 3, explain: () => '2 pods still pending: a, b' });
    } catch (e) {
      expect((e as SimulationLimitError).reason).toBe('budget');
      expect((e as Error).message).toMatch(/; 2 pods still pending: a, b$/);
    }
  });

  it('a condition that never holds ends with idle when no events are left', () => {
    const sim = new Simulation({ seed: 1 });
    sim.spawn('quiet', { kind: 'quiet', init: () => 0, receive: (s: number) => s });
    sim.send('quiet', 'x', { delayMs: 7 });
    expect(() => sim.runUntil(() => false)).toThrow(/^idle: no events left at t=7ms \(7 ms\), condition not met$/);
  });

  it('a condition stops the run as soon as it holds; a horizon bounds it', () => {
    const sim = new Simulation({ seed: 1 });
    sim.spawn('f', forever);
    const r = sim.runUntil((s) => (s.stateOf<number>('f') ?? 0) >= 3);
    expect(r).toEqual({ reason: 'condition', now: 30, events: 3 });
    expect(() => sim.runUntil(() => false, { horizon: 100 })).toThrow(/^horizon reached at t=100ms/);
    expect(sim.now).toBe(100);
  });

  it('step() delivers one event at a time and reports when none is left', () => {
    const log: Log = [];
    const sim = new Simulation({ seed: 1 });
    sim.spawn('a', logger(log));
    sim.send('a', 'one', { delayMs: 1 });
    sim.send('a', 'two', { delayMs: 2 });
    expect([sim.step(), sim.now, sim.step(), sim.now, sim.step()]).toEqual([true, 1, true, 2, false]);
  });

  it('rejects a target in the past, a negative delay and an out-of-range priority', () => {
    const sim = new Simulation({ seed: 1 });
    sim.spawn('a', logger([]));
    sim.runUntil(10);
    expect(() => sim.runUntil(5)).toThrow(RangeError);
    expect(() => sim.send('a', 'x', { delayMs: -1 })).toThrow(/non-negative/);
    expect(() => sim.send('a', 'x', { priority: 256 })).toThrow(/priority/);
    expect(() => sim.send('nobody', 'x')).toThrow(/no live actor "nobody"/);
  });
});

describe('actors at run time', () => {
  it('spawns from a handler, stops, drops messages to stopped actors, and allows the id to be reused', () => {
    const log: Log = [];
    const sim = new Simulation({ seed: 1, trace: { capacity: 100 } });
    sim.spawn('parent', {
      kind: 'parent',
      init: () => null,
      receive(s, msg: string, ctx: ActorContext<string>) {
        if (msg === 'spawn') ctx.spawn('child', logger(log));
        if (msg === 'stop-child') ctx.stop('child');
        return s;
      },
    });
    sim.send('parent', 'spawn', { delayMs: 1 });
    sim.runUntil(1);
    const oldChild = sim.actor('child');
    expect(oldChild?.id).toBe('child');
    sim.send('child', 'hello', { delayMs: 1 });
    sim.send('child', 'never-seen', { delayMs: 5 });
    sim.send('parent', 'stop-child', { delayMs: 3 });
    sim.runUntil(10);
    expect(log).toEqual([['child', 'hello', 2]]);
    expect(sim.actor('child')).toBeUndefined();
    expect(sim.trace().map(formatTraceEntry)).toContain('t=6 child (stopped) dropped message from (outside) #3');
    sim.spawn('child', logger(log));
    expect(sim.actor('child')?.index).not.toBe(oldChild?.index);
    expect(() => sim.spawn('child', logger(log))).toThrow(/actor "child" already exists/);
  });

  it('two simulations in one process never interfere', () => {
    const make = (seed: number) => {
      const sim = new Simulation({ seed });
      const log: Log = [];
      sim.spawn('a', logger(log));
      return { sim, log };
    };
    const one = make(1);
    const two = make(1);
    one.sim.send('a', 'x', { delayMs: 3 });
    one.sim.runUntil(10);
    expect(two.log).toEqual([]);
    expect(two.sim.now).toBe(0);
    two.sim.send('a', 'x', { delayMs: 3 });
    two.sim.runUntil(10);
    expect(two.log).toEqual(one.log);
    expect(two.sim.fingerprint).toBe(one.sim.fingerprint);
  });
});

describe('trace recording', () => {
  it('is bounded: a ring keeps the newest entries, head the oldest', () => {
    const run = (mode: 'ring' | 'head') => {
      const sim = new Simulation({ seed: 1, trace: { capacity: 3, mode } });
      sim.spawn('a', logger([]));
      for (let i = 1; i <= 6; i++) sim.send('a', `m${i}`, { delayMs: i });
      sim.runUntil(10);
      return sim.trace().map((e) => (e.kind === 'deliver' ? e.message : e.kind));
    };
    expect(run('ring')).toEqual(['m4', 'm5', 'm6']);
    expect(run('head')).toEqual(['spawn', 'm1', 'm2']);
  });

  it('recording does not change the fingerprint', () => {
    const run = (trace: boolean) => {
      const sim = new Simulation(trace ? { seed: 3, trace: { capacity: 10 } } : { seed: 3 });
      sim.spawn('a', logger([]));
      sim.send('a', 'x', { delayMs: 4 });
      sim.runUntil(10);
      return sim.fingerprint;
    };
    expect(run(true)).toBe(run(false));
  });
});

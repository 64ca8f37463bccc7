/**
 * The discrete-event simulation: one virtual clock, one event queue, actors, random streams and a fingerprint.
 *
 * @packageDocumentation
 */
import { type ActorContext, type ActorRef, type Behavior, Priority } from './actor.js';
import { Fingerprint, hash3 } from './fingerprint.js';
import { BucketQueue } from './bucket-queue.js';
import { EventQueue, MAX_TIME_MS, type Queue } from './queue.js';
import { Rng } from './random.js';
import type { DurationMs, TimeMs } from './time.js';
import { formatDuration } from './time.js';
import { type TraceEntry, type TraceOptions, TraceRecorder } from './trace.js';

/** Options of a {@link Simulation}. */
export interface SimulationOptions {
  /** The run's seed: every random stream is derived from it and a stable name. */
  readonly seed: string | number;
  /**
   * How events due at the same instant and priority are ordered: `fifo` by enqueue order; `shuffle` in an order
   * drawn from the seed (per sending actor, so one sender's messages keep their order) to explore races.
   * @defaultValue 'fifo'
   */
  readonly tieBreak?: 'fifo' | 'shuffle';
  /** Record trace entries (off by default; the fingerprint is always computed). */
  readonly trace?: TraceOptions;
  /**
   * The event budget of a run call when the call gives none.
   * @defaultValue 10_000_000
   */
  readonly maxEventsPerRun?: number;
}

/** Limits of one run call. */
export interface RunOptions {
  /** Most events this call may deliver before it fails with reason `budget`. */
  readonly maxEvents?: number;
  /** For a condition: the latest virtual time to run to before failing with reason `horizon`. */
  readonly horizon?: TimeMs;
  /** Adds context to a failure message, e.g. `() => '3 pods still pending: web-1, web-2, web-3'`. */
  readonly explain?: (sim: Simulation) => string;
}

/** How a run call ended successfully. */
export interface RunResult {
  /** `time`: the target time was reached; `condition`: the condition became true. */
  readonly reason: 'time' | 'condition';
  /** Virtual time at the end of the call. */
  readonly now: TimeMs;
  /** Events delivered by this call. */
  readonly events: number;
}

/** Why a run call failed: `budget` exhausted, `idle` (no events left) or `horizon` reached first. */
export class SimulationLimitError extends Error {
  constructor(
    readonly reason: 'budget' | 'idle' | 'horizon',
    readonly now: TimeMs,
    readonly events: number,
    message: string,
  ) {
    super(message);
    this.name = 'SimulationLimitError';
  }
}



/**
 * A deterministic discrete-event simulation.
 *
 * @remarks
 * Events are ordered by (time, priority, sequence) — the sequence is stamped at enqueue — so the same seed and
 * inputs give the same run, event for event, in any process. Time is integer virtual milliseconds.
 *
 * @example
 * ```ts
 * const sim = new Simulation({ seed: 42 });
 * sim.spawn('ticker', {
 *   kind: 'ticker',
 *   init: (ctx) => { ctx.setTimer('t', 1000, 'tick'); return 0; },
 *   receive: (n: number, _m: string, ctx) => { ctx.setTimer('t', 1000, 'tick'); return n + 1; },
 * });
 * sim.runUntil(10_000);
 * sim.stateOf('ticker'); // 10
 * ```
 */
export class Simulation {
  /** The run's seed. */
  readonly seed: string | number;
  private nowMs: TimeMs = 0;
  private readonly queue: Queue;
  private readonly actors: ActorCell[] = [];
  private readonly byId = new Map<string, number>();
  private readonly fp = new Fingerprint();
  private readonly recorder: TraceRecorder | null;
  private readonly deliveryRecorder: TraceRecorder | null;
  private readonly shuffle: boolean;
  private readonly shuffleSalt: number;
  private readonly defaultBudget: number;
  private readonly streams = new Map<string, Rng>();
  private readonly observers: ((sim: Simulation) => void)[] = [];
  private delivered = 0;
  private staleTimers = 0;

  constructor(opts: SimulationOptions) {
    this.seed = opts.seed;
    this.recorder = opts.trace !== undefined ? new TraceRecorder(opts.trace) : null;
    this.deliveryRecorder = opts.trace?.include === 'notes' ? null : this.recorder;
    this.shuffle = (opts.tieBreak ?? 'fifo') === 'shuffle';
    this.queue = this.shuffle ? new EventQueue(1024) : new BucketQueue(1024);
    this.shuffleSalt = this.shuffle ? Math.floor(Rng.derive(opts.seed, 'engine:interleave').next() * 4294967296) : 0;
    this.defaultBudget = opts.maxEventsPerRun ?? 10_000_000;
    this.fp.mixString(String(opts.seed));
  }

  /** The current virtual time in milliseconds. */
  get now(): TimeMs {
    return this.nowMs;
  }

  /** Events delivered so far (timers that fired count; cancelled timers do not). */
  get eventCount(): number {
    return this.delivered;
  }

  /** Events waiting in the queue (including cancelled timers not yet skipped). */
  get pendingCount(): number {
    return this.queue.size;
  }

  /** The run's rolling 64-bit fingerprint, as 16 hex digits. */
  get fingerprint(): string {
    return this.fp.hex();
  }

  /** The recorded trace entries, oldest first (empty when recording is off). */
  trace(): TraceEntry[] {
    return this.recorder === null ? [] : this.recorder.entries();
  }

  /** A random stream not tied to an actor (e.g. `"workload"`), derived from the seed and `name`. */
  rng(name: string): Rng {
    let r = this.streams.get(name);
    if (r === undefined) {
      r = Rng.derive(this.seed, name);
      this.streams.set(name, r);
    }
    return r;
  }

  /** Calls `observer` after every delivered event (e.g. an invariant checker). Returns an unsubscribe. */
  observe(observer: (sim: Simulation) => void): () => void {
    this.observers.push(observer);
    return () => {
      const i = this.observers.indexOf(observer);
      if (i >= 0) this.observers.splice(i, 1);
    };
  }

  /** Starts an actor with a unique id at the current instant and returns its reference. */
  spawn<S, M>(id: string, behavior: Behavior<S, M>): ActorRef<M> {
    return this.spawnFrom(-1, id, behavior);
  }

  /** Stops the actor `id`; its pending messages and timers are dropped. Unknown ids are an error. */
  stop(target: { readonly index: number } | string): void {
    const rec = this.resolve(target);
    if (!rec.alive) return;
    rec.alive = false;
    rec.timers = null;
    this.byId.delete(rec.ref.id);
    this.fp.mix(0x5707);
    this.fp.mix(rec.ref.index);
    this.recorder?.record({ kind: 'stop', time: this.nowMs, actor: rec.ref.id, fingerprint: this.fp.hex() });
  }

  /** The live actor with this id, if any. */
  actor<M = unknown>(id: string): ActorRef<M> | undefined {
    const i = this.byId.get(id);
    return i === undefined ? undefined : (this.actors[i] as ActorCell).ref;
  }

  /** Ids of the live actors, in spawn order. */
  actorIds(): string[] {
    return [...this.byId.keys()];
  }

  /** The current state of a live actor (for inspection and tests; never mutate it). */
  stateOf<S = unknown>(target: { readonly index: number } | string): S {
    return this.resolve(target).state as S;
  }

  /** Sends a message from outside the simulation (a test, a scenario) after `delayMs`. */
  send<M>(to: ActorRef<M> | string, msg: M, opts: { delayMs?: DurationMs; priority?: number } = {}): void {
    this.enqueue(-1, this.indexOf(to), msg, opts.delayMs ?? 0, opts.priority ?? Priority.Normal, null);
  }

  /**
   * Runs until virtual time `target` (every event due at or before it is delivered, then the clock is set to
   * `target`), or until `target(sim)` is true.
   *
   * @throws {@link SimulationLimitError} when the budget is exhausted, or — for a condition — the queue empties
   * (`idle`) or the horizon is passed first.
   */
  runUntil(target: TimeMs | ((sim: Simulation) => boolean), opts: RunOptions = {}): RunResult {
    return typeof target === 'number' ? this.runToTime(target, opts) : this.runToCondition(target, opts);
  }

  /** Runs for `durationMs` of virtual time from now. */
  runFor(durationMs: DurationMs, opts: RunOptions = {}): RunResult {
    return this.runToTime(this.nowMs + durationMs, opts);
  }

  /** Delivers the next event; returns false when no event is left. */
  step(): boolean {
    while (this.queue.size > 0) {
      if (this.deliverNext()) return true;
    }
    return false;
  }

  private runToTime(target: TimeMs, opts: RunOptions): RunResult {
    if (!Number.isFinite(target) || target < this.nowMs) {
      throw new RangeError(`runUntil(${target}): target must be a finite time not before now (t=${this.nowMs})`);
    }
    const limit = opts.maxEvents ?? this.defaultBudget;
    const q = this.queue;
    let n = 0;
    while (q.size > 0 && q.peekTime() <= target) {
      if (n >= limit) throw this.limitError('budget', n, limit, opts);
      if (this.deliverNext()) n++;
    }
    this.nowMs = target;
    return { reason: 'time', now: this.nowMs, events: n };
  }

  private runToCondition(cond: (sim: Simulation) => boolean, opts: RunOptions): RunResult {
    const limit = opts.maxEvents ?? this.defaultBudget;
    const horizon = opts.horizon ?? Number.POSITIVE_INFINITY;
    const q = this.queue;
    let n = 0;
    while (!cond(this)) {
      for (;;) {
        if (q.size === 0) throw this.limitError('idle', n, limit, opts);
        if (q.peekTime() > horizon) {
          this.nowMs = horizon;
          throw this.limitError('horizon', n, limit, opts);
        }
        if (n >= limit) throw this.limitError('budget', n, limit, opts);
        if (this.deliverNext()) break;
      }
      n++;
    }
    return { reason: 'condition', now: this.nowMs, events: n };
  }

  private limitError(reason: 'budget' | 'idle' | 'horizon', n: number, limit: number, opts: RunOptions) {
    const at = `t=${formatDuration(this.nowMs)} (${this.nowMs} ms)`;
    let msg =
      reason === 'budget'
        ? `event budget exhausted at ${at}: ${limit} events delivered in this run`
        : reason === 'idle'
          ? `idle: no events left at ${at}, condition not met`
          : `horizon reached at ${at}, condition not met`;
    if (opts.explain !== undefined) msg += `; ${opts.explain(this)}`;
    return new SimulationLimitError(reason, this.nowMs, n, msg);
  }

  /** Pops and delivers the head event; returns false for a cancelled timer (nothing delivered). */
  private deliverNext(): boolean {
    const q = this.queue;
    const slot = q.pop();
    const time = q.slotTime[slot] as number;
    const seq = q.slotSeq[slot] as number;
    const targetIndex = q.target[slot] as number;
    const source = q.source[slot] as number;
    const msg = q.message[slot];
    const key = q.timerKey[slot] as string | null;
    q.release(slot);
    const rec = this.actors[targetIndex] as ActorCell;
    if (key !== null) {
      if (rec.timers === null || rec.timers.get(key) !== seq) {
        this.staleTimers++;
        return false;
      }
      rec.timers.delete(key);
    }
    this.nowMs = time;
    this.delivered++;
    const fp = this.fp;
    fp.mixEvent(time, targetIndex, source);
    if (!rec.alive) {
      fp.mix(0xd0d0);
      if (this.deliveryRecorder !== null) this.recordDelivery('dropped', rec, source, seq, msg, key);
      return true;
    }
    if (this.deliveryRecorder !== null) this.recordDelivery(key === null ? 'deliver' : 'timer', rec, source, seq, msg, key);
    const next = rec.behavior.receive(rec.state, msg, rec);
    if (rec.alive) rec.state = next;
    if (this.observers.length > 0) for (const o of this.observers) o(this);
    return true;
  }

  private recordDelivery(
    kind: 'deliver' | 'timer' | 'dropped',
    rec: ActorCell,
    source: number,
    seq: number,
    msg: unknown,
    key: string | null,
  ): void {
    const base = { time: this.nowMs, actor: rec.ref.id, fingerprint: this.fp.hex(), seq };
    const from = source < 0 ? null : (this.actors[source] as ActorCell).ref.id;
    const r = this.recorder as TraceRecorder;
    if (kind === 'timer') r.record({ ...base, kind, key: key as string });
    else if (kind === 'dropped') r.record({ ...base, kind, from });
    else r.record({ ...base, kind, from, message: describeMessage(msg) });
  }

  /** @internal */
  enqueue(source: number, target: number, msg: unknown, delayMs: number, priority: number, key: string | null): number {
    // cheap checks on the hot path: NaN and negatives fail the first, Infinity the horizon check
    if (!(delayMs >= 0)) {
      throw new RangeError(`delay must be a finite, non-negative number of milliseconds, got ${delayMs}`);
    }
    const time = this.nowMs + (Number.isInteger(delayMs) ? delayMs : Math.round(delayMs));
    if (time >= MAX_TIME_MS) {
      throw new RangeError(`delay must be a finite, non-negative number of milliseconds within the engine's horizon, got ${delayMs}`);
    }
    if ((priority & 255) !== priority) throw new RangeError(`priority must be an integer from 0 to 255, got ${priority}`);
    const tb = this.shuffle ? 1 + (hash3(this.shuffleSalt, source, time) & 0xffffe) : 0;
    return this.queue.push(time, priority, tb, target, source, msg, key);
  }

  /** @internal */
  spawnFrom<S, M>(parent: number, id: string, behavior: Behavior<S, M>): ActorRef<M> {
    if (this.byId.has(id)) throw new Error(`actor "${id}" already exists`);
    const index = this.actors.length;
    const rec = new ActorCell(this, id, index, behavior as Behavior<unknown, unknown>);
    this.actors.push(rec);
    this.byId.set(id, index);
    this.fp.mix(0x5a5a);
    this.fp.mix(parent);
    this.fp.mixString(id);
    this.recorder?.record({ kind: 'spawn', time: this.nowMs, actor: id, behavior: behavior.kind, fingerprint: this.fp.hex() });
    rec.state = behavior.init(rec as ActorContext<M>);
    return rec as ActorRef<M>;
  }

  /** @internal */
  note(index: number, what: string, detail: string | undefined): void {
    this.fp.mix(0x7070);
    this.fp.mix(index);
    this.fp.mixString(what);
    if (detail !== undefined) this.fp.mixString(detail);
    if (this.recorder !== null) {
      const actor = (this.actors[index] as ActorCell).ref.id;
      const e = { kind: 'note' as const, time: this.nowMs, actor, what, fingerprint: this.fp.hex() };
      this.recorder.record(detail === undefined ? e : { ...e, detail });
    }
  }

  /** @internal */
  indexOf(to: { readonly index: number } | string): number {
    if (typeof to !== 'string') return to.index;
    const i = this.byId.get(to);
    if (i === undefined) throw new Error(`no live actor "${to}"`);
    return i;
  }

  private resolve(target: { readonly index: number } | string): ActorCell {
    return this.actors[this.indexOf(target)] as ActorCell;
  }
}

function describeMessage(msg: unknown): string {
  if (typeof msg === 'string') return msg;
  if (msg !== null && typeof msg === 'object' && typeof (msg as { type?: unknown }).type === 'string') {
    return (msg as { type: string }).type;
  }
  return typeof msg;
}

/**
 * One actor: its reference, its record (behaviour, state, timers, streams) and its context, in one object, so
 * that delivering a message touches one object and `ctx.send(ctx.self, ...)` needs no lookup.
 */
class ActorCell implements ActorContext<unknown>, ActorRef {
  state: unknown = undefined;
  timers: Map<string, number> | null = null;
  streams: Map<string, Rng> | null = null;
  alive = true;

  constructor(
    private readonly sim: Simulation,
    readonly id: string,
    readonly index: number,
    readonly behavior: Behavior<unknown, unknown>,
  ) {}

  get self(): ActorRef {
    return this;
  }

  get ref(): ActorRef {
    return this;
  }

  get now(): TimeMs {
    return this.sim.now;
  }

  send<N>(to: ActorRef<N> | string, msg: N, delayMs = 0, priority: number = Priority.Normal): void {
    this.sim.enqueue(this.index, typeof to === 'string' ? this.sim.indexOf(to) : to.index, msg, delayMs, priority, null);
  }

  setTimer(key: string, delayMs: DurationMs, msg: unknown, priority: number = Priority.Normal): void {
    if (!this.alive) return;
    const seq = this.sim.enqueue(this.index, this.index, msg, delayMs, priority, key);
    if (this.timers === null) this.timers = new Map();
    this.timers.set(key, seq);
  }

  cancelTimer(key: string): boolean {
    return this.timers !== null && this.timers.delete(key);
  }

  hasTimer(key: string): boolean {
    return this.timers !== null && this.timers.has(key);
  }

  random(purpose = 'default'): Rng {
    if (this.streams === null) this.streams = new Map();
    let r = this.streams.get(purpose);
    if (r === undefined) {
      r = Rng.derive(this.sim.seed, `${this.id}:${purpose}`);
      this.streams.set(purpose, r);
    }
    return r;
  }

  trace(what: string, detail?: string): void {
    this.sim.note(this.index, what, detail);
  }

  spawn<S, N>(id: string, behavior: Behavior<S, N>): ActorRef<N> {
    return this.sim.spawnFrom(this.index, id, behavior);
  }

  stop(target?: ActorRef | string): void {
    this.sim.stop(target ?? this);
  }
}

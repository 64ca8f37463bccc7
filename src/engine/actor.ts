/**
 * Actors: behaviour as a value, state owned by the engine, effects only through the context.
 *
 * @remarks
 * An actor is an id, a {@link Behavior} and the state the behaviour returned last. The engine delivers one
 * message at a time; `receive` runs to completion, synchronously, and returns the next state. Its only effects
 * go through the {@link ActorContext}: send a message, set or cancel a keyed timer, read the virtual clock, draw
 * from the actor's random streams, trace, spawn or stop actors. Nothing else — no Promises, no wall clock —
 * so one seed gives one run.
 *
 * @packageDocumentation
 */
import type { Rng } from './random.js';
import type { DurationMs, TimeMs } from './time.js';

/**
 * A handle on a live (or stopped) actor. The type parameter is the message type it accepts.
 *
 * @typeParam M - the messages the actor accepts (a phantom type: it only guides `send`).
 */
export interface ActorRef<M = unknown> {
  /** The actor's id, unique among live actors (e.g. `"kubelet/node-7"`). */
  readonly id: string;
  /** The engine's internal number for this actor incarnation. */
  readonly index: number;
  /** @internal phantom marker for the message type */
  readonly __messages?: (m: M) => void;
}

/**
 * What an actor can do while it handles a message.
 *
 * @typeParam M - the messages this actor accepts (timers deliver these to itself).
 */
export interface ActorContext<M = unknown> {
  /** This actor. */
  readonly self: ActorRef<M>;
  /** The current virtual time in milliseconds. */
  readonly now: TimeMs;
  /**
   * Sends `msg` to `to`, delivered after `delayMs` (default 0) of virtual time.
   * Lower `priority` runs first among events due at the same instant (default {@link Priority.Normal}).
   */
  send<N>(to: ActorRef<N> | string, msg: N, delayMs?: DurationMs, priority?: number): void;
  /**
   * Sets the timer `key`: `msg` is delivered to this actor after `delayMs`. Setting a key that is already set
   * replaces it (the earlier one never fires).
   */
  setTimer(key: string, delayMs: DurationMs, msg: M, priority?: number): void;
  /** Cancels the timer `key` in O(1); returns whether it was set. */
  cancelTimer(key: string): boolean;
  /** Whether the timer `key` is set and has not fired yet. */
  hasTimer(key: string): boolean;
  /** This actor's random stream for `purpose` (default `"default"`), derived from the run's seed. */
  random(purpose?: string): Rng;
  /** Records `what` (and `detail`) in the trace and folds it into the run's fingerprint. */
  trace(what: string, detail?: string): void;
  /** Starts a new actor at the current instant. */
  spawn<S, N>(id: string, behavior: Behavior<S, N>): ActorRef<N>;
  /** Stops an actor (this one when no argument is given). Its pending messages and timers are dropped. */
  stop(target?: ActorRef | string): void;
}

/**
 * An actor's behaviour: a pure description of how its state evolves, kept apart from the running actor.
 *
 * @example
 * ```ts
 * type Msg = { type: 'tick' };
 * const ticker: Behavior<number, Msg> = {
 *   kind: 'ticker',
 *   init(ctx) { ctx.setTimer('tick', 1000, { type: 'tick' }); return 0; },
 *   receive(count, _msg, ctx) { ctx.setTimer('tick', 1000, { type: 'tick' }); return count + 1; },
 * };
 * ```
 *
 * @typeParam S - the actor's state.
 * @typeParam M - the messages it accepts.
 */
export interface Behavior<S, M> {
  /** A short name of the kind of actor (`"kubelet"`, `"scheduler"`), used in traces. */
  readonly kind: string;
  /** Returns the initial state; may send messages and set timers. */
  init(ctx: ActorContext<M>): S;
  /** Handles one message and returns the next state. Runs to completion; effects only through `ctx`. */
  receive(state: S, msg: M, ctx: ActorContext<M>): S;
}

/**
 * Named priorities: among events due at the same instant, lower numbers run first.
 *
 * @remarks Priorities are integers from 0 to 255.
 */
export const Priority = {
  /** Control events that must precede everything else at an instant (fault injection, actor stop). */
  Urgent: 0,
  /** Ordinary messages and timers. */
  Normal: 100,
  /** Housekeeping that should observe the instant's other effects (periodic resyncs, metrics). */
  Late: 200,
} as const;

/**
 * A client-go style rate-limited work queue on the engine's clock (kubernetes-behaviour.md §2, client-go
 * `workqueue`).
 *
 * @remarks
 * Semantics kept from client-go: a key waiting in the queue is not added twice (dirty set); a key being
 * processed is never handed out again until {@link WorkQueue.done} — a key added meanwhile is queued when the
 * worker finishes; `addAfter` keeps the earliest ready time per key; `addRateLimited` waits
 * `max(itemExponential, bucket)` as `DefaultControllerRateLimiter` does: per-item exponential backoff
 * 5 ms · 2^failures capped at 1000 s, and an overall token bucket of 10 qps with burst 100. Delays are engine
 * timers, so the queue lives in an actor's state and the actor routes {@link WorkQueueMessage}s back to it.
 *
 * @internal
 * @packageDocumentation
 */
import type { ActorContext } from '../../engine/actor.js';

/** Options of a {@link WorkQueue}; the defaults are client-go's `DefaultControllerRateLimiter`. */
export interface WorkQueueOptions {
  /** First per-item backoff. @defaultValue 5 */
  readonly baseDelayMs?: number;
  /** Per-item backoff cap. @defaultValue 1_000_000 (1000 s) */
  readonly maxDelayMs?: number;
  /** Overall bucket refill rate. @defaultValue 10 */
  readonly qps?: number;
  /** Overall bucket size. @defaultValue 100 */
  readonly burst?: number;
}

/** Timer messages a queue sets on its actor. */
export type WorkQueueMessage = { readonly type: 'workqueue.ready'; readonly queue: string; readonly key: string };

/** A deduplicating, rate-limited FIFO of keys. */
export class WorkQueue {
  private readonly fifo: string[] = [];
  private head = 0;
  private readonly dirty = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly waiting = new Map<string, number>();
  private readonly failures = new Map<string, number>();
  private tokens: number;
  private lastRefillMs = 0;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly qps: number;
  private readonly burst: number;

  constructor(
    /** Queue name; timer keys and messages carry it. */
    readonly name: string,
    opts: WorkQueueOptions = {},
  ) {
    this.baseDelayMs = opts.baseDelayMs ?? 5;
    this.maxDelayMs = opts.maxDelayMs ?? 1_000_000;
    this.qps = opts.qps ?? 10;
    this.burst = opts.burst ?? 100;
    this.tokens = this.burst;
  }

  /** Keys ready to be handed out. */
  get length(): number {
    return this.fifo.length - this.head;
  }

  /** Keys currently being processed. */
  get inFlight(): number {
    return this.processing.size;
  }

  /**
   * Adds a key now (no-op when it is already queued). The owning actor hands ready keys to its workers at the
   * end of the message being handled (`controllerBehavior` pumps after every message), as a client-go worker
   * blocked in `Get` wakes as soon as a key is added.
   */
  add(key: string, _ctx: ActorContext<never>): void {
    if (this.dirty.has(key)) return;
    this.dirty.add(key);
    if (this.processing.has(key)) return;
    this.fifo.push(key);
  }

  /** Adds a key after `delayMs`; a key already waiting keeps the earlier of the two ready times. */
  addAfter(key: string, delayMs: number, ctx: ActorContext<never>): void {
    if (delayMs <= 0) {
      this.add(key, ctx);
      return;
    }
    const readyAt = ctx.now + Math.ceil(delayMs);
    const current = this.waiting.get(key);
    if (current !== undefined && current <= readyAt) return;
    this.waiting.set(key, readyAt);
    const msg: WorkQueueMessage = { type: 'workqueue.ready', queue: this.name, key };
    (ctx as ActorContext<WorkQueueMessage>).setTimer(`${this.name}/${key}`, readyAt - ctx.now, msg);
  }

  /** Adds a key after the rate limiter's delay: `max(per-item exponential, overall bucket)`. */
  addRateLimited(key: string, ctx: ActorContext<never>): void {
    this.addAfter(key, this.when(key, ctx.now), ctx);
  }

  /** The delay the rate limiter gives `key` now (and counts one more failure for it). */
  when(key: string, nowMs: number): number {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    const item = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** n);
    return Math.max(item, this.reserveToken(nowMs));
  }

  /** Clears the per-item backoff of `key` (after a successful sync). */
  forget(key: string): void {
    this.failures.delete(key);
  }

  /** Times `key` was rate-limited since it was last forgotten. */
  numRequeues(key: string): number {
    return this.failures.get(key) ?? 0;
  }

  /** Hands out the next key and marks it as processing, or `undefined` when none is ready. */
  get(): string | undefined {
    if (this.head >= this.fifo.length) return undefined;
    const key = this.fifo[this.head] as string;
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.fifo.length) {
      this.fifo.splice(0, this.head);
      this.head = 0;
    }
    this.processing.add(key);
    this.dirty.delete(key);
    return key;
  }

  /** Marks `key` as processed; when it was added meanwhile it is queued again (for the next pump). */
  done(key: string, _ctx: ActorContext<never>): void {
    this.processing.delete(key);
    if (this.dirty.has(key)) this.fifo.push(key);
  }

  /** Handles this queue's timer messages; returns whether `msg` was one. */
  handle(msg: unknown, ctx: ActorContext<never>): boolean {
    const m = msg as WorkQueueMessage;
    if (typeof m !== 'object' || m === null || m.queue !== this.name) return false;
    if (m.type === 'workqueue.ready') {
      this.waiting.delete(m.key);
      this.add(m.key, ctx);
      return true;
    }
    return false;
  }

  /** x/time/rate `Reserve`: tokens may go negative; the delay is the time until the debt is repaid. */
  private reserveToken(nowMs: number): number {
    const elapsed = Math.max(0, nowMs - this.lastRefillMs);
    this.tokens = Math.min(this.burst, this.tokens + (elapsed * this.qps) / 1000);
    this.lastRefillMs = nowMs;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens * 1000) / this.qps);
  }
}

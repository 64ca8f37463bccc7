/**
 * The worker pool of a controller: hands queued keys to a sync function, at most `concurrency` at a time
 * (kube-controller-manager's `--concurrent-*-syncs`, 5 by default).
 *
 * @remarks
 * A sync may finish in the same handler or later, when the responses to its requests arrive: it calls its
 * `finish` callback once. An error re-adds the key rate-limited (client-go `handleErr`); success forgets its
 * backoff.
 *
 * @internal
 * @packageDocumentation
 */
import type { ActorContext } from '../../engine/actor.js';
import type { WorkQueue } from './work-queue.js';

/** Ends one sync: `error` (a message) requeues the key with backoff. */
export type Finish = (ctx: ActorContext<never>, error?: string) => void;

/** A sync handler: reconcile `key`, then call `finish` exactly once. */
export type SyncHandler = (key: string, ctx: ActorContext<never>, finish: Finish) => void;

/** Runs syncs for the keys of a queue. */
export class Workers {
  private busy = 0;
  /** Syncs started so far (for tests and benchmarks). */
  syncs = 0;

  constructor(
    private readonly queue: WorkQueue,
    private readonly concurrency: number,
    private readonly sync: SyncHandler,
  ) {}

  /** Starts syncs while workers are free and keys are ready. */
  pump(ctx: ActorContext<never>): void {
    while (this.busy < this.concurrency) {
      const key = this.queue.get();
      if (key === undefined) return;
      this.busy++;
      this.syncs++;
      let finished = false;
      this.sync(key, ctx, (c, error) => {
        if (finished) return;
        finished = true;
        this.busy--;
        if (error !== undefined) {
          c.trace('sync failed', `${key}: ${error}`);
          this.queue.addRateLimited(key, c);
        } else this.queue.forget(key);
        this.queue.done(key, c);
      });
    }
  }
}

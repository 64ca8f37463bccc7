/**
 * The actor shell every workload controller shares: start its informers, hand API responses to its client and
 * everything else to its work queue, and let the workers sync once every informer has synced (client-go's
 * `WaitForCacheSync` before `Run`).
 *
 * @internal
 */
import type { ApiClient } from '../../api/client/api-client.js';
import type { ActorContext, Behavior } from '../../engine/actor.js';
import type { WorkQueue } from './work-queue.js';
import type { Workers } from './workers.js';

/** What the shell needs from a controller's runtime. @internal */
export interface ControllerRuntime {
  readonly client: ApiClient;
  readonly queue: WorkQueue;
  readonly workers: Workers;
}

/** An informer as the shell sees it. @internal */
interface StartableInformer {
  start(ctx: ActorContext<never>): void;
  readonly hasSynced: boolean;
}

/**
 * Builds a controller's behaviour from its runtime factory and the informers that gate its workers.
 * @internal
 */
export function controllerBehavior<R extends ControllerRuntime>(
  kind: string,
  createRuntime: () => R,
  informersOf: (rt: R) => readonly StartableInformer[],
): Behavior<{ readonly rt: R }, unknown> {
  return {
    kind,
    init(ctx) {
      const rt = createRuntime();
      // the informer list is taken once per actor: receive runs for every message and must not allocate
      const shell: Shell<R> = { rt, informers: informersOf(rt), synced: false };
      for (const inf of shell.informers) inf.start(ctx as ActorContext<never>);
      return shell;
    },
    receive(state, msg, ctx) {
      const shell = state as Shell<R>;
      const c = ctx as ActorContext<never>;
      const rt = shell.rt;
      if (!rt.client.handle(msg, c)) rt.queue.handle(msg, c);
      if (!shell.synced) shell.synced = shell.informers.every((inf) => inf.hasSynced);
      if (shell.synced) rt.workers.pump(c);
      return state;
    },
  };
}

/** The actor state behind the `{ rt }` the controllers expose: per actor, never shared between actors. */
interface Shell<R> {
  readonly rt: R;
  readonly informers: readonly StartableInformer[];
  synced: boolean;
}

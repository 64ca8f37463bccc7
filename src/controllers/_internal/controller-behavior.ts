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
      for (const inf of informersOf(rt)) inf.start(ctx as ActorContext<never>);
      return { rt };
    },
    receive(state, msg, ctx) {
      const c = ctx as ActorContext<never>;
      const rt = state.rt;
      if (!rt.client.handle(msg, c)) rt.queue.handle(msg, c);
      if (informersOf(rt).every((inf) => inf.hasSynced)) rt.workers.pump(c);
      return state;
    },
  };
}

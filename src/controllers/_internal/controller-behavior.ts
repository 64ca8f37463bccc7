/**
 * The shell every workload controller shares: build its runtime from the kit (client and informers), hand its
 * timer messages to its work queue, and let the workers sync once every informer it waits for has synced
 * (client-go's `WaitForCacheSync` before `Run`).
 *
 * @internal
 */
import type { ApiClient } from '../../api/client/api-client.js';
import type { ActorContext } from '../../engine/actor.js';
import { type ControllerBehavior, type ControllerKit, type HostedController, standaloneController } from '../controller-manager.js';
import type { WorkQueue } from './work-queue.js';
import type { Workers } from './workers.js';

/** What the shell needs from a controller's runtime. @internal */
export interface ControllerRuntime {
  readonly client: ApiClient;
  readonly queue: WorkQueue;
  readonly workers: Workers;
}

/** An informer as the shell sees it. @internal */
interface SyncedInformer {
  readonly hasSynced: boolean;
}

/**
 * Builds a controller (to run alone or in kube-controller-manager) from its runtime factory and the informers
 * that gate its workers.
 * @internal
 */
export function controllerBehavior<R extends ControllerRuntime>(
  name: string,
  user: string,
  apiServer: string | undefined,
  createRuntime: (kit: ControllerKit) => R,
  informersOf: (rt: R) => readonly SyncedInformer[],
): ControllerBehavior<{ readonly rt: R }> {
  const hosted: HostedController<Shell<R>> = {
    name,
    user,
    init(_ctx, kit) {
      const rt = createRuntime(kit);
      // the informer list is taken once per controller: afterMessage runs for every message and must not allocate
      return { rt, informers: informersOf(rt), synced: false };
    },
    receive(shell, msg, ctx) {
      shell.rt.queue.handle(msg, ctx);
    },
    afterMessage(shell, ctx: ActorContext<never>) {
      if (!shell.synced) shell.synced = shell.informers.every((inf) => inf.hasSynced);
      if (shell.synced) shell.rt.workers.pump(ctx);
    },
  };
  return standaloneController(hosted, apiServer) as ControllerBehavior<{ readonly rt: R }>;
}

/** The controller's state behind the `{ rt }` the controllers expose: per actor, never shared between actors. */
interface Shell<R> {
  readonly rt: R;
  readonly informers: readonly SyncedInformer[];
  synced: boolean;
}

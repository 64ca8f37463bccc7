/**
 * The namespace controller (kube-controller-manager's `namespace` controller) as an actor.
 *
 * @packageDocumentation
 */
import type { Namespace } from 'kubernetes-types/core/v1.js';
import type { ApiClient } from '../../api/client/api-client.js';
import type { Informer } from '../../api/client/informer.js';
import { KUBERNETES_FINALIZER } from '../../api/kinds/namespace.js';
import { defaultRegistry, type KindRegistry } from '../../api/kinds/registry.js';
import type { ApiClientMessage } from '../../api/server/messages.js';
import type { KubeObject } from '../../api/store/types.js';
import type { ActorContext } from '../../engine/actor.js';
import { type ControllerBehavior, standaloneController } from '../controller-manager.js';

/**
 * Options of {@link namespaceController}.
 *
 * @example
 * ```ts
 * const opts: NamespaceControllerOptions = { recheckMs: 500 };
 * ```
 */
export interface NamespaceControllerOptions {
  /** The API server actor's id. @defaultValue `'kube-apiserver'` */
  readonly server?: string;
  /** The kinds served (their namespaced kinds are deleted). @defaultValue `defaultRegistry()` */
  readonly registry?: KindRegistry;
  /** How long to wait before checking again while content remains. @defaultValue `1000` */
  readonly recheckMs?: number;
}

/**
 * The namespace controller's state.
 *
 * @example
 * ```ts
 * sim.stateOf<NamespaceControllerState>('namespace-controller').finalized; // ['team-a']
 * // in a cluster: kcm.controllers['namespace-controller'] of the kube-controller-manager actor's state
 * ```
 */
export interface NamespaceControllerState {
  /** The namespaces this controller finalized, in order. */
  readonly finalized: string[];
  /** @internal */
  readonly client: ApiClient;
  /** @internal */
  readonly namespaces: Informer<KubeObject>;
  /** Namespaces with a sweep in progress or a recheck pending. @internal */
  readonly busy: Set<string>;
}

/** What the namespace controller receives: API responses and watch events, and its recheck timers. */
export type NamespaceControllerMessage = ApiClientMessage | { readonly type: 'namespace.sync'; readonly name: string };

type Ctx = ActorContext<never>;

/** Lists `kinds` in `ns`, deletes what is not already being deleted, lists again, and reports what remains. */
function sweep(st: NamespaceControllerState, ctx: Ctx, ns: string, kinds: readonly string[], done: (remaining: number, c: Ctx) => void): void {
  collect(st, ctx, ns, kinds, (items, failed, c) => {
    if (items.length === 0 && !failed) return done(0, c);
    const toDelete = items.filter((o) => o.metadata.deletionTimestamp === undefined);
    // everything is already terminating (graceful pods, finalizers): nothing changed since the list
    if (toDelete.length === 0) return done(items.length + (failed ? 1 : 0), c);
    for (const o of toDelete) {
      c.trace('namespace delete', `${o.kind} ${ns}/${o.metadata.name ?? ''}`);
      st.client.delete(c, o.kind, ns, o.metadata.name ?? '', { propagationPolicy: 'Background' });
    }
    // the deletes reach the API server before this list (one sender's messages keep their order)
    const again = [...new Set(items.map((o) => o.kind))];
    collect(st, c, ns, again, (left, failedAgain, c2) => done(left.length + (failed || failedAgain ? 1 : 0), c2));
  });
}

/** Lists every kind in `ns`; `then` gets all items once every list has answered. */
function collect(st: NamespaceControllerState, ctx: Ctx, ns: string, kinds: readonly string[], then: (items: KubeObject[], failed: boolean, c: Ctx) => void): void {
  let pending = kinds.length;
  let failed = false;
  const items: KubeObject[] = [];
  if (pending === 0) return then(items, false, ctx);
  for (const kind of kinds) {
    st.client.list(ctx, kind, { namespace: ns }, (res, c) => {
      if (res.ok) items.push(...(res.items ?? []));
      else failed = true;
      if (--pending === 0) then(items, failed, c);
    });
  }
}

/**
 * Whether the namespace is being deleted and still carries the `kubernetes` finalizer this controller removes
 * (upstream `namespacedResourcesDeleter.Delete`: a namespace without deletionTimestamp, or already finalized, is
 * left alone).
 */
function isTerminating(ns: KubeObject | undefined): boolean {
  if (ns?.metadata.deletionTimestamp === undefined) return false;
  return ((ns as Namespace).spec?.finalizers ?? []).includes(KUBERNETES_FINALIZER);
}

/**
 * The namespace controller: empties a Terminating namespace, then finalizes it (kubernetes-behaviour.md §8).
 * Spawn it as `'namespace-controller'`.
 *
 * @remarks
 * For a namespace being deleted (`deletionTimestamp` set, phase `Terminating`) that still carries the
 * `kubernetes` finalizer it lists every namespaced kind the API serves in that namespace and
 * deletes what it finds (propagation Background), pods first: other kinds are deleted only once no pod is left
 * (upstream OrderedNamespaceDeletion, GA in 1.34). After deleting it lists again; while anything remains (pods
 * terminating gracefully, objects held by finalizers) it checks again every `recheckMs`. When the namespace is
 * empty it sends the `finalize` request, which removes the `kubernetes` finalizer; the API server then removes
 * the namespace unless metadata finalizers (`orphan`, `foregroundDeletion`) still hold it. Not modelled: the namespace's
 * `NamespaceContentRemaining` / `NamespaceDeletionContentFailure` conditions.
 *
 * @example
 * ```ts
 * sim.spawn('namespace-controller', namespaceController());
 * ```
 */
export function namespaceController(opts: NamespaceControllerOptions = {}): ControllerBehavior<NamespaceControllerState> {
  const registry = opts.registry ?? defaultRegistry();
  const kinds = [...new Set(registry.kinds().filter((k) => k.scope === 'Namespaced').map((k) => k.kind))];
  const others = kinds.filter((k) => k !== 'Pod');
  const recheckMs = opts.recheckMs ?? 1000;

  const recheck = (st: NamespaceControllerState, ctx: Ctx, name: string, what: string) => {
    ctx.trace('namespace content remains', `${name}: ${what}`);
    (ctx as ActorContext<NamespaceControllerMessage>).setTimer(`sync/${name}`, recheckMs, { type: 'namespace.sync', name });
  };
  const finalize = (st: NamespaceControllerState, ctx: Ctx, name: string) => {
    st.client.request(ctx, { verb: 'finalize', name }, (res, c) => {
      if (!res.ok) return recheck(st, c, name, `finalize failed: ${res.error.message}`);
      st.busy.delete(name);
      st.finalized.push(name);
      c.trace('namespace finalized', name);
    });
  };
  const sync = (st: NamespaceControllerState, ctx: Ctx, name: string) => {
    if (!isTerminating(st.namespaces.get('', name))) {
      st.busy.delete(name);
      return;
    }
    st.busy.add(name);
    sweep(st, ctx, name, ['Pod'], (pods, c) => {
      if (pods > 0) return recheck(st, c, name, `${pods} pods`);
      sweep(st, c, name, others, (left, c2) => (left > 0 ? recheck(st, c2, name, `${left} objects`) : finalize(st, c2, name)));
    });
  };

  return standaloneController<NamespaceControllerState>(
    {
      name: 'namespace-controller',
      user: 'system:serviceaccount:kube-system:namespace-controller',
      init(_ctx, kit) {
        const client = kit.client();
        const onChange = (ns: KubeObject, c: Ctx) => {
          const name = ns.metadata.name ?? '';
          if (isTerminating(ns) && !state.busy.has(name)) sync(state, c, name);
        };
        const namespaces = kit.informer<KubeObject>('Namespace', {
          onAdd: onChange,
          onUpdate: (_old, ns, c) => onChange(ns, c),
          onDelete: (ns) => state.busy.delete(ns.metadata.name ?? ''),
        });
        const state: NamespaceControllerState = { finalized: [], client, namespaces, busy: new Set() };
        return state;
      },
      receive(state, msg, ctx) {
        const m = msg as { type?: string; name?: string };
        if (m.type === 'namespace.sync' && m.name !== undefined) sync(state, ctx, m.name);
      },
    },
    opts.server,
  );
}

/**
 * The messages between clients and the API server actor: requests, responses and watch events.
 *
 * @remarks
 * Every component talks to the API server only through these messages on the engine's clock, as real
 * components talk to kube-apiserver over HTTP. They are plain data, so traces can print them.
 *
 * @packageDocumentation
 */
import type { StatusReason } from '../errors.js';
import type { DeleteOptions, KubeObject } from '../store/types.js';

/** The verbs the simulated API server serves. */
export type Verb = 'create' | 'update' | 'updateStatus' | 'delete' | 'get' | 'list' | 'bind' | 'finalize' | 'watch' | 'unwatch';

/** Fields common to every request. */
export interface RequestBase {
  readonly type: 'api.request';
  /** Request id, unique per client. */
  readonly id: number;
  /** The actor the response (and watch events) go to. */
  readonly replyTo: string;
  /** Who is asking (a user or `system:serviceaccount:<ns>:<name>`). */
  readonly user: string;
  /**
   * The component asking, when it is not the actor itself: a controller hosted in kube-controller-manager
   * (`replicaset-controller`). Faults that name components match it as well as `replyTo`.
   */
  readonly component?: string;
}

/** A request to the API server. */
export type ApiRequest = RequestBase &
  (
    | { readonly verb: 'create'; readonly object: KubeObject }
    | { readonly verb: 'update' | 'updateStatus'; readonly object: KubeObject }
    | { readonly verb: 'delete'; readonly kind: string; readonly namespace: string; readonly name: string; readonly options?: DeleteOptions }
    | { readonly verb: 'get'; readonly kind: string; readonly namespace: string; readonly name: string }
    | { readonly verb: 'list'; readonly kind: string; readonly selection?: Selection }
    | { readonly verb: 'bind'; readonly namespace: string; readonly name: string; readonly nodeName: string }
    /** The namespace controller's last step: remove a Terminating namespace whose content is gone. */
    | { readonly verb: 'finalize'; readonly name: string }
    | {
        readonly verb: 'watch';
        readonly kind: string;
        readonly selection?: Selection;
        readonly resourceVersion: number;
        /**
         * Ask for `BOOKMARK` events (upstream `allowWatchBookmarks`): about every minute the watch receives the
         * current resourceVersion, so a client that relists or re-watches can resume from there.
         */
        readonly allowWatchBookmarks?: boolean;
      }
    | { readonly verb: 'unwatch'; readonly watchId: number }
  );

/** Which objects a list or watch selects. */
export interface Selection {
  readonly namespace?: string;
  /** Label selector in its string form (`app=web,tier in (a,b)`). */
  readonly labelSelector?: string;
  /** Field selector (`spec.nodeName=node-1`). */
  readonly fieldSelector?: string;
}

/** The error part of a failed response: a `metav1.Status`. */
export interface StatusError {
  readonly reason: StatusReason;
  readonly code: number;
  readonly message: string;
}

/** The API server's answer to one request. */
export type ApiResponse =
  | {
      readonly type: 'api.response';
      readonly id: number;
      readonly ok: true;
      readonly object?: KubeObject;
      readonly items?: readonly KubeObject[];
      readonly resourceVersion?: number;
      readonly watchId?: number;
    }
  | { readonly type: 'api.response'; readonly id: number; readonly ok: false; readonly error: StatusError };

/**
 * One watch event, delivered to the watcher in resourceVersion order. A `BOOKMARK` (only on watches opened with
 * `allowWatchBookmarks`) changes nothing: its object carries only `apiVersion`, `kind` and
 * `metadata.resourceVersion`, the revision the watch has caught up with.
 */
export interface WatchMessage {
  readonly type: 'api.watch';
  readonly watchId: number;
  readonly eventType: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';
  readonly object: KubeObject;
  readonly resourceVersion: number;
}

/** The watch ended with an error (410 Gone after compaction); the client must relist. */
export interface WatchErrorMessage {
  readonly type: 'api.watch-error';
  readonly watchId: number;
  readonly error: StatusError;
}

/** Tells the API server to deliver watch events for writes made from outside the simulation (e.g. `apply`). */
export interface FlushMessage {
  readonly type: 'api.flush';
}

/**
 * Compacts the watch history and ends every open watch with 410 Gone, so clients relist (fault injection;
 * kube-apiserver does this when etcd compacts or a watch cache restarts).
 */
export interface CompactMessage {
  readonly type: 'api.compact';
}

/**
 * A request whose serving was postponed by an injected slowdown: the API server serves it when this arrives
 * (fault injection; the fault decision was already taken).
 */
export interface DeferredRequestMessage {
  readonly type: 'api.deferred';
  readonly request: ApiRequest;
}

/**
 * The listed components lost the API server (a network partition starts): their open watches end with an
 * error, as a broken connection ends a watch stream (fault injection).
 */
export interface SeverMessage {
  readonly type: 'api.sever';
  /** Actor ids of the partitioned components. */
  readonly actors: readonly string[];
}

/**
 * The listed components are gone for good (their actors are about to stop): their watches are closed without a
 * word, so no event is sent to a stopped actor (fault injection: node removal).
 */
export interface ForgetMessage {
  readonly type: 'api.forget';
  readonly actors: readonly string[];
}

/** The API server's own timer: time for a `BOOKMARK` on a watch that asked for them. */
export interface BookmarkTimerMessage {
  readonly type: 'api.bookmark';
  readonly watchId: number;
}

/** Everything the API server actor accepts. */
export type ApiServerMessage =
  | ApiRequest
  | FlushMessage
  | CompactMessage
  | DeferredRequestMessage
  | SeverMessage
  | ForgetMessage
  | BookmarkTimerMessage;

/** Everything a client of the API server receives. */
export type ApiClientMessage = ApiResponse | WatchMessage | WatchErrorMessage;

/**
 * Faults as plain data: what can go wrong in a simulated cluster, and when.
 *
 * @remarks
 * A fault is a JSON-serializable object, so it prints, round-trips through a Scenario file and shrinks under
 * fast-check. A {@link FaultEvent} places a fault at an exact virtual time, optionally healing it after a
 * duration; a {@link FaultPlan} is a list of them. Faults that last (`partition`, `apiErrors`, …) stay active until
 * their duration ends, a matching heal, or `healAll()`; instantaneous ones (`containerCrash`, `watchCompaction`)
 * happen once.
 *
 * Components are named by their actor ids — `kube-scheduler`, `kube-controller-manager`, `kubelet/<node>`, a user's
 * actor id — or by the name of a controller hosted in kube-controller-manager: `replicaset-controller`,
 * `deployment-controller`, `job-controller`, `garbage-collector`, `namespace-controller`, `pod-garbage-collector`,
 * `node-lifecycle-controller`. A partition or request rule naming a hosted controller cuts that controller's
 * requests alone; its informers are the manager's, so a `watchChaos` naming it acts on the manager's watches (every
 * hosted controller sees those events), and a partition of `kube-controller-manager` cuts them all. With
 * `components: { controllerManager: false }` each controller is its own actor, with its own watches.
 *
 * @packageDocumentation
 */

/** API verbs a fault can target (as in {@link ApiRequest}). */
export type FaultVerb = 'create' | 'update' | 'updateStatus' | 'delete' | 'get' | 'list' | 'bind' | 'watch';

/** Which requests an API fault applies to; an absent field matches everything. */
export interface RequestMatch {
  /** Verbs. @defaultValue every verb */
  readonly verbs?: readonly FaultVerb[];
  /** Kinds (`Pod`, `ReplicaSet`, …). @defaultValue every kind */
  readonly kinds?: readonly string[];
  /** Requesting components (actor ids). @defaultValue every component */
  readonly components?: readonly string[];
}

/** One fault. */
export type Fault =
  /** The machine dies: no lease, no status, containers gone (pods stay as last reported). Heals by rebooting. */
  | { readonly type: 'nodeCrash'; readonly node: string }
  /** The kubelet process stops: containers keep running, nothing is reported. Heals by restarting the kubelet. */
  | { readonly type: 'kubeletStop'; readonly node: string }
  /** The kubelet restarts now (stop + start; adopts its running containers). Instantaneous. */
  | { readonly type: 'kubeletRestart'; readonly node: string }
  /** The Node object is deleted and its machine is gone for good (not healed). */
  | { readonly type: 'nodeRemove'; readonly node: string }
  /**
   * The listed components lose the API server: their requests time out (504, after the API server's
   * `requestTimeoutMs`, 10 s by default) without being served, their open watches end with an error and no event
   * reaches them; a node's kubelet (`kubelet/<node>`) keeps its pods running but reports nothing. Heals when the
   * partition ends: the informers' next relist succeeds and their caches converge.
   */
  | { readonly type: 'partition'; readonly components: readonly string[] }
  /** Every node of a zone (`topology.kubernetes.io/zone`) crashes, or is partitioned from the API server. */
  | { readonly type: 'zoneOutage'; readonly zone: string; readonly mode?: 'crash' | 'partition' }
  /**
   * Watch streams misbehave: events to the matching watchers are delayed by up to `delayMs`, dropped,
   * duplicated, or reordered (delivered out of resourceVersion order) with the given probabilities, drawn from
   * the API server's seeded `watch-chaos` stream. A reordered event is delivered just before the previous event
   * still in flight on its watch; with nothing in flight it is delivered normally.
   */
  | {
      readonly type: 'watchChaos';
      /** Watching components. @defaultValue every component */
      readonly components?: readonly string[];
      /** Watched kinds. @defaultValue every kind */
      readonly kinds?: readonly string[];
      /** Event types affected. @defaultValue all three */
      readonly eventTypes?: readonly ('ADDED' | 'MODIFIED' | 'DELETED')[];
      /** Extra delay, uniform in [0, delayMs]. @defaultValue 0 */
      readonly delayMs?: number;
      /** Probability an event is dropped. @defaultValue 0 */
      readonly drop?: number;
      /** Probability an event is delivered twice. @defaultValue 0 */
      readonly duplicate?: number;
      /** Probability an event may overtake the previous one on its watch. @defaultValue 0 */
      readonly reorder?: number;
    }
  /** Requests matching `match` are served `extraLatencyMs` later. */
  | { readonly type: 'apiSlowdown'; readonly extraLatencyMs: number; readonly match?: RequestMatch }
  /**
   * Requests matching `match` fail with `code` (409 Conflict, 429 TooManyRequests, 500 InternalError or
   * 504 Timeout, worded as kube-apiserver words them) with probability `probability` (default 1, drawn from the
   * API server's seeded `faults` stream), without being served.
   */
  | { readonly type: 'apiErrors'; readonly code: 409 | 429 | 500 | 504; readonly probability?: number; readonly match?: RequestMatch }
  /** The API server compacts its watch history now: every watch ends with 410 Gone and clients relist. Instantaneous. */
  | { readonly type: 'watchCompaction' }
  /** A node's clock runs `offsetMs` ahead (negative: behind): the timestamps its kubelet writes are skewed. */
  | { readonly type: 'clockSkew'; readonly node: string; readonly offsetMs: number }
  /** A running container of a pod exits with `exitCode` (default 1) now (all containers when none is named). Instantaneous. */
  | { readonly type: 'containerCrash'; readonly namespace: string; readonly pod: string; readonly container?: string; readonly exitCode?: number }
  /** Pulls of `image` fail (ErrImagePull, then ImagePullBackOff) on the listed nodes (default every node). */
  | { readonly type: 'imagePullFailure'; readonly image: string; readonly nodes?: readonly string[] };

/** The `type` of each fault. */
export type FaultType = Fault['type'];

/** A fault at a virtual time. */
export interface FaultEvent {
  /** When the fault starts, virtual ms since the start of the run. */
  readonly atMs: number;
  readonly fault: Fault;
  /** Heals the fault this long after it starts. @defaultValue until `healAll()` (instantaneous faults ignore it) */
  readonly durationMs?: number;
}

/** A seeded or hand-written list of faults. */
export type FaultPlan = readonly FaultEvent[];

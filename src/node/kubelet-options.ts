/**
 * The kubelet's options and messages.
 *
 * @packageDocumentation
 */
import type { Node } from 'kubernetes-types/core/v1.js';
import type { ApiClientMessage } from '../api/server/messages.js';
import type { BehaviourSpec, DurationRange } from './behaviour.js';
import type { NodeHeartbeats } from './heartbeats.js';
import type { StepMessage } from './pod-lifecycle.js';

/** An image in the kubelet's catalog: how big it is, whether it exists, how its containers behave. */
export interface ImageCatalogEntry {
  /** Bytes to pull. @defaultValue the kubelet's `defaultImageSizeBytes` */
  readonly sizeBytes?: number;
  /** The registry has no such image: pulls fail with ErrImagePull, then ImagePullBackOff. @defaultValue false */
  readonly missing?: boolean;
  /** Behaviour of containers running this image, in annotation form (`{ 'exit-after': '30s' }`). */
  readonly behaviour?: BehaviourSpec;
}

/** Latency distributions of the container runtime. */
export interface RuntimeLatencies {
  /** RunPodSandbox (network namespace, pause container, CNI). @defaultValue 200–800 ms */
  readonly sandbox?: DurationRange;
  /** Fixed part of an image pull (resolve, manifest); also the manifest check of `Always` when present. @defaultValue 200–600 ms */
  readonly imagePullBase?: DurationRange;
  /** How long a process takes to exit after SIGTERM. @defaultValue 100–500 ms */
  readonly sigtermExit?: DurationRange;
}

/** Options of {@link kubelet}. */
export interface KubeletOptions {
  /** The Node this kubelet registers (e.g. one of {@link nodePool}'s). Its name names the kubelet. */
  readonly node: Node;
  /** The heartbeat board shared with the node lifecycle controller. */
  readonly heartbeats: NodeHeartbeats;
  /** The API server actor's id. @defaultValue `'kube-apiserver'` */
  readonly apiServer?: string;
  /**
   * How lease renewals are written: `'api'` updates the Lease object through the API server every renewal (and
   * records it on the board when the write succeeds); `'board'` records it on the board only, for very large
   * idle clusters. @defaultValue `'api'`
   */
  readonly leaseWrites?: 'api' | 'board';
  /** The image catalog, by image reference. Unknown images exist and have `defaultImageSizeBytes`. */
  readonly images?: Readonly<Record<string, ImageCatalogEntry>>;
  /** @defaultValue 100 MB */
  readonly defaultImageSizeBytes?: number;
  /** Image pull bandwidth. @defaultValue 50 MB/s */
  readonly imagePullBytesPerSecond?: number;
  /** Runtime latencies. */
  readonly latency?: RuntimeLatencies;
  /** Lease renewal interval (`nodeLeaseDurationSeconds` 40 × 25 %). @defaultValue 10 s */
  readonly leaseRenewMs?: number;
  /** `nodeStatusReportFrequency`: status is posted at least this often even if unchanged. @defaultValue 5 min */
  readonly statusReportMs?: number;
  /** The hard eviction threshold `memory.available<…`, a quantity. @defaultValue `'100Mi'` */
  readonly evictionHardMemoryAvailable?: string;
  /** `evictionPressureTransitionPeriod`: a pressure condition stays this long after the signal recovered. @defaultValue 5 min */
  readonly evictionPressureTransitionPeriodMs?: number;
}

/**
 * Faults of a node, sent to its kubelet (`kubelet/<node>`) as messages.
 *
 * @remarks
 * - `kubelet.crash`: the machine dies: no lease, no status, its containers are gone (pods stay as last reported
 *   until the node lifecycle controller acts).
 * - `kubelet.stop`: the kubelet process stops: containers keep running, nothing is reported, no lease.
 * - `kubelet.partition`: the node loses the API server: pods keep running and restarting, nothing is reported.
 * - `kubelet.heal`: the partition ends: the kubelet relists its pods and reports everything again.
 * - `kubelet.restart`: after a crash the machine boots (pods are started again, restart counts +1); after a stop
 *   the kubelet starts and adopts its running containers (like `heal`); on a running kubelet, stop + start.
 * - `kubelet.clockSkew`: the node's clock runs `offsetMs` ahead (negative: behind) from now on (0 heals): every
 *   timestamp the kubelet writes — Lease `renewTime`, node condition heartbeat and transition times, pod
 *   `startTime`, condition transition times, container `startedAt`/`finishedAt` — is offset. Durations the
 *   kubelet measures (back-off, probes) are not: they use a monotonic clock upstream too.
 * - `kubelet.crashContainer`: a running container of a pod (every running one when `container` is absent) exits
 *   now with `exitCode` (default 1, reason `Error`): restart policy, restartCount and CrashLoopBackOff apply as
 *   for any crash.
 * - `kubelet.imagePullFailure`: pulls of `image` fail (`failing: true`) or work again (`false`). A failing pull
 *   shows ErrImagePull, then ImagePullBackOff, and is retried after the back-off (10 s doubling to 300 s).
 */
export type KubeletFault =
  | { readonly type: 'kubelet.crash' }
  | { readonly type: 'kubelet.stop' }
  | { readonly type: 'kubelet.partition' }
  | { readonly type: 'kubelet.heal' }
  | { readonly type: 'kubelet.restart' }
  | { readonly type: 'kubelet.clockSkew'; readonly offsetMs: number }
  | { readonly type: 'kubelet.crashContainer'; readonly namespace: string; readonly pod: string; readonly container?: string; readonly exitCode?: number }
  | { readonly type: 'kubelet.imagePullFailure'; readonly image: string; readonly failing: boolean };

/** The kubelet's periodic sync: lease renewal and node status. */
export interface TickMessage {
  readonly type: 'kubelet.tick';
  readonly epoch: number;
}

/** Registration retry: the Node create failed (not AlreadyExists); try again, as `registerWithAPIServer` does. */
export interface RegisterMessage {
  readonly type: 'kubelet.register';
  readonly epoch: number;
  /** Attempts so far. */
  readonly attempt: number;
}

/** Everything a kubelet accepts. */
export type KubeletMessage = KubeletFault | TickMessage | RegisterMessage | StepMessage | ApiClientMessage;

/**
 * The kubelet's node-level work: registration, lease renewals, node status, faults, and writing pod status.
 *
 * @packageDocumentation
 */
import type { ContainerImage, NodeCondition, NodeStatus, PodStatus } from 'kubernetes-types/core/v1.js';
import type { ActorContext } from '../engine/actor.js';
import { ApiClient, type ResponseCallback } from '../api/client/api-client.js';
import type { Informer } from '../api/client/informer.js';
import type { KubeObject } from '../api/store/types.js';
import { deepEqual } from '../api/store/_internal/deep-equal.js';
import { deepFreeze } from '../api/store/_internal/objects.js';
import { kubeletEvent } from './_internal/events.js';
import { microTime, timestamp } from './_internal/time.js';
import type { ResourceAmounts } from './admission.js';
import type { KubeletFault, KubeletOptions, RegisterMessage, TickMessage } from './kubelet-options.js';
import type { NodeHeartbeats } from './heartbeats.js';
import { evictionPass } from './eviction.js';
import { finishRun, podStatusFor, readyOf } from './kubelet-pods.js';
import { crashContainers, type Runtime } from './pod-lifecycle.js';
import type { MemoryTally } from './_internal/runtime.js';
import type { PodObject, PodRun } from './pod-run.js';

/** A kubelet's state (owned by the actor; read it in tests through `sim.stateOf`). */
export interface KubeletState {
  /** @internal */ readonly opts: KubeletOptions;
  /** The node's name. */
  readonly nodeName: string;
  /** @internal */ readonly slot: number;
  /** @internal */ readonly hostIP: string;
  /** @internal */ readonly cidrPrefix: string;
  /** @internal */ readonly allocatable: ResourceAmounts;
  /** @internal */ client: ApiClient;
  /** @internal */ pods: Informer<PodObject>;
  /** `up`, or the fault it is in. */
  mode: 'up' | 'crashed' | 'stopped' | 'partitioned';
  /** @internal */ epoch: number;
  /**
   * @internal the incarnation of the machine's containers: bumped only when they die with it (a crash), so that a
   * kubelet restart or a healed partition keeps driving the pods already starting or stopping
   */
  runEpoch: number;
  /** @internal the periodic sync message of this incarnation (shared by every kubelet of that epoch: see {@link tickMessage}) */ tickMsg: TickMessage;
  /** @internal per-tick options, copied flat so that a tick reads no options object */ readonly renewMs: number;
  /** @internal */ readonly boardOnly: boolean;
  /** @internal */ readonly reportMs: number;
  /** @internal */ readonly heartbeats: NodeHeartbeats;
  /** @internal a pod was admitted since the kubelet started: the eviction manager has something to watch */ mayPressure: boolean;
  /** @internal */ runtime: Runtime;
  /** @internal */ readonly runs: Map<string, PodRun>;
  /** @internal the working sets of the processes of the unreleased runs (the eviction manager's `memory.available`) */
  readonly memory: MemoryTally;
  /** Summed requests of the admitted, non-terminal pods, with `pods` their count. */
  readonly used: ResourceAmounts;
  /** @internal */ readonly ipsInUse: Set<number>;
  /** @internal */ nextIp: number;
  /** Images on the node (the image cache), by reference, with their sizes. */
  readonly images: Map<string, number>;
  /** @internal */ imagesChanged: boolean;
  /**
   * @internal the parts of the Node status the kubelet posts unchanged (capacity, allocatable, addresses, nodeInfo):
   * its Node's own status at first, then the stored (frozen) copies the API server returned, so that each later post
   * hands the store the very objects it holds and the store's comparison stops at them
   */
  statusBase: NodeStatus;
  /** @internal `status.images` for the current image cache (the stored copy once posted), or undefined when it changed */
  imageList: ContainerImage[] | undefined;
  /** @internal the image list of the last post, to know whether a response's stored list is still the current one */
  sentImages: ContainerImage[] | undefined;
  /** @internal Ready's `lastTransitionTime` as last posted, and the node-clock instant it was written for */
  readyText: string;
  /** @internal */ readyTextMs: number;
  /** @internal the callbacks of the lease renewal and the node status post (one per kubelet, not one per tick) */
  readonly onLease: ResponseCallback;
  /** @internal */ readonly onNodeStatus: ResponseCallback;
  /** @internal */ lastReportMs: number;
  /** @internal */ readySinceMs: number;
  /** How far the node's clock runs ahead of the virtual clock (negative: behind), ms; see `kubelet.clockSkew`. */
  skewMs: number;
  /** Images whose pulls fail on this node (`kubelet.imagePullFailure`). */
  readonly failingImages: Set<string>;
  /** @internal */ readonly dirty: Set<PodRun>;
  /**
   * Pods whose status (or final delete) must be sent again at the next 10 s sync: a write the API server refused,
   * or a status the API holds differently from what the kubelet last sent (upstream status manager `syncBatch`).
   * @internal
   */
  readonly reconcile: Set<PodRun>;
  /** @internal `reconcile` may hold pods (so that a tick reads a flag of the state, not the set): see {@link reconcileLater} */
  pendingReconcile: boolean;
  /** @internal */ readonly deleted: Set<string>;
  /** @internal numbers the kubelet's events */ eventSeq: number;
  /** Node-pressure eviction: memory pressure now, and when it was last observed / last changed (virtual ms). */
  readonly pressure: { memory: boolean; lastObservedMs: number; changedMs: number | undefined };
}

const LEASE_NS = 'kube-node-lease';

/** Starts (or restarts) the kubelet: a fresh client, registration, the pod informer, the periodic sync. */
export function boot(state: KubeletState, ctx: ActorContext<never>, informer: (s: KubeletState) => Informer<PodObject>): void {
  state.mode = 'up';
  state.tickMsg = tickMessage(state.epoch);
  state.client = new ApiClient(state.opts.apiServer ?? 'kube-apiserver', `system:node:${state.nodeName}`);
  state.runtime = makeRuntime(state, ctx);
  register(state, ctx, 0);
  state.pods = informer(state);
  state.pods.start(ctx);
  // kubelets start at different moments: each gets its own phase of the 10 s cycle, in whole seconds, so that
  // thousands of renewals share a few instants (cheap for the event queue; immaterial next to the 50 s grace)
  const period = state.opts.leaseRenewMs ?? 10_000;
  const phases = Math.max(1, Math.floor(period / 1000));
  ctx.setTimer('tick', (ctx.random('heartbeat').int(1, phases) * period) / phases, state.tickMsg as never);
}

/**
 * Registers the Node (AlreadyExists counts as registered), then posts its status and creates the Lease. A refused
 * create is retried after 100 ms doubling up to 7 s, as upstream's `registerWithAPIServer`.
 */
export function register(state: KubeletState, ctx: ActorContext<never>, attempt: number): void {
  const epoch = state.epoch;
  state.client.create(ctx, state.opts.node as unknown as KubeObject, (res, c) => {
    if (state.epoch !== epoch || state.mode !== 'up') return;
    if (!res.ok && res.error.reason !== 'AlreadyExists') {
      c.trace('kubelet register failed', res.error.message);
      const delay = Math.min(7_000, 100 * 2 ** attempt);
      (c as ActorContext<RegisterMessage>).setTimer('register', delay, { type: 'kubelet.register', epoch, attempt: attempt + 1 });
      return;
    }
    postNodeStatus(state, c);
    if (state.opts.leaseWrites !== 'board') state.client.create(c, lease(state, c.now + state.skewMs));
  });
}

function lease(state: KubeletState, nowMs: number): KubeObject {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: state.nodeName, namespace: LEASE_NS },
    spec: { holderIdentity: state.nodeName, leaseDurationSeconds: 40, renewTime: microTime(nowMs) },
  };
}

const TICKS: TickMessage[] = [];

/**
 * The tick message of an epoch, one frozen object shared by every kubelet in that epoch: thousands of kubelets
 * then read the same message at each tick instead of one object each (fewer cache misses per tick).
 */
export function tickMessage(epoch: number): TickMessage {
  let m = TICKS[epoch];
  if (m === undefined) {
    m = Object.freeze({ type: 'kubelet.tick', epoch });
    TICKS[epoch] = m;
  }
  return m;
}

/** Every 10 s: renew the lease, and post node status when it changed or is due. */
export function onTick(state: KubeletState, ctx: ActorContext<never>): void {
  ctx.setTimer('tick', state.renewMs, state.tickMsg as never);
  if (state.mode !== 'up') return;
  if (state.boardOnly) state.heartbeats.renewSlot(state.slot, ctx.now);
  // the Lease carries the node's (possibly skewed) clock; the controller judges by when it saw the renewal
  else state.client.update(ctx, lease(state, ctx.now + state.skewMs), state.onLease);
  let dirtied = false;
  if (state.pendingReconcile) {
    state.pendingReconcile = false;
    for (const run of state.reconcile) {
      run.lastSent = undefined;
      state.dirty.add(run);
      dirtied = true;
    }
    state.reconcile.clear();
  }
  const overwritten = state.heartbeats.takeStatusOverwritten(state.slot);
  if (overwritten) state.readySinceMs = ctx.now;
  const pressureChanged = state.mayPressure && evictionPass(state, ctx);
  if (overwritten || pressureChanged || state.imagesChanged || ctx.now - state.lastReportMs >= state.reportMs) postNodeStatus(state, ctx);
  // only the resends and the eviction pass dirty pods here: an idle kubelet's tick leaves its pod sets alone
  if (dirtied || state.mayPressure) flush(state, ctx);
}

/** Sends a pod's status (or final delete) again at the next 10 s sync (upstream status manager `syncBatch`). */
export function reconcileLater(state: KubeletState, run: PodRun): void {
  state.reconcile.add(run);
  state.pendingReconcile = true;
}

/** The lease renewal's response: recorded on the board when it succeeded; a missing Lease is created. */
export function leaseRenewed(state: KubeletState): ResponseCallback {
  return (res, c) => {
    if (res.ok) state.heartbeats.renewSlot(state.slot, c.now);
    // the lease controller creates its Lease when there is none (e.g. the create was lost in a restart)
    else if (res.error.reason === 'NotFound') {
      state.client.create(c, lease(state, c.now + state.skewMs), (r, c2) => {
        if (r.ok) state.heartbeats.renewSlot(state.slot, c2.now);
      });
    }
  };
}

/**
 * The node status post's response: from the first stored status on, the unchanged parts are posted as the store's
 * own copies (equal to the kubelet's: the store keeps a status write as sent), and so is the image list until the
 * image cache changes.
 */
export function nodeStatusPosted(state: KubeletState): ResponseCallback {
  const base = state.opts.node.status ?? {};
  return (res) => {
    if (!res.ok) return;
    const stored = (res.object as { status?: NodeStatus } | undefined)?.status;
    if (stored === undefined) return;
    if (state.statusBase === base) {
      const shared: Record<string, unknown> = {};
      for (const k of Object.keys(base)) shared[k] = k in stored ? stored[k as keyof NodeStatus] : base[k as keyof NodeStatus];
      state.statusBase = shared as NodeStatus;
    }
    if (state.imageList !== undefined && state.imageList === state.sentImages && stored.images !== undefined) state.imageList = stored.images;
  };
}

/** A node condition as the kubelet posts it, frozen (the API server keeps it without a copy). */
function condition(c: ConditionText, heartbeat: string, transition: string): NodeCondition {
  return Object.freeze({ type: c.type, status: c.status, reason: c.reason, message: c.message, lastHeartbeatTime: heartbeat, lastTransitionTime: transition });
}

/** The texts of a node condition the kubelet posts (`healthyNodeConditions`' order and words). */
interface ConditionText {
  readonly type: string;
  readonly status: string;
  readonly reason: string;
  readonly message: string;
}

const MEMORY_OK: ConditionText = { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' };
const MEMORY_LOW: ConditionText = { type: 'MemoryPressure', status: 'True', reason: 'KubeletHasInsufficientMemory', message: 'kubelet has insufficient memory available' };
const DISK_OK: ConditionText = { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' };
const PID_OK: ConditionText = { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' };
const READY: ConditionText = { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' };

/**
 * The conditions a kubelet posts, frozen: `healthyNodeConditions` at `t` (the node clock's now), Ready's transition
 * at `readyText`, MemoryPressure's at the eviction manager's last change (node clock) and `True` under pressure.
 * @internal
 */
export function postedConditions(t: string, readyText: string, p: KubeletState['pressure'], skewMs: number): NodeCondition[] {
  const memory = p.changedMs === undefined ? condition(MEMORY_OK, t, t) : condition(p.memory ? MEMORY_LOW : MEMORY_OK, t, timestamp(p.changedMs + skewMs));
  return Object.freeze([memory, condition(DISK_OK, t, t), condition(PID_OK, t, t), condition(READY, t, readyText)]) as NodeCondition[];
}

/**
 * PUTs the node's status: the four kubelet conditions, allocatable and the image list. The conditions are
 * `healthyNodeConditions`' (heartbeat and transition now), with Ready's transition at `readySinceMs` and, once the
 * eviction manager saw a change, MemoryPressure's at that change (and `True` under pressure); built frozen in
 * their final form. Ready's transition text is kept between posts (it changes only with `readySinceMs` or the skew).
 */
function postNodeStatus(state: KubeletState, ctx: ActorContext<never>): void {
  state.lastReportMs = ctx.now;
  state.imagesChanged = false;
  const skew = state.skewMs;
  const t = timestamp(ctx.now + skew);
  const readyAt = state.readySinceMs + skew;
  if (readyAt !== state.readyTextMs) {
    state.readyText = timestamp(readyAt);
    state.readyTextMs = readyAt;
  }
  const conditions = postedConditions(t, state.readyText, state.pressure, skew);
  const images = (state.imageList ??= [...state.images].map(([name, sizeBytes]) => ({ names: [name], sizeBytes })));
  state.sentImages = images;
  // frozen as sent, as the pod statuses are: the API server keeps the new conditions without a copy
  deepFreeze(images);
  const status = Object.freeze({ ...state.statusBase, conditions, images });
  const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: state.nodeName }, status };
  state.client.updateStatus(ctx, node as unknown as KubeObject, state.onNodeStatus);
}

/** Applies a fault message. */
export function onFault(state: KubeletState, f: KubeletFault, ctx: ActorContext<never>, informer: (s: KubeletState) => Informer<PodObject>): void {
  ctx.trace(f.type, faultDetail(state, f));
  switch (f.type) {
    case 'kubelet.clockSkew':
      state.skewMs = f.offsetMs;
      return;
    case 'kubelet.imagePullFailure':
      if (f.failing) state.failingImages.add(f.image);
      else state.failingImages.delete(f.image);
      return;
    case 'kubelet.crashContainer': {
      if (state.mode === 'crashed') return;
      const uid = [...state.runs.values()].find((r) => r.namespace === f.namespace && r.name === f.pod)?.uid;
      const run = uid === undefined ? undefined : state.runs.get(uid);
      if (run !== undefined) crashContainers(state.runtime, run, f.container, f.exitCode ?? 1);
      return;
    }
    case 'kubelet.crash':
      if (state.mode === 'crashed') return;
      state.mode = 'crashed';
      state.epoch++;
      state.runEpoch++;
      ctx.cancelTimer('tick');
      state.runs.clear();
      state.memory.clear();
      state.dirty.clear();
      state.reconcile.clear();
      state.ipsInUse.clear();
      for (const k of Object.keys(state.used)) delete state.used[k];
      return;
    case 'kubelet.stop':
    case 'kubelet.partition':
      if (state.mode === 'up') state.mode = f.type === 'kubelet.stop' ? 'stopped' : 'partitioned';
      return;
    case 'kubelet.heal':
      if (state.mode === 'partitioned') reconnect(state, ctx, informer);
      return;
    case 'kubelet.restart':
      if (state.mode === 'crashed') {
        state.epoch++;
        boot(state, ctx, informer);
      } else reconnect(state, ctx, informer);
  }
}

function faultDetail(state: KubeletState, f: KubeletFault): string {
  switch (f.type) {
    case 'kubelet.clockSkew':
      return `${state.nodeName} offset ${f.offsetMs} ms`;
    case 'kubelet.imagePullFailure':
      return `${state.nodeName} ${f.image} ${f.failing ? 'failing' : 'working'}`;
    case 'kubelet.crashContainer':
      return `${state.nodeName} ${f.namespace}/${f.pod}${f.container === undefined ? '' : `/${f.container}`} exit ${f.exitCode ?? 1}`;
    default:
      return state.nodeName;
  }
}

/** Back in touch with the API server: relist pods, resend every pod's status, post node status now. */
function reconnect(state: KubeletState, ctx: ActorContext<never>, informer: (s: KubeletState) => Informer<PodObject>): void {
  state.mode = 'up';
  state.epoch++;
  state.tickMsg = tickMessage(state.epoch);
  state.client = new ApiClient(state.opts.apiServer ?? 'kube-apiserver', `system:node:${state.nodeName}`);
  state.runtime = makeRuntime(state, ctx);
  for (const run of state.runs.values()) {
    run.lastSent = undefined;
    state.dirty.add(run);
  }
  state.readySinceMs = ctx.now;
  postNodeStatus(state, ctx);
  state.pods = informer(state);
  state.pods.start(ctx);
  ctx.setTimer('tick', state.opts.leaseRenewMs ?? 10_000, state.tickMsg as never);
  onTick(state, ctx);
}

function makeRuntime(state: KubeletState, ctx: ActorContext<never>): Runtime {
  const o = state.opts;
  const catalog = o.images ?? {};
  return {
    ctx,
    epoch: state.runEpoch,
    rng: ctx.random('pod-lifecycle'),
    memory: state.memory,
    sandbox: o.latency?.sandbox ?? { minMs: 200, maxMs: 800 },
    pullBase: o.latency?.imagePullBase ?? { minMs: 200, maxMs: 600 },
    pullBytesPerSecond: o.imagePullBytesPerSecond ?? 50_000_000,
    sigtermExit: o.latency?.sigtermExit ?? { minMs: 100, maxMs: 500 },
    wallMs: () => ctx.now + state.skewMs,
    hasImage: (image) => state.images.has(image),
    image: (image) => ({
      sizeBytes: catalog[image]?.sizeBytes ?? o.defaultImageSizeBytes ?? 100_000_000,
      missing: catalog[image]?.missing ?? false,
      unreachable: state.failingImages.has(image),
    }),
    addImage: (image, size) => {
      if (state.images.has(image)) return;
      state.images.set(image, size);
      state.imagesChanged = true;
      state.imageList = undefined;
    },
    dirty: (run) => state.dirty.add(run),
    event: (run, type, reason, message, container) => {
      if (state.mode !== 'up') return; // a disconnected kubelet's events are lost, as client-go drops them
      const at = ctx.now + state.skewMs;
      state.client.create(ctx, kubeletEvent(state.nodeName, run, type, reason, message, at, state.eventSeq++, container));
    },
  };
}

/** Writes the status of every pod that changed (while connected), then finishes terminated pods. */
export function flush(state: KubeletState, ctx: ActorContext<never>): void {
  if (state.dirty.size === 0 || state.mode !== 'up') return;
  const runs = [...state.dirty];
  state.dirty.clear();
  for (const run of runs) {
    if (!state.runs.has(run.uid)) continue;
    const status = podStatusFor(state, run, ctx.now + state.skewMs);
    if (run.lastSent === undefined || !deepEqual(status, run.lastSent)) {
      // frozen as sent (never changed afterwards): the API server keeps its changed parts as they are, without a copy
      deepFreeze(status);
      run.lastSent = status;
      run.lastReady = readyOf(status);
      const obj = { apiVersion: 'v1', kind: 'Pod', metadata: { name: run.name, namespace: run.namespace }, status };
      state.client.updateStatus(ctx, obj as unknown as KubeObject, (res) => {
        if (res.ok) {
          // remember the stored (frozen, structurally shared) status rather than our copy: equal, and free
          const stored = (res.object as { status?: PodStatus } | undefined)?.status;
          if (stored !== undefined && run.lastSent === status) run.lastSent = stored;
          return;
        }
        // refused (e.g. a 500): sent again at the next sync; NotFound: the pod is gone
        if (res.error.reason !== 'NotFound' && state.runs.get(run.uid) === run) reconcileLater(state, run);
      });
    }
    finishRun(state, run, ctx);
  }
}

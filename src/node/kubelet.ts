/**
 * The kubelet: one actor per node (`kubelet/<node>`) that registers its Node, renews its Lease, posts node
 * status and runs the pods bound to it (kubernetes-behaviour.md §6 and §7).
 *
 * @packageDocumentation
 */
import type { ActorContext, Behavior } from '../engine/actor.js';
import { ApiClient } from '../api/client/api-client.js';
import { Informer } from '../api/client/informer.js';
import { allocatableAmounts } from './admission.js';
import type { KubeletMessage, KubeletOptions } from './kubelet-options.js';
import { type KubeletState, boot, flush, leaseRenewed, nodeStatusPosted, onFault, onTick, register, tickMessage } from './kubelet-sync.js';
import { onStep, type Runtime } from './pod-lifecycle.js';
import type { PodObject } from './pod-run.js';
import { MemoryTally } from './_internal/runtime.js';
import { removePod, syncPod } from './kubelet-pods.js';

export type { KubeletState } from './kubelet-sync.js';

/**
 * A kubelet actor; spawn it as `kubelet/<node name>`.
 *
 * @remarks
 * - **Registration and heartbeats**: creates its Node (an existing one is kept), renews its Lease in
 *   `kube-node-lease` every 10 s (`leaseWrites`), recomputes node status every 10 s and posts it when it
 *   changed (images pulled, the controller overwrote it) or every 5 min (`nodeStatusReportFrequency`).
 * - **Pods**: watches `spec.nodeName=<node>`; admits each pod against allocatable (else phase Failed, reason
 *   `OutOf<resource>`, message `Pod was rejected: Node didn't have enough resource: …`); runs sandbox, image
 *   pulls (IfNotPresent / Always / Never against the node's image cache), init containers in order, sidecars,
 *   app containers, probes and restarts with CrashLoopBackOff; reports phase, conditions and container statuses
 *   as upstream does; on a deletion it stops the containers within the grace period, reports the final status
 *   and deletes the pod with grace 0.
 * - **Faults**: {@link KubeletFault} messages.
 *
 * @example
 * ```ts
 * const board = new NodeHeartbeats();
 * for (const node of nodePool({ namePrefix: 'n', count: 3 })) {
 *   sim.spawn(`kubelet/${node.metadata?.name}`, kubelet({ node, heartbeats: board }));
 * }
 * sim.spawn('node-lifecycle-controller', nodeLifecycleController({ heartbeats: board }));
 * ```
 */
export function kubelet(opts: KubeletOptions): Behavior<KubeletState, KubeletMessage> {
  const nodeName = opts.node.metadata?.name ?? '';
  return {
    kind: 'kubelet',
    init(ctx) {
      const images = new Map<string, number>();
      for (const im of opts.node.status?.images ?? []) for (const n of im.names ?? []) images.set(n, im.sizeBytes ?? 0);
      // the fields a periodic tick reads come first, so that a tick of an idle kubelet touches one or two cache
      // lines of its state (5,000 kubelets' states do not stay in cache between their ticks)
      const state: KubeletState = {
        tickMsg: tickMessage(0),
        epoch: 0,
        mode: 'up',
        boardOnly: opts.leaseWrites === 'board',
        heartbeats: opts.heartbeats,
        slot: opts.heartbeats.slot(nodeName),
        renewMs: opts.leaseRenewMs ?? 10_000,
        reportMs: opts.statusReportMs ?? 300_000,
        lastReportMs: Number.NEGATIVE_INFINITY,
        mayPressure: false,
        imagesChanged: false,
        pendingReconcile: false,
        client: new ApiClient(opts.apiServer ?? 'kube-apiserver', `system:node:${nodeName}`),
        opts,
        nodeName,
        hostIP: opts.node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '10.0.0.1',
        cidrPrefix: (opts.node.spec?.podCIDR ?? '10.64.0.0/24').replace(/\.0\/\d+$/, '.'),
        allocatable: allocatableAmounts(opts.node.status?.allocatable ?? opts.node.status?.capacity),
        pods: undefined as unknown as Informer<PodObject>,
        runtime: undefined as unknown as Runtime,
        runEpoch: 0,
        runs: new Map(),
        memory: new MemoryTally(),
        used: {},
        ipsInUse: new Set(),
        nextIp: 2,
        images,
        statusBase: opts.node.status ?? {},
        imageList: undefined,
        sentImages: undefined,
        readyText: '',
        readyTextMs: Number.NaN,
        onLease: undefined as unknown as KubeletState['onLease'],
        onNodeStatus: undefined as unknown as KubeletState['onNodeStatus'],
        readySinceMs: ctx.now,
        skewMs: 0,
        failingImages: new Set(),
        dirty: new Set(),
        reconcile: new Set(),
        deleted: new Set(),
        eventSeq: 0,
        pressure: { memory: false, lastObservedMs: Number.NEGATIVE_INFINITY, changedMs: undefined },
      };
      Object.assign(state, { onLease: leaseRenewed(state), onNodeStatus: nodeStatusPosted(state) });
      boot(state, ctx as ActorContext<never>, makeInformer);
      return state;
    },
    receive(state, msg, ctx) {
      const c = ctx as ActorContext<never>;
      // the periodic sync first: most of an idle kubelet's messages, and never an API client message
      if (msg === state.tickMsg) {
        // onTick flushes what it dirtied; nothing else is dirty here (every message ends with a flush while up)
        if (msg.epoch === state.epoch) onTick(state, c);
        return state;
      }
      if (state.client.handle(msg, c)) {
        flush(state, c);
        return state;
      }
      switch (msg.type) {
        case 'kubelet.tick':
          if (msg.epoch === state.epoch) onTick(state, c);
          break;
        case 'kubelet.register':
          if (msg.epoch === state.epoch && state.mode === 'up') register(state, c, msg.attempt);
          break;
        case 'kubelet.step': {
          if (msg.epoch !== state.runEpoch || state.mode === 'crashed') break;
          const run = state.runs.get(msg.uid);
          if (run !== undefined) onStep(state.runtime, run, msg);
          break;
        }
        case 'kubelet.crash':
        case 'kubelet.stop':
        case 'kubelet.partition':
        case 'kubelet.heal':
        case 'kubelet.restart':
        case 'kubelet.clockSkew':
        case 'kubelet.crashContainer':
        case 'kubelet.imagePullFailure':
          onFault(state, msg, c, makeInformer);
          break;
      }
      flush(state, c);
      return state;
    },
  };
}

/** The pod informer of a kubelet incarnation: its handlers run only while the kubelet is up. */
function makeInformer(state: KubeletState): Informer<PodObject> {
  const epoch = state.epoch;
  const live = (): boolean => state.mode === 'up' && state.epoch === epoch;
  const informer: Informer<PodObject> = new Informer<PodObject>(state.client, 'Pod', {
    selection: { fieldSelector: `spec.nodeName=${state.nodeName}` },
    handlers: {
      onAdd: (pod, ctx) => live() && syncPod(state, pod, ctx),
      onUpdate: (_old, pod, ctx) => live() && syncPod(state, pod, ctx),
      onDelete: (pod, ctx) => live() && removePod(state, pod.metadata.uid ?? '', ctx),
      onSynced: (ctx) => {
        // pods deleted while the kubelet was away are gone from the fresh list
        if (!live()) return;
        for (const uid of [...state.runs.keys()]) {
          const run = state.runs.get(uid);
          if (run !== undefined && informer.get(run.namespace, run.name)?.metadata.uid !== uid) removePod(state, uid, ctx);
        }
      },
    },
  });
  return informer;
}

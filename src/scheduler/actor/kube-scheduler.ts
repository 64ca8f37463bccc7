/**
 * kube-scheduler as an actor: informers into a scheduler cache, the scheduling queue, one scheduling cycle at a
 * time on the engine's clock, and asynchronous binding through the API server (kubernetes-behaviour.md §1.1–1.2).
 *
 * @packageDocumentation
 */
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { ApiClient } from '../../api/client/api-client.js';
import { Informer } from '../../api/client/informer.js';
import { objectReference } from '../../api/events/record-event.js';
import { formatTimestamp } from '../../api/store/_internal/timestamp.js';
import type { KubeObject } from '../../api/store/types.js';
import type { ActorContext, Behavior } from '../../engine/actor.js';
import type { Rng } from '../../engine/random.js';
import { SchedulerCache } from '../framework/cache.js';
import type { Framework } from '../framework/framework.js';
import type { ClusterEvent } from '../framework/interface.js';
import { podKey } from '../framework/cache.js';
import { schedulePod } from '../framework/schedule-one.js';
import { createFramework } from '../framework/profile.js';
import { loadSchedulerConfiguration } from '../config/load.js';
import type { Registry } from '../framework/registry.js';
import { type QueuedPod, SchedulingQueue } from './scheduling-queue.js';

/** A duration: fixed ms, or uniform integer ms between two bounds. */
export type CycleMs = number | { readonly minMs: number; readonly maxMs: number };

/** Options of the scheduler actor. */
export interface KubeSchedulerOptions {
  /** A `KubeSchedulerConfiguration` (YAML text or object). @defaultValue the default profile */
  readonly config?: string | object;
  /** Out-of-tree plugins, registered by name next to the in-tree ones. */
  readonly registry?: Registry;
  /**
   * Virtual time one scheduling cycle takes (kube-scheduler spends a few ms per pod at 5,000 nodes).
   * @defaultValue 2–4 ms
   */
  readonly cycleMs?: CycleMs;
  /** The API server actor. @defaultValue 'kube-apiserver' */
  readonly server?: string;
  /**
   * Which events to record: `all` (Scheduled and FailedScheduling, as kube-scheduler), `failures`, or `none`
   * (large benchmarks).
   * @defaultValue 'all'
   */
  readonly events?: 'all' | 'failures' | 'none';
}

/** Why a pod is waiting: its latest FailedScheduling message. @internal */
interface Pending {
  readonly message: string;
}

/** The scheduler's state (inspect it in tests; never mutate it). */
export interface KubeSchedulerState {
  /** @internal */ readonly client: ApiClient;
  /** @internal */ readonly nodes: Informer<Node & KubeObject>;
  /** @internal */ readonly pods: Informer<Pod & KubeObject>;
  /** The scheduler cache (nodes, pods, assumed pods). */
  readonly cache: SchedulerCache;
  /** The scheduling queue. */
  readonly queue: SchedulingQueue;
  /** @internal */ readonly frameworks: ReadonlyMap<string, Framework>;
  /** @internal */ busy: boolean;
  /** Counters: attempts, scheduled, unschedulable, bind errors. */
  readonly stats: { attempts: number; scheduled: number; unschedulable: number; bindErrors: number };
  /** @internal */ readonly pending: Map<string, Pending>;
}

/** Messages of the scheduler's own timers. */
export type KubeSchedulerTimer =
  | { readonly type: 'scheduler.cycle-done'; readonly pod: QueuedPod; readonly node: string | null; readonly message: string; readonly plugins: readonly string[] }
  | { readonly type: 'scheduler.flush-backoff' }
  | { readonly type: 'scheduler.flush-unschedulable' }
  | { readonly type: 'scheduler.kick' };

function drawMs(spec: CycleMs, rng: Rng): number {
  return typeof spec === 'number' ? spec : rng.int(spec.minMs, spec.maxMs);
}

function isTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/**
 * The kube-scheduler actor (spawn it as `'kube-scheduler'`).
 *
 * @remarks
 * It waits for its node and pod informers to sync, then runs one scheduling cycle at a time: pop the next pod,
 * run the profile's framework over the cache snapshot, and after `cycleMs` of virtual time either assume the pod
 * on the chosen node and send the binding, or record it unschedulable (PodScheduled=False with upstream's
 * message, and a FailedScheduling event) and park it until a cluster event or the periodic flushes move it
 * back. A binding error forgets the assumed pod and backs it off.
 *
 * @example
 * ```ts
 * sim.spawn('kube-scheduler', kubeScheduler({ cycleMs: 3 }));
 * ```
 */
export function kubeScheduler(opts: KubeSchedulerOptions = {}): Behavior<KubeSchedulerState, unknown> {
  const frameworks: ReadonlyMap<string, Framework> =
    opts.config === undefined
      ? new Map([['default-scheduler', createFramework()]])
      : loadSchedulerConfiguration(opts.config, opts.registry === undefined ? {} : { registry: opts.registry }).frameworks;
  const cycleMs = opts.cycleMs ?? { minMs: 2, maxMs: 4 };
  const events = opts.events ?? 'all';
  return {
    kind: 'kube-scheduler',
    init(ctx) {
      const c = ctx as ActorContext<never>;
      const client = new ApiClient(opts.server ?? 'kube-apiserver', 'system:kube-scheduler');
      const cache = new SchedulerCache();
      const queue = new SchedulingQueue((pod) => frameworks.get(pod.spec?.schedulerName ?? 'default-scheduler'));
      const state = {} as KubeSchedulerState;
      const kick = (cx: ActorContext<never>) => startCycle(state, cx);
      const moveAll = (event: ClusterEvent, cx: ActorContext<never>) => {
        queue.moveAllOnEvent(event, cx.now);
        kick(cx);
      };
      const responsible = (pod: Pod) => frameworks.has(pod.spec?.schedulerName ?? 'default-scheduler');
      const nodes = new Informer<Node & KubeObject>(client, 'Node', {
        handlers: {
          onAdd: (n, cx) => { cache.addNode(n); moveAll({ resource: 'Node', actionType: 'Add' }, cx); },
          onUpdate: (_o, n, cx) => { cache.updateNode(n); moveAll({ resource: 'Node', actionType: 'Update' }, cx); },
          onDelete: (n) => cache.removeNode(n.metadata.name ?? ''),
          onSynced: kick,
        },
      });
      const pods = new Informer<Pod & KubeObject>(client, 'Pod', {
        handlers: {
          onAdd: (p, cx) => {
            if ((p.spec?.nodeName ?? '') !== '') { if (!isTerminal(p)) cache.addPod(p); }
            else if (responsible(p) && p.metadata.deletionTimestamp === undefined) { queue.add(p, cx.now); kick(cx); }
          },
          onUpdate: (o, p, cx) => {
            if ((p.spec?.nodeName ?? '') !== '') {
              queue.delete(podKey(p));
              if (isTerminal(p)) { cache.removePod(p); moveAll({ resource: 'AssignedPod', actionType: 'Delete' }, cx); }
              else cache.updatePod(p);
              if ((o.spec?.nodeName ?? '') === '') state.pending.delete(podKey(p));
            } else if (responsible(p)) { queue.update(p, cx.now); kick(cx); }
          },
          onDelete: (p, cx) => {
            state.pending.delete(podKey(p));
            if ((p.spec?.nodeName ?? '') !== '') { cache.removePod(p); moveAll({ resource: 'AssignedPod', actionType: 'Delete' }, cx); }
            else queue.delete(podKey(p));
          },
          onSynced: kick,
        },
      });
      Object.assign(state, {
        client, nodes, pods, cache, queue, frameworks, busy: false, pending: new Map(),
        stats: { attempts: 0, scheduled: 0, unschedulable: 0, bindErrors: 0 },
      });
      nodes.start(c);
      pods.start(c);
      ctx.setTimer('flush-backoff', 1_000, { type: 'scheduler.flush-backoff' });
      ctx.setTimer('flush-unschedulable', 30_000, { type: 'scheduler.flush-unschedulable' });
      return state;
    },
    receive(state, msg, ctx) {
      const c = ctx as ActorContext<never>;
      if (state.client.handle(msg, c)) return state;
      const m = msg as KubeSchedulerTimer;
      if (m.type === 'scheduler.flush-backoff') {
        state.queue.flushBackoffCompleted(ctx.now);
        ctx.setTimer('flush-backoff', 1_000, m);
      } else if (m.type === 'scheduler.flush-unschedulable') {
        state.queue.flushUnschedulableLeftover(ctx.now);
        ctx.setTimer('flush-unschedulable', 30_000, m);
      } else if (m.type === 'scheduler.cycle-done') {
        finishCycle(state, m, c);
        state.busy = false;
      }
      startCycle(state, c);
      return state;
    },
  };

  /** Pops the next pod and runs the scheduling algorithm; the outcome takes effect after the cycle's time. */
  function startCycle(state: KubeSchedulerState, ctx: ActorContext<never>): void {
    if (state.busy || !state.nodes.hasSynced || !state.pods.hasSynced) return;
    const q = state.queue.pop();
    if (q === undefined) return;
    const fw = state.frameworks.get(q.podInfo.pod.spec?.schedulerName ?? 'default-scheduler') as Framework;
    const rng = ctx.random('select-host');
    const r = schedulePod(fw, state.cache.snapshot, q.podInfo, { random: () => rng.next() });
    state.stats.attempts++;
    state.busy = true;
    if (r.selectedNode !== null) state.cache.assumePod(r.podInfo, r.selectedNode);
    const done: KubeSchedulerTimer = {
      type: 'scheduler.cycle-done',
      pod: q,
      node: r.selectedNode,
      message: r.message ?? r.status.reasons.join(', '),
      plugins: [...r.diagnosis.unschedulablePlugins],
    };
    (ctx as ActorContext<KubeSchedulerTimer>).setTimer('cycle', drawMs(cycleMs, ctx.random('cycle')), done);
  }

  function finishCycle(state: KubeSchedulerState, m: Extract<KubeSchedulerTimer, { type: 'scheduler.cycle-done' }>, ctx: ActorContext<never>): void {
    const pod = m.pod.podInfo.pod;
    const ns = pod.metadata?.namespace ?? 'default';
    const name = pod.metadata?.name ?? '';
    if (m.node === null) {
      state.stats.unschedulable++;
      state.queue.addUnschedulable(m.pod, new Set(m.plugins), ctx.now);
      markUnschedulable(state, pod, m.message, ctx, events !== 'none');
      return;
    }
    const node = m.node;
    state.client.bind(ctx, ns, name, node, (res, cx) => {
      if (res.ok) {
        state.stats.scheduled++;
        if (events === 'all' && res.object !== undefined) {
          const msg = `Successfully assigned ${ns}/${name} to ${node}`;
          state.client.create(cx, schedulerEvent(res.object as Pod & KubeObject, 'Normal', 'Scheduled', msg, cx.now, state.stats.attempts));
        }
        return;
      }
      state.stats.bindErrors++;
      state.cache.forgetPod(`${ns}/${name}`);
      if (res.error.reason !== 'NotFound') state.queue.addBackoff(m.pod, cx.now);
      cx.trace('bind failed', `${ns}/${name}: ${res.error.message}`);
    });
  }
}

/** PodScheduled=False / Unschedulable with the FailedScheduling message, and a Warning event. */
function markUnschedulable(state: KubeSchedulerState, pod: Pod, message: string, ctx: ActorContext<never>, recordEvent: boolean): void {
  const key = podKey(pod);
  const live = state.pods.get(pod.metadata?.namespace ?? 'default', pod.metadata?.name ?? '');
  if (live === undefined) return;
  ctx.trace('unschedulable', `${key}: ${message}`);
  if (state.pending.get(key)?.message === message) return; // same condition: nothing new to write
  state.pending.set(key, { message });
  const conditions = (live.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
  conditions.push({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message });
  state.client.updateStatus(ctx, { ...live, status: { ...live.status, conditions } } as KubeObject);
  if (recordEvent) state.client.create(ctx, schedulerEvent(live, 'Warning', 'FailedScheduling', message, ctx.now, state.stats.attempts));
}

/** A core/v1 Event from the default scheduler about a pod (named `<pod>.<16 hex>` from the instant, as client-go). */
function schedulerEvent(pod: Pod & KubeObject, type: 'Normal' | 'Warning', reason: string, message: string, nowMs: number, seq: number): KubeObject {
  const now = formatTimestamp(nowMs);
  const ns = pod.metadata.namespace ?? 'default';
  const nanos = (BigInt(nowMs) * 1_000_000n + BigInt(seq % 1_000_000)).toString(16).padStart(16, '0');
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${pod.metadata.name ?? ''}.${nanos}`, namespace: ns },
    involvedObject: objectReference(pod),
    type,
    reason,
    message,
    source: { component: 'default-scheduler' },
    count: 1,
    firstTimestamp: now,
    lastTimestamp: now,
    reportingComponent: 'default-scheduler',
    reportingInstance: 'default-scheduler',
  };
}

/**
 * kube-scheduler as an actor: informers into a scheduler cache, the scheduling queue, one scheduling cycle at a
 * time on the engine's clock, and asynchronous binding through the API server (kubernetes-behaviour.md §1.1–1.2).
 *
 * @packageDocumentation
 */
import type { Namespace, Node, Pod } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { ApiClient } from '../../api/client/api-client.js';
import { Informer } from '../../api/client/informer.js';
import { objectReference } from '../../api/events/record-event.js';
import { deepEqual } from '../../api/store/_internal/deep-equal.js';
import { formatTimestamp } from '../../api/store/_internal/timestamp.js';
import type { KubeObject } from '../../api/store/types.js';
import type { ActorContext, Behavior } from '../../engine/actor.js';
import type { Rng } from '../../engine/random.js';
import { SchedulerCache } from '../framework/cache.js';
import type { Framework } from '../framework/framework.js';
import type { ClusterEvent } from '../framework/interface.js';
import { podKey } from '../framework/cache.js';
import { Nominator } from '../framework/nominator.js';
import { PodInfo } from '../framework/pod-info.js';
import { schedulePod, type ScheduleResult } from '../framework/schedule-one.js';
import type { Status } from '../framework/status.js';
import { WaitingPodImpl } from '../framework/waiting-pod.js';
import { Names } from '../plugins/names.js';
import { prioritySort } from '../plugins/priority-sort.js';
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
  /** @internal PodDisruptionBudgets, for preemption. */ readonly pdbs: Informer<PodDisruptionBudget & KubeObject>;
  /** @internal Namespaces, whose labels affinity namespaceSelector terms match. */ readonly namespaces: Informer<Namespace & KubeObject>;
  /** The scheduler cache (nodes, pods, assumed pods). */
  readonly cache: SchedulerCache;
  /** The scheduling queue. */
  readonly queue: SchedulingQueue;
  /** @internal */ readonly frameworks: ReadonlyMap<string, Framework>;
  /** @internal */ busy: boolean;
  /** Counters: attempts, scheduled, unschedulable, bind errors. */
  readonly stats: { attempts: number; scheduled: number; unschedulable: number; bindErrors: number };
  /** @internal */ readonly pending: Map<string, Pending>;
  /** Pods nominated to nodes by preemption (shared by every profile). */
  readonly nominator: Nominator;
  /** @internal Pods waiting at Permit, with what the binding cycle needs. */
  readonly waiting: Map<string, Waiting>;
  /** @internal Waiting pods whose Permit decision arrived, in arrival order. */
  readonly decided: WaitingPodImpl[];
  /** @internal The `select-host` stream as schedulePod takes it (built once: a closure per cycle costs under tsx). */
  readonly selectHost: { readonly random: () => number };
}

/** A pod held at Permit. @internal */
interface Waiting {
  readonly q: QueuedPod;
  readonly fw: Framework;
  readonly r: ScheduleResult;
  readonly node: string;
  readonly w: WaitingPodImpl;
  /** Every plugin that returned Wait (each has a timeout timer). */
  readonly plugins: readonly string[];
}

/** Messages of the scheduler's own timers. */
export type KubeSchedulerTimer =
  | {
    readonly type: 'scheduler.cycle-done'; readonly pod: QueuedPod; readonly node: string | null; readonly message: string;
    readonly plugins: readonly string[]; readonly fw: Framework; readonly result: ScheduleResult;
  }
  | { readonly type: 'scheduler.permit-timeout'; readonly key: string; readonly plugin: string; readonly timeoutMs: number }
  | { readonly type: 'scheduler.flush-backoff' }
  | { readonly type: 'scheduler.flush-unschedulable' }
  | { readonly type: 'scheduler.kick' };

function drawMs(spec: CycleMs, rng: Rng): number {
  return typeof spec === 'number' ? spec : rng.int(spec.minMs, spec.maxMs);
}

/** A Go-style duration for messages: `10s`, `1.5s`, `250ms`. */
function goDuration(ms: number): string {
  return ms >= 1_000 ? `${ms / 1_000}s` : `${ms}ms`;
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
  const nominator = new Nominator();
  for (const fw of frameworks.values()) fw.nominator = nominator;
  const cycleMs = opts.cycleMs ?? { minMs: 2, maxMs: 4 };
  const events = opts.events ?? 'all';
  return {
    kind: 'kube-scheduler',
    init(ctx) {
      const c = ctx as ActorContext<never>;
      const client = new ApiClient(opts.server ?? 'kube-apiserver', 'system:kube-scheduler');
      const cache = new SchedulerCache();
      const prioritySortOnly = [...frameworks.values()].every((fw) => fw.points.queueSort[0] === prioritySort);
      const queue = new SchedulingQueue((pod) => frameworks.get(pod.spec?.schedulerName ?? 'default-scheduler'), prioritySortOnly);
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
          onUpdate: (o, n, cx) => {
            cache.updateNode(n);
            const changes = nodeUpdateEvents(o, n);
            if (changes.length === 0) return;
            for (const actionType of changes) queue.moveAllOnEvent({ resource: 'Node', actionType }, cx.now);
            kick(cx);
          },
          onDelete: (n) => cache.removeNode(n.metadata.name ?? ''),
          onSynced: kick,
        },
      });
      /** Tracks `status.nominatedNodeName` of unbound pods (upstream: the queue's PodNominator). */
      const nominate = (p: Pod) => {
        const nnn = p.status?.nominatedNodeName;
        if (nnn !== undefined && nnn !== '') nominator.add(new PodInfo(p), nnn); else nominator.delete(podKey(p));
      };
      const pods = new Informer<Pod & KubeObject>(client, 'Pod', {
        handlers: {
          onAdd: (p, cx) => {
            if ((p.spec?.nodeName ?? '') !== '') { if (!isTerminal(p)) cache.addPod(p); }
            else if (responsible(p) && p.metadata.deletionTimestamp === undefined) { nominate(p); queue.add(p, cx.now); kick(cx); }
          },
          onUpdate: (o, p, cx) => {
            // a duplicated event carries the same object: bypass it, or the pod could go through scheduling twice
            // (upstream updatePodInSchedulingQueue)
            if (o.metadata.resourceVersion === p.metadata.resourceVersion) return;
            if ((p.spec?.nodeName ?? '') !== '') {
              const key = podKey(p); // one string for the four lookups (two status writes per pod go this way)
              nominator.delete(key);
              queue.delete(key);
              if (isTerminal(p)) { cache.removePod(key); moveAll({ resource: 'AssignedPod', actionType: 'Delete' }, cx); }
              else cache.updatePod(p, key);
              if ((o.spec?.nodeName ?? '') === '') state.pending.delete(key);
            } else if (responsible(p)) {
              if (p.status?.nominatedNodeName !== o.status?.nominatedNodeName) nominate(p);
              queue.update(p, cx.now);
              kick(cx);
            }
          },
          onDelete: (p, cx) => {
            state.pending.delete(podKey(p));
            nominator.delete(podKey(p));
            if ((p.spec?.nodeName ?? '') !== '') { cache.removePod(p); moveAll({ resource: 'AssignedPod', actionType: 'Delete' }, cx); }
            else queue.delete(podKey(p));
          },
          onSynced: kick,
        },
      });
      // namespace labels for affinity namespaceSelector terms (upstream: InterPodAffinity's namespace lister)
      const nsLabels = (n: Namespace & KubeObject) => cache.setNamespaceLabels(n.metadata.name ?? '', n.metadata.labels ?? {});
      const namespaces = new Informer<Namespace & KubeObject>(client, 'Namespace', {
        handlers: {
          onAdd: nsLabels,
          onUpdate: (o, n) => { if (o.metadata.labels !== n.metadata.labels && !deepEqual(o.metadata.labels ?? {}, n.metadata.labels ?? {})) nsLabels(n); },
          onDelete: (n) => cache.removeNamespaceLabels(n.metadata.name ?? ''),
          onSynced: kick,
        },
      });
      const refreshPdbs = () => { cache.snapshot.pdbs = [...pdbs.list()]; };
      const pdbs = new Informer<PodDisruptionBudget & KubeObject>(client, 'PodDisruptionBudget', {
        handlers: { onAdd: refreshPdbs, onUpdate: refreshPdbs, onDelete: refreshPdbs, onSynced: refreshPdbs },
      });
      const selectHostRng = ctx.random('select-host');
      Object.assign(state, {
        client, nodes, pods, pdbs, namespaces, cache, queue, frameworks, busy: false, pending: new Map(), nominator, waiting: new Map(), decided: [],
        selectHost: { random: () => selectHostRng.next() },
        stats: { attempts: 0, scheduled: 0, unschedulable: 0, bindErrors: 0 },
      });
      nodes.start(c);
      pods.start(c);
      pdbs.start(c);
      namespaces.start(c);
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
      } else if (m.type === 'scheduler.permit-timeout') {
        state.waiting.get(m.key)?.w.reject(m.plugin, `rejected due to timeout after waiting ${goDuration(m.timeoutMs)} at plugin ${m.plugin}`);
      }
      processPermitDecisions(state, c);
      startCycle(state, c);
      return state;
    },
  };

  /** Pops the next pod and runs the scheduling algorithm; the outcome takes effect after the cycle's time. */
  function startCycle(state: KubeSchedulerState, ctx: ActorContext<never>): void {
    if (state.busy || !state.nodes.hasSynced || !state.pods.hasSynced || !state.namespaces.hasSynced) return;
    const q = state.queue.pop();
    if (q === undefined) return;
    const fw = state.frameworks.get(q.podInfo.pod.spec?.schedulerName ?? 'default-scheduler') as Framework;
    const r = schedulePod(fw, state.cache.snapshot, q.podInfo, state.selectHost);
    state.stats.attempts++;
    state.busy = true;
    // Assume at once so that nothing can take the room while the cycle's virtual time passes.
    if (r.selectedNode !== null) {
      try {
        state.cache.assumePod(r.podInfo, r.selectedNode);
      } catch (e) {
        // upstream: an assume error fails the attempt (handleSchedulingFailure with an Error status → backoffQ)
        ctx.trace('scheduler assume failed', `${q.podInfo.key}: ${(e as Error).message}`);
        state.queue.addBackoff(q, ctx.now);
        return;
      }
      state.nominator.delete(q.podInfo.key);
    }
    const done: KubeSchedulerTimer = {
      type: 'scheduler.cycle-done',
      pod: q,
      node: r.selectedNode,
      message: r.message ?? r.status.reasons.join(', '),
      plugins: [...r.diagnosis.unschedulablePlugins],
      fw,
      result: r,
    };
    (ctx as ActorContext<KubeSchedulerTimer>).setTimer('cycle', drawMs(cycleMs, ctx.random('cycle')), done);
  }

  /**
   * The end of the scheduling cycle: for a pod that fits nowhere, record it (and act on preemption); else
   * Reserve and Permit (§1.1 steps 9–10), then the binding cycle unless a Permit plugin holds the pod.
   */
  function finishCycle(state: KubeSchedulerState, m: Extract<KubeSchedulerTimer, { type: 'scheduler.cycle-done' }>, ctx: ActorContext<never>): void {
    const pod = m.pod.podInfo.pod;
    if (m.node === null) {
      state.stats.unschedulable++;
      const nominated = m.result.nominatedNodeName;
      if (nominated !== undefined) preempt(state, m.pod.podInfo, nominated, m.result.victims ?? [], ctx);
      state.queue.addUnschedulable(m.pod, new Set(m.plugins), ctx.now);
      markUnschedulable(state, pod, m.message, ctx, events !== 'none', nominated);
      return;
    }
    const { fw, result: r } = m;
    const node = m.node;
    const key = m.pod.podInfo.key;
    const reserved = fw.runReservePluginsReserve(r.state, r.podInfo, node);
    if (reserved.code !== 'Success') { schedulingFailed(state, m.pod, fw, r, node, reserved, ctx); return; }
    const permit = fw.runPermitPlugins(r.state, r.podInfo, node);
    if (permit.status.code === 'Wait') {
      const w = new WaitingPodImpl(r.podInfo, node, permit.waits, (d) => state.decided.push(d));
      fw.waitingPods.set(key, w);
      state.waiting.set(key, { q: m.pod, fw, r, node, w, plugins: [...permit.waits.keys()] });
      for (const [plugin, timeoutMs] of permit.waits) {
        (ctx as ActorContext<KubeSchedulerTimer>).setTimer(`permit:${key}:${plugin}`, timeoutMs, { type: 'scheduler.permit-timeout', key, plugin, timeoutMs });
      }
      return;
    }
    if (permit.status.code !== 'Success') { schedulingFailed(state, m.pod, fw, r, node, permit.status, ctx); return; }
    bindingCycle(state, m.pod, fw, r, node, ctx);
  }

  /** Acts on Permit decisions (allow / reject / timeout) that arrived while handling the last message. */
  function processPermitDecisions(state: KubeSchedulerState, ctx: ActorContext<never>): void {
    while (state.decided.length > 0) {
      const w = state.decided.shift() as WaitingPodImpl;
      const key = w.pod.key;
      const entry = state.waiting.get(key);
      if (entry?.w !== w) continue;
      state.waiting.delete(key);
      entry.fw.waitingPods.delete(key);
      for (const plugin of entry.plugins) ctx.cancelTimer(`permit:${key}:${plugin}`);
      const d = w.decision;
      if (d === undefined || d.code === 'Success') bindingCycle(state, entry.q, entry.fw, entry.r, entry.node, ctx);
      else schedulingFailed(state, entry.q, entry.fw, entry.r, entry.node, d, ctx, true);
    }
  }

  /** The binding cycle (§1.1 step 11): PreBind, then Bind plugins until one does not Skip, then PostBind. */
  function bindingCycle(state: KubeSchedulerState, q: QueuedPod, fw: Framework, r: ScheduleResult, node: string, ctx: ActorContext<never>): void {
    const pre = fw.runPreBindPlugins(r.state, r.podInfo, node);
    if (pre.code !== 'Success') { schedulingFailed(state, q, fw, r, node, pre, ctx, true); return; }
    const bound = fw.runBindPlugins(r.state, r.podInfo, node);
    if (bound.code !== 'Success') {
      schedulingFailed(state, q, fw, r, node, bound.code === 'Skip' ? { ...bound, code: 'Error' } : bound, ctx, true);
      return;
    }
    const pod = q.podInfo.pod;
    const ns = pod.metadata?.namespace ?? 'default';
    const name = pod.metadata?.name ?? '';
    state.client.bind(ctx, ns, name, node, (res, cx) => {
      state.queue.done(q.podInfo.key);
      if (res.ok) {
        state.stats.scheduled++;
        fw.runPostBindPlugins(r.state, r.podInfo, node);
        if (events === 'all' && res.object !== undefined) {
          const msg = `Successfully assigned ${ns}/${name} to ${node}`;
          state.client.create(cx, schedulerEvent(res.object as Pod & KubeObject, 'Normal', 'Scheduled', msg, cx.now, state.stats.attempts));
        }
        return;
      }
      state.stats.bindErrors++;
      fw.runReservePluginsUnreserve(r.state, r.podInfo, node);
      state.cache.forgetPod(`${ns}/${name}`);
      // the room the pod held is free again (upstream handleBindingCycleError)
      state.queue.moveAllOnEvent(ASSIGNED_POD_DELETE, cx.now);
      if (res.error.reason !== 'NotFound') state.queue.addBackoff(q, cx.now);
      cx.trace('bind failed', `${ns}/${name}: ${res.error.message}`);
    });
  }

  /**
   * A failure after the pod was assumed (Reserve, Permit, PreBind, Bind): Unreserve in reverse order, forget
   * the assumed pod, and requeue it — with backoff after an Error, as unschedulable (until an event the
   * rejecting plugin registered for) otherwise. A failure in the binding cycle (a pod waiting at Permit rejected
   * or timed out, PreBind, Bind) also frees the room the pod held for the others: every other pending pod is
   * moved as on an assigned pod's deletion (upstream handleBindingCycleError), before this one is requeued.
   */
  function schedulingFailed(state: KubeSchedulerState, q: QueuedPod, fw: Framework, r: ScheduleResult, node: string, st: Status, ctx: ActorContext<never>, inBindingCycle = false): void {
    fw.runReservePluginsUnreserve(r.state, r.podInfo, node);
    state.cache.forgetPod(q.podInfo.key);
    if (inBindingCycle) state.queue.moveAllOnEvent(ASSIGNED_POD_DELETE, ctx.now);
    state.stats.unschedulable++;
    if (st.code === 'Error') state.queue.addBackoff(q, ctx.now);
    else state.queue.addUnschedulable(q, new Set(st.plugin === '' ? [] : [st.plugin]), ctx.now);
    const reason = st.reasons.join(', ');
    markUnschedulable(state, q.podInfo.pod, reason === '' ? `rejected by plugin ${st.plugin}` : reason, ctx, events !== 'none');
  }

  /**
   * Acts on DefaultPreemption's choice (§1.7): nominate the preemptor, delete the victims (gracefully) and
   * clear the nominations of lower-priority pods to that node.
   */
  function preempt(state: KubeSchedulerState, pod: PodInfo, node: string, victims: readonly Pod[], ctx: ActorContext<never>): void {
    state.nominator.add(pod, node);
    for (const v of victims) {
      const ns = v.metadata?.namespace ?? 'default';
      const name = v.metadata?.name ?? '';
      ctx.trace('preempt', `${ns}/${name} on ${node} for ${pod.key}`);
      // upstream prepareCandidate: a victim waiting at Permit is rejected (its room is unreserved and it goes
      // back to the queue), not deleted
      const waiting = state.waiting.get(`${ns}/${name}`);
      if (waiting !== undefined) {
        waiting.w.reject(Names.DefaultPreemption, 'preempted');
        continue;
      }
      const live = state.pods.get(ns, name);
      // upstream prepareCandidate: the DisruptionTarget condition first (a status patch), then the delete
      if (live !== undefined) {
        const status = withDisruptionTarget(live, pod.pod.spec?.schedulerName ?? 'default-scheduler', ctx.now);
        if (status !== undefined) state.client.updateStatus(ctx, { ...live, status } as KubeObject);
      }
      state.client.delete(ctx, 'Pod', ns, name);
      if (events === 'all' && live !== undefined) {
        state.client.create(ctx, schedulerEvent(live, 'Normal', 'Preempted', `Preempted by pod ${pod.pod.metadata?.uid ?? pod.key} on node ${node}`, ctx.now, state.stats.attempts));
      }
    }
    for (const np of [...state.nominator.nominatedPodsForNode(node)]) {
      if (np.priority >= pod.priority) continue;
      state.nominator.delete(np.key);
      const live = state.pods.get(np.pod.metadata?.namespace ?? 'default', np.pod.metadata?.name ?? '');
      if (live?.status?.nominatedNodeName === undefined) continue;
      const status = { ...live.status };
      delete status.nominatedNodeName;
      state.client.updateStatus(ctx, { ...live, status } as KubeObject);
    }
  }
}

const ASSIGNED_POD_DELETE: ClusterEvent = { resource: 'AssignedPod', actionType: 'Delete' };

/**
 * The victim's status with upstream's preemption condition (`DisruptionTarget` True, reason
 * `PreemptionByScheduler`, message `<scheduler>: preempting to accommodate a higher priority pod`, where the
 * scheduler is the preemptor's `spec.schedulerName`), applied as `apipod.UpdatePodCondition` does: appended,
 * or replacing the condition of that type in place (keeping its lastTransitionTime when the status is
 * unchanged); undefined when nothing changes.
 */
function withDisruptionTarget(victim: Pod, schedulerName: string, nowMs: number): Pod['status'] | undefined {
  const cond = {
    type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler',
    message: `${schedulerName}: preempting to accommodate a higher priority pod`, lastTransitionTime: formatTimestamp(nowMs),
  };
  const conditions = [...(victim.status?.conditions ?? [])];
  const i = conditions.findIndex((c) => c.type === 'DisruptionTarget');
  const old = conditions[i];
  if (old === undefined) {
    conditions.push(cond);
  } else {
    if (old.status === cond.status) cond.lastTransitionTime = old.lastTransitionTime ?? cond.lastTransitionTime;
    if (old.status === cond.status && old.reason === cond.reason && old.message === cond.message && old.lastProbeTime === undefined) return undefined;
    conditions[i] = cond;
  }
  return { ...victim.status, conditions };
}

/**
 * PodScheduled=False / Unschedulable with the FailedScheduling message (and `status.nominatedNodeName` when
 * preemption nominated a node), and a Warning event.
 */
function markUnschedulable(state: KubeSchedulerState, pod: Pod, message: string, ctx: ActorContext<never>, recordEvent: boolean, nominated?: string): void {
  const key = podKey(pod);
  const live = state.pods.get(pod.metadata?.namespace ?? 'default', pod.metadata?.name ?? '');
  if (live === undefined) return;
  ctx.trace('unschedulable', `${key}: ${message}`);
  const seen = nominated === undefined ? message : `${message}\u0000${nominated}`;
  if (state.pending.get(key)?.message === seen) return; // same condition: nothing new to write
  state.pending.set(key, { message: seen });
  const conditions = (live.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
  conditions.push({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message });
  const status = { ...live.status, conditions, ...(nominated !== undefined ? { nominatedNodeName: nominated } : {}) };
  state.client.updateStatus(ctx, { ...live, status } as KubeObject);
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

/**
 * What a Node update changed, as the events plugins register for (upstream `nodeSchedulingPropertiesChange`):
 * allocatable, labels, taints (a change of `spec.unschedulable` counts as a taint change, as upstream classifies
 * it), conditions (statuses only: heartbeats are not a change). Nothing else moves pods.
 */
export function nodeUpdateEvents(o: Node, n: Node): ClusterEvent['actionType'][] {
  const out: ClusterEvent['actionType'][] = [];
  if (!sameJson(o.status?.allocatable, n.status?.allocatable)) out.push('UpdateNodeAllocatable');
  if (!sameJson(o.metadata?.labels, n.metadata?.labels)) out.push('UpdateNodeLabel');
  if (!sameJson(o.spec?.taints, n.spec?.taints) || (o.spec?.unschedulable ?? false) !== (n.spec?.unschedulable ?? false)) out.push('UpdateNodeTaint');
  const cond = (x: Node) => (x.status?.conditions ?? []).map((c) => `${c.type}=${c.status}`).join(',');
  if (cond(o) !== cond(n)) out.push('UpdateNodeCondition');
  return out;
}

function sameJson(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

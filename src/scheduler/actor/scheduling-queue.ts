/**
 * kube-scheduler's scheduling queue: activeQ, backoffQ and the unschedulable pods (kubernetes-behaviour.md §1.2).
 *
 * @remarks
 * - activeQ is ordered by the profile's QueueSort (PrioritySort: higher priority first, then earlier queue
 *   timestamp), with an insertion counter as the final tie-break so the order is deterministic.
 * - A pod that failed goes to the unschedulable pods; a cluster event that one of its rejecting plugins
 *   registered for moves it back — to backoffQ while its backoff (1 s doubling per attempt, capped at 10 s) has
 *   not expired, else to activeQ. Plugins that register no events are treated as interested in every event.
 * - Periodic flushes (driven by the scheduler actor's timers): backoffQ pods whose backoff expired move to
 *   activeQ (every 1 s); pods unschedulable for longer than 5 minutes move back (every 30 s).
 * - PreEnqueue plugins (SchedulingGates) keep a pod out of activeQ until they pass.
 *
 * @packageDocumentation
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Framework } from '../framework/framework.js';
import type { ClusterEvent, QueuedPodInfo } from '../framework/interface.js';
import { PodInfo } from '../framework/pod-info.js';

/** Initial per-pod backoff (podInitialBackoffSeconds = 1). */
export const POD_INITIAL_BACKOFF_MS = 1_000;
/** Maximum per-pod backoff (podMaxBackoffSeconds = 10). */
export const POD_MAX_BACKOFF_MS = 10_000;
/** How long a pod may stay unschedulable before the leftover flush retries it (podMaxInUnschedulablePodsDuration). */
export const POD_MAX_IN_UNSCHEDULABLE_MS = 5 * 60_000;

/** A pod in the queue, with its scheduling history. */
export interface QueuedPod extends QueuedPodInfo {
  /** When the pod first entered the queue (for scheduling latency). */
  readonly initialTimestampMs: number;
  /** Plugins that rejected the pod in its last attempt. */
  readonly unschedulablePlugins: ReadonlySet<string>;
  /** Set while a PreEnqueue plugin (SchedulingGates) holds it back. */
  readonly gated: boolean;
  /** @internal insertion order */
  readonly order: number;
}

/** The backoff of a pod after `attempts` failed attempts: 1 s, 2 s, 4 s, 8 s, then 10 s. */
export function backoffDurationMs(attempts: number): number {
  let d = POD_INITIAL_BACKOFF_MS;
  for (let i = 1; i < attempts; i++) {
    d *= 2;
    if (d >= POD_MAX_BACKOFF_MS) return POD_MAX_BACKOFF_MS;
  }
  return d;
}

/**
 * The scheduling queue of one scheduler (all its profiles).
 *
 * @example
 * ```ts
 * const q = new SchedulingQueue((pod) => frameworks.get(pod.spec?.schedulerName ?? 'default-scheduler'));
 * q.add(pod, 0);
 * const next = q.pop(); // the highest-priority pod
 * ```
 */
export class SchedulingQueue {
  /** activeQ as a binary heap with lazy deletion: an entry counts only while `activeByKey` maps to it. */
  private readonly heap: QueuedPod[] = [];
  private readonly activeByKey = new Map<string, QueuedPod>();
  private readonly backoff = new Map<string, QueuedPod>();
  private readonly unschedulable = new Map<string, QueuedPod>();
  private order = 0;
  /**
   * Cluster events seen while some pod is in flight (popped, not yet back), and where each in-flight pod's view
   * starts (upstream `inFlightEvents` / `inFlightPods`): an event a failed attempt could not have seen may have made
   * the pod schedulable, so it must not park in the unschedulable pool.
   */
  private readonly inFlightEvents: ClusterEvent[] = [];
  private readonly inFlightFrom = new Map<string, number>();

  constructor(
    private readonly frameworkOf: (pod: Pod) => Framework | undefined,
    /**
     * Every profile sorts with the built-in PrioritySort and every queued pod has a profile (the scheduler queues
     * only the pods it is responsible for): activeQ then compares priorities and timestamps directly, without
     * looking up the pod's profile twice per comparison (a pop at 30,000 pending pods makes ~60 comparisons).
     */
    private readonly prioritySortOnly = false,
  ) {}

  /** Pods waiting in activeQ. */
  get activeCount(): number {
    return this.activeByKey.size;
  }

  /** Pods anywhere in the queue. */
  get size(): number {
    return this.activeByKey.size + this.backoff.size + this.unschedulable.size;
  }

  /** Pods that failed and wait for an event or the leftover flush (gated pods included). */
  unschedulablePods(): IterableIterator<QueuedPod> {
    return this.unschedulable.values();
  }

  /** Whether a pod (by `namespace/name`) is queued anywhere. */
  has(key: string): boolean {
    return this.activeByKey.has(key) || this.backoff.has(key) || this.unschedulable.has(key);
  }

  /** Adds a new pending pod (upstream `Add`). */
  add(pod: Pod, nowMs: number): void {
    const pi = new PodInfo(pod);
    if (this.has(pi.key)) return;
    this.enqueue({ podInfo: pi, timestampMs: nowMs, initialTimestampMs: nowMs, attempts: 0, unschedulablePlugins: new Set(), gated: false, order: this.order++ });
  }

  /** Replaces a queued pod's object (e.g. its scheduling gates were removed); re-runs PreEnqueue when gated. */
  update(pod: Pod, nowMs: number): void {
    const pi = new PodInfo(pod);
    const key = pi.key;
    const gated = this.unschedulable.get(key);
    if (gated?.gated === true) {
      this.unschedulable.delete(key);
      this.enqueue({ ...gated, podInfo: pi, gated: false, timestampMs: nowMs });
      return;
    }
    // in flight (popped, its attempt not over): not queued again; the update is an event its attempt missed
    if (this.inFlightFrom.has(key)) {
      this.inFlightEvents.push({ resource: 'Pod', actionType: 'Update' });
      return;
    }
    const replace = (q: QueuedPod): QueuedPod => ({ ...q, podInfo: pi });
    const b = this.backoff.get(key);
    if (b !== undefined) this.backoff.set(key, replace(b));
    const u = this.unschedulable.get(key);
    if (u !== undefined) this.unschedulable.set(key, replace(u));
    const a = this.activeByKey.get(key);
    if (a !== undefined) this.push(replace(a));
    if (!this.has(key)) this.add(pod, nowMs);
  }

  /** Tells the queue an in-flight pod's attempt ended (bound, or given up): its in-flight view ends. */
  done(key: string): void {
    this.landed(key);
  }

  /** Removes a pod (deleted, or bound by someone else). */
  delete(key: string): void {
    this.landed(key);
    this.backoff.delete(key);
    this.unschedulable.delete(key);
    this.activeByKey.delete(key);
  }

  /** Takes the next pod from activeQ (upstream `Pop`), counting the attempt. */
  pop(): QueuedPod | undefined {
    for (;;) {
      const q = this.popHeap();
      if (q === undefined) return undefined;
      if (this.activeByKey.get(q.podInfo.key) !== q) continue; // deleted or replaced since it was pushed
      this.activeByKey.delete(q.podInfo.key);
      this.inFlightFrom.set(q.podInfo.key, this.inFlightEvents.length);
      return { ...q, attempts: q.attempts + 1 };
    }
  }

  /** Puts back a pod whose attempt failed (upstream `AddUnschedulableIfNotPresent`). */
  addUnschedulable(q: QueuedPod, plugins: ReadonlySet<string>, nowMs: number): void {
    const from = this.landed(q.podInfo.key);
    if (this.has(q.podInfo.key)) return;
    const parked: QueuedPod = { ...q, unschedulablePlugins: plugins, timestampMs: nowMs, gated: false };
    // rejected by no plugin (e.g. no nodes at all): retry after backoff, as upstream's queueing hint does; likewise
    // when an event that happened during the attempt may have helped it
    if (plugins.size === 0 || this.helpedInFlight(parked, from)) this.backoff.set(q.podInfo.key, parked);
    else this.unschedulable.set(q.podInfo.key, parked);
  }

  /** Puts back a pod after an error (binding failed): straight to backoffQ. */
  addBackoff(q: QueuedPod, nowMs: number): void {
    this.landed(q.podInfo.key);
    if (this.has(q.podInfo.key)) return;
    this.backoff.set(q.podInfo.key, { ...q, timestampMs: nowMs });
  }

  /** Moves the unschedulable pods that `event` may help back to backoffQ / activeQ. */
  moveAllOnEvent(event: ClusterEvent, nowMs: number): void {
    if (this.inFlightFrom.size > 0) this.inFlightEvents.push(event);
    for (const [key, q] of [...this.unschedulable]) {
      if (q.gated || !this.interested(q, event)) continue;
      this.unschedulable.delete(key);
      this.requeue(q, nowMs);
    }
  }

  /** Moves backoffQ pods whose backoff expired to activeQ (every 1 s upstream). */
  flushBackoffCompleted(nowMs: number): void {
    for (const [key, q] of [...this.backoff]) {
      if (q.timestampMs + backoffDurationMs(q.attempts) > nowMs) continue;
      this.backoff.delete(key);
      this.enqueue(q);
    }
  }

  /** Retries pods unschedulable for more than 5 minutes (every 30 s upstream). */
  flushUnschedulableLeftover(nowMs: number): void {
    for (const [key, q] of [...this.unschedulable]) {
      if (q.gated || nowMs - q.timestampMs <= POD_MAX_IN_UNSCHEDULABLE_MS) continue;
      this.unschedulable.delete(key);
      this.requeue(q, nowMs);
    }
  }

  private requeue(q: QueuedPod, nowMs: number): void {
    if (q.timestampMs + backoffDurationMs(q.attempts) > nowMs) this.backoff.set(q.podInfo.key, q);
    else this.enqueue(q);
  }

  /** Ends a pod's in-flight view; returns where it started (or the end of the log). */
  private landed(key: string): number {
    const from = this.inFlightFrom.get(key);
    if (from === undefined) return this.inFlightEvents.length;
    this.inFlightFrom.delete(key);
    if (this.inFlightFrom.size === 0) this.inFlightEvents.length = 0;
    return from;
  }

  private helpedInFlight(q: QueuedPod, from: number): boolean {
    for (let i = from; i < this.inFlightEvents.length; i++) if (this.interested(q, this.inFlightEvents[i] as ClusterEvent)) return true;
    return false;
  }

  private interested(q: QueuedPod, event: ClusterEvent): boolean {
    const fw = this.frameworkOf(q.podInfo.pod);
    if (fw === undefined || q.unschedulablePlugins.size === 0) return true;
    for (const name of q.unschedulablePlugins) {
      const events = fw.plugins.get(name)?.eventsToRegister?.();
      if (events === undefined) return true;
      for (const e of events) {
        const r = e.event.resource;
        const a = e.event.actionType;
        // a plugin registered for `Update` is interested in every kind of update (upstream's ActionType bitmask)
        const act = a === 'All' || a === event.actionType || (a === 'Update' && event.actionType.startsWith('Update'));
        if ((r === '*' || r === event.resource) && act) return true;
      }
    }
    return false;
  }

  /** Inserts into activeQ in QueueSort order, unless PreEnqueue holds the pod back. */
  private enqueue(q: QueuedPod): void {
    const fw = this.frameworkOf(q.podInfo.pod);
    const st = fw?.runPreEnqueuePlugins(q.podInfo);
    if (st !== undefined && st.code !== 'Success') {
      this.unschedulable.set(q.podInfo.key, { ...q, gated: true });
      return;
    }
    this.push(q);
  }

  private before(a: QueuedPod, b: QueuedPod): boolean {
    if (this.prioritySortOnly) {
      // PrioritySort's less both ways, then insertion order (the same verdicts as the general path below)
      const pa = a.podInfo.priority;
      const pb = b.podInfo.priority;
      if (pa !== pb) return pa > pb;
      return a.timestampMs !== b.timestampMs ? a.timestampMs < b.timestampMs : a.order < b.order;
    }
    const fw = this.frameworkOf(a.podInfo.pod);
    const lt = fw !== undefined ? fw.less(a, b) : a.timestampMs < b.timestampMs;
    if (lt) return true;
    const gt = fw !== undefined ? fw.less(b, a) : b.timestampMs < a.timestampMs;
    return !gt && a.order < b.order;
  }

  private push(q: QueuedPod): void {
    this.activeByKey.set(q.podInfo.key, q);
    const h = this.heap;
    let i = h.length;
    h.push(q);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = h[p] as QueuedPod;
      if (!this.before(q, parent)) break;
      h[i] = parent;
      i = p;
    }
    h[i] = q;
  }

  private popHeap(): QueuedPod | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (top === undefined || last === undefined || h.length === 0) return top;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= h.length) break;
      if (c + 1 < h.length && this.before(h[c + 1] as QueuedPod, h[c] as QueuedPod)) c++;
      const child = h[c] as QueuedPod;
      if (!this.before(child, last)) break;
      h[i] = child;
      i = c;
    }
    h[i] = last;
    return top;
  }
}

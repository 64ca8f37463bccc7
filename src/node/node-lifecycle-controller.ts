/**
 * The node lifecycle controller with taint-based eviction (`pkg/controller/nodelifecycle`,
 * `pkg/controller/tainteviction`; kubernetes-behaviour.md §6).
 *
 * @packageDocumentation
 */
import type { Node, NodeCondition, Pod, Taint } from 'kubernetes-types/core/v1.js';
import type { ApiClient } from '../api/client/api-client.js';
import type { Informer } from '../api/client/informer.js';
import type { ApiClientMessage } from '../api/server/messages.js';
import type { KubeObject } from '../api/store/types.js';
import { deepEqual } from '../api/store/_internal/deep-equal.js';
import type { ActorContext } from '../engine/actor.js';
import { type ControllerBehavior, standaloneController } from '../controllers/controller-manager.js';
import { timestamp } from './_internal/time.js';
import type { NodeHeartbeats } from './heartbeats.js';
import { TAINT_MEMORY_PRESSURE, TAINT_NOT_READY, TAINT_UNREACHABLE, evictionDelayMs } from './taints.js';
import { type ZoneLimits, zoneRates } from './zones.js';

/** Options of {@link nodeLifecycleController}; defaults are kube-controller-manager's flags. */
export interface NodeLifecycleOptions {
  /** The heartbeat board the kubelets renew on. */
  readonly heartbeats: NodeHeartbeats;
  /** @defaultValue `'kube-apiserver'` */
  readonly apiServer?: string;
  /** `--node-monitor-period`. @defaultValue 5 s */
  readonly monitorPeriodMs?: number;
  /** `--node-monitor-grace-period`. @defaultValue 50 s */
  readonly gracePeriodMs?: number;
  /** `--node-startup-grace-period`. @defaultValue 60 s */
  readonly startupGracePeriodMs?: number;
  /** Zone rate limits of NoExecute tainting (`--node-eviction-rate` …). */
  readonly zones?: Partial<ZoneLimits>;
}

/** The controller's state. */
export interface NodeLifecycleState {
  /** @internal */ readonly client: ApiClient;
  /** @internal */ readonly heartbeats: NodeHeartbeats;
  /** @internal */ readonly nodes: Informer<Node & KubeObject>;
  /** @internal */ readonly pods: Informer<Pod & KubeObject>;
  /** @internal per node: its board slot and when the controller last saw it alive (`probeTimestamp`) */
  readonly records: ProbeTable;
  /** @internal nodes to check at the next monitor pass whatever their heartbeat */ readonly dirty: Set<string>;
  /** @internal per node: pod keys bound to it */ readonly podsByNode: Map<string, Set<string>>;
  /** @internal per pod key: [started, trigger] of its scheduled eviction */ readonly evictions: Map<string, [number, number]>;
  /** @internal per zone: earliest next NoExecute tainting */ readonly zoneNextMs: Map<string, number>;
}

/**
 * The monitored nodes in the order first seen, as parallel arrays: the monitor pass scans every node every 5 s, and
 * reading two typed arrays costs no cache miss per node (one record object per node did, at 5,000 nodes).
 * @internal
 */
class ProbeTable {
  private readonly pos = new Map<string, number>();
  names: string[] = [];
  slots = new Int32Array(64);
  /** When the controller last saw the node alive (`probeTimestamp`), virtual ms. */
  probeMs = new Float64Array(64);

  get size(): number {
    return this.names.length;
  }

  has(name: string): boolean {
    return this.pos.has(name);
  }

  /** The node's position, or -1. */
  indexOf(name: string): number {
    return this.pos.get(name) ?? -1;
  }

  add(name: string, slot: number, probeMs: number): void {
    const i = this.names.length;
    if (i === this.slots.length) {
      const s = new Int32Array(i * 2);
      s.set(this.slots);
      this.slots = s;
      const p = new Float64Array(i * 2);
      p.set(this.probeMs);
      this.probeMs = p;
    }
    this.names.push(name);
    this.slots[i] = slot;
    this.probeMs[i] = probeMs;
    this.pos.set(name, i);
  }

  delete(name: string): void {
    const i = this.pos.get(name);
    if (i === undefined) return;
    this.pos.delete(name);
    const n = this.names.length;
    this.names.splice(i, 1);
    this.slots.copyWithin(i, i + 1, n);
    this.probeMs.copyWithin(i, i + 1, n);
    for (let j = i; j < n - 1; j++) this.pos.set(this.names[j] as string, j);
  }
}

/** What the node lifecycle controller accepts: its monitor and eviction timers, and API responses. */
export type NodeLifecycleMessage = { readonly type: 'nlc.monitor' } | { readonly type: 'nlc.evict'; readonly key: string } | ApiClientMessage;

const UNKNOWN_REASON = 'NodeStatusUnknown';

/**
 * The node lifecycle controller actor (spawn it as `node-lifecycle-controller`).
 *
 * @remarks
 * Every monitor period it checks each node: if neither a lease renewal nor a status post was seen for the grace
 * period (50 s; 60 s for a node never seen alive), it sets the node's Ready, MemoryPressure, DiskPressure and
 * PIDPressure conditions to `Unknown` (reason `NodeStatusUnknown`) and marks its pods `Ready=False`. From the
 * Ready condition it keeps the taints: `node.kubernetes.io/unreachable` (Unknown) or `not-ready` (False), with
 * effect NoSchedule at once and NoExecute through the zone's rate limiter; a healthy node loses them.
 * Taint-based eviction: a pod on a node with NoExecute taints is deleted at once when it does not tolerate one,
 * after the smallest `tolerationSeconds` of the tolerations used (300 s by default through admission), or never;
 * removing the taints cancels pending evictions. Evicted pods get the `DisruptionTarget` condition first.
 *
 * @example
 * ```ts
 * sim.spawn('node-lifecycle-controller', nodeLifecycleController({ heartbeats: board }));
 * ```
 */
export function nodeLifecycleController(opts: NodeLifecycleOptions): ControllerBehavior<NodeLifecycleState> {
  const period = opts.monitorPeriodMs ?? 5000;
  return standaloneController<NodeLifecycleState>(
    {
      name: 'node-lifecycle-controller',
      user: 'system:serviceaccount:kube-system:node-controller',
      init(ctx, kit) {
        const state = {} as { -readonly [K in keyof NodeLifecycleState]: NodeLifecycleState[K] };
        Object.assign(state, { client: kit.client(), heartbeats: opts.heartbeats, records: new ProbeTable(), dirty: new Set(), podsByNode: new Map(), evictions: new Map(), zoneNextMs: new Map() });
        state.nodes = kit.informer<Node & KubeObject>('Node', {
          onAdd: (n, x) => onNode(state, undefined, n, x),
          onUpdate: (o, n, x) => onNode(state, o, n, x),
          onDelete: (n) => forgetNode(state, n.metadata.name ?? ''),
        });
        state.pods = kit.informer<Pod & KubeObject>('Pod', {
          onAdd: (p, x) => onPod(state, p, x),
          // upstream podUpdated: nothing to do unless the node or the tolerations changed
          onUpdate: (o, p, x) => {
            if (o.spec?.nodeName === p.spec?.nodeName && sameTolerations(o, p)) return;
            onPod(state, p, x, true);
          },
          onDelete: (p, x) => forgetPod(state, p, x),
        });
        ctx.setTimer('monitor', period, MONITOR as never);
        return state;
      },
      receive(state, msg, ctx) {
        const m = msg as NodeLifecycleMessage;
        if (m.type === 'nlc.monitor') {
          ctx.setTimer('monitor', period, MONITOR as never);
          monitor(state, opts, ctx);
        } else if (m.type === 'nlc.evict') evict(state, m.key, ctx);
      },
    },
    opts.apiServer,
  );
}

const MONITOR: NodeLifecycleMessage = { type: 'nlc.monitor' };

function ready(node: Node): NodeCondition | undefined {
  const conditions = node.status?.conditions;
  if (conditions === undefined) return undefined;
  for (const c of conditions) if (c.type === 'Ready') return c;
  return undefined;
}

/** A status post by the kubelet counts as a sign of life (a changed Ready heartbeat). */
function onNode(state: NodeLifecycleState, old: Node | undefined, node: Node & KubeObject, ctx: ActorContext<never>): void {
  const name = node.metadata.name ?? '';
  const readyNow = ready(node);
  const i = state.records.indexOf(name);
  if (i < 0) state.records.add(name, state.heartbeats.slot(name), ctx.now);
  else if (old !== undefined && readyNow?.lastHeartbeatTime !== ready(old)?.lastHeartbeatTime && readyNow?.reason !== UNKNOWN_REASON) state.records.probeMs[i] = ctx.now;
  state.dirty.add(name);
  // the store shares an unchanged spec.taints between versions (a status post keeps it): nothing to compare then
  const taints = node.spec?.taints;
  if (old !== undefined ? old.spec?.taints === taints : taints === undefined) return;
  const before = JSON.stringify(noExecute(old));
  if (before !== JSON.stringify(noExecute(node))) for (const key of state.podsByNode.get(name) ?? []) processPodKey(state, key, ctx);
}

function forgetNode(state: NodeLifecycleState, name: string): void {
  state.records.delete(name);
  state.dirty.delete(name);
}

const NO_TAINTS: readonly Taint[] = Object.freeze([]);

function noExecute(node: Node | undefined): readonly Taint[] {
  const taints = node?.spec?.taints;
  return taints === undefined || taints.length === 0 ? NO_TAINTS : taints.filter((t) => t.effect === 'NoExecute');
}

function podKey(p: Pod): string {
  return `${p.metadata?.namespace ?? ''}/${p.metadata?.name ?? ''}`;
}

function sameTolerations(a: Pod, b: Pod): boolean {
  const x = a.spec?.tolerations;
  const y = b.spec?.tolerations;
  return x === y || deepEqual(x ?? [], y ?? []);
}

function onPod(state: NodeLifecycleState, pod: Pod & KubeObject, ctx: ActorContext<never>, changed = false): void {
  const node = pod.spec?.nodeName ?? '';
  if (node === '') return;
  const key = podKey(pod);
  let set = state.podsByNode.get(node);
  if (set === undefined) state.podsByNode.set(node, (set = new Set()));
  if (!set.has(key)) set.add(key);
  else if (!changed) return;
  processPodKey(state, key, ctx);
}

function forgetPod(state: NodeLifecycleState, pod: Pod, ctx: ActorContext<never>): void {
  const key = podKey(pod);
  state.podsByNode.get(pod.spec?.nodeName ?? '')?.delete(key);
  cancelEviction(state, key, ctx);
}

/** Cancels a pod's pending eviction; its timer is set exactly while `evictions` holds the key. */
function cancelEviction(state: NodeLifecycleState, key: string, ctx: ActorContext<never>): void {
  if (state.evictions.delete(key)) ctx.cancelTimer(`evict/${key}`);
}

/** Taint eviction for one pod: now, after its toleration, or never (cancelling a pending eviction). */
function processPodKey(state: NodeLifecycleState, key: string, ctx: ActorContext<never>): void {
  const [ns, name] = key.split('/') as [string, string];
  const pod = state.pods.get(ns, name);
  const node = pod === undefined ? undefined : state.nodes.get('', pod.spec?.nodeName ?? '');
  const taints = noExecute(node);
  const delay = pod === undefined || taints.length === 0 || pod.metadata.deletionTimestamp !== undefined ? Number.POSITIVE_INFINITY : evictionDelayMs(pod.spec?.tolerations ?? [], taints);
  if (delay === Number.POSITIVE_INFINITY) {
    cancelEviction(state, key, ctx);
    return;
  }
  const prev = state.evictions.get(key);
  const startMs = prev?.[0] ?? ctx.now;
  if (prev !== undefined && prev[1] === startMs + delay) return;
  state.evictions.set(key, [startMs, startMs + delay]);
  ctx.setTimer(`evict/${key}`, Math.max(0, startMs + delay - ctx.now), { type: 'nlc.evict', key } as never);
}

/** Deletes an evicted pod, with the DisruptionTarget condition first (`addConditionAndDeletePod`). */
function evict(state: NodeLifecycleState, key: string, ctx: ActorContext<never>): void {
  state.evictions.delete(key);
  const [ns, name] = key.split('/') as [string, string];
  const pod = state.pods.get(ns, name);
  if (pod === undefined || pod.metadata.deletionTimestamp !== undefined) return;
  ctx.trace('taint eviction', key);
  const cond = { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint', lastTransitionTime: timestamp(ctx.now) };
  const conditions = [...(pod.status?.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget'), cond];
  state.client.updateStatus(ctx, { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns }, status: { ...pod.status, conditions } });
  state.client.delete(ctx, 'Pod', ns, name, { preconditions: { uid: pod.metadata.uid ?? '' } });
}

/**
 * One monitor pass (`monitorNodeHealth`): every node's last sign of life is compared with the grace period — a
 * scan of the board, no allocation per node — and only the nodes past it or changed since the last pass are
 * examined in full (conditions, taints).
 */
function monitor(state: NodeLifecycleState, opts: NodeLifecycleOptions, ctx: ActorContext<never>): void {
  const grace = opts.gracePeriodMs ?? 50_000;
  const startupGrace = opts.startupGracePeriodMs ?? 60_000;
  const now = ctx.now;
  const check = state.dirty;
  const { slots, probeMs, names: monitored } = state.records;
  for (let i = 0, n = monitored.length; i < n; i++) {
    const renewed = opts.heartbeats.lastRenewSlot(slots[i] as number);
    if (renewed > (probeMs[i] as number)) probeMs[i] = renewed;
    const limit = renewed === Number.NEGATIVE_INFINITY ? startupGrace : grace;
    if (now - (probeMs[i] as number) > limit) check.add(monitored[i] as string);
  }
  if (check.size === 0) return;
  const names = [...check];
  check.clear();
  let rates: Map<string, number> | undefined;
  // the zone's eviction rate, computed once per pass and only when a NoExecute taint waits for it
  const rateOf = (node: Node): number => {
    rates ??= zoneRates([...state.nodes.list()], opts.zones);
    return rates.get(zoneOf(node)) ?? 0;
  };
  for (const name of names) {
    const node = state.nodes.get('', name);
    const i = state.records.indexOf(name);
    if (node === undefined || i < 0) continue;
    const limit = opts.heartbeats.lastRenewSlot(state.records.slots[i] as number) === Number.NEGATIVE_INFINITY ? startupGrace : grace;
    const r = ready(node);
    let cond = r?.status ?? 'Unknown';
    if (now - (state.records.probeMs[i] as number) > limit && (r?.reason !== UNKNOWN_REASON || cond !== 'Unknown')) {
      markUnknown(state, node, ctx);
      opts.heartbeats.markStatusOverwritten(name);
      cond = 'Unknown';
    }
    if (!reconcileTaints(state, node, cond, rateOf, ctx)) check.add(name);
  }
}

/** The Ready-condition taints this controller owns. */
function ours(t: Taint): boolean {
  return t.key === TAINT_UNREACHABLE || t.key === TAINT_NOT_READY;
}

function zoneOf(node: Node): string {
  return node.metadata?.labels?.['topology.kubernetes.io/zone'] ?? '';
}

/** Ready and the pressure conditions go Unknown; the node's pods are marked not ready. */
function markUnknown(state: NodeLifecycleState, node: Node & KubeObject, ctx: ActorContext<never>): void {
  const now = timestamp(ctx.now);
  const types = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];
  const conditions: NodeCondition[] = (node.status?.conditions ?? []).map((c) =>
    types.includes(c.type) ? { ...c, status: 'Unknown', reason: UNKNOWN_REASON, message: 'Kubelet stopped posting node status.', lastTransitionTime: c.status === 'Unknown' ? c.lastTransitionTime ?? now : now } : c,
  );
  for (const t of types) {
    if (!conditions.some((c) => c.type === t)) {
      conditions.push({ type: t, status: 'Unknown', reason: UNKNOWN_REASON, message: 'Kubelet never posted node status.', lastTransitionTime: now, lastHeartbeatTime: now });
    }
  }
  ctx.trace('node status unknown', node.metadata.name ?? '');
  const meta = { name: node.metadata.name ?? '' };
  state.client.updateStatus(ctx, { apiVersion: 'v1', kind: 'Node', metadata: meta, status: { ...node.status, conditions } });
  for (const key of state.podsByNode.get(meta.name) ?? []) {
    const [ns, name] = key.split('/') as [string, string];
    const pod = state.pods.get(ns, name);
    const podReady = pod?.status?.conditions?.find((c) => c.type === 'Ready');
    if (pod === undefined || podReady?.status !== 'True') continue;
    const pconds = (pod.status?.conditions ?? []).map((c) => (c.type === 'Ready' ? { ...c, status: 'False', lastTransitionTime: now } : c));
    state.client.updateStatus(ctx, { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns }, status: { ...pod.status, conditions: pconds } });
  }
}

/** Keeps the not-ready / unreachable taints in line with the Ready condition (NoExecute rate-limited per zone). */
function reconcileTaints(state: NodeLifecycleState, node: Node & KubeObject, cond: string, rateOf: (node: Node) => number, ctx: ActorContext<never>): boolean {
  const current = node.spec?.taints ?? NO_TAINTS;
  const want = cond === 'Unknown' ? TAINT_UNREACHABLE : cond === 'False' ? TAINT_NOT_READY : undefined;
  // TaintNodesByCondition: MemoryPressure=True → node.kubernetes.io/memory-pressure:NoSchedule
  const memory = node.status?.conditions?.some((c) => c.type === 'MemoryPressure' && c.status === 'True') === true;
  // a healthy node without any of the taints this controller manages (every node, every pass, in a quiet
  // cluster): nothing to add or remove
  if (want === undefined && !memory && current.every((t) => !ours(t) && t.key !== TAINT_MEMORY_PRESSURE)) return true;
  const keep = current.filter((t) => (!ours(t) || t.key === want) && (t.key !== TAINT_MEMORY_PRESSURE || memory));
  const next = [...keep];
  if (memory && !next.some((t) => t.key === TAINT_MEMORY_PRESSURE)) next.push({ key: TAINT_MEMORY_PRESSURE, effect: 'NoSchedule', timeAdded: timestamp(ctx.now) });
  if (want !== undefined && !next.some((t) => t.key === want && t.effect === 'NoSchedule')) next.push({ key: want, effect: 'NoSchedule', timeAdded: timestamp(ctx.now) });
  let done = true;
  if (want !== undefined && !next.some((t) => t.key === want && t.effect === 'NoExecute')) {
    const zone = zoneOf(node);
    const r = ctx.now >= (state.zoneNextMs.get(zone) ?? Number.NEGATIVE_INFINITY) ? rateOf(node) : 0;
    if (r > 0) {
      next.push({ key: want, effect: 'NoExecute', timeAdded: timestamp(ctx.now) });
      state.zoneNextMs.set(zone, ctx.now + 1000 / r);
    } else done = false;
  }
  if (next.length === current.length && next.every((t, i) => t === current[i])) return done;
  ctx.trace('node taints', `${node.metadata.name ?? ''}: ${next.map((t) => `${t.key}:${t.effect}`).join(',')}`);
  const { resourceVersion: _rv, ...meta } = node.metadata;
  state.client.update(ctx, { ...node, metadata: meta, spec: { ...node.spec, taints: next } });
  return done;
}

/**
 * Node-pressure eviction: the kubelet's eviction manager for the `memory.available` signal
 * (kubernetes-behaviour.md §7.5, upstream `pkg/kubelet/eviction`).
 *
 * @packageDocumentation
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import { formatQuantity, parseQuantity, parseValue, quantityFromMilli } from '../api/quantity.js';
import type { ActorContext } from '../engine/actor.js';
import { podRequests } from './admission.js';
import type { KubeletState } from './kubelet-sync.js';
import { evictPod, memoryUsage } from './pod-lifecycle.js';
import type { PodRun } from './pod-run.js';
import { TAINT_MEMORY_PRESSURE, toleratesTaint } from './taints.js';

/** The default hard threshold `memory.available<100Mi`. */
export const DEFAULT_MEMORY_THRESHOLD = '100Mi';
/** `evictionPressureTransitionPeriod`: how long a pressure condition stays after the signal was last over the threshold. */
export const DEFAULT_PRESSURE_TRANSITION_MS = 300_000;
/** Pods at or above this priority (`system-cluster-critical`, `system-node-critical`) are never evicted. */
const CRITICAL_PRIORITY = 2_000_000_000;

/**
 * Bytes as `resource.NewQuantity(n, BinarySI).String()` prints them, as eviction messages show usage.
 *
 * @example
 * ```ts
 * binaryQuantity(50 * 2 ** 20); // '50Mi'
 * binaryQuantity(1000);         // '1000'
 * ```
 */
export function binaryQuantity(bytes: number): string {
  return formatQuantity(quantityFromMilli(bytes * 1000, 'BinarySI'));
}

/**
 * `memory.available` of the node now: its memory capacity minus the working sets of the containers it runs
 * (those of the unreleased runs, kept as a tally: see `MemoryTally`).
 *
 * @remarks
 * The capacity counts as at least allocatable + the threshold: a node pool that reserves nothing
 * (allocatable = capacity) then behaves like a real node whose allocatable excludes the eviction threshold, so
 * pods that use no more than they request never bring it under pressure.
 */
export function memoryAvailable(state: KubeletState, nowMs: number): number {
  const status = state.opts.node.status;
  const capacity = parseValue(status?.capacity?.memory ?? status?.allocatable?.memory ?? 0);
  const effective = Math.max(capacity, (state.allocatable.memory ?? 0) + threshold(state));
  return effective - state.memory.used(nowMs);
}

function threshold(state: KubeletState): number {
  return parseValue(state.opts.evictionHardMemoryAvailable ?? DEFAULT_MEMORY_THRESHOLD);
}

interface Candidate {
  readonly run: PodRun;
  readonly usage: number;
  readonly request: number;
  readonly priority: number;
}

/**
 * Upstream's `rankMemoryPressure`: pods whose usage exceeds their memory request first, then lower priority
 * first, then the larger usage − request first; ties keep admission order (the sort is stable).
 */
export function rankForEviction(candidates: Candidate[]): Candidate[] {
  return candidates.sort((a, b) => {
    const ea = a.usage > a.request ? 1 : 0;
    const eb = b.usage > b.request ? 1 : 0;
    return eb - ea || a.priority - b.priority || b.usage - b.request - (a.usage - a.request);
  });
}

/**
 * One pass of the eviction manager (every monitoring interval, 10 s, on the kubelet's sync): observe
 * `memory.available`; under the threshold, MemoryPressure holds and at most one pod is evicted, the first in
 * {@link rankForEviction}'s order; the condition clears once the signal has stayed over the threshold for the
 * pressure transition period. Returns whether the condition changed (the node status must be posted).
 */
export function evictionPass(state: KubeletState, ctx: ActorContext<never>): boolean {
  const p = state.pressure;
  if (state.runs.size === 0 && !p.memory) return false;
  const now = ctx.now;
  const available = memoryAvailable(state, now);
  const limit = threshold(state);
  let changed = false;
  if (available < limit) {
    p.lastObservedMs = now;
    if (!p.memory) {
      p.memory = true;
      p.changedMs = now;
      changed = true;
      ctx.trace('kubelet memory pressure', `${state.nodeName}: available ${binaryQuantity(available)}`);
    }
    evictOne(state, available, ctx);
  } else if (p.memory && now - p.lastObservedMs >= (state.opts.evictionPressureTransitionPeriodMs ?? DEFAULT_PRESSURE_TRANSITION_MS)) {
    p.memory = false;
    p.changedMs = now;
    changed = true;
    ctx.trace('kubelet memory pressure over', state.nodeName);
  }
  return changed;
}

function evictOne(state: KubeletState, available: number, ctx: ActorContext<never>): void {
  const candidates: Candidate[] = [];
  for (const run of state.runs.values()) {
    if (run.released || run.terminating || run.phase === 'Succeeded' || run.phase === 'Failed') continue;
    const priority = run.pod.spec?.priority ?? 0;
    if (priority >= CRITICAL_PRIORITY) continue;
    let usage = 0;
    for (const c of run.containers) usage += memoryUsage(run, c, ctx.now);
    candidates.push({ run, usage, request: podRequests(run.pod).memory ?? 0, priority });
  }
  const victim = rankForEviction(candidates)[0];
  if (victim === undefined) return;
  const message = evictionMessage(state, victim.run, available, ctx.now);
  ctx.trace('kubelet evicted pod', `${victim.run.namespace}/${victim.run.name}`);
  evictPod(state.runtime, victim.run, message);
}

/** Upstream's `evictionMessage` for memory: the signal, then each app container using more than it requests. */
function evictionMessage(state: KubeletState, run: PodRun, available: number, nowMs: number): string {
  const thresholdText = formatQuantity(parseQuantity(state.opts.evictionHardMemoryAvailable ?? DEFAULT_MEMORY_THRESHOLD));
  let msg = `The node was low on resource: memory. Threshold quantity: ${thresholdText}, available: ${binaryQuantity(available)}. `;
  for (const c of run.containers) {
    if (c.role !== 'app') continue;
    const usage = memoryUsage(run, c, nowMs);
    const raw = run.pod.spec?.containers.find((x) => x.name === c.name)?.resources?.requests?.memory;
    const request = raw === undefined ? 0 : parseValue(raw);
    if (usage <= request) continue;
    const requestText = raw === undefined ? '0' : formatQuantity(parseQuantity(raw));
    msg += `Container ${c.name} was using ${binaryQuantity(usage)}, request is ${requestText}, has larger consumption of memory. `;
  }
  return msg;
}

/**
 * The eviction manager's admission check: under memory pressure a BestEffort pod is refused unless it tolerates
 * the memory-pressure taint (reason `Evicted`, message `The node had condition: [MemoryPressure]. `).
 */
export function pressureRejects(state: KubeletState, pod: Pod): boolean {
  if (!state.pressure.memory || pod.status?.qosClass !== 'BestEffort') return false;
  const taint = { key: TAINT_MEMORY_PRESSURE, effect: 'NoSchedule' };
  return !(pod.spec?.tolerations ?? []).some((t) => toleratesTaint(t, taint));
}

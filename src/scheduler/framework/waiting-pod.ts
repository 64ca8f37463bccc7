/**
 * Pods held at Permit (upstream `WaitingPod`): each Permit plugin that returned Wait must allow the pod before
 * its timeout, or the pod is rejected.
 *
 * @packageDocumentation
 */
import type { PodInfo } from './pod-info.js';
import { newStatus, SUCCESS, type Status } from './status.js';

/** Upstream's cap on a Permit plugin's wait (`maxTimeout`, 15 minutes). */
export const MAX_PERMIT_TIMEOUT_MS = 15 * 60_000;

/**
 * A pod that passed Reserve and waits at Permit. Plugins reach it through
 * {@link FrameworkHandle.getWaitingPod} (e.g. a co-scheduling plugin allowing a whole group at once).
 *
 * @example
 * ```ts
 * handle.getWaitingPod('default/worker-0')?.allow('Coscheduling');
 * ```
 */
export interface WaitingPod {
  readonly pod: PodInfo;
  /** The node the pod is reserved on. */
  readonly nodeName: string;
  /** Plugins that returned Wait and have not allowed the pod yet. */
  pendingPlugins(): readonly string[];
  /** `plugin` lets the pod through; when no plugin is pending any more, binding goes on. */
  allow(plugin: string): void;
  /** Rejects the pod (Unschedulable, from `plugin`): Unreserve runs and the pod goes back to the queue. */
  reject(plugin: string, message: string): void;
}

/** @internal The scheduler actor's implementation: records the decision and tells the actor once. */
export class WaitingPodImpl implements WaitingPod {
  /** SUCCESS once every plugin allowed; the rejection otherwise; undefined while waiting. */
  decision: Status | undefined;

  constructor(readonly pod: PodInfo, readonly nodeName: string, private readonly pending: Map<string, number>,
    private readonly onDecision: (w: WaitingPodImpl) => void) {}

  pendingPlugins(): readonly string[] {
    return [...this.pending.keys()];
  }

  allow(plugin: string): void {
    if (this.decision !== undefined || !this.pending.delete(plugin)) return;
    if (this.pending.size === 0) { this.decision = SUCCESS; this.onDecision(this); }
  }

  reject(plugin: string, message: string): void {
    if (this.decision !== undefined) return;
    this.decision = newStatus('Unschedulable', plugin, message);
    this.onDecision(this);
  }
}

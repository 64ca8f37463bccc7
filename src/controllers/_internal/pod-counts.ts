/**
 * Pod counts per controller uid — all pods, and pods not Succeeded/Failed — for controllers that need to know
 * whether a ReplicaSet still has pods but never look at them one by one (the Deployment controller's Recreate).
 *
 * @internal
 * @packageDocumentation
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import { controllerOf } from './pods.js';

function live(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed';
}

/** Counts maintained from informer events. */
export class PodCounts {
  private readonly all = new Map<string, number>();
  private readonly running = new Map<string, number>();

  /** Applies an add (`old` undefined), update, or delete (`pod` undefined). */
  record(old: Pod | undefined, pod: Pod | undefined): void {
    if (old !== undefined && pod !== undefined && old.metadata?.ownerReferences === pod.metadata?.ownerReferences && live(old) === live(pod)) return;
    if (old !== undefined) this.bump(old, -1);
    if (pod !== undefined) this.bump(pod, 1);
  }

  /** Pods (any phase, terminating included) whose controller has this uid. */
  total(uid: string): number {
    return this.all.get(uid) ?? 0;
  }

  /** Pods not Succeeded/Failed (terminating included) whose controller has this uid. */
  notFinished(uid: string): number {
    return this.running.get(uid) ?? 0;
  }

  private bump(pod: Pod, d: number): void {
    const uid = controllerOf(pod)?.uid;
    if (uid === undefined) return;
    add(this.all, uid, d);
    if (live(pod)) add(this.running, uid, d);
  }
}

function add(map: Map<string, number>, k: string, d: number): void {
  const n = (map.get(k) ?? 0) + d;
  if (n === 0) map.delete(k);
  else map.set(k, n);
}

/**
 * Counts over the pods each ReplicaSet controls, kept up to date by the pod informer's handlers, so a sync
 * reads its status counts instead of walking every pod (upstream walks them: here that is O(replicas) on
 * every pod event, which dominates at 100 replicas per ReplicaSet).
 *
 * @internal
 * @packageDocumentation
 */
import { controllerOf, isPodActive, isPodReady } from '../_internal/pods.js';
import { type Compiled, type PodObject, selects } from './runtime.js';

/**
 * What `ClaimPods` + `calculateStatus` would count over a ReplicaSet's controlled pods (the pod index's
 * bucket for its uid), under one compiled selector.
 */
export interface Tally {
  /** The selectors the counts were made with (a new generation compiles new ones: the tally is rebuilt). */
  readonly compiled: Compiled;
  /** Controlled pods the selector does not match (a claim releases them). */
  unmatched: number;
  /** Matching, active pods (`status.replicas`). */
  active: number;
  /** Of those, the ones whose labels match the template's (`fullyLabeledReplicas`). */
  fullyLabeled: number;
  /** Of those, the Ready ones (`readyReplicas`). */
  ready: number;
}

/** Adds (`sign` 1) or removes (`sign` -1) one pod's share of a tally. */
function count(t: Tally, pod: PodObject, sign: 1 | -1): void {
  const labels = pod.metadata.labels;
  if (!selects(t.compiled, labels)) {
    t.unmatched += sign;
    return;
  }
  if (!isPodActive(pod)) return;
  t.active += sign;
  if (templateMatches(t.compiled, labels)) t.fullyLabeled += sign;
  if (isPodReady(pod)) t.ready += sign;
}

/** Whether the template's labels select these labels (memoized per labels object, as {@link selects}). */
export function templateMatches(c: Compiled, labels: Readonly<Record<string, string>> | undefined): boolean {
  if (labels === undefined) return c.template.matches(labels);
  let m = c.templateMatches.get(labels);
  if (m === undefined) {
    m = c.template.matches(labels);
    c.templateMatches.set(labels, m);
  }
  return m;
}

/**
 * Whether two versions of a pod count the same in whichever tally holds them: same owner references and labels
 * objects (the store shares unchanged subtrees), same activity and readiness. Most pod updates (status,
 * binding) are such; removing the old share and adding the new one would cancel out.
 */
function sameShare(old: PodObject, pod: PodObject): boolean {
  return (
    old.metadata.ownerReferences === pod.metadata.ownerReferences &&
    old.metadata.labels === pod.metadata.labels &&
    isPodActive(old) === isPodActive(pod) &&
    isPodReady(old) === isPodReady(pod)
  );
}

/** The tallies of the ReplicaSets synced so far, by uid. */
export class Tallies {
  private readonly byUid = new Map<string, Tally>();

  /**
   * The tally of ReplicaSet `uid` under `compiled`, built from its controlled pods when missing or made with
   * other selectors.
   */
  of(uid: string, compiled: Compiled, controlled: () => Iterable<PodObject>): Tally {
    const hit = this.byUid.get(uid);
    if (hit !== undefined && hit.compiled === compiled) return hit;
    const t: Tally = { compiled, unmatched: 0, active: 0, fullyLabeled: 0, ready: 0 };
    for (const pod of controlled()) count(t, pod, 1);
    this.byUid.set(uid, t);
    return t;
  }

  /** Follows a pod informer event (`old` leaves, `pod` enters), after the pod index has. */
  update(old: PodObject | undefined, pod: PodObject | undefined): void {
    if (old !== undefined && pod !== undefined && sameShare(old, pod)) return;
    if (old !== undefined) {
      const t = this.forPod(old);
      if (t !== undefined) count(t, old, -1);
    }
    if (pod !== undefined) {
      const t = this.forPod(pod);
      if (t !== undefined) count(t, pod, 1);
    }
  }

  /** Forgets a deleted ReplicaSet. */
  delete(uid: string): void {
    this.byUid.delete(uid);
  }

  private forPod(pod: PodObject): Tally | undefined {
    const ref = controllerOf(pod);
    return ref === undefined ? undefined : this.byUid.get(ref.uid);
  }
}

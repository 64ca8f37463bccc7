/**
 * Pod and owner helpers shared by the workload controllers (upstream `podutil`, `controller_utils.go`).
 *
 * @internal
 * @packageDocumentation
 */
import type { Pod, PodCondition } from 'kubernetes-types/core/v1.js';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import type { KubeObject } from '../../api/store/types.js';
import { formatTimestamp, parseTimestamp } from '../../api/store/_internal/timestamp.js';

/** RFC 3339 text of virtual time `ms` (second precision, as `metav1.Time`). */
export function timestamp(ms: number): string {
  return formatTimestamp(ms);
}

/** Virtual ms of an RFC 3339 timestamp; `undefined` when absent or malformed. */
export function timeOf(text: string | undefined): number | undefined {
  return text === undefined ? undefined : parseTimestamp(text);
}

/** The controlling owner reference (`controller: true`), if any. */
export function controllerOf(obj: { readonly metadata?: { readonly ownerReferences?: readonly OwnerReference[] } }): OwnerReference | undefined {
  const refs = obj.metadata?.ownerReferences;
  if (refs === undefined) return undefined;
  for (const r of refs) if (r.controller === true) return r;
  return undefined;
}

/** A controller reference to `owner` (`controller: true`, `blockOwnerDeletion: true`). */
export function controllerRef(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** The pod's Ready condition. */
export function readyCondition(pod: Pod): PodCondition | undefined {
  const cs = pod.status?.conditions;
  if (cs === undefined) return undefined;
  for (const c of cs) if (c.type === 'Ready') return c;
  return undefined;
}

/** `IsPodReady`: the Ready condition is True. */
export function isPodReady(pod: Pod): boolean {
  return readyCondition(pod)?.status === 'True';
}

/**
 * `IsPodAvailable`: Ready, and Ready since more than `minReadySeconds` (strictly: `lastTransition + min < now`);
 * with `minReadySeconds` 0, Ready is enough.
 */
export function isPodAvailable(pod: Pod, minReadySeconds: number, nowMs: number): boolean {
  const c = readyCondition(pod);
  if (c?.status !== 'True') return false;
  if (minReadySeconds === 0) return true;
  const since = timeOf(c.lastTransitionTime);
  return since !== undefined && since + minReadySeconds * 1000 < nowMs;
}

/** `IsPodActive`: not Succeeded or Failed, and not being deleted. */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && pod.metadata?.deletionTimestamp === undefined;
}

/** `namespace/name` of an object. */
export function keyOf(obj: { readonly metadata?: { readonly namespace?: string; readonly name?: string } }): string {
  return `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`;
}

/** Splits a `namespace/name` key. */
export function splitKey(key: string): [string, string] {
  const i = key.indexOf('/');
  return [key.slice(0, i), key.slice(i + 1)];
}

/** Go's `math.Round`: halves away from zero. */
export function roundHalfAwayFromZero(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** Whether two label maps are equal (same object, or same keys and values). */
export function sameLabels(a: Readonly<Record<string, string>> | undefined, b: Readonly<Record<string, string>> | undefined): boolean {
  if (a === b) return true;
  const x = a ?? {};
  const y = b ?? {};
  let n = 0;
  for (const k in x) {
    if (x[k] !== y[k]) return false;
    n++;
  }
  for (const _k in y) n--;
  return n === 0;
}

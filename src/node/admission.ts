/**
 * Kubelet admission: does a pod fit the node's allocatable next to the pods already admitted?
 *
 * @packageDocumentation
 */
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { parseMilli, parseValue } from '../api/quantity.js';

/** Resource amounts: `cpu` in millicores, everything else in whole units (bytes, pods, devices). */
export type ResourceAmounts = Record<string, number>;

function amount(name: string, raw: string | number): number {
  return name === 'cpu' ? parseMilli(raw) : parseValue(raw);
}

function add(into: ResourceAmounts, list: Readonly<Record<string, string | number>> | undefined, sign = 1): void {
  if (list === undefined) return;
  for (const [name, raw] of Object.entries(list)) into[name] = (into[name] ?? 0) + sign * amount(name, raw);
}

function containerRequests(c: Container): ResourceAmounts {
  const r: ResourceAmounts = {};
  add(r, c.resources?.requests as Record<string, string> | undefined);
  return r;
}

/**
 * A pod's effective requests (upstream `resource.PodRequests`): the larger of the app containers' sum (plus
 * running sidecars) and each init container's request (plus the sidecars started before it), plus the pod
 * overhead.
 *
 * @example
 * ```ts
 * podRequests({ spec: { containers: [{ name: 'a', image: 'x', resources: { requests: { cpu: '250m' } } }] } });
 * // { cpu: 250 }
 * ```
 */
export function podRequests(pod: Pod): ResourceAmounts {
  const total: ResourceAmounts = {};
  const sidecars: ResourceAmounts = {};
  const initMax: ResourceAmounts = {};
  for (const c of pod.spec?.initContainers ?? []) {
    const r = containerRequests(c);
    if (c.restartPolicy === 'Always') {
      for (const [k, v] of Object.entries(r)) sidecars[k] = (sidecars[k] ?? 0) + v;
      continue;
    }
    for (const [k, v] of Object.entries(r)) initMax[k] = Math.max(initMax[k] ?? 0, v + (sidecars[k] ?? 0));
  }
  for (const c of pod.spec?.containers ?? []) add(total, c.resources?.requests as Record<string, string> | undefined);
  for (const [k, v] of Object.entries(sidecars)) total[k] = (total[k] ?? 0) + v;
  for (const [k, v] of Object.entries(initMax)) total[k] = Math.max(total[k] ?? 0, v);
  add(total, pod.spec?.overhead as Record<string, string> | undefined);
  return total;
}

/** Node allocatable as {@link ResourceAmounts}. */
export function allocatableAmounts(allocatable: Readonly<Record<string, string | number>> | undefined): ResourceAmounts {
  const r: ResourceAmounts = {};
  add(r, allocatable);
  return r;
}

/** Why a pod was rejected, as the kubelet reports it in the pod's status. */
export interface Rejection {
  /** `OutOf<resource>`, e.g. `OutOfcpu`. */
  readonly reason: string;
  /** `Pod was rejected: Node didn't have enough resource: cpu, requested: 2000, used: 3500, capacity: 4000`. */
  readonly message: string;
}

/**
 * Upstream's `GeneralPredicates` resource check as the kubelet runs it at admission: pods count first, then
 * cpu, memory, ephemeral-storage and extended resources, in that order; the first shortfall is the reason.
 *
 * @param used - the summed requests of the pods already admitted, with `pods` their count.
 * @returns undefined when the pod fits.
 * @example
 * ```ts
 * admitPod({ cpu: 1000 }, { cpu: 4000, pods: 110 }, { cpu: 3500, pods: 3 })?.reason; // 'OutOfcpu'
 * ```
 */
export function admitPod(request: ResourceAmounts, allocatable: ResourceAmounts, used: ResourceAmounts): Rejection | undefined {
  const order = ['pods', 'cpu', 'memory', 'ephemeral-storage', ...Object.keys(request).filter((k) => !FIRST.has(k)).sort()];
  for (const name of order) {
    const req = name === 'pods' ? 1 : (request[name] ?? 0);
    if (req === 0) continue;
    const cap = allocatable[name] ?? 0;
    const inUse = used[name] ?? 0;
    if (req + inUse > cap) {
      return {
        reason: `OutOf${name}`,
        message: `Pod was rejected: Node didn't have enough resource: ${name}, requested: ${req}, used: ${inUse}, capacity: ${cap}`,
      };
    }
  }
  return undefined;
}

const FIRST = new Set(['pods', 'cpu', 'memory', 'ephemeral-storage']);

/** Adds (sign 1) or removes (sign −1) a pod's requests and count to a running total. */
export function accountPod(used: ResourceAmounts, request: ResourceAmounts, sign: 1 | -1): void {
  for (const [k, v] of Object.entries(request)) used[k] = (used[k] ?? 0) + sign * v;
  used.pods = (used.pods ?? 0) + sign;
}

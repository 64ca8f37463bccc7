/**
 * `no-node-overcommitted`: the summed requests of the pods bound to a node never exceed its allocatable.
 *
 * @packageDocumentation
 */
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { WatchEvent } from '../../api/store/types.js';
import type { Cluster } from '../../cluster/create-cluster.js';
import { allocatableAmounts, podRequests, type ResourceAmounts } from '../../node/admission.js';
import type { Invariant } from '../invariant-types.js';
import { keyOf, nameList } from './_internal.js';

interface NodeTally {
  allocatable: ResourceAmounts;
  readonly used: ResourceAmounts;
  /** uid → pod key, in bind order. */
  readonly pods: Map<string, string>;
}

interface Counted {
  readonly node: string;
  readonly key: string;
  readonly requests: ResourceAmounts;
}

/** A pod counts against its node while bound and not terminal (as the scheduler's and the kubelet's accounting). */
function counts(pod: Pod | undefined): boolean {
  if (pod === undefined) return false;
  const phase = pod.status?.phase;
  return (pod.spec?.nodeName ?? '') !== '' && phase !== 'Succeeded' && phase !== 'Failed';
}

/** Same quantities, key by key (a node status write rebuilds `allocatable` with the same strings). */
function sameQuantities(a: Readonly<Record<string, unknown>> | undefined, b: Readonly<Record<string, unknown>> | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  let n = 0;
  for (const k in a) {
    if (a[k] !== b[k]) return false;
    n++;
  }
  for (const _k in b) n--;
  return n === 0;
}

function format(resource: string, v: number): string {
  return resource === 'cpu' ? `${v}m` : String(v);
}

/**
 * No node over-committed by requests: for every node, Σ requests of the non-terminal pods bound to it ≤ its
 * allocatable, for cpu, memory, ephemeral-storage, extended resources and the pod count.
 *
 * @remarks
 * Pods are counted as the scheduler's NodeResourcesFit and the kubelet's admission count them
 * (kubernetes-behaviour.md §1, scheduler: `PodRequests` — the larger of the app containers' sum plus sidecars and
 * each init container plus the sidecars before it, plus `spec.overhead`), through the kubelet's `podRequests`.
 * A pod counts from its bind until it is terminal (Succeeded/Failed) or deleted; terminating pods still count.
 * Incremental: each check reads only the changes since the previous one and re-checks only the nodes they touch.
 * Reason: `node node-3: cpu requests 4100m > allocatable 4000m (pods: default/web-abc, …)`.
 *
 * @example
 * ```ts
 * const monitor = monitorInvariants(cluster, [noNodeOvercommitted()]);
 * cluster.runFor('10m'); // throws InvariantViolationError if a node is ever over-committed
 * ```
 */
export function noNodeOvercommitted(): Invariant {
  const nodes = new Map<string, NodeTally>();
  const pods = new Map<string, Counted>();
  const dirty = new Set<string>();

  const tally = (name: string): NodeTally => {
    let t = nodes.get(name);
    if (t === undefined) {
      t = { allocatable: {}, used: {}, pods: new Map() };
      nodes.set(name, t);
    }
    return t;
  };
  const add = (pod: Pod, uid: string, key: string): void => {
    const node = pod.spec?.nodeName ?? '';
    const requests = podRequests(pod);
    pods.set(uid, { node, key, requests });
    const t = tally(node);
    for (const k in requests) t.used[k] = (t.used[k] ?? 0) + (requests[k] as number);
    t.used.pods = (t.used.pods ?? 0) + 1;
    t.pods.set(uid, key);
    dirty.add(node);
  };
  const remove = (uid: string): void => {
    const c = pods.get(uid);
    if (c === undefined) return;
    pods.delete(uid);
    const t = tally(c.node);
    for (const k in c.requests) t.used[k] = (t.used[k] ?? 0) - (c.requests[k] as number);
    t.used.pods = (t.used.pods ?? 0) - 1;
    t.pods.delete(uid);
  };
  const onPod = (ev: WatchEvent): void => {
    const uid = ev.object.metadata.uid ?? '';
    const now = ev.type === 'DELETED' ? undefined : (ev.object as Pod);
    const was = pods.has(uid);
    const is = counts(now);
    if (was && !is) remove(uid);
    else if (!was && is) add(now as Pod, uid, keyOf(ev.object));
  };
  const onNode = (ev: WatchEvent): void => {
    const name = ev.object.metadata.name ?? '';
    const t = tally(name);
    if (ev.type === 'DELETED') {
      t.allocatable = {};
      return;
    }
    const alloc = (ev.object as Node).status?.allocatable;
    if (ev.type === 'MODIFIED' && sameQuantities((ev.oldObject as Node | undefined)?.status?.allocatable, alloc)) return;
    t.allocatable = allocatableAmounts(alloc as Record<string, string> | undefined);
    dirty.add(name);
  };

  return {
    name: 'no-node-overcommitted',
    reset(cluster: Cluster) {
      nodes.clear();
      pods.clear();
      dirty.clear();
      for (const n of cluster.core.list('Node').items) onNode({ type: 'ADDED', object: n, resourceVersion: 0 });
      for (const p of cluster.core.list('Pod').items) onPod({ type: 'ADDED', object: p, resourceVersion: 0 });
    },
    check({ cluster, changes }) {
      for (const ev of changes) {
        const kind = ev.object.kind;
        if (kind === 'Pod') onPod(ev);
        else if (kind === 'Node') onNode(ev);
      }
      if (dirty.size === 0) return null;
      let reason: string | null = null;
      for (const name of dirty) {
        reason = overcommit(name, nodes.get(name), cluster);
        if (reason !== null) break;
      }
      dirty.clear();
      return reason;
    },
  };
}

function overcommit(name: string, t: NodeTally | undefined, cluster: Cluster): string | null {
  // a pod bound to a node that does not exist (yet, or any more) over-commits nothing
  if (t === undefined || name === '' || cluster.core.get('Node', '', name) === undefined) return null;
  for (const resource in t.used) {
    const used = t.used[resource] as number;
    if (used <= 0) continue;
    const cap = t.allocatable[resource] ?? 0;
    if (used > cap) {
      const what = resource === 'pods' ? 'pod count' : `${resource} requests`;
      return `node ${name}: ${what} ${format(resource, used)} > allocatable ${format(resource, cap)} (pods: ${nameList(t.pods.values())})`;
    }
  }
  return null;
}


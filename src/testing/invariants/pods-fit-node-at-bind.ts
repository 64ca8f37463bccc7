/**
 * `pods-fit-node-at-bind`: when a pod lands on a node, it tolerates the node's NoSchedule/NoExecute taints and
 * its nodeSelector and required node affinity match the node's labels.
 *
 * @packageDocumentation
 */
import type { Node, Pod, Taint } from 'kubernetes-types/core/v1.js';
import type { KubeObject, WatchEvent } from '../../api/store/types.js';
import type { Cluster } from '../../cluster/create-cluster.js';
import type { NodeInfo } from '../../scheduler/framework/node-info.js';
import type { PodInfo } from '../../scheduler/framework/pod-info.js';
import { podMatcher } from '../../scheduler/plugins/node-affinity.js';
import { untoleratedTaint } from '../../scheduler/plugins/taint-toleration.js';
import type { Fault } from '../../faults/types.js';
import type { Invariant } from '../invariant-types.js';
import { keyOf, msOption } from './_internal.js';

/** Options of {@link podsFitNodeAtBind}. */
export interface PodsFitNodeAtBindOptions {
  /**
   * How stale the binder's view of a node may be: a bind is accepted when the pod fits the node as it is at the
   * bind, or as it was at any instant within this many ms before (the scheduler decides from an informer cache
   * that lags the store by the watch latency; a taint added in that gap is a race Kubernetes allows).
   * @defaultValue 5000
   */
  readonly staleMs?: number;
  /**
   * The component that binds (whose view can be blinded by faults). @defaultValue `'kube-scheduler'`
   */
  readonly binder?: string;
}

/**
 * Whether a fault can leave the binder deciding from an old view of the nodes: its watches broken or lossy, its
 * relists refused. While such a fault is active, and `staleMs` after it heals, the binder may act on any node
 * version seen since the fault started — as a real kube-scheduler keeps scheduling from its cache while its
 * reflectors cannot reach the API server.
 */
function blinds(f: Fault, binder: string): boolean {
  const has = (xs: readonly string[] | undefined) => xs === undefined || xs.includes(binder);
  switch (f.type) {
    case 'partition':
      return f.components.includes(binder);
    case 'watchChaos':
      return has(f.components);
    case 'apiErrors':
    case 'apiSlowdown':
      return has(f.match?.components);
    case 'watchCompaction':
      return true;
    default:
      return false;
  }
}

interface NodeVersion {
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly Taint[];
  /** Virtual time this version stopped being current (Infinity while current). */
  untilMs: number;
}

const NO_LABELS: Readonly<Record<string, string>> = Object.freeze({});

function taintText(t: Taint): string {
  return `{${t.key}${t.value !== undefined && t.value !== '' ? `=${t.value}` : ''}:${t.effect}}`;
}

/** Why `pod` does not fit the node version, or null. */
function misfit(pod: Pod, name: string, v: NodeVersion): string | null {
  const t = untoleratedTaint(v.taints, pod.spec?.tolerations ?? []);
  if (t !== undefined) return `untolerated taint ${taintText(t)}`;
  const m = podMatcher({ pod } as PodInfo);
  if (m !== undefined && !m({ name, labels: v.labels } as NodeInfo)) {
    const sel = pod.spec?.nodeSelector;
    const what = sel !== undefined && Object.keys(sel).length > 0 ? `nodeSelector ${JSON.stringify(sel)} or required node affinity` : 'required node affinity';
    return `${what} does not match the node's labels ${JSON.stringify(v.labels)}`;
  }
  return null;
}

/**
 * Every pod, at the moment it is bound to a node (its `spec.nodeName` first set, by a binding or by a create with
 * `nodeName`), tolerates the node's NoSchedule and NoExecute taints and matches the node's labels with its
 * nodeSelector and required node affinity.
 *
 * @remarks
 * Checked with the scheduler's own TaintToleration and NodeAffinity helpers (kubernetes-behaviour.md §1.4), against
 * the node as it was at the bind (the invariant replays node changes in store order, so the answer does not
 * depend on how often the monitor checks), allowing a view up to `staleMs` old (see
 * {@link PodsFitNodeAtBindOptions.staleMs}) — or, while a fault blinds the binder (a partition that cuts it off,
 * watch chaos or API errors aimed at it, a watch compaction) and `staleMs` after it heals, any view since the fault
 * started. A pod bound to a node the store does not know is not judged. Later
 * changes of the node (new taints, relabeling) are not violations: they are IgnoredDuringExecution.
 * Reason: `pod default/web-1 bound to node node-2: untolerated taint {dedicated=gpu:NoSchedule}`.
 *
 * @example
 * ```ts
 * monitorInvariants(cluster, [podsFitNodeAtBind({ staleMs: 1000 })]);
 * ```
 */
export function podsFitNodeAtBind(opts: PodsFitNodeAtBindOptions = {}): Invariant {
  const staleMs = msOption('podsFitNodeAtBind', 'opts.staleMs', opts.staleMs, 5000);
  const binder = opts.binder ?? 'kube-scheduler';
  const versions = new Map<string, NodeVersion[]>();
  /** The oldest instant whose node versions the binder may still act on. */
  let horizonOf: (nowMs: number) => number = (nowMs) => nowMs - staleMs;
  const faultAwareHorizon = (cluster: Cluster) => (nowMs: number): number => {
    let from = nowMs - staleMs;
    if (cluster.lastFaultActivityMs() === undefined) return from;
    for (const r of cluster.faultHistory()) {
      if (r.startedAtMs - staleMs >= from) continue;
      const live = r.endedAtMs === undefined || r.endedAtMs >= nowMs - staleMs;
      if (live && blinds(r.fault, binder)) from = r.startedAtMs - staleMs;
    }
    return from;
  };

  const onNode = (ev: WatchEvent, nowMs: number): void => {
    const name = ev.object.metadata.name ?? '';
    let list = versions.get(name);
    if (ev.type === 'DELETED') {
      versions.delete(name);
      return;
    }
    const node = ev.object as Node;
    const labels = node.metadata?.labels ?? NO_LABELS;
    const taints = node.spec?.taints ?? [];
    const cur = list?.[list.length - 1];
    if (cur !== undefined && cur.labels === labels && cur.taints === taints) return;
    if (list === undefined) {
      list = [];
      versions.set(name, list);
    }
    if (cur !== undefined) cur.untilMs = nowMs;
    // keep only the versions a binder may still have seen
    const horizon = horizonOf(nowMs);
    while (list.length > 0 && (list[0] as NodeVersion).untilMs < horizon) list.shift();
    list.push({ labels, taints, untilMs: Number.POSITIVE_INFINITY });
  };

  const onPod = (ev: WatchEvent, nowMs: number): string | null => {
    if (ev.type === 'DELETED') return null;
    const pod = ev.object as Pod;
    const node = pod.spec?.nodeName ?? '';
    if (node === '') return null;
    if (ev.type === 'MODIFIED' && ((ev.oldObject as Pod | undefined)?.spec?.nodeName ?? '') !== '') return null;
    const list = versions.get(node);
    if (list === undefined) return null;
    let reason: string | null = null;
    const horizon = horizonOf(nowMs);
    for (let i = list.length - 1; i >= 0; i--) {
      const v = list[i] as NodeVersion;
      if (v.untilMs < horizon) break;
      const why = misfit(pod, node, v);
      if (why === null) return null;
      reason ??= why;
    }
    return reason === null ? null : `pod ${keyOf(ev.object as KubeObject)} bound to node ${node}: ${reason}`;
  };

  return {
    name: 'pods-fit-node-at-bind',
    reset(cluster: Cluster) {
      versions.clear();
      horizonOf = faultAwareHorizon(cluster);
      for (const n of cluster.core.list('Node').items) onNode({ type: 'ADDED', object: n, resourceVersion: 0 }, cluster.now);
    },
    check({ changes, nowMs }) {
      let first: string | null = null;
      for (const ev of changes) {
        const kind = ev.object.kind;
        if (kind === 'Node') onNode(ev, nowMs);
        else if (kind === 'Pod' && first === null) first = onPod(ev, nowMs);
      }
      return first;
    },
  };
}

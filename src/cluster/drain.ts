/**
 * `kubectl drain --ignore-daemonsets`: cordon a node, then delete its pods that a controller will replace.
 *
 * @packageDocumentation
 */
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { notFound } from '../api/errors.js';
import type { ApiServerCore } from '../api/server/core.js';
import type { KubeObject } from '../api/store/types.js';

/** Options of `cluster.drain`. */
export interface DrainOptions {
  /** Also delete pods that no controller owns (`kubectl drain --force`). @defaultValue false */
  readonly force?: boolean;
  /** Overrides each pod's `terminationGracePeriodSeconds` (`--grace-period`). @defaultValue the pod's own */
  readonly gracePeriodSeconds?: number;
}

/** What a drain did. */
export interface DrainResult {
  /** `namespace/name` of the pods deleted, in the store's key order. */
  readonly deleted: readonly string[];
  /** Pods left on the node, with kubectl's reason. */
  readonly skipped: readonly { readonly pod: string; readonly reason: string }[];
}

const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';

/** Why drain leaves a pod alone, or undefined to delete it (kubectl's drain filters). */
function skipReason(pod: Pod, force: boolean): string | undefined {
  if (pod.metadata?.annotations?.[MIRROR_ANNOTATION] !== undefined) return 'mirror pod (deleted only by its kubelet)';
  const owner = pod.metadata?.ownerReferences?.find((r) => r.controller === true);
  if (owner?.kind === 'DaemonSet') return 'ignoring DaemonSet-managed Pods';
  if (owner === undefined && !force) return 'cannot delete Pods that declare no controller (use --force to override)';
  return undefined;
}

/**
 * Cordons `node`, then deletes its pods that have a controller owner (skipping DaemonSet pods and mirror pods) with
 * their grace period, as `kubectl drain --ignore-daemonsets` does.
 *
 * @remarks
 * Pods are deleted, not evicted: kubesim has no Eviction API yet, so PodDisruptionBudgets are not consulted (kubectl
 * would wait, retrying, while an eviction violates a budget). Unlike kubectl, a pod without a controller does not abort the drain: it is reported in
 * `skipped` (kubectl refuses the whole drain, after cordoning). Pods already terminating are left to finish.
 * `--delete-emptydir-data` is implied (kubesim has no local volumes to lose).
 *
 * @throws {@link ApiError} NotFound when the node does not exist.
 * @example
 * ```ts
 * const r = drainNode(cluster.core, 'node-2');
 * r.deleted; // ['default/web-7d9c-abcde', …]
 * ```
 */
export function drainNode(core: ApiServerCore, node: string, opts: DrainOptions = {}): DrainResult {
  const n = core.get('Node', '', node) as (Node & KubeObject) | undefined;
  if (n === undefined) throw notFound('nodes', node);
  if (n.spec?.unschedulable !== true) core.update({ ...n, spec: { ...n.spec, unschedulable: true } } as KubeObject);
  const deleted: string[] = [];
  const skipped: { pod: string; reason: string }[] = [];
  for (const item of core.list('Pod', { fieldSelector: `spec.nodeName=${node}` }).items) {
    const pod = item as Pod & KubeObject;
    const key = `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`;
    if (pod.metadata.deletionTimestamp !== undefined) continue;
    const reason = skipReason(pod, opts.force === true);
    if (reason !== undefined) {
      skipped.push({ pod: key, reason });
      continue;
    }
    core.delete('Pod', pod.metadata.namespace ?? '', pod.metadata.name ?? '', opts.gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds: opts.gracePeriodSeconds });
    deleted.push(key);
  }
  return { deleted, skipped };
}

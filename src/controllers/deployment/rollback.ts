/**
 * `kubectl rollout undo`: a Deployment whose template is copied back from an old revision
 * (kubernetes-behaviour.md §2.5).
 *
 * @packageDocumentation
 */
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import { withoutHashLabel } from './hash.js';
import { REVISION_ANNOTATION, revisionOf } from './util.js';

/**
 * The Deployment to write back for a rollback to `toRevision` (0 or absent: the previous revision).
 *
 * @remarks
 * As kubectl's `DeploymentRollbacker`: find the ReplicaSet with that revision among the Deployment's
 * ReplicaSets (for 0, the second-highest revision), copy its pod template without the `pod-template-hash`
 * label into `spec.template`, and copy its annotations except the revision bookkeeping ones. Write the result
 * with an update; the controller then finds that ReplicaSet as the new one and gives it the next revision.
 * Throws when the revision does not exist.
 *
 * @example
 * ```ts
 * const rss = core.list('ReplicaSet', { namespace: 'default' }).items as ReplicaSet[];
 * core.update(rollbackDeployment(core.get('Deployment', 'default', 'web') as Deployment, rss) as KubeObject);
 * ```
 */
export function rollbackDeployment<T extends Deployment>(d: T, replicaSets: readonly ReplicaSet[], toRevision = 0): T {
  const uid = d.metadata?.uid;
  const owned = replicaSets.filter((rs) => uid === undefined || rs.metadata?.ownerReferences?.some((r) => r.uid === uid && r.controller === true));
  let target: ReplicaSet | undefined;
  if (toRevision > 0) target = owned.find((rs) => revisionOf(rs) === toRevision);
  else {
    const sorted = [...owned].sort((a, b) => revisionOf(b) - revisionOf(a));
    target = sorted[1];
  }
  if (target === undefined) {
    throw new Error(toRevision > 0 ? `unable to find specified revision ${toRevision} in history` : 'no rollout history found');
  }
  const annotations: Record<string, string> = { ...(d.metadata?.annotations ?? {}) };
  for (const [k, v] of Object.entries(target.metadata?.annotations ?? {})) {
    if (k === REVISION_ANNOTATION || k.startsWith('deployment.kubernetes.io/')) continue;
    annotations[k] = v;
  }
  return { ...d, metadata: { ...d.metadata, annotations }, spec: { ...d.spec, template: withoutHashLabel(target.spec?.template) } } as T;
}

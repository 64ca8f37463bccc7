/**
 * Finding or creating the new ReplicaSet and keeping revisions in sync (upstream `sync.go`
 * `getAllReplicaSetsAndSyncRevision` / `getNewReplicaSet`; kubernetes-behaviour.md §2.5).
 *
 * @internal
 * @packageDocumentation
 */
import type { DeploymentCondition } from 'kubernetes-types/apps/v1.js';
import { controllerOf, controllerRef } from '../_internal/pods.js';
import { equalIgnoreHash, POD_TEMPLATE_HASH_LABEL, podTemplateHash } from './hash.js';
import { type Ctx, type RsObject, type Run, remember } from './runtime.js';
import { DeploymentReasons, getCondition, hasProgressDeadline, newCondition, setCondition } from './status.js';
import {
  byCreation,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  maxSurge,
  newReplicaSetReplicas,
  replicasOf,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  revisionOf,
} from './util.js';

/** Upstream's `maxRevHistoryLengthInChars`. */
const MAX_REVISION_HISTORY_CHARS = 2000;

const SKIPPED_ANNOTATIONS = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  'deprecated.deployment.rollback.to',
]);

/** `SetNewReplicaSetAnnotations`: copied Deployment annotations, revision (+ history on reuse), replica counts on create. */
function newReplicaSetAnnotations(run: Run, rs: RsObject, newRevision: number, exists: boolean): { annotations: Record<string, string>; changed: boolean } {
  const d = run.d;
  const a: Record<string, string> = { ...(rs.metadata.annotations ?? {}) };
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (SKIPPED_ANNOTATIONS.has(k) || a[k] === v) continue;
    a[k] = v;
    changed = true;
  }
  const oldText = a[REVISION_ANNOTATION];
  const oldRevision = oldText === undefined ? 0 : Number(oldText);
  if (oldRevision < newRevision) {
    a[REVISION_ANNOTATION] = String(newRevision);
    changed = true;
    if (oldText !== undefined) {
      const history = a[REVISION_HISTORY_ANNOTATION] ?? '';
      let parts = history === '' ? [] : history.split(',');
      let total = history.length + oldText.length + 1;
      while (total > MAX_REVISION_HISTORY_CHARS && parts.length > 0) total -= (parts.shift() ?? '').length + 1;
      parts = [...parts, oldText];
      a[REVISION_HISTORY_ANNOTATION] = parts.join(',');
    }
  }
  if (!exists) {
    const replicas = replicasOf(d);
    a[DESIRED_REPLICAS_ANNOTATION] = String(replicas);
    a[MAX_REPLICAS_ANNOTATION] = String(replicas + maxSurge(d));
    changed = true;
  }
  return { annotations: a, changed };
}

/** Result of {@link getAllReplicaSets}: the new ReplicaSet (if any) and all old ones. */
export type Then = (ctx: Ctx, newRS: RsObject | undefined, oldRSs: RsObject[]) => void;

/**
 * `getAllReplicaSetsAndSyncRevision`: the new ReplicaSet (template equal ignoring the hash; oldest wins) with
 * refreshed annotations and `minReadySeconds`, created when missing and `create` is set; then the Deployment's
 * revision annotation and Progressing condition (`FoundNewReplicaSet` / `NewReplicaSetCreated`).
 */
export function getAllReplicaSets(run: Run, ctx: Ctx, create: boolean, then: Then): void {
  const d = run.d;
  const sorted = [...run.rsList].sort(byCreation);
  const existing = sorted.find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
  const olds = sorted.filter((rs) => rs !== existing);
  let maxOld = 0;
  for (const rs of olds) maxOld = Math.max(maxOld, revisionOf(rs));
  const newRevision = maxOld + 1;
  if (existing !== undefined) {
    const { annotations, changed } = newReplicaSetAnnotations(run, existing, newRevision, true);
    const minReady = d.spec?.minReadySeconds ?? 0;
    const proceed = (c: Ctx, rs: RsObject) => {
      const cond = hasProgressDeadline(run.d) && getCondition(run.d.status, 'Progressing') === undefined
        ? newCondition('Progressing', 'True', DeploymentReasons.FoundNewReplicaSet, `Found new replica set "${rs.metadata.name ?? ''}"`, c.now)
        : undefined;
      syncRevision(run, c, rs.metadata.annotations?.[REVISION_ANNOTATION], cond, (c2) => then(c2, rs, olds));
    };
    if (!changed && (existing.spec?.minReadySeconds ?? 0) === minReady) {
      proceed(ctx, existing);
      return;
    }
    const copy = { ...existing, metadata: { ...existing.metadata, annotations }, spec: { ...existing.spec, minReadySeconds: minReady } } as RsObject;
    run.rt.client.update(ctx, copy, (res, c) => {
      if (!res.ok) run.finish(c, res.error.message);
      else proceed(c, remember(run, res.object as RsObject));
    });
    return;
  }
  if (!create) {
    then(ctx, undefined, olds);
    return;
  }
  createNewReplicaSet(run, ctx, olds, newRevision, then);
}

function createNewReplicaSet(run: Run, ctx: Ctx, olds: RsObject[], newRevision: number, then: Then): void {
  const d = run.d;
  const template = d.spec?.template ?? {};
  const hash = podTemplateHash(template, d.status?.collisionCount);
  const labels = { ...(template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
  const selector = { ...d.spec?.selector, matchLabels: { ...(d.spec?.selector?.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash } };
  const name = `${d.metadata.name ?? ''}-${hash}`;
  const draft = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: d.metadata.namespace ?? 'default', labels, ownerReferences: [controllerRef(d)] },
    spec: { replicas: 0, minReadySeconds: d.spec?.minReadySeconds ?? 0, selector, template: { ...template, metadata: { ...template.metadata, labels } } },
  } as RsObject;
  const replicas = newReplicaSetReplicas(d, [...olds, draft], draft);
  const withReplicas = { ...draft, spec: { ...draft.spec, replicas } } as RsObject;
  const { annotations } = newReplicaSetAnnotations(run, withReplicas, newRevision, false);
  const rs = { ...withReplicas, metadata: { ...withReplicas.metadata, annotations } } as RsObject;
  run.rt.client.create(ctx, rs, (res, c) => {
    if (res.ok) {
      const created = remember(run, res.object as RsObject);
      const cond = hasProgressDeadline(run.d)
        ? newCondition('Progressing', 'True', DeploymentReasons.NewReplicaSetCreated, `Created new replica set "${name}"`, c.now)
        : undefined;
      syncRevision(run, c, String(newRevision), cond, (c2) => then(c2, created, olds));
      return;
    }
    if (res.error.reason === 'AlreadyExists') {
      const cached = run.rt.rss.get(d.metadata.namespace ?? '', name);
      if (cached !== undefined && controllerOf(cached)?.uid === d.metadata.uid && equalIgnoreHash(d.spec?.template, cached.spec?.template)) {
        syncRevision(run, c, String(newRevision), undefined, (c2) => then(c2, remember(run, cached), olds));
        return;
      }
      // a hash collision: bump collisionCount so the next sync hashes differently
      const status = { ...run.d.status, collisionCount: (run.d.status?.collisionCount ?? 0) + 1 };
      run.rt.client.updateStatus(c, { ...run.d, status }, (_r, c2) => run.finish(c2, `hash collision for ReplicaSet "${name}"`));
      return;
    }
    const message = `Failed to create new replica set "${name}": ${res.error.message}`;
    if (!hasProgressDeadline(run.d)) {
      run.finish(c, message);
      return;
    }
    const status = { ...run.d.status };
    setCondition(status, newCondition('Progressing', 'False', DeploymentReasons.ReplicaSetCreateError, message, c.now));
    run.rt.client.updateStatus(c, { ...run.d, status }, (_r, c2) => run.finish(c2, message));
  });
}

/** `SetDeploymentRevision` (a metadata write) and, when given, the Progressing condition (a status write). */
function syncRevision(run: Run, ctx: Ctx, revision: string | undefined, cond: DeploymentCondition | undefined, then: (ctx: Ctx) => void): void {
  const writeCondition = (c: Ctx) => {
    if (cond === undefined) {
      then(c);
      return;
    }
    const status = { ...run.d.status };
    setCondition(status, cond);
    run.rt.client.updateStatus(c, { ...run.d, status }, (res, c2) => {
      if (!res.ok) run.finish(c2, res.error.message);
      else {
        run.d = res.object as typeof run.d;
        then(c2);
      }
    });
  };
  if (revision === undefined || run.d.metadata.annotations?.[REVISION_ANNOTATION] === revision) {
    writeCondition(ctx);
    return;
  }
  const annotations = { ...(run.d.metadata.annotations ?? {}), [REVISION_ANNOTATION]: revision };
  run.rt.client.update(ctx, { ...run.d, metadata: { ...run.d.metadata, annotations } }, (res, c) => {
    if (!res.ok) run.finish(c, res.error.message);
    else {
      run.d = res.object as typeof run.d;
      writeCondition(c);
    }
  });
}

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

/**
 * `SetNewReplicaSetAnnotations`: copied Deployment annotations, revision (+ history on reuse), replica counts on create.
 *
 * @remarks The ReplicaSet's own annotations object is returned, not copied, when nothing changes (most syncs).
 */
export function newReplicaSetAnnotations(run: Run, rs: RsObject, newRevision: number, exists: boolean): { annotations: Readonly<Record<string, string>>; changed: boolean } {
  const d = run.d;
  const own: Readonly<Record<string, string>> = rs.metadata.annotations ?? {};
  let a: Record<string, string> | undefined; // the copy, made at the first change
  const from = d.metadata.annotations;
  if (from !== undefined) {
    for (const k in from) {
      const v = from[k] as string;
      if (SKIPPED_ANNOTATIONS.has(k) || (a ?? own)[k] === v) continue;
      (a ??= { ...own })[k] = v;
    }
  }
  const oldText = (a ?? own)[REVISION_ANNOTATION];
  const oldRevision = oldText === undefined ? 0 : Number(oldText);
  if (oldRevision < newRevision) {
    a ??= { ...own };
    a[REVISION_ANNOTATION] = String(newRevision);
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
    a ??= { ...own };
    const replicas = replicasOf(d);
    a[DESIRED_REPLICAS_ANNOTATION] = String(replicas);
    a[MAX_REPLICAS_ANNOTATION] = String(replicas + maxSurge(d));
  }
  return a === undefined ? { annotations: own, changed: false } : { annotations: a, changed: true };
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
  const sorted = run.rsList.length > 1 ? [...run.rsList].sort(byCreation) : run.rsList;
  // the oldest with the template is the new one; the others are old
  let existing: RsObject | undefined;
  const olds: RsObject[] = [];
  let maxOld = 0;
  for (const rs of sorted) {
    if (existing === undefined && equalIgnoreHash(rs.spec?.template, d.spec?.template)) existing = rs;
    else {
      olds.push(rs);
      maxOld = Math.max(maxOld, revisionOf(rs));
    }
  }
  const newRevision = maxOld + 1;
  if (existing !== undefined) {
    const { annotations, changed } = newReplicaSetAnnotations(run, existing, newRevision, true);
    const minReady = d.spec?.minReadySeconds ?? 0;
    if (!changed && (existing.spec?.minReadySeconds ?? 0) === minReady) {
      foundNewReplicaSet(run, ctx, existing, olds, then);
      return;
    }
    const copy = { ...existing, metadata: { ...existing.metadata, annotations }, spec: { ...existing.spec, minReadySeconds: minReady } } as RsObject;
    run.rt.client.update(ctx, copy, (res, c) => {
      if (!res.ok) run.finish(c, res.error.message);
      else foundNewReplicaSet(run, c, remember(run, res.object as RsObject), olds, then);
    });
    return;
  }
  if (!create) {
    then(ctx, undefined, olds);
    return;
  }
  createNewReplicaSet(run, ctx, olds, newRevision, then);
}

/** The new ReplicaSet exists (and is up to date): the Deployment's revision, and `FoundNewReplicaSet` when no Progressing condition is set yet. */
function foundNewReplicaSet(run: Run, ctx: Ctx, rs: RsObject, olds: RsObject[], then: Then): void {
  const cond =
    hasProgressDeadline(run.d) && getCondition(run.d.status, 'Progressing') === undefined
      ? newCondition('Progressing', 'True', DeploymentReasons.FoundNewReplicaSet, `Found new replica set "${rs.metadata.name ?? ''}"`, ctx.now)
      : undefined;
  syncRevision(run, ctx, rs.metadata.annotations?.[REVISION_ANNOTATION], cond, (c) => then(c, rs, olds));
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
  if (revision === undefined || run.d.metadata.annotations?.[REVISION_ANNOTATION] === revision) {
    writeCondition(run, ctx, cond, then);
    return;
  }
  const annotations = { ...(run.d.metadata.annotations ?? {}), [REVISION_ANNOTATION]: revision };
  run.rt.client.update(ctx, { ...run.d, metadata: { ...run.d.metadata, annotations } }, (res, c) => {
    if (!res.ok) run.finish(c, res.error.message);
    else {
      run.d = res.object as typeof run.d;
      writeCondition(run, c, cond, then);
    }
  });
}

/** The second half of {@link syncRevision}: the Progressing condition's status write, when there is one. */
function writeCondition(run: Run, ctx: Ctx, cond: DeploymentCondition | undefined, then: (ctx: Ctx) => void): void {
  if (cond === undefined) {
    then(ctx);
    return;
  }
  const status = { ...run.d.status };
  setCondition(status, cond);
  run.rt.client.updateStatus(ctx, { ...run.d, status }, (res, c) => {
    if (!res.ok) run.finish(c, res.error.message);
    else {
      run.d = res.object as typeof run.d;
      then(c);
    }
  });
}

/**
 * One Deployment sync (upstream `syncDeployment`): claim ReplicaSets, then scale (paused or scaling event),
 * Recreate or RollingUpdate, then status (kubernetes-behaviour.md §2.2–2.6).
 *
 * @remarks
 * Every API write is awaited before the next step uses its result, as the upstream worker does; the key stays
 * "processing" in the work queue until the sync finishes. Any failed write ends the sync with an error, and
 * the key is requeued with backoff.
 *
 * @internal
 * @packageDocumentation
 */
import type { DeploymentStatus } from 'kubernetes-types/apps/v1.js';
import { controllerOf, controllerRef, splitKey } from '../_internal/pods.js';
import type { Finish } from '../_internal/workers.js';
import { getAllReplicaSets } from './new-rs.js';
import { planNewReplicaSetScale, planOldReplicaSetsScaleDown, planProportionalScale, planRecreateScaleDown, type ScaleStep } from './plan.js';
import { type Ctx, type DeploymentObject, type DeploymentRuntime, join, latest, remember, type RsObject, type Run, selectorOf } from './runtime.js';
import { calculateStatus, DeploymentReasons, deploymentComplete, getCondition, hasProgressDeadline, newCondition, rolloutStatus, sameStatus, setCondition, stuckRequeueDelayMs } from './status.js';
import { activeReplicaSets, actualReplicas, byRevision, DESIRED_REPLICAS_ANNOTATION, desiredReplicasAnnotation, MAX_REPLICAS_ANNOTATION, maxSurge, replicasAnnotationsNeedUpdate, replicasOf } from './util.js';

/** Syncs one Deployment key. */
export function syncDeployment(rt: DeploymentRuntime, key: string, ctx: Ctx, finish: Finish): void {
  const [ns, name] = splitKey(key);
  const d = rt.deployments.get(ns, name);
  if (d === undefined) {
    finish(ctx);
    return;
  }
  claimReplicaSets(rt, d, ctx, finish, (c, rsList) => {
    const run: Run = { rt, key, finish, d, rsList };
    if (d.metadata.deletionTimestamp !== undefined) {
      getAllReplicaSets(run, c, false, (c2, newRS, olds) => syncStatus(run, c2, newRS, olds));
      return;
    }
    checkPausedConditions(run, c, (c2) =>
      getAllReplicaSets(run, c2, false, (c3, newRS, olds) => {
        if (run.d.spec?.paused === true || isScalingEvent(run, newRS, olds)) scaleAndSync(run, c3, newRS, olds);
        else if (run.d.spec?.strategy?.type === 'Recreate') rolloutRecreate(run, c3, newRS, olds);
        else rolloutRolling(run, c3, newRS, olds);
      }),
    );
  });
}

/** `ClaimReplicaSets`: keep matching owned ones, release non-matching, adopt matching orphans. */
function claimReplicaSets(rt: DeploymentRuntime, d: DeploymentObject, ctx: Ctx, finish: Finish, then: (ctx: Ctx, rsList: RsObject[]) => void): void {
  const selector = selectorOf(rt, d);
  const uid = d.metadata.uid ?? '';
  const deleting = d.metadata.deletionTimestamp !== undefined;
  const claimed: RsObject[] = [];
  const writes: RsObject[] = [];
  for (const rs of rt.rsIndex.owned(uid)) {
    if (selector.matches(rs.metadata.labels)) claimed.push(rs);
    else if (!deleting) writes.push({ ...rs, metadata: { ...rs.metadata, ownerReferences: (rs.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid) } });
  }
  if (!deleting) {
    for (const rs of rt.rsIndex.orphans(d.metadata.namespace ?? '')) {
      if (rs.metadata.deletionTimestamp !== undefined || !selector.matches(rs.metadata.labels)) continue;
      writes.push({ ...rs, metadata: { ...rs.metadata, ownerReferences: [...(rs.metadata.ownerReferences ?? []), controllerRef(d)] } });
    }
  }
  if (writes.length === 0) {
    then(ctx, claimed);
    return;
  }
  let error: string | undefined;
  const done = join(writes.length, ctx, (c) => (error === undefined ? then(c, claimed) : finish(c, error)));
  for (const rs of writes) {
    rt.client.update(ctx, rs, (res, c) => {
      if (res.ok) {
        const obj = res.object as RsObject;
        if (controllerOf(obj)?.uid === uid) claimed.push(obj);
      } else if (res.error.reason !== 'NotFound') error ??= res.error.message;
      done(c);
    });
  }
}

/** `checkPausedConditions`: Progressing Unknown `DeploymentPaused` / `DeploymentResumed` (not over a timeout). */
function checkPausedConditions(run: Run, ctx: Ctx, then: (ctx: Ctx) => void): void {
  const d = run.d;
  const cond = getCondition(d.status, 'Progressing');
  if (!hasProgressDeadline(d) || cond?.reason === DeploymentReasons.ProgressDeadlineExceeded) {
    then(ctx);
    return;
  }
  const paused = d.spec?.paused === true;
  const pausedCond = cond?.reason === DeploymentReasons.DeploymentPaused;
  let status: DeploymentStatus | undefined;
  if (paused && !pausedCond) {
    status = { ...d.status };
    setCondition(status, newCondition('Progressing', 'Unknown', DeploymentReasons.DeploymentPaused, 'Deployment is paused', ctx.now));
  } else if (!paused && pausedCond) {
    status = { ...d.status };
    setCondition(status, newCondition('Progressing', 'Unknown', DeploymentReasons.DeploymentResumed, 'Deployment is resumed', ctx.now));
  }
  if (status === undefined) {
    then(ctx);
    return;
  }
  run.rt.client.updateStatus(ctx, { ...d, status }, (res, c) => {
    if (!res.ok) run.finish(c, res.error.message);
    else {
      run.d = res.object as DeploymentObject;
      then(c);
    }
  });
}

/** `isScalingEvent`: an active ReplicaSet's desired-replicas annotation differs from `spec.replicas`. */
function isScalingEvent(run: Run, newRS: RsObject | undefined, olds: readonly RsObject[]): boolean {
  const replicas = replicasOf(run.d);
  if (newRS !== undefined && desiredElsewhere(newRS, replicas)) return true;
  for (const rs of olds) if (desiredElsewhere(rs, replicas)) return true;
  return false;
}

/** An active ReplicaSet whose desired-replicas annotation is set and is not `replicas`. */
function desiredElsewhere(rs: RsObject, replicas: number): boolean {
  if (replicasOf(rs) <= 0) return false;
  const desired = desiredReplicasAnnotation(rs);
  return desired !== undefined && desired !== replicas;
}

/** Applies scale steps in parallel; `then` learns whether any size changed. */
function applyScale(run: Run, ctx: Ctx, steps: readonly ScaleStep<RsObject>[], then: (ctx: Ctx, scaled: boolean) => void): void {
  if (steps.length === 0) {
    then(ctx, false);
    return;
  }
  const replicas = replicasOf(run.d);
  const max = replicas + maxSurge(run.d);
  const writes = steps.filter((s) => replicasOf(s.rs) !== s.replicas || (s.always && replicasAnnotationsNeedUpdate(s.rs, replicas, max)));
  if (writes.length === 0) {
    then(ctx, false);
    return;
  }
  let scaled = false;
  let error: string | undefined;
  const done = join(writes.length, ctx, (c) => (error === undefined ? then(c, scaled) : run.finish(c, error)));
  for (const s of writes) {
    const rs = latest(run, s.rs);
    const annotations = { ...(rs.metadata.annotations ?? {}), [DESIRED_REPLICAS_ANNOTATION]: String(replicas), [MAX_REPLICAS_ANNOTATION]: String(max) };
    const next = { ...rs, metadata: { ...rs.metadata, annotations }, spec: { ...rs.spec, replicas: s.replicas } } as RsObject;
    run.rt.client.update(ctx, next, (res, c) => {
      if (res.ok) {
        remember(run, res.object as RsObject);
        if (replicasOf(rs) !== s.replicas) {
          scaled = true;
          c.trace('scaled replica set', `${rs.metadata.name ?? ''} ${replicasOf(rs)}→${s.replicas}`);
        }
      } else error ??= res.error.message;
      done(c);
    });
  }
}

function current(run: Run, newRS: RsObject | undefined, olds: readonly RsObject[]): { newRS: RsObject | undefined; olds: RsObject[]; all: RsObject[] } {
  const n = newRS === undefined ? undefined : latest(run, newRS);
  const o: RsObject[] = [];
  for (const rs of olds) o.push(latest(run, rs));
  return { newRS: n, olds: o, all: n === undefined ? o : [...o, n] };
}

/** `sync`: proportional scaling, cleanup while paused, then the status. */
function scaleAndSync(run: Run, ctx: Ctx, newRS: RsObject | undefined, olds: RsObject[]): void {
  applyScale(run, ctx, planProportionalScale(run.d, newRS, olds), (c) => {
    const after = (c2: Ctx) => syncStatus(run, c2, newRS, olds);
    if (run.d.spec?.paused === true) cleanup(run, c, olds, after);
    else after(c);
  });
}

function rolloutRolling(run: Run, ctx: Ctx, newRS: RsObject | undefined, olds: RsObject[]): void {
  if (newRS === undefined) {
    getAllReplicaSets(run, ctx, true, (c, n, o) => (n === undefined ? run.finish(c, 'no new replica set') : rolloutRolling(run, c, n, o)));
    return;
  }
  const all = [...olds, newRS];
  const step = planNewReplicaSetScale(run.d, all, newRS);
  applyScale(run, ctx, step === undefined ? [] : [step], (c, scaledUp) => {
    if (scaledUp) {
      rolloutStatusSync(run, c, newRS, olds);
      return;
    }
    const cur = current(run, newRS, olds);
    const n = cur.newRS ?? newRS;
    applyScale(run, c, planOldReplicaSetsScaleDown(run.d, cur.all, activeReplicaSets(cur.olds), n), (c2, scaledDown) => {
      if (!scaledDown && deploymentComplete(run.d, run.d.status ?? {})) cleanup(run, c2, olds, (c3) => rolloutStatusSync(run, c3, newRS, olds));
      else rolloutStatusSync(run, c2, newRS, olds);
    });
  });
}

function rolloutRecreate(run: Run, ctx: Ctx, newRS: RsObject | undefined, olds: RsObject[]): void {
  applyScale(run, ctx, planRecreateScaleDown(activeReplicaSets(olds)), (c, scaledDown) => {
    if (scaledDown || oldPodsRunning(run, newRS, current(run, newRS, olds).olds)) {
      rolloutStatusSync(run, c, newRS, olds);
      return;
    }
    const scaleUp = (c2: Ctx, n: RsObject, o: RsObject[]) =>
      applyScale(run, c2, [{ rs: n, replicas: replicasOf(run.d), always: false }], (c3) => {
        if (deploymentComplete(run.d, run.d.status ?? {})) cleanup(run, c3, o, (c4) => rolloutStatusSync(run, c4, n, o));
        else rolloutStatusSync(run, c3, n, o);
      });
    if (newRS !== undefined) scaleUp(c, newRS, olds);
    else getAllReplicaSets(run, c, true, (c2, n, o) => (n === undefined ? run.finish(c2, 'no new replica set') : scaleUp(c2, n, o)));
  });
}

/** `oldPodsRunning`: old ReplicaSets report pods, or a pod of an old ReplicaSet is not Succeeded/Failed. */
function oldPodsRunning(run: Run, newRS: RsObject | undefined, olds: readonly RsObject[]): boolean {
  if (actualReplicas(olds) > 0) return true;
  if (!run.rt.pods.hasSynced) return true; // not known yet: the informer's first list re-enqueues Recreate Deployments
  for (const rs of run.rsList) {
    if (newRS !== undefined && rs.metadata.uid === newRS.metadata.uid) continue;
    if (run.rt.podCounts.notFinished(rs.metadata.uid ?? '') > 0) return true;
  }
  return false;
}

/** `cleanupDeployment`: delete the oldest revisions beyond `revisionHistoryLimit` that are fully scaled down. */
function cleanup(run: Run, ctx: Ctx, olds: readonly RsObject[], then: (ctx: Ctx) => void): void {
  const limit = run.d.spec?.revisionHistoryLimit;
  if (limit === undefined || limit === 2147483647) {
    then(ctx);
    return;
  }
  const alive = olds.map((rs) => latest(run, rs)).filter((rs) => rs.metadata.deletionTimestamp === undefined);
  const diff = alive.length - limit;
  if (diff <= 0) {
    then(ctx);
    return;
  }
  const victims = alive
    .sort(byRevision)
    .slice(0, diff)
    .filter((rs) => (rs.status?.replicas ?? 0) === 0 && replicasOf(rs) === 0 && (rs.metadata.generation ?? 0) <= (rs.status?.observedGeneration ?? 0));
  let error: string | undefined;
  const done = join(victims.length, ctx, (c) => (error === undefined ? then(c) : run.finish(c, error)));
  for (const rs of victims) {
    run.rt.client.delete(ctx, 'ReplicaSet', rs.metadata.namespace ?? '', rs.metadata.name ?? '', undefined, (res, c) => {
      if (!res.ok && res.error.reason !== 'NotFound') error ??= res.error.message;
      done(c);
    });
  }
}

function writeStatus(run: Run, ctx: Ctx, status: DeploymentStatus): void {
  run.rt.client.updateStatus(ctx, { ...run.d, status }, (res, c) => run.finish(c, res.ok ? undefined : res.error.message));
}

/** `syncDeploymentStatus`: counts and Available only. */
function syncStatus(run: Run, ctx: Ctx, newRS: RsObject | undefined, olds: readonly RsObject[]): void {
  const cur = current(run, newRS, olds);
  const status = calculateStatus(cur.all, cur.newRS, run.d, ctx.now);
  if (sameStatus(run.d.status, status)) run.finish(ctx);
  else writeStatus(run, ctx, status);
}

/** `syncRolloutStatus`: counts, Available, Progressing; requeue an unchanged rollout for its deadline. */
function rolloutStatusSync(run: Run, ctx: Ctx, newRS: RsObject | undefined, olds: readonly RsObject[]): void {
  const cur = current(run, newRS, olds);
  const status = rolloutStatus(cur.all, cur.newRS, run.d, ctx.now);
  if (!sameStatus(run.d.status, status)) {
    writeStatus(run, ctx, status);
    return;
  }
  const delay = stuckRequeueDelayMs(run.d, status, ctx.now);
  if (delay === 0) run.rt.queue.addRateLimited(run.key, ctx);
  else if (delay !== undefined) run.rt.queue.addAfter(run.key, delay, ctx);
  run.finish(ctx);
}

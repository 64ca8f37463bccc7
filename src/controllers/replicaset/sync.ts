/**
 * One ReplicaSet sync (upstream `syncReplicaSet`): claim pods, create or delete pods when expectations are
 * satisfied, then write the status (kubernetes-behaviour.md §2.7).
 *
 * @remarks
 * Upstream issues its API calls from the worker goroutine and waits for them; here the sync issues requests
 * and continues when their responses arrive, and the key stays "processing" in the work queue until then.
 *
 * @internal
 * @packageDocumentation
 */
import type { ActorContext } from '../../engine/actor.js';
import type { KubeObject } from '../../api/store/types.js';
import { controllerOf, controllerRef, isPodActive, keyOf, splitKey } from '../_internal/pods.js';
import type { Finish } from '../_internal/workers.js';
import { rankPodsForDeletion } from './pod-ranking.js';
import { type PodObject, type ReplicaSetObject, type RsRuntime, selects, selectorsOf } from './runtime.js';
import { calculateStatus, countPods, type ManageResult, type PodCounts, sameStatus } from './status.js';
import { templateMatches } from './tally.js';

type Ctx = ActorContext<never>;
type Then<T> = (ctx: Ctx, value: T) => void;

/** Calls `then` after `n` calls of the returned function (at once when `n` is 0). */
function join(n: number, ctx: Ctx, then: (ctx: Ctx) => void): (ctx: Ctx) => void {
  let left = n;
  if (left === 0) then(ctx);
  return (c) => {
    left--;
    if (left === 0) then(c);
  };
}

/**
 * The active pods a sync works on: their number and status counts at once, the list only when a step needs
 * it (deleting surplus pods, or `minReadySeconds` availability).
 */
interface Active {
  readonly count: number;
  list(): readonly PodObject[];
  counts(minReadySeconds: number, nowMs: number): PodCounts;
}

/** Syncs one ReplicaSet key. */
export function syncReplicaSet(rt: RsRuntime, key: string, ctx: Ctx, finish: Finish): void {
  const [ns, name] = splitKey(key);
  const rs = rt.rss.get(ns, name);
  if (rs === undefined) {
    rt.expectations.delete(key);
    finish(ctx);
    return;
  }
  const needsSync = rt.expectations.satisfied(key, ctx.now);
  const proceed = (c: Ctx, active: Active): void => {
    const afterManage: Then<ManageResult> = (c2, manage) => writeStatus(rt, rs, key, active, manage, c2, finish);
    if (needsSync && rs.metadata.deletionTimestamp === undefined) manageReplicas(rt, rs, key, active, c, afterManage);
    else afterManage(c, {});
  };
  const fast = claimedFromTally(rt, rs);
  if (fast !== undefined) {
    proceed(ctx, fast);
    return;
  }
  claimPods(rt, rs, ctx, (c, claim) => {
    if (claim.error !== undefined) {
      finish(c, claim.error);
      return;
    }
    proceed(c, activeOf(rt, rs, claim.pods.filter(isPodActive)));
  });
}

/** {@link Active} over a list of pods. */
function activeOf(rt: RsRuntime, rs: ReplicaSetObject, pods: readonly PodObject[]): Active {
  const compiled = selectorsOf(rt, rs);
  return {
    count: pods.length,
    list: () => pods,
    counts: (minReady, nowMs) => countPods(pods, (p) => templateMatches(compiled, p.metadata?.labels), minReady, nowMs),
  };
}

/**
 * The claim's outcome without walking the pods, when it writes nothing: every controlled pod matches the
 * selector (or the ReplicaSet is being deleted, when non-matching ones are only skipped) and no orphan is
 * adoptable. Then the claimed pods are the controlled matching ones and the tally has their counts.
 */
function claimedFromTally(rt: RsRuntime, rs: ReplicaSetObject): Active | undefined {
  const compiled = selectorsOf(rt, rs);
  const uid = rs.metadata.uid ?? '';
  const tally = rt.tallies.of(uid, compiled, () => rt.podIndex.owned(uid));
  if (rs.metadata.deletionTimestamp === undefined) {
    if (tally.unmatched > 0) return undefined;
    for (const pod of rt.podIndex.orphans(rs.metadata.namespace ?? '')) {
      if (pod.metadata.deletionTimestamp === undefined && selects(compiled, pod.metadata.labels)) return undefined;
    }
  }
  // Upstream counts the pods it listed when the sync began, after its creates and deletes: the tally moves on
  // as events arrive meanwhile, so take its counts now. The list is read now too, or not at all: a deletion
  // asks for it in this same handler, and availability under minReadySeconds needs it at the end.
  const at = { replicas: tally.active, fullyLabeled: tally.fullyLabeled, ready: tally.ready };
  const build = (): PodObject[] => {
    const out: PodObject[] = [];
    for (const pod of rt.podIndex.owned(uid)) if (selects(compiled, pod.metadata.labels) && isPodActive(pod)) out.push(pod);
    return out;
  };
  let list = (rs.spec?.minReadySeconds ?? 0) > 0 ? build() : undefined;
  return {
    count: at.replicas,
    list: () => (list ??= build()),
    counts: (minReady, nowMs) =>
      minReady === 0 || list === undefined
        ? { replicas: at.replicas, fullyLabeled: at.fullyLabeled, ready: at.ready, available: at.ready }
        : countPods(list, (p) => templateMatches(compiled, p.metadata?.labels), minReady, nowMs),
  };
}

/**
 * `ClaimPods`: owned pods that still match stay; owned pods that no longer match are released; orphans that
 * match are adopted (not while the ReplicaSet or the pod is being deleted).
 */
function claimPods(rt: RsRuntime, rs: ReplicaSetObject, ctx: Ctx, then: Then<{ pods: PodObject[]; error?: string }>): void {
  const compiled = selectorsOf(rt, rs);
  const uid = rs.metadata.uid ?? '';
  const deleting = rs.metadata.deletionTimestamp !== undefined;
  const claimed: PodObject[] = [];
  const writes: PodObject[] = [];
  for (const pod of rt.podIndex.owned(uid)) {
    if (selects(compiled, pod.metadata.labels)) claimed.push(pod);
    else if (!deleting) writes.push(withoutOwner(pod, uid));
  }
  if (!deleting) {
    for (const pod of rt.podIndex.orphans(rs.metadata.namespace ?? '')) {
      if (pod.metadata.deletionTimestamp !== undefined || !selects(compiled, pod.metadata.labels)) continue;
      writes.push({ ...pod, metadata: { ...pod.metadata, ownerReferences: [...(pod.metadata.ownerReferences ?? []), controllerRef(rs)] } });
    }
  }
  let error: string | undefined;
  const done = join(writes.length, ctx, (c) => then(c, error === undefined ? { pods: claimed } : { pods: claimed, error }));
  for (const pod of writes) {
    rt.client.update(ctx, pod, (res, c) => {
      if (res.ok) {
        const obj = res.object as PodObject | undefined;
        if (obj !== undefined && controllerOf(obj)?.uid === uid) claimed.push(obj);
      } else if (res.error.reason !== 'NotFound') error ??= res.error.message;
      done(c);
    });
  }
}

function withoutOwner(pod: PodObject, uid: string): PodObject {
  return { ...pod, metadata: { ...pod.metadata, ownerReferences: (pod.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid) } };
}

/** `manageReplicas`: create (slow start) or delete (ranked) toward `spec.replicas`, at most `burstReplicas`. */
function manageReplicas(rt: RsRuntime, rs: ReplicaSetObject, key: string, activePods: Active, ctx: Ctx, then: Then<ManageResult>): void {
  const diff = activePods.count - (rs.spec?.replicas ?? 1);
  if (diff < 0) {
    const n = Math.min(-diff, rt.burstReplicas);
    rt.expectations.expectCreations(key, n, ctx.now);
    slowStartCreate(rt, rs, key, n, ctx, then);
  } else if (diff > 0) {
    const n = Math.min(diff, rt.burstReplicas);
    const active = activePods.list();
    const victims = n < active.length ? rankPodsForDeletion(active, relatedPods(rt, rs), ctx.now).slice(0, n) : active.slice(0, n);
    const podKeys = victims.map((p) => keyOf(p));
    rt.expectations.expectDeletions(key, podKeys, ctx.now);
    let error: string | undefined;
    const done = join(victims.length, ctx, (c) => then(c, error === undefined ? {} : { error }));
    for (const pod of victims) {
      const podKey = keyOf(pod);
      rt.client.delete(ctx, 'Pod', pod.metadata?.namespace ?? '', pod.metadata?.name ?? '', undefined, (res, c) => {
        if (!res.ok) {
          rt.expectations.deletionObserved(key, podKey);
          if (res.error.reason !== 'NotFound') error ??= res.error.message;
        }
        done(c);
      });
    }
  } else then(ctx, {});
}

/** The active pods of every ReplicaSet with the same controller (for the doubled-up rank). */
function relatedPods(rt: RsRuntime, rs: ReplicaSetObject): PodObject[] {
  const owner = controllerOf(rs);
  const siblings = owner === undefined ? [rs] : rt.rsIndex.owned(owner.uid);
  const out: PodObject[] = [];
  for (const sib of siblings) for (const p of rt.podIndex.owned(sib.metadata.uid ?? '')) out.push(p);
  return out;
}

const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** `generateName` as the API server's `SimpleNameGenerator`: prefix (≤ 58 chars) + 5 random characters. */
function podName(rs: ReplicaSetObject, ctx: Ctx): string {
  const prefix = `${rs.metadata.name ?? ''}-`.slice(0, 58);
  const rng = ctx.random('pod-names');
  let s = prefix;
  for (let i = 0; i < 5; i++) s += NAME_ALPHABET[rng.int(0, NAME_ALPHABET.length - 1)];
  return s;
}

function podFromTemplate(rs: ReplicaSetObject, ctx: Ctx): KubeObject {
  const t = rs.spec?.template;
  const meta = t?.metadata;
  const name = rs.metadata.name ?? '';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: podName(rs, ctx),
      generateName: `${name}-`,
      namespace: rs.metadata.namespace ?? 'default',
      ...(meta?.labels !== undefined ? { labels: meta.labels } : {}),
      ...(meta?.annotations !== undefined ? { annotations: meta.annotations } : {}),
      ...(meta?.finalizers !== undefined ? { finalizers: meta.finalizers } : {}),
      ownerReferences: [controllerRef(rs)],
    },
    spec: t?.spec ?? { containers: [] },
  };
}

/**
 * `slowStartBatch`: batches of 1, 2, 4, … creates (each `min(2 × previous, remaining)`), every batch issued
 * at once and awaited; stops after the first batch with an error. Creations never issued are marked observed.
 */
function slowStartCreate(rt: RsRuntime, rs: ReplicaSetObject, key: string, total: number, ctx: Ctx, then: Then<ManageResult>): void {
  let remaining = total;
  let batch = Math.min(1, remaining);
  let successes = 0;
  const end = (c: Ctx, error: string | undefined) => {
    for (let i = successes; i < total; i++) rt.expectations.creationObserved(key);
    then(c, error === undefined ? {} : { error });
  };
  const step = (c: Ctx): void => {
    if (batch <= 0) {
      end(c, undefined);
      return;
    }
    let error: string | undefined;
    const size = batch;
    const done = join(size, c, (c2) => {
      remaining -= size;
      if (error !== undefined) end(c2, error);
      else {
        batch = Math.min(2 * size, remaining);
        step(c2);
      }
    });
    for (let i = 0; i < size; i++) {
      rt.client.create(c, podFromTemplate(rs, c), (res, c2) => {
        if (res.ok) successes++;
        else error ??= res.error.message;
        done(c2);
      });
    }
  };
  step(ctx);
}

/** Writes the status when it changed; requeues after `minReadySeconds` while ready pods are not yet available. */
function writeStatus(rt: RsRuntime, rs: ReplicaSetObject, key: string, active: Active, manage: ManageResult, ctx: Ctx, finish: Finish): void {
  const replicas = rs.spec?.replicas ?? 1;
  const minReady = rs.spec?.minReadySeconds ?? 0;
  const status = calculateStatus(rs, active.counts(minReady, ctx.now), manage, ctx.now);
  const after = (c: Ctx): void => {
    if (manage.error === undefined && minReady > 0 && status.readyReplicas === replicas && status.availableReplicas !== replicas) {
      rt.queue.addAfter(key, minReady * 1000, c);
    }
    finish(c, manage.error);
  };
  if (sameStatus(rs, status)) {
    after(ctx);
    return;
  }
  rt.client.updateStatus(ctx, { ...rs, status }, (res, c) => {
    if (res.ok) after(c);
    else if (res.error.reason === 'Conflict') retryStatus(rt, rs, status, c, (c2, error) => (error === undefined ? after(c2) : finish(c2, manage.error ?? error)));
    else finish(c, manage.error ?? res.error.message);
  });
}

/** `updateReplicaSetStatus`'s one retry (`statusUpdateRetries = 1`): GET the ReplicaSet, write the status again. */
function retryStatus(rt: RsRuntime, rs: ReplicaSetObject, status: object, ctx: Ctx, then: (ctx: Ctx, error?: string) => void): void {
  const ns = rs.metadata.namespace ?? '';
  const name = rs.metadata.name ?? '';
  rt.client.request(ctx, { verb: 'get', kind: 'ReplicaSet', namespace: ns, name }, (res, c) => {
    if (!res.ok) {
      then(c, res.error.message);
      return;
    }
    const fresh = res.object as ReplicaSetObject;
    if (fresh.metadata.uid !== rs.metadata.uid) {
      then(c, `replica set ${ns}/${name} was replaced`);
      return;
    }
    // the observed generation stays the one this sync acted on, as upstream
    rt.client.updateStatus(c, { ...fresh, status }, (r2, c2) => then(c2, r2.ok ? undefined : r2.error.message));
  });
}

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
import type { ReplicaSetStatus } from 'kubernetes-types/apps/v1.js';
import type { ActorContext } from '../../engine/actor.js';
import type { KubeObject } from '../../api/store/types.js';
import { controllerOf, controllerRef, isPodActive, keyOf, splitKey } from '../_internal/pods.js';
import type { Finish } from '../_internal/workers.js';
import { rankPodsForDeletion } from './pod-ranking.js';
import { type Compiled, type PodObject, type ReplicaSetObject, type RsRuntime, selects, selectorsOf } from './runtime.js';
import { calculateStatus, countPods, type ManageResult, type PodCounts, sameStatus } from './status.js';
import { type Tally, templateMatches } from './tally.js';

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
 *
 * @remarks Classes rather than per-sync closures: a sync allocates one small object, not a handful of functions.
 */
interface Active {
  readonly count: number;
  list(): readonly PodObject[];
  counts(minReadySeconds: number, nowMs: number): PodCounts;
}

/** `calculateStatus`'s counts over active claimed pods. */
function countClaimed(pods: readonly PodObject[], compiled: Compiled, minReadySeconds: number, nowMs: number): PodCounts {
  return countPods(pods, (p) => templateMatches(compiled, p.metadata?.labels), minReadySeconds, nowMs);
}

/** {@link Active} over a list of claimed pods (after a claim that wrote). */
class ListedActive implements Active {
  readonly count: number;

  constructor(
    private readonly compiled: Compiled,
    private readonly pods: readonly PodObject[],
  ) {
    this.count = pods.length;
  }

  list(): readonly PodObject[] {
    return this.pods;
  }

  counts(minReadySeconds: number, nowMs: number): PodCounts {
    return countClaimed(this.pods, this.compiled, minReadySeconds, nowMs);
  }
}

/**
 * {@link Active} from the tally (a claim that writes nothing).
 *
 * @remarks
 * Upstream counts the pods it listed when the sync began, after its creates and deletes: the tally moves on
 * as events arrive meanwhile, so its counts are taken now. The list is read now too, or not at all: a deletion
 * asks for it in this same handler, and availability under minReadySeconds needs it at the end.
 */
class TalliedActive implements Active {
  readonly count: number;
  private readonly fullyLabeled: number;
  private readonly ready: number;
  private pods: PodObject[] | undefined;

  constructor(
    private readonly rt: RsRuntime,
    private readonly uid: string,
    private readonly compiled: Compiled,
    tally: Tally,
    minReadySeconds: number,
  ) {
    this.count = tally.active;
    this.fullyLabeled = tally.fullyLabeled;
    this.ready = tally.ready;
    if (minReadySeconds > 0) this.pods = this.build();
  }

  list(): readonly PodObject[] {
    return (this.pods ??= this.build());
  }

  counts(minReadySeconds: number, nowMs: number): PodCounts {
    if (minReadySeconds === 0 || this.pods === undefined) return { replicas: this.count, fullyLabeled: this.fullyLabeled, ready: this.ready, available: this.ready };
    return countClaimed(this.pods, this.compiled, minReadySeconds, nowMs);
  }

  private build(): PodObject[] {
    const out: PodObject[] = [];
    for (const pod of this.rt.podIndex.owned(this.uid)) if (selects(this.compiled, pod.metadata.labels) && isPodActive(pod)) out.push(pod);
    return out;
  }
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
  const fast = claimedFromTally(rt, rs);
  if (fast !== undefined) {
    manageThenStatus(rt, rs, key, needsSync, fast, ctx, finish);
    return;
  }
  claimPods(rt, rs, ctx, (c, claim) => {
    if (claim.error !== undefined) finish(c, claim.error);
    else manageThenStatus(rt, rs, key, needsSync, new ListedActive(selectorsOf(rt, rs), claim.pods.filter(isPodActive)), c, finish);
  });
}

/** `manageReplicas` when the expectations are satisfied and the ReplicaSet is not being deleted, then the status. */
function manageThenStatus(rt: RsRuntime, rs: ReplicaSetObject, key: string, needsSync: boolean, active: Active, ctx: Ctx, finish: Finish): void {
  if (needsSync && rs.metadata.deletionTimestamp === undefined) manageReplicas(rt, rs, key, active, ctx, (c, manage) => writeStatus(rt, rs, key, active, manage, c, finish));
  else writeStatus(rt, rs, key, active, {}, ctx, finish);
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
  return new TalliedActive(rt, uid, compiled, tally, rs.spec?.minReadySeconds ?? 0);
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
  new SlowStart(rt, rs, key, total, then).step(ctx);
}

/** The state of one {@link slowStartCreate}. */
class SlowStart {
  private remaining: number;
  private batch: number;
  private successes = 0;

  constructor(
    private readonly rt: RsRuntime,
    private readonly rs: ReplicaSetObject,
    private readonly key: string,
    private readonly total: number,
    private readonly then: Then<ManageResult>,
  ) {
    this.remaining = total;
    this.batch = Math.min(1, total);
  }

  /** Issues the next batch (or ends when none is left). */
  step(c: Ctx): void {
    if (this.batch <= 0) {
      this.end(c, undefined);
      return;
    }
    let error: string | undefined;
    const size = this.batch;
    const done = join(size, c, (c2) => {
      this.remaining -= size;
      if (error !== undefined) this.end(c2, error);
      else {
        this.batch = Math.min(2 * size, this.remaining);
        this.step(c2);
      }
    });
    for (let i = 0; i < size; i++) {
      this.rt.client.create(c, podFromTemplate(this.rs, c), (res, c2) => {
        if (res.ok) this.successes++;
        else error ??= res.error.message;
        done(c2);
      });
    }
  }

  private end(c: Ctx, error: string | undefined): void {
    for (let i = this.successes; i < this.total; i++) this.rt.expectations.creationObserved(this.key);
    this.then(c, error === undefined ? {} : { error });
  }
}

/** Writes the status when it changed; requeues after `minReadySeconds` while ready pods are not yet available. */
function writeStatus(rt: RsRuntime, rs: ReplicaSetObject, key: string, active: Active, manage: ManageResult, ctx: Ctx, finish: Finish): void {
  const status = calculateStatus(rs, active.counts(rs.spec?.minReadySeconds ?? 0, ctx.now), manage, ctx.now);
  if (sameStatus(rs, status)) {
    afterStatus(rt, rs, key, status, manage, ctx, finish);
    return;
  }
  rt.client.updateStatus(ctx, { ...rs, status }, (res, c) => {
    if (res.ok) afterStatus(rt, rs, key, status, manage, c, finish);
    else if (res.error.reason === 'Conflict') retryStatus(rt, rs, status, c, (c2, error) => (error === undefined ? afterStatus(rt, rs, key, status, manage, c2, finish) : finish(c2, manage.error ?? error)));
    else finish(c, manage.error ?? res.error.message);
  });
}

/** The end of a sync whose status is written (or unchanged): the `minReadySeconds` requeue, then `finish`. */
function afterStatus(rt: RsRuntime, rs: ReplicaSetObject, key: string, status: ReplicaSetStatus, manage: ManageResult, ctx: Ctx, finish: Finish): void {
  const replicas = rs.spec?.replicas ?? 1;
  const minReady = rs.spec?.minReadySeconds ?? 0;
  if (manage.error === undefined && minReady > 0 && status.readyReplicas === replicas && status.availableReplicas !== replicas) {
    rt.queue.addAfter(key, minReady * 1000, ctx);
  }
  finish(ctx, manage.error);
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

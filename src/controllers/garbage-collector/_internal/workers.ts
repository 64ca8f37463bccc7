/**
 * The garbage collector's two work queues (upstream `attemptToDelete` and `attemptToOrphan`), drained in batches
 * by one timer, and the writes they issue.
 *
 * @internal
 * @packageDocumentation
 */
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import type { ApiClient, ResponseCallback } from '../../../api/client/api-client.js';
import type { KubeObject } from '../../../api/store/types.js';
import type { ActorContext } from '../../../engine/actor.js';
import { decide, ownerNamespace, type ScopeOf } from './decide.js';
import { describe, isDeletingDependents, isOrphaning, ORPHAN_FINALIZER, type OwnerGraph, ownerRefs } from './graph.js';

/** The timer message that drains the queues. */
export interface GcTick {
  readonly type: 'gc.tick';
}

/** The timer key of the batch. */
export const TICK_TIMER = 'gc-batch';

type Ctx = ActorContext<never>;

/** Everything the workers share. */
export interface GcRuntime {
  readonly client: ApiClient;
  readonly graph: OwnerGraph;
  readonly scopeOf: ScopeOf;
  readonly batchMs: number;
  /** Whether every informer has synced (nothing is done before). */
  synced: boolean;
  readonly attemptToDelete: Set<string>;
  readonly attemptToOrphan: Set<string>;
  /** Uids with a write in flight. */
  readonly inFlight: Set<string>;
  /** Uid → resourceVersion our last write produced, until the informer has caught up with it. */
  readonly awaitRv: Map<string, number>;
  /** Owner uid being verified by a live GET → the dependents waiting for the answer. */
  readonly verifying: Map<string, Set<string>>;
}

function arm(rt: GcRuntime, ctx: Ctx): void {
  if (!rt.synced || ctx.hasTimer(TICK_TIMER)) return;
  (ctx as ActorContext<GcTick>).setTimer(TICK_TIMER, rt.batchMs, { type: 'gc.tick' });
}

/** Adds an object to the attempt-to-delete queue. */
export function enqueueDelete(rt: GcRuntime, uid: string, ctx: Ctx): void {
  rt.attemptToDelete.add(uid);
  arm(rt, ctx);
}

/** Adds an owner to the attempt-to-orphan queue. */
export function enqueueOrphan(rt: GcRuntime, uid: string, ctx: Ctx): void {
  rt.attemptToOrphan.add(uid);
  arm(rt, ctx);
}

/** Queues an observed object wherever it may need work. */
export function reconsider(rt: GcRuntime, uid: string, ctx: Ctx): void {
  const obj = rt.graph.objects.get(uid);
  if (obj === undefined) return;
  if (isDeletingDependents(obj) || ownerRefs(obj).length > 0) enqueueDelete(rt, uid, ctx);
  if (isOrphaning(obj)) enqueueOrphan(rt, uid, ctx);
}

/** Whether the informer has not yet seen our last write of `uid` (acting now would read a stale object). */
function behind(rt: GcRuntime, uid: string): boolean {
  const want = rt.awaitRv.get(uid);
  if (want === undefined) return false;
  const obj = rt.graph.objects.get(uid);
  if (obj === undefined || Number(obj.metadata.resourceVersion ?? 0) >= want) {
    rt.awaitRv.delete(uid);
    return false;
  }
  return true;
}

function busy(rt: GcRuntime, uid: string): boolean {
  return rt.inFlight.has(uid) || behind(rt, uid);
}

/** A copy of `obj` with its metadata changed by `patch` (the cached object is frozen). */
function withMeta(obj: KubeObject, patch: (meta: Record<string, unknown>) => void): KubeObject {
  const meta: Record<string, unknown> = { ...obj.metadata };
  patch(meta);
  return { ...obj, metadata: meta } as KubeObject;
}

function withoutOwners(obj: KubeObject, uids: readonly string[]): KubeObject {
  const refs = ownerRefs(obj).filter((r) => !uids.includes(r.uid));
  return withMeta(obj, (m) => (refs.length === 0 ? delete m.ownerReferences : (m.ownerReferences = refs)));
}

function withoutFinalizer(obj: KubeObject, finalizer: string): KubeObject {
  const rest = (obj.metadata.finalizers ?? []).filter((f) => f !== finalizer);
  return withMeta(obj, (m) => (rest.length === 0 ? delete m.finalizers : (m.finalizers = rest)));
}

/** Sends one write for `uid`; when it is answered the object (and `after`) are reconsidered. */
function write(rt: GcRuntime, uid: string, ctx: Ctx, send: (cb: ResponseCallback) => void, after?: (c: Ctx) => void): void {
  rt.inFlight.add(uid);
  send((res, c) => {
    rt.inFlight.delete(uid);
    if (res.ok) {
      const rv = Number(res.object?.metadata.resourceVersion ?? 0);
      const cached = rt.graph.objects.get(uid);
      if (cached !== undefined && Number(cached.metadata.resourceVersion ?? 0) < rv) rt.awaitRv.set(uid, rv);
    } else if (res.error.reason === 'Conflict') {
      // optimistic concurrency: the next batch re-reads the object from the informer cache
      c.trace('gc conflict', res.error.message);
    }
    reconsider(rt, uid, c);
    after?.(c);
  });
}

/** Asks the API server whether an owner the graph has not observed exists (upstream `isDangling`). */
function verify(rt: GcRuntime, item: KubeObject, ref: OwnerReference, ctx: Ctx): void {
  const uid = item.metadata.uid ?? '';
  const waiters = rt.verifying.get(ref.uid);
  if (waiters !== undefined) {
    waiters.add(uid);
    return;
  }
  rt.verifying.set(ref.uid, new Set([uid]));
  const namespace = ownerNamespace(item, rt.scopeOf(ref.apiVersion, ref.kind) ?? 'Namespaced');
  rt.client.request(ctx, { verb: 'get', kind: ref.kind, namespace, name: ref.name }, (res, c) => {
    const waiting = [...(rt.verifying.get(ref.uid) ?? [])];
    rt.verifying.delete(ref.uid);
    if (res.ok && res.object?.metadata.uid === ref.uid) rt.graph.markVerified(res.object);
    else if (res.ok || res.error.reason === 'NotFound') rt.graph.markAbsent(ref.uid);
    else {
      for (const d of waiting) enqueueDelete(rt, d, c);
      return;
    }
    for (const d of waiting) processDelete(rt, d, c);
  });
}

/** Upstream `attemptToDeleteItem` for one observed object. */
export function processDelete(rt: GcRuntime, uid: string, ctx: Ctx): void {
  const item = rt.graph.objects.get(uid);
  if (item === undefined || busy(rt, uid)) return;
  const action = decide(rt.graph, item, rt.scopeOf);
  const name = item.metadata.name ?? '';
  const ns = item.metadata.namespace ?? '';
  switch (action.type) {
    case 'none':
      return;
    case 'verify':
      for (const ref of action.refs) verify(rt, item, ref, ctx);
      return;
    case 'enqueue':
      for (const d of action.uids) enqueueDelete(rt, d, ctx);
      return;
    case 'strip':
      ctx.trace('gc update', `${describe(item)} (remove ownerReferences to ${action.uids.join(', ')})`);
      write(rt, uid, ctx, (cb) => rt.client.update(ctx, withoutOwners(item, action.uids), cb));
      return;
    case 'delete': {
      ctx.trace('gc delete', `${describe(item)} (${action.reason})`);
      const preconditions = { uid, ...(item.metadata.resourceVersion !== undefined ? { resourceVersion: item.metadata.resourceVersion } : {}) };
      const options = { propagationPolicy: action.policy, preconditions };
      write(rt, uid, ctx, (cb) => rt.client.delete(ctx, item.kind, ns, name, options, cb));
      return;
    }
    case 'removeFinalizer':
      ctx.trace('gc finalize', `${describe(item)} (remove finalizer ${action.finalizer})`);
      write(rt, uid, ctx, (cb) => rt.client.update(ctx, withoutFinalizer(item, action.finalizer), cb));
  }
}

/** Upstream `attemptToOrphanWorker`: strip the owner from every dependent, then drop its `orphan` finalizer. */
export function processOrphan(rt: GcRuntime, uid: string, ctx: Ctx): void {
  const owner = rt.graph.objects.get(uid);
  if (owner === undefined || !isOrphaning(owner) || busy(rt, uid)) return;
  let pending = false;
  for (const d of rt.graph.dependentsOf(uid)) {
    const dep = rt.graph.objects.get(d);
    if (dep === undefined) continue;
    pending = true;
    if (busy(rt, d)) continue;
    ctx.trace('gc orphan', `${describe(dep)} (owner ${describe(owner)} orphans its dependents)`);
    write(rt, d, ctx, (cb) => rt.client.update(ctx, withoutOwners(dep, [uid]), cb), (c) => enqueueOrphan(rt, uid, c));
  }
  if (pending) return;
  ctx.trace('gc finalize', `${describe(owner)} (remove finalizer ${ORPHAN_FINALIZER})`);
  write(rt, uid, ctx, (cb) => rt.client.update(ctx, withoutFinalizer(owner, ORPHAN_FINALIZER), cb));
}

/** Drains both queues (one batch); anything queued meanwhile waits for the next batch. */
export function tick(rt: GcRuntime, ctx: Ctx): void {
  const orphans = [...rt.attemptToOrphan];
  const deletes = [...rt.attemptToDelete];
  rt.attemptToOrphan.clear();
  rt.attemptToDelete.clear();
  for (const uid of orphans) processOrphan(rt, uid, ctx);
  for (const uid of deletes) processDelete(rt, uid, ctx);
}

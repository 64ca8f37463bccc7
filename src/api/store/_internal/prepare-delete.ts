/**
 * Decides what a delete does to an object (upstream `rest.BeforeDelete`, `markAsDeleting` and
 * `deletionFinalizersForGarbageCollection`): nothing, mark it as deleting, or remove it.
 *
 * @internal
 * @packageDocumentation
 */
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import { ApiError } from '../../errors.js';
import type { DeleteOptions, KubeObject } from '../types.js';
import type { MutableMeta } from './mutable-meta.js';
import { formatTimestamp, parseTimestamp } from './timestamp.js';

const ORPHAN = 'orphan';
const FOREGROUND = 'foregroundDeletion';

/** The outcome: keep as is, store `obj` (now terminating), or remove the object (last state `obj`). */
export type DeletePlan =
  | { readonly action: 'keep'; readonly obj: KubeObject }
  | { readonly action: 'mark' | 'remove'; readonly obj: KubeObject; readonly meta: ObjectMeta };

/** Finalizers after applying the propagation policy, or `undefined` when the set does not change. */
export function propagationFinalizers(finalizers: readonly string[], policy: DeleteOptions['propagationPolicy']): string[] | undefined {
  const orphan = policy !== undefined ? policy === 'Orphan' : finalizers.includes(ORPHAN);
  const foreground = policy !== undefined ? policy === 'Foreground' : !orphan && finalizers.includes(FOREGROUND);
  const next = finalizers.filter((f) => f !== ORPHAN && f !== FOREGROUND);
  if (orphan) next.push(ORPHAN);
  if (foreground) next.push(FOREGROUND);
  const before = new Set(finalizers);
  const same = next.length === before.size && next.every((f) => before.has(f));
  return same ? undefined : next;
}

/** Current virtual instant and epoch, for deletion timestamps. */
export interface Clock {
  readonly nowUnixMs: number;
}

type GraceStep = { readonly pending: true } | { readonly pending: false; readonly graceful: boolean; readonly meta: ObjectMeta };

/** `BeforeDelete`: the graceful part (set or shorten the deletion timestamp), or "already pending". */
function graceStep(meta: Readonly<ObjectMeta>, requested: number | undefined, clock: Clock): GraceStep {
  const grace = requested !== undefined && requested < 0 ? 1 : requested;
  const current = meta.deletionGracePeriodSeconds;
  if (meta.deletionTimestamp !== undefined) {
    if (current === undefined || current === 0) return { pending: false, graceful: false, meta };
    if (grace === undefined || grace >= current) return { pending: true };
    // Only a shorter period is honoured: the deadline moves to (original request time + new grace).
    const requestedAtMs = (parseTimestamp(meta.deletionTimestamp) ?? clock.nowUnixMs) - current * 1000;
    const deletionTimestamp = formatTimestamp(requestedAtMs + grace * 1000);
    return { pending: false, graceful: true, meta: { ...meta, deletionTimestamp, deletionGracePeriodSeconds: grace } };
  }
  if (grace === undefined) return { pending: false, graceful: false, meta };
  const next: MutableMeta = {
    ...meta,
    deletionTimestamp: formatTimestamp(clock.nowUnixMs + grace * 1000),
    deletionGracePeriodSeconds: grace,
  };
  if ((meta.generation ?? 0) > 0) next.generation = (meta.generation ?? 0) + 1;
  return { pending: false, graceful: true, meta: next };
}

/** `markAsDeleting`: deletion timestamp now (unless earlier), grace 0, generation +1 the first time. */
function markAsDeleting(meta: ObjectMeta, clock: Clock): ObjectMeta {
  const next: MutableMeta = { ...meta, deletionGracePeriodSeconds: 0 };
  if (meta.deletionTimestamp === undefined && (meta.generation ?? 0) > 0) next.generation = (meta.generation ?? 0) + 1;
  const at = meta.deletionTimestamp === undefined ? undefined : parseTimestamp(meta.deletionTimestamp);
  if (at === undefined || at > clock.nowUnixMs) next.deletionTimestamp = formatTimestamp(clock.nowUnixMs);
  return next;
}

/**
 * Plans a delete.
 *
 * @remarks
 * - Already terminating with grace > 0: a shorter grace shortens the deadline, anything else is a no-op.
 * - Not terminating and a grace given: `deletionTimestamp = now + grace`, generation +1.
 * - The propagation policy then sets the `orphan` / `foregroundDeletion` finalizers.
 * - With finalizers left the object is marked (grace 0 when not graceful); with none it is removed when
 *   the grace is 0, else kept until the grace expires (the kubelet deletes it again with grace 0).
 */
export function planDelete(old: KubeObject, opts: DeleteOptions, clock: Clock): DeletePlan {
  const step = graceStep(old.metadata, opts.gracePeriodSeconds, clock);
  if (step.pending) return { action: 'keep', obj: old };
  let meta: MutableMeta = step.meta;
  const finalizers = propagationFinalizers(meta.finalizers ?? [], opts.propagationPolicy);
  if (finalizers !== undefined) {
    meta = { ...meta };
    if (finalizers.length === 0) delete meta.finalizers;
    else meta.finalizers = finalizers;
  }
  const pendingFinalizers = (meta.finalizers?.length ?? 0) > 0;
  if (!step.graceful) {
    if (!pendingFinalizers) return { action: 'remove', obj: old, meta };
    meta = markAsDeleting(meta, clock);
  } else if (!pendingFinalizers && meta.deletionGracePeriodSeconds === 0) {
    return { action: 'remove', obj: old, meta };
  }
  return { action: 'mark', obj: old, meta };
}

/**
 * Delete preconditions (upstream `BeforeDelete`): a uid or resourceVersion other than the stored one
 * is 409 Conflict with upstream's wording.
 */
export function checkPreconditions(resource: string, old: KubeObject, pre: DeleteOptions['preconditions']): void {
  if (pre === undefined) return;
  const prefix = `Operation cannot be fulfilled on ${resource} "${old.metadata.name ?? ''}": `;
  if (pre.uid !== undefined && pre.uid !== old.metadata.uid) {
    throw new ApiError(
      'Conflict',
      `${prefix}the UID in the precondition (${pre.uid}) does not match the UID in record (${old.metadata.uid ?? ''}). The object might have been deleted and then recreated`,
    );
  }
  if (pre.resourceVersion !== undefined && pre.resourceVersion !== old.metadata.resourceVersion) {
    throw new ApiError(
      'Conflict',
      `${prefix}the ResourceVersion in the precondition (${pre.resourceVersion}) does not match the ResourceVersion in record (${old.metadata.resourceVersion ?? ''}). The object might have been modified`,
    );
  }
}

/**
 * The Deployment controller's working state and the helpers every sync step shares.
 *
 * @internal
 * @packageDocumentation
 */
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { ApiClient } from '../../api/client/api-client.js';
import type { Informer } from '../../api/client/informer.js';
import { type CompiledSelector, compileLabelSelector } from '../../api/selectors/label-selector.js';
import type { KubeObject } from '../../api/store/types.js';
import type { ActorContext } from '../../engine/actor.js';
import type { OwnerIndex } from '../_internal/owner-index.js';
import type { PodCounts } from '../_internal/pod-counts.js';
import type { WorkQueue } from '../_internal/work-queue.js';
import type { Finish, Workers } from '../_internal/workers.js';

/** A cached Deployment. */
export type DeploymentObject = Deployment & KubeObject;
/** A cached ReplicaSet. */
export type RsObject = ReplicaSet & KubeObject;
/** A cached pod. */
export type PodObject = Pod & KubeObject;
/** The context the API client's callbacks get. */
export type Ctx = ActorContext<never>;

/** Everything the handlers and syncs share. */
export interface DeploymentRuntime {
  readonly client: ApiClient;
  readonly deployments: Informer<DeploymentObject>;
  readonly rss: Informer<RsObject>;
  /** The pod informer once the first Recreate Deployment asked for it (see `startPodInformer`). */
  pods: { readonly hasSynced: boolean };
  podsStarted: boolean;
  /** ReplicaSets by controller uid, and orphans by namespace. */
  readonly rsIndex: OwnerIndex<RsObject>;
  /** Pod counts by controller uid (their ReplicaSet), for Recreate's "old pods still running". */
  readonly podCounts: PodCounts;
  /** Deployment keys per namespace (to find the Deployments that may adopt an orphan ReplicaSet). */
  readonly byNamespace: Map<string, Set<string>>;
  readonly selectors: Map<string, { readonly generation: number; readonly selector: CompiledSelector }>;
  readonly queue: WorkQueue;
  readonly workers: Workers;
}

/** One sync in progress: the Deployment and its ReplicaSets as the sync's own writes left them. */
export interface Run {
  readonly rt: DeploymentRuntime;
  readonly key: string;
  readonly finish: Finish;
  d: DeploymentObject;
  rsList: RsObject[];
}

/** The compiled selector of a Deployment (cached per uid and generation). */
export function selectorOf(rt: DeploymentRuntime, d: DeploymentObject): CompiledSelector {
  const uid = d.metadata.uid ?? '';
  const generation = d.metadata.generation ?? 0;
  const hit = rt.selectors.get(uid);
  if (hit !== undefined && hit.generation === generation) return hit.selector;
  const selector = compileLabelSelector(d.spec?.selector);
  rt.selectors.set(uid, { generation, selector });
  return selector;
}

/** Replaces a ReplicaSet in the run by uid (after a write returned it), or adds it. */
export function remember(run: Run, rs: RsObject): RsObject {
  const i = indexByUid(run.rsList, rs);
  if (i >= 0) run.rsList[i] = rs;
  else run.rsList.push(rs);
  return rs;
}

/** The run's current version of a ReplicaSet. */
export function latest(run: Run, rs: RsObject): RsObject {
  const i = indexByUid(run.rsList, rs);
  return i >= 0 ? (run.rsList[i] as RsObject) : rs;
}

function indexByUid(list: readonly RsObject[], rs: RsObject): number {
  const uid = rs.metadata.uid;
  for (let i = 0; i < list.length; i++) if ((list[i] as RsObject).metadata.uid === uid) return i;
  return -1;
}

/** Calls `then` after `n` calls of the returned function (at once when `n` is 0). */
export function join(n: number, ctx: Ctx, then: (ctx: Ctx) => void): (ctx: Ctx) => void {
  let left = n;
  if (left === 0) then(ctx);
  return (c) => {
    left--;
    if (left === 0) then(c);
  };
}

/**
 * The ReplicaSet controller's working state: informers, indexes, queue and expectations.
 *
 * @internal
 * @packageDocumentation
 */
import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { ApiClient } from '../../api/client/api-client.js';
import type { Informer } from '../../api/client/informer.js';
import { type CompiledSelector, compileLabelSelector, selectorFromSet } from '../../api/selectors/label-selector.js';
import type { KubeObject } from '../../api/store/types.js';
import type { Expectations } from '../_internal/expectations.js';
import type { Tallies } from './tally.js';
import type { OwnerIndex } from '../_internal/owner-index.js';
import type { WorkQueue } from '../_internal/work-queue.js';
import type { Workers } from '../_internal/workers.js';

/** A cached pod. */
export type PodObject = Pod & KubeObject;
/** A cached ReplicaSet. */
export type ReplicaSetObject = ReplicaSet & KubeObject;

/** The compiled selectors of a ReplicaSet, for one (frozen) selector and template-labels object. */
export interface Compiled {
  /** The `spec.selector` compiled (by identity: the store keeps unchanged subtrees across versions). */
  readonly selectorSource: object | undefined;
  /** The `spec.template.metadata.labels` compiled. */
  readonly templateSource: object | undefined;
  readonly selector: CompiledSelector;
  readonly template: CompiledSelector;
  /** Selector results per (frozen) labels object: a pod's labels object survives its status updates. */
  readonly matches: WeakMap<object, boolean>;
  /** Template-selector results per (frozen) labels object. */
  readonly templateMatches: WeakMap<object, boolean>;
}

/** Whether the ReplicaSet's selector matches these labels (memoized per labels object). */
export function selects(c: Compiled, labels: Readonly<Record<string, string>> | undefined): boolean {
  if (labels === undefined) return c.selector.matches(labels);
  let m = c.matches.get(labels);
  if (m === undefined) {
    m = c.selector.matches(labels);
    c.matches.set(labels, m);
  }
  return m;
}

/** Everything the controller's handlers and syncs share. */
export interface RsRuntime {
  readonly client: ApiClient;
  readonly rss: Informer<ReplicaSetObject>;
  readonly pods: Informer<PodObject>;
  /** Pods by controller uid, and orphan pods by namespace. */
  readonly podIndex: OwnerIndex<PodObject>;
  /** ReplicaSets by controller uid (siblings of one Deployment), and orphans by namespace. */
  readonly rsIndex: OwnerIndex<ReplicaSetObject>;
  /** ReplicaSet keys per namespace (to find the ReplicaSets that may adopt an orphan pod). */
  readonly rsByNamespace: Map<string, Set<string>>;
  readonly queue: WorkQueue;
  readonly workers: Workers;
  readonly expectations: Expectations;
  readonly compiled: Map<string, Compiled>;
  /** Status counts per ReplicaSet uid, kept by the pod handlers. */
  readonly tallies: Tallies;
  readonly burstReplicas: number;
}

/**
 * The compiled selector and template-label selector of a ReplicaSet, cached per uid while its selector and
 * template labels are the same objects (a scale, which bumps the generation, keeps them).
 */
export function selectorsOf(rt: RsRuntime, rs: ReplicaSetObject): Compiled {
  const uid = rs.metadata.uid ?? '';
  const selectorSource = rs.spec?.selector;
  const templateSource = rs.spec?.template?.metadata?.labels;
  const hit = rt.compiled.get(uid);
  if (hit !== undefined && hit.selectorSource === selectorSource && hit.templateSource === templateSource) return hit;
  const c: Compiled = {
    selectorSource,
    templateSource,
    selector: compileLabelSelector(selectorSource),
    template: selectorFromSet(templateSource ?? {}),
    matches: new WeakMap(),
    templateMatches: new WeakMap(),
  };
  rt.compiled.set(uid, c);
  return c;
}

/**
 * The kind registry: one place that says which API kinds kubesim serves and how each is defaulted
 * and validated.
 *
 * @remarks
 * kube-apiserver keeps, per resource, a REST storage with a strategy (`PrepareForCreate`, `Validate`,
 * `ValidateUpdate`) and a scheme with defaulting functions (`SetDefaults_*`). kubesim folds both into
 * one {@link KindInfo} record per kind (kubernetes-behaviour.md §8). Adding a kind means writing one
 * file under `src/api/kinds/` that exports a `KindInfo` and adding it to {@link defaultRegistry}.
 *
 * The API server calls, on create: `default` → admission → `prepareForCreate` (after it has assigned
 * `uid`, name and namespace) → `validate(obj, undefined)`; on update: `default` → `validate(obj, old)`.
 *
 * @packageDocumentation
 */
import { ApiError } from '../errors.js';
import type { FieldError } from '../errors.js';
import { BUILTIN_KINDS } from './builtin.js';

import type { NameRule } from '../validation/names.js';

export type { NameRule };

/**
 * Everything the API server needs to know about one kind.
 *
 * @remarks
 * `default` mutates a draft in place and must be idempotent; `validate` never mutates and returns
 * every problem it finds (an empty array means valid). Both are optional: a kind without them is
 * stored as given (apart from the common metadata checks the kind's `validate` chooses to run).
 *
 * @example
 * ```ts
 * const configMaps: KindInfo<ConfigMap> = {
 *   apiVersion: 'v1', group: '', kind: 'ConfigMap', plural: 'configmaps', scope: 'Namespaced',
 *   nameRule: 'DNS1123Subdomain', hasStatus: false,
 *   validate: (cm, old) => validateObjectMeta(cm, configMaps, old),
 * };
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface KindInfo<T = any> {
  /** `v1`, `apps/v1`, `batch/v1`, `discovery.k8s.io/v1`, … */
  readonly apiVersion: string;
  /** The API group, `''` for the core group. */
  readonly group: string;
  /** The kind, e.g. `Pod`. */
  readonly kind: string;
  /** The plural resource name used in URLs and messages (`pods "web-1" not found`). */
  readonly plural: string;
  /** Whether objects live in a namespace. */
  readonly scope: 'Namespaced' | 'Cluster';
  /** How `metadata.name` is validated. */
  readonly nameRule: NameRule;
  /** Whether the kind has a `/status` subresource (status is then ignored on main-resource writes). */
  readonly hasStatus: boolean;
  /** API defaults, applied in place on a mutable copy at create and update (upstream `SetDefaults_*`). */
  default?(draft: T): void;
  /**
   * Create-only preparation that needs server-assigned fields (upstream strategy `PrepareForCreate`),
   * e.g. a Job's generated selector (needs `metadata.uid`) or a Namespace's `kubernetes` finalizer.
   */
  prepareForCreate?(draft: T): void;
  /** Validation on create (`old` undefined) and update; returns every problem with its field path. */
  validate?(obj: T, old: T | undefined): FieldError[];
}

/**
 * A set of {@link KindInfo}s, looked up by kind and apiVersion.
 *
 * @remarks
 * Lookups are single `Map` reads. {@link KindRegistry.lookup} throws the error the API server returns
 * for a kind kubesim does not serve, so callers can let it propagate.
 *
 * @example
 * ```ts
 * const reg = defaultRegistry();
 * const info = reg.lookup('apps/v1', 'Deployment');
 * reg.kindGroup('Deployment'); // 'Deployment.apps'
 * ```
 */
export class KindRegistry {
  /** kind → apiVersion → info: two reads, no key string built per lookup (the create path's first step). */
  private readonly byKindVersion = new Map<string, Map<string, KindInfo>>();
  private readonly byKind = new Map<string, KindInfo>();
  private readonly byResource = new Map<string, KindInfo>();
  private readonly all: KindInfo[] = [];

  /** Adds a kind; throws if the same apiVersion and kind is already registered. */
  register(info: KindInfo): void {
    let versions = this.byKindVersion.get(info.kind);
    if (versions?.has(info.apiVersion) === true) throw new Error(`kind ${info.kind} (${info.apiVersion}) is already registered`);
    if (versions === undefined) this.byKindVersion.set(info.kind, (versions = new Map()));
    versions.set(info.apiVersion, info);
    if (!this.byKind.has(info.kind)) this.byKind.set(info.kind, info);
    this.byResource.set(`${info.plural}.${info.group}`, info);
    this.all.push(info);
  }

  /** The kind's info (for `apiVersion` when given), or `undefined` if it is not served. */
  get(kind: string, apiVersion?: string): KindInfo | undefined {
    if (apiVersion === undefined) return this.byKind.get(kind);
    return this.byKindVersion.get(kind)?.get(apiVersion);
  }

  /** The kind serving a resource (`pods`, group `''`; `deployments`, group `apps`), or `undefined`. */
  getByResource(plural: string, group = ''): KindInfo | undefined {
    return this.byResource.get(`${plural}.${group}`);
  }

  /**
   * The kind's info; throws an `ApiError` (`NotSupported`, 415) worded
   * `kind "StatefulSet" (apps/v1) is not supported yet by kubesim` when it is not served.
   */
  lookup(apiVersion: string, kind: string): KindInfo {
    const info = this.byKindVersion.get(kind)?.get(apiVersion);
    if (info !== undefined) return info;
    const other = this.byKind.get(kind);
    const hint = other === undefined ? '' : ` (kubesim serves ${kind} as ${other.apiVersion})`;
    throw new ApiError('NotSupported', `kind "${kind}" (${apiVersion}) is not supported yet by kubesim${hint}`);
  }

  /** Every registered kind, in registration order. */
  kinds(): readonly KindInfo[] {
    return this.all;
  }

  /** `Kind.group` as kube-apiserver prints it in messages: `Deployment.apps`, or `Pod` for core. */
  kindGroup(kind: string): string {
    const info = this.byKind.get(kind);
    return info === undefined || info.group === '' ? kind : `${kind}.${info.group}`;
  }
}

/**
 * A fresh registry holding every built-in kind kubesim serves.
 *
 * @remarks
 * Namespace, Node, Pod, Service, EndpointSlice, ConfigMap, Secret, ServiceAccount, Event (core/v1),
 * Deployment, ReplicaSet (apps/v1), Job (batch/v1), Lease (coordination.k8s.io/v1),
 * PriorityClass (scheduling.k8s.io/v1) and PodDisruptionBudget (policy/v1).
 *
 * @example
 * ```ts
 * const reg = defaultRegistry();
 * reg.get('Pod')?.plural; // 'pods'
 * ```
 */
export function defaultRegistry(): KindRegistry {
  const reg = new KindRegistry();
  for (const info of BUILTIN_KINDS) reg.register(info);
  return reg;
}

/**
 * Strategic-merge-patch metadata (`patchStrategy` / `patchMergeKey` struct tags) for the kinds kubesim serves.
 *
 * @remarks
 * Upstream reads these from the Go struct tags of `k8s.io/api` (`LookupPatchMetaForStruct`). kubesim keeps
 * the common ones in tables: lists not named here are replaced wholesale (`atomic`), as upstream does for
 * lists without a patch strategy (e.g. `tolerations`, `args`, `command`, label selector `matchExpressions`).
 *
 * @internal
 * @packageDocumentation
 */

/** How a list merges: by a key field of its elements, or as a set of scalars (`patchStrategy:"merge"`). */
export type ListMerge =
  | { readonly key: string; readonly retainKeys?: boolean }
  | { readonly primitive: true };

const OBJECT_META: Readonly<Record<string, ListMerge>> = {
  finalizers: { primitive: true },
  ownerReferences: { key: 'uid' },
};

/** `core/v1.PodSpec` lists with a merge key. */
const POD_SPEC: Readonly<Record<string, ListMerge>> = {
  containers: { key: 'name' },
  initContainers: { key: 'name' },
  ephemeralContainers: { key: 'name' },
  volumes: { key: 'name', retainKeys: true },
  imagePullSecrets: { key: 'name' },
  hostAliases: { key: 'ip' },
  topologySpreadConstraints: { key: 'topologyKey' },
  resourceClaims: { key: 'name', retainKeys: true },
  schedulingGates: { key: 'name' },
};

/** `core/v1.Container` lists with a merge key. */
const CONTAINER: Readonly<Record<string, ListMerge>> = {
  ports: { key: 'containerPort' },
  env: { key: 'name' },
  volumeMounts: { key: 'mountPath' },
  volumeDevices: { key: 'devicePath' },
};

const CONTAINER_LISTS: ReadonlySet<string> = new Set(['containers', 'initContainers', 'ephemeralContainers']);

/** Whether `path` (field names, list indices left out) is a pod spec in an object of `kind`. */
function isPodSpec(kind: string, path: readonly string[]): boolean {
  if (kind === 'Pod') return path.length === 1 && path[0] === 'spec';
  const n = path.length;
  return n >= 3 && path[n - 1] === 'spec' && path[n - 2] === 'template';
}

/**
 * How the list at `parent.field` merges, or `undefined` when it is replaced.
 * @param kind - the object's kind
 * @param parent - path of the map holding the list (field names only, e.g. `['spec', 'template', 'spec']`)
 * @param field - the list's field name
 */
export function listMergeOf(kind: string, parent: readonly string[], field: string): ListMerge | undefined {
  const last = parent[parent.length - 1];
  if (last === 'metadata') return OBJECT_META[field];
  if (isPodSpec(kind, parent)) return POD_SPEC[field];
  if (last !== undefined && CONTAINER_LISTS.has(last) && isPodSpec(kind, parent.slice(0, -1))) return CONTAINER[field];
  if (parent.length === 1 && parent[0] === 'spec') {
    if (kind === 'Service' && field === 'ports') return { key: 'port' };
    if (kind === 'Node' && field === 'podCIDRs') return { primitive: true };
  }
  return undefined;
}

/** Whether the map at `path` has `patchStrategy:"retainKeys"` (keys the manifest drops are cleared). */
export function retainsKeys(kind: string, path: readonly string[]): boolean {
  return kind === 'Deployment' && path.length === 2 && path[0] === 'spec' && path[1] === 'strategy';
}

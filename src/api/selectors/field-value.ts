/**
 * Reading selectable fields from objects, and the catalogue of fields each kind lets you select on.
 *
 * @packageDocumentation
 */
import { ApiError } from '../errors.js';
import type { FieldSelector } from './field-selector.js';

/**
 * Reads one selectable field of an object as the string a field selector compares against.
 *
 * @example
 * ```ts
 * const nodeName: FieldGetter = (pod) => fieldValue(pod, 'spec.nodeName');
 * ```
 */
export type FieldGetter = (obj: unknown) => string;

/**
 * Reads a dotted path (`spec.nodeName`) of an object as a field-selector string.
 *
 * @remarks
 * Missing values read as `''` (upstream `fields.Set.Get`); booleans as `true`/`false`
 * (`strconv.FormatBool`), numbers in decimal; objects and arrays are not selectable and read as `''`.
 *
 * @example
 * ```ts
 * fieldValue({ spec: { hostNetwork: true } }, 'spec.hostNetwork'); // 'true'
 * fieldValue({ spec: {} }, 'spec.nodeName'); // ''
 * ```
 */
export function fieldValue(obj: unknown, path: string): string {
  let cur: unknown = obj;
  let start = 0;
  while (start <= path.length) {
    let dot = path.indexOf('.', start);
    if (dot === -1) dot = path.length;
    if (cur === null || typeof cur !== 'object') return '';
    cur = (cur as Record<string, unknown>)[path.slice(start, dot)];
    start = dot + 1;
  }
  switch (typeof cur) {
    case 'string':
      return cur;
    case 'boolean':
      return cur ? 'true' : 'false';
    case 'number':
    case 'bigint':
      return String(cur);
    default:
      return '';
  }
}

/**
 * Field getters by field path (`spec.nodeName` → getter): what a kind can be selected on.
 *
 * @example
 * ```ts
 * const fields: FieldGetters = { 'spec.color': (o) => fieldValue(o, 'spec.color') };
 * ```
 */
export type FieldGetters = Readonly<Record<string, FieldGetter>>;

/** A getter with the path split once (list filtering calls it per object). */
function pathGetter(path: string): FieldGetter {
  const parts = path.split('.');
  return (obj) => {
    let cur: unknown = obj;
    for (let i = 0; i < parts.length; i++) {
      if (cur === null || typeof cur !== 'object') return '';
      cur = (cur as Record<string, unknown>)[parts[i] as string];
    }
    return typeof cur === 'string' ? cur : fieldValue(cur === undefined ? undefined : { v: cur }, 'v');
  };
}

function getters(paths: readonly string[]): FieldGetters {
  return Object.freeze(Object.fromEntries(paths.map((p) => [p, pathGetter(p)])));
}

function metaOf(obj: unknown): { name?: unknown; namespace?: unknown } {
  return ((obj as { metadata?: object } | null)?.metadata ?? {}) as { name?: unknown; namespace?: unknown };
}

/** Fast getters for the fields every kind supports. */
interface PodLike {
  readonly spec?: { readonly nodeName?: unknown };
  readonly status?: { readonly phase?: unknown };
}

function stringOr(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

const COMMON: FieldGetters = Object.freeze({
  'metadata.name': (obj: unknown) => {
    const v = metaOf(obj).name;
    return typeof v === 'string' ? v : '';
  },
  'metadata.namespace': (obj: unknown) => {
    const v = metaOf(obj).namespace;
    return typeof v === 'string' ? v : '';
  },
});

/**
 * The fields each built-in kind accepts in field selectors beyond `metadata.name` and
 * `metadata.namespace` (upstream per-kind `AddFieldLabelConversionFunc`s).
 *
 * @example
 * ```ts
 * Object.keys(BUILTIN_SELECTABLE_FIELDS.Pod ?? {}).includes('spec.nodeName'); // true
 * ```
 */
export const BUILTIN_SELECTABLE_FIELDS: Readonly<Record<string, FieldGetters>> = Object.freeze({
  Pod: Object.freeze({
    ...getters([
      'spec.restartPolicy',
      'spec.schedulerName',
      'spec.serviceAccountName',
      'spec.hostNetwork',
      'status.podIP',
      'status.nominatedNodeName',
    ]),
    // The scheduler's and kubelet's hot fields: named property loads stay monomorphic.
    'spec.nodeName': (pod: unknown) => stringOr((pod as PodLike).spec?.nodeName),
    'status.phase': (pod: unknown) => stringOr((pod as PodLike).status?.phase),
  }),
  Node: getters(['spec.unschedulable']),
  Namespace: getters(['status.phase']),
  Secret: getters(['type']),
  Event: getters([
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
  ]),
  ReplicaSet: getters(['status.replicas']),
  Job: getters(['status.successful']),
});

/**
 * Per-kind extra selectable fields, keyed by kind then field path: the extension hook for kinds
 * kubesim does not know (upstream CRD `selectableFields`).
 *
 * @example
 * ```ts
 * const ext: FieldCatalogExtensions = { Widget: { 'spec.color': (o) => fieldValue(o, 'spec.color') } };
 * ```
 */
export type FieldCatalogExtensions = Readonly<Record<string, FieldGetters>>;

const cache = new WeakMap<FieldCatalogExtensions, Map<string, FieldGetters>>();
const builtinCache = new Map<string, FieldGetters>();

/**
 * All fields a kind can be selected on, with their getters: the common metadata fields, the built-in
 * ones for the kind and any extension.
 *
 * @example
 * ```ts
 * Object.keys(selectableFields('Node')); // ['metadata.name', 'metadata.namespace', 'spec.unschedulable']
 * ```
 */
export function selectableFields(kind: string, extensions?: FieldCatalogExtensions): FieldGetters {
  let byKind = extensions === undefined ? builtinCache : cache.get(extensions);
  if (byKind === undefined) {
    byKind = new Map();
    cache.set(extensions as FieldCatalogExtensions, byKind);
  }
  let found = byKind.get(kind);
  if (found === undefined) {
    found = Object.freeze({ ...COMMON, ...BUILTIN_SELECTABLE_FIELDS[kind], ...extensions?.[kind] });
    byKind.set(kind, found);
  }
  return found;
}

/**
 * Checks that every field of a selector is selectable for the kind.
 *
 * @throws {@link ApiError} `BadRequest`: `field label not supported: spec.foo` (as kube-apiserver).
 * @example
 * ```ts
 * checkSelectableFields(parseFieldSelector('spec.nodeName=n1'), 'Pod'); // ok
 * ```
 */
export function checkSelectableFields(sel: FieldSelector, kind: string, extensions?: FieldCatalogExtensions): void {
  const fields = selectableFields(kind, extensions);
  for (const r of sel.requirements) {
    if (!Object.hasOwn(fields, r.field)) throw new ApiError('BadRequest', `field label not supported: ${r.field}`);
  }
}

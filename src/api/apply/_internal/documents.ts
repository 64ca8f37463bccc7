/**
 * Turning apply/delete input into identified documents: kind, namespace and name resolved as kubectl's
 * resource builder resolves them, or the problems that prevent it.
 *
 * @internal
 * @packageDocumentation
 */
import { ApiError } from '../../errors.js';
import type { KindInfo } from '../../kinds/registry.js';
import type { ApiServerCore } from '../../server/core.js';
import { problemsOf, type ApplyProblem } from '../apply-error.js';
import { parseManifests } from '../parse-manifests.js';
import { cloneJson } from '../../server/clone.js';

type JsonMap = Record<string, unknown>;

/** A document whose kind is served and whose name and namespace are known. */
export interface Document {
  /** 1-based number in the input. */
  readonly index: number;
  readonly info: KindInfo;
  /** `Kind.group` for messages. */
  readonly kindGroup: string;
  /** `''` for cluster-scoped kinds. */
  readonly namespace: string;
  readonly name: string;
  /** A private copy of the manifest, with `metadata.namespace` filled in (namespaced) or removed (cluster). */
  readonly manifest: JsonMap;
}

/** How documents are resolved. */
export interface ResolveOptions {
  readonly namespace?: string | undefined;
  readonly source?: string | undefined;
}

export function isMap(v: unknown): v is JsonMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The objects of an input: YAML text parsed, `List`s expanded. @throws ApplyError on YAML syntax errors. */
export function inputObjects(input: string | object | readonly object[], source?: string): unknown[] {
  if (typeof input === 'string') return parseManifests(input, source);
  const out: unknown[] = [];
  const visit = (v: unknown): void => {
    if (isMap(v) && typeof v['kind'] === 'string' && v['kind'].endsWith('List') && Array.isArray(v['items'])) {
      for (const item of v['items'] as unknown[]) visit(item);
    } else if (v !== null && v !== undefined) out.push(v);
  };
  if (Array.isArray(input)) for (const v of input as unknown[]) visit(v);
  else visit(input);
  return out;
}

/** `Kind.group` from a manifest's apiVersion (for kinds the registry does not know). */
function kindGroupOf(apiVersion: unknown, kind: string): string {
  const group = typeof apiVersion === 'string' && apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  return group === '' ? kind : `${kind}.${group}`;
}

/** The JSON type name Go's decoder reports for a value that is not an object. */
function goType(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (v === null) return 'null';
  return isMap(v) ? 'object' : typeof v;
}

/** Top-level fields that are Go structs (or string maps) in every kind that has them. */
const STRUCT_FIELDS: Readonly<Record<string, (kind: string) => string>> = {
  metadata: () => 'v1.ObjectMeta',
  spec: (kind) => `v1.${kind}Spec`,
  status: (kind) => `v1.${kind}Status`,
  data: () => 'map[string]string',
  stringData: () => 'map[string]string',
  binaryData: () => 'map[string][]uint8',
};

/**
 * The decode error kube-apiserver returns (400) when a manifest's shape cannot be decoded into the kind's Go
 * type, for the fields whose shape is the same in every kind; `undefined` when it decodes.
 */
function decodeProblem(info: KindInfo, raw: JsonMap): string | undefined {
  const prefix = `${info.kind} in version "${info.apiVersion.split('/').pop() ?? ''}" cannot be handled as a ${info.kind}: json: cannot unmarshal`;
  for (const [field, type] of Object.entries(STRUCT_FIELDS)) {
    const v = raw[field];
    if (v !== undefined && v !== null && !isMap(v)) return `${prefix} ${goType(v)} into Go struct field ${info.kind}.${field} of type ${type(info.kind)}`;
  }
  const meta = raw['metadata'];
  if (!isMap(meta)) return undefined;
  for (const field of ['labels', 'annotations']) {
    const m = meta[field];
    if (m === undefined || m === null) continue;
    if (!isMap(m)) return `${prefix} ${goType(m)} into Go struct field ObjectMeta.metadata.${field} of type map[string]string`;
    const bad = Object.values(m).find((v) => typeof v !== 'string' && v !== null);
    if (bad !== undefined) return `${prefix} ${goType(bad)} into Go struct field ObjectMeta.metadata.${field} of type string`;
  }
  for (const field of ['name', 'namespace', 'generateName']) {
    const v = meta[field];
    if (v !== undefined && v !== null && typeof v !== 'string') return `${prefix} ${goType(v)} into Go struct field ObjectMeta.metadata.${field} of type string`;
  }
  return undefined;
}

/** Resolves one object, or returns its problems. */
export function resolveDocument(core: ApiServerCore, raw: unknown, index: number, opts: ResolveOptions): Document | ApplyProblem[] {
  if (!isMap(raw)) {
    const where = opts.source ?? 'STDIN';
    return [{ document: index, reason: `unable to decode "${where}": json: cannot unmarshal ${goType(raw)} into Go value of type map[string]interface {}` }];
  }
  const meta = isMap(raw['metadata']) ? raw['metadata'] : {};
  const rawName = meta['name'];
  const name = typeof rawName === 'string' ? rawName : '';
  const kind = typeof raw['kind'] === 'string' ? raw['kind'] : undefined;
  const label = kind === undefined || kind === '' ? undefined : kindGroupOf(raw['apiVersion'], kind);
  let info: KindInfo;
  try {
    info = core.kindInfo(raw);
  } catch (e) {
    return problemsOf(e, index, label, name);
  }
  const kindGroup = core.registry.kindGroup(info.kind);
  const at = { document: index, kind: kindGroup, ...(name !== '' ? { name } : {}) };
  const decode = decodeProblem(info, raw);
  if (decode !== undefined) return [{ ...at, reason: decode }];
  if (name === '') {
    const generated = typeof meta['generateName'] === 'string' && meta['generateName'] !== '';
    return [{ ...at, field: 'metadata.name', reason: generated ? 'cannot use generate name with apply' : 'resource name may not be empty' }];
  }
  const manifest = { ...raw, metadata: { ...meta } } as JsonMap & { metadata: JsonMap };
  let namespace = '';
  if (info.scope === 'Namespaced') {
    const given = typeof meta['namespace'] === 'string' && meta['namespace'] !== '' ? meta['namespace'] : undefined;
    if (given !== undefined && opts.namespace !== undefined && given !== opts.namespace) {
      const reason = `the namespace from the provided object "${given}" does not match the namespace "${opts.namespace}". You must pass '--namespace=${given}' to perform this operation.`;
      return [{ ...at, reason }];
    }
    namespace = given ?? opts.namespace ?? 'default';
    manifest.metadata['namespace'] = namespace;
  } else {
    delete manifest.metadata['namespace'];
  }
  return { index, info, kindGroup, namespace, name, manifest: cloneJson(manifest) };
}

/** Resolves every object; problems are collected, not thrown. */
export function resolveAll(
  core: ApiServerCore,
  objects: readonly unknown[],
  opts: ResolveOptions,
): { readonly docs: Document[]; readonly problems: ApplyProblem[] } {
  const docs: Document[] = [];
  const problems: ApplyProblem[] = [];
  objects.forEach((raw, i) => {
    const r = resolveDocument(core, raw, i + 1, opts);
    if (Array.isArray(r)) problems.push(...r);
    else docs.push(r);
  });
  return { docs, problems };
}

/** `kind/namespace/name`, the identity of a document's object. */
export function keyOf(doc: Document): string {
  return `${doc.info.kind}/${doc.namespace}/${doc.name}`;
}

/** Runs `fn`, turning an {@link ApiError} into the document's problems. */
export function attempt<T>(doc: Document, fn: () => T): T | ApplyProblem[] {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ApiError) return problemsOf(e, doc.index, doc.kindGroup, doc.name);
    throw e;
  }
}

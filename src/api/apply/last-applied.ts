/**
 * The `kubectl.kubernetes.io/last-applied-configuration` annotation and the manifest clean-up apply does.
 *
 * @packageDocumentation
 */
import { withoutNulls } from './three-way-merge.js';

/** The annotation where `kubectl apply` keeps the manifest it last applied (upstream `corev1.LastAppliedConfigAnnotation`). */
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

import type { JsonMap } from './three-way-merge.js';

/** Metadata fields the server owns: never taken from a manifest. */
const SERVER_METADATA: readonly string[] = [
  'uid',
  'resourceVersion',
  'creationTimestamp',
  'generation',
  'managedFields',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'selfLink',
];

function isMap(v: unknown): v is JsonMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** JSON with map keys sorted, as Go's `encoding/json` writes an unstructured object. */
function sortedJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(sortedJson).join(',')}]`;
  if (isMap(v)) {
    const keys = Object.keys(v).filter((k) => v[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${sortedJson(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/**
 * The annotation value kubectl stores for a manifest (upstream `GetModifiedConfiguration`).
 *
 * @remarks
 * The manifest as given (after kubectl filled in `metadata.namespace`), without the annotation itself;
 * `metadata.annotations` stays as `{}` when that was its only entry. Keys are sorted and the value ends in
 * a newline, exactly as kubectl's JSON encoder writes it, so `kubectl get -o yaml` shows the familiar
 * `{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"annotations":{},"name":"web","namespace":"default"},...}`.
 *
 * @example
 * ```ts
 * lastAppliedValue({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'default' } });
 * // '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"annotations":{},"name":"a","namespace":"default"}}\n'
 * ```
 */
export function lastAppliedValue(manifest: JsonMap): string {
  const meta = isMap(manifest['metadata']) ? manifest['metadata'] : {};
  const annotations = isMap(meta['annotations']) ? { ...meta['annotations'] } : {};
  delete annotations[LAST_APPLIED_ANNOTATION];
  return `${sortedJson({ ...manifest, metadata: { ...meta, annotations } })}\n`;
}

/** The last-applied configuration of a live object, or `undefined` (none, or not valid JSON). */
export function readLastApplied(live: { readonly metadata?: { readonly annotations?: Readonly<Record<string, string>> } }): JsonMap | undefined {
  const text = live.metadata?.annotations?.[LAST_APPLIED_ANNOTATION];
  if (text === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return isMap(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What apply sends to the server for a manifest: `null`s dropped and server-owned fields (`status`,
 * `metadata.uid/resourceVersion/creationTimestamp/generation/managedFields/deletion*`) removed.
 * @internal
 */
export function serverView(manifest: JsonMap): JsonMap {
  const out = withoutNulls(manifest) as JsonMap;
  delete out['status'];
  if (isMap(out['metadata'])) {
    const meta = out['metadata'];
    for (const k of SERVER_METADATA) delete meta[k];
  }
  return out;
}

/** The manifest with the last-applied annotation set to `value` (kubectl's "modified" configuration). @internal */
export function withAnnotation(manifest: JsonMap, value: string): JsonMap {
  const meta = isMap(manifest['metadata']) ? manifest['metadata'] : {};
  const annotations = isMap(meta['annotations']) ? meta['annotations'] : {};
  return { ...manifest, metadata: { ...meta, annotations: { ...annotations, [LAST_APPLIED_ANNOTATION]: value } } };
}

/**
 * Validation of `metadata` common to every kind (upstream `ValidateObjectMeta` /
 * `ValidateObjectMetaUpdate`).
 *
 * @packageDocumentation
 */
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import type { FieldError } from '../errors.js';
import { validateObjectName } from '../validation/names.js';
import { annotationsErrors, dns1123Label, labelsErrors, qualifiedName } from './memo.js';
import { forbidden, immutable, invalid, nonNegative, pushAll, required } from './field.js';
import type { KindInfo } from './registry.js';

/** Anything with optional `metadata`. */
export interface HasMetadata {
  readonly metadata?: ObjectMeta;
}

const EMPTY_META: ObjectMeta = {};

/**
 * Validates an object's metadata for its kind, and on update (`old` given) the immutable fields.
 *
 * @remarks
 * Checks, with upstream paths and wording: `metadata.name` (or `generateName`) present and valid for
 * the kind's name rule; `metadata.namespace` required for namespaced kinds and forbidden
 * (`not allowed on this type`) for cluster-scoped ones; labels and annotations; finalizer names;
 * owner references (uid required, at most one controller); and on update that `name`, `namespace`,
 * `uid` and `creationTimestamp` did not change (`field is immutable`).
 *
 * @example
 * ```ts
 * validateObjectMeta({ metadata: { name: 'Web' } }, podKind, undefined);
 * // [{ field: 'metadata.namespace', type: 'Required value' },
 * //  { field: 'metadata.name', type: 'Invalid value', value: 'Web', detail: 'a lowercase RFC 1123 …' }]
 * ```
 */
export function validateObjectMeta(obj: HasMetadata, info: KindInfo, old: HasMetadata | undefined): FieldError[] {
  const meta = obj.metadata ?? EMPTY_META;
  const errs: FieldError[] = [];
  const name = meta.name ?? '';
  const generateName = meta.generateName ?? '';
  if (generateName !== '') {
    // Upstream validates the prefix with a trailing dash masked (`maskTrailingDash`).
    const probe = generateName.endsWith('-') ? `${generateName.slice(0, -1)}a` : generateName;
    for (const e of validateObjectName(probe, 'metadata.generateName', info.nameRule)) {
      errs.push(invalid('metadata.generateName', generateName, e.detail ?? ''));
    }
  }
  // On update, a name or namespace equal to the stored one was validated when it was stored (both are
  // immutable: a different one fails below with "field is immutable"), so only a new value is checked again.
  const oldMeta = old?.metadata;
  if (name === '') {
    if (generateName === '') errs.push(required('metadata.name', 'name or generateName is required'));
  } else if (oldMeta === undefined || oldMeta.name !== name) {
    for (const e of validateObjectName(name, 'metadata.name', info.nameRule)) errs.push(e);
  }
  const namespace = meta.namespace ?? '';
  if (oldMeta === undefined || namespace === '' || oldMeta.namespace !== namespace) validateNamespaceField(errs, namespace, info);
  if (meta.labels !== undefined) for (const e of labelsErrors(meta.labels, 'metadata.labels')) errs.push(e);
  if (meta.annotations !== undefined) {
    for (const e of annotationsErrors(meta.annotations, 'metadata.annotations')) errs.push(e);
  }
  nonNegative(errs, 'metadata.generation', meta.generation);
  if (meta.finalizers !== undefined) validateFinalizers(errs, meta.finalizers);
  if (meta.ownerReferences !== undefined) validateOwnerReferences(errs, meta);
  if (old !== undefined) validateObjectMetaUpdate(errs, meta, old.metadata ?? EMPTY_META);
  return errs;
}

function validateNamespaceField(errs: FieldError[], namespace: string, info: KindInfo): void {
  if (info.scope === 'Namespaced') {
    if (namespace === '') errs.push(required('metadata.namespace'));
    else pushAll(errs, 'metadata.namespace', namespace, dns1123Label(namespace));
  } else if (namespace !== '') {
    errs.push(forbidden('metadata.namespace', 'not allowed on this type'));
  }
}

function validateFinalizers(errs: FieldError[], finalizers: readonly string[]): void {
  const seen = new Set<string>();
  for (let i = 0; i < finalizers.length; i++) {
    const f = finalizers[i] ?? '';
    const path = `metadata.finalizers[${i}]`;
    pushAll(errs, path, f, qualifiedName(f));
    if (seen.has(f)) errs.push({ field: path, type: 'Duplicate value', value: f });
    seen.add(f);
  }
}

function validateOwnerReferences(errs: FieldError[], meta: ObjectMeta): void {
  const refs = meta.ownerReferences ?? [];
  let controllers = 0;
  for (const ref of refs) {
    if (ref.apiVersion === '') errs.push(invalid('metadata.ownerReferences.apiVersion', ref.apiVersion, 'version must not be empty'));
    if (ref.kind === '') errs.push(invalid('metadata.ownerReferences.kind', ref.kind, 'kind must not be empty'));
    if (ref.name === '') errs.push(invalid('metadata.ownerReferences.name', ref.name, 'name must not be empty'));
    if (ref.uid === '') errs.push(invalid('metadata.ownerReferences.uid', ref.uid, 'uid must not be empty'));
    if (ref.controller === true) controllers++;
  }
  if (controllers > 1) {
    errs.push(invalid('metadata.ownerReferences', refs, 'Only one reference can have Controller set to true'));
  }
}

function validateObjectMetaUpdate(errs: FieldError[], meta: ObjectMeta, old: ObjectMeta): void {
  immutable(errs, 'metadata.name', meta.name ?? '', old.name ?? '');
  immutable(errs, 'metadata.namespace', meta.namespace ?? '', old.namespace ?? '');
  if (meta.uid !== undefined && old.uid !== undefined) immutable(errs, 'metadata.uid', meta.uid, old.uid);
  if (meta.creationTimestamp !== undefined && old.creationTimestamp !== undefined) {
    immutable(errs, 'metadata.creationTimestamp', meta.creationTimestamp, old.creationTimestamp);
  }
}

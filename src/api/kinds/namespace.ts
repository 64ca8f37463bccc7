/**
 * The Namespace kind (core/v1): defaults, create-time finalizer and validation (kubernetes-behaviour.md §8).
 *
 * @packageDocumentation
 */
import type { Namespace, NamespaceStatus } from 'kubernetes-types/core/v1.js';
import type { FieldError } from '../errors.js';
import { qualifiedName } from './memo.js';
import { invalid, pushAll } from './field.js';
import { validateObjectMeta } from './meta.js';
import type { KindInfo } from './registry.js';

/** The label every namespace carries with its own name (`kubernetes.io/metadata.name`). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
/** The `kubernetes` finalizer the namespace controller removes once the namespace is empty. */
export const KUBERNETES_FINALIZER = 'kubernetes';

/** `SetDefaults_Namespace` + `SetDefaults_NamespaceStatus`: the name label and `status.phase Active`. */
export function defaultNamespace(draft: Namespace): void {
  const meta = (draft.metadata ??= {});
  if (meta.name !== undefined && meta.name !== '') (meta.labels ??= {})[NAMESPACE_NAME_LABEL] = meta.name;
  const d = draft as { status?: NamespaceStatus };
  const status = (d.status ??= {});
  if (status.phase === undefined || status.phase === '') status.phase = 'Active';
}

/** Namespace `PrepareForCreate`: status `Active`, `spec.finalizers` gains `kubernetes`. */
export function prepareNamespaceForCreate(draft: Namespace): void {
  (draft as { status?: NamespaceStatus }).status = { phase: 'Active' };
  const spec = (draft.spec ??= {});
  const finalizers = (spec.finalizers ??= []);
  if (!finalizers.includes(KUBERNETES_FINALIZER)) finalizers.push(KUBERNETES_FINALIZER);
}

/** Validates a Namespace: DNS-1123 label name, finalizer names standard or fully qualified. */
export function validateNamespace(ns: Namespace, old: Namespace | undefined): FieldError[] {
  const errs = validateObjectMeta(ns, namespaceKind, old);
  const finalizers = ns.spec?.finalizers ?? [];
  for (let i = 0; i < finalizers.length; i++) {
    const f = finalizers[i] ?? '';
    const path = `spec.finalizers[${i}]`;
    pushAll(errs, path, f, qualifiedName(f));
    if (f !== KUBERNETES_FINALIZER && !f.includes('/')) {
      errs.push(invalid(path, f, 'name is neither a standard finalizer name nor is it fully qualified'));
    }
  }
  return errs;
}

/** The Namespace kind (cluster-scoped, DNS-1123 label names). */
export const namespaceKind: KindInfo<Namespace> = {
  apiVersion: 'v1',
  group: '',
  kind: 'Namespace',
  plural: 'namespaces',
  scope: 'Cluster',
  nameRule: 'DNS1123Label',
  hasStatus: true,
  default: defaultNamespace,
  prepareForCreate: prepareNamespaceForCreate,
  validate: validateNamespace,
};

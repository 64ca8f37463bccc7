/**
 * The ConfigMap kind (core/v1): key, size and `immutable` validation.
 *
 * @packageDocumentation
 */
import type { ConfigMap } from 'kubernetes-types/core/v1.js';
import type { FieldError } from '../errors.js';
import { MAX_DATA_SIZE, validateImmutableData, validateKeys } from './data.js';
import { validateObjectMeta } from './meta.js';
import type { KindInfo } from './registry.js';

/** Validates a ConfigMap: keys, no key in both `data` and `binaryData`, ≤ 1 MiB, `immutable` on update. */
export function validateConfigMap(cm: ConfigMap, old: ConfigMap | undefined): FieldError[] {
  const errs = validateObjectMeta(cm, configMapKind, old);
  let size = validateKeys(errs, cm.data, 'data', cm.binaryData, 'binaryData');
  size += validateKeys(errs, cm.binaryData, 'binaryData', cm.data, 'data');
  if (size > MAX_DATA_SIZE) errs.push({ field: '', type: 'Too long', detail: `must have at most ${MAX_DATA_SIZE} bytes` });
  if (old !== undefined) validateImmutableData(errs, cm, old, ['data', 'binaryData']);
  return errs;
}

/** The ConfigMap kind (no status). */
export const configMapKind: KindInfo<ConfigMap> = {
  apiVersion: 'v1',
  group: '',
  kind: 'ConfigMap',
  plural: 'configmaps',
  scope: 'Namespaced',
  nameRule: 'DNS1123Subdomain',
  hasStatus: false,
  validate: validateConfigMap,
};

/**
 * The Secret kind (core/v1): `type Opaque` default, `stringData` merged into `data`, per-type keys.
 *
 * @packageDocumentation
 */
import type { Secret } from 'kubernetes-types/core/v1.js';
import type { FieldError } from '../errors.js';
import { MAX_DATA_SIZE, validateImmutableData, validateKeys } from './data.js';
import { immutable, required } from './field.js';
import { validateObjectMeta } from './meta.js';
import type { KindInfo } from './registry.js';

/**
 * `SetDefaults_Secret` (`type: Opaque`) and the v1 conversion that folds write-only `stringData` into
 * base64 `data` (stringData wins on conflicts).
 */
export function defaultSecret(draft: Secret): void {
  if (draft.type === undefined || draft.type === '') draft.type = 'Opaque';
  const sd = draft.stringData;
  if (sd === undefined) return;
  const data = (draft.data ??= {});
  for (const k in sd) data[k] = Buffer.from(sd[k] ?? '', 'utf8').toString('base64');
  delete draft.stringData;
}

const REQUIRED_KEYS: Readonly<Record<string, readonly string[]>> = {
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
};

function validateType(errs: FieldError[], s: Secret): void {
  const type = s.type ?? 'Opaque';
  const data = s.data ?? {};
  if (type === 'kubernetes.io/service-account-token') {
    const key = 'kubernetes.io/service-account.name';
    if ((s.metadata?.annotations?.[key] ?? '') === '') errs.push(required(`metadata.annotations[${key}]`));
  } else if (type === 'kubernetes.io/basic-auth') {
    if (data.username === undefined && data.password === undefined) {
      errs.push(required('data[username]'), required('data[password]'));
    }
  } else {
    for (const key of REQUIRED_KEYS[type] ?? []) if (data[key] === undefined) errs.push(required(`data[${key}]`));
  }
}

/** Validates a Secret: keys, size, per-type required keys; on update `type` and immutable data. */
export function validateSecret(s: Secret, old: Secret | undefined): FieldError[] {
  const errs = validateObjectMeta(s, secretKind, old);
  const size = validateKeys(errs, s.data, 'data', undefined, '');
  if (size * 0.75 > MAX_DATA_SIZE) errs.push({ field: '', type: 'Too long', detail: `must have at most ${MAX_DATA_SIZE} bytes` });
  validateType(errs, s);
  if (old !== undefined) {
    immutable(errs, 'type', s.type, old.type);
    validateImmutableData(errs, s, old, ['data']);
  }
  return errs;
}

/** The Secret kind (no status). */
export const secretKind: KindInfo<Secret> = {
  apiVersion: 'v1',
  group: '',
  kind: 'Secret',
  plural: 'secrets',
  scope: 'Namespaced',
  nameRule: 'DNS1123Subdomain',
  hasStatus: false,
  default: defaultSecret,
  validate: validateSecret,
};

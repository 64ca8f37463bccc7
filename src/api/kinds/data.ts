/**
 * Rules shared by ConfigMap and Secret: key syntax, the 1 MiB size limit and `immutable`.
 *
 * @packageDocumentation
 */
import type { FieldError } from '../errors.js';
import { deepEqual, forbidden, invalid } from './field.js';

const KEY_MSG =
  "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
/** `core.MaxSecretSize` (1 MiB), also the ConfigMap limit. */
export const MAX_DATA_SIZE = 1024 * 1024;

/** Upstream `IsConfigMapKey`: every message for a bad key. */
export function configKeyErrors(key: string): string[] {
  const errs: string[] = [];
  if (key.length > 253) errs.push('must be no more than 253 characters');
  let ok = key.length > 0;
  for (let i = 0; i < key.length && ok; i++) {
    const c = key.charCodeAt(i);
    ok = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 46 || c === 95;
  }
  if (!ok) errs.push(KEY_MSG);
  if (key === '.') errs.push("must not be '.'");
  else if (key === '..') errs.push("must not be '..'");
  else if (key.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

/** Validates the keys of `data` (and `other`, its sibling bag) at `base[key]`; returns the total value size. */
export function validateKeys(
  errs: FieldError[],
  data: Readonly<Record<string, string>> | undefined,
  base: string,
  other: Readonly<Record<string, string>> | undefined,
  otherName: string,
): number {
  let size = 0;
  for (const key in data) {
    const path = `${base}[${key}]`;
    for (const m of configKeyErrors(key)) errs.push(invalid(path, key, m));
    if (other?.[key] !== undefined) errs.push(invalid(path, key, `duplicate of key present in ${otherName}`));
    size += data[key]?.length ?? 0;
  }
  return size;
}

/** Anything with the `immutable` flag. */
interface Immutable {
  readonly immutable?: boolean;
}

/** The `immutable: true` update rules for the named data fields. */
export function validateImmutableData<T extends Immutable>(errs: FieldError[], obj: T, old: T, fields: readonly (keyof T & string)[]): void {
  if (old.immutable !== true) return;
  const msg = 'field is immutable when `immutable` is set';
  if (obj.immutable !== true) errs.push(forbidden('immutable', msg));
  for (const f of fields) if (!deepEqual(obj[f], old[f])) errs.push(forbidden(f, msg));
}

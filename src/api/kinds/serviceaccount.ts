/**
 * The ServiceAccount kind (core/v1): metadata validation only.
 *
 * @packageDocumentation
 */
import type { ServiceAccount } from 'kubernetes-types/core/v1.js';
import type { FieldError } from '../errors.js';
import { validateObjectMeta } from './meta.js';
import type { KindInfo } from './registry.js';

/** Validates a ServiceAccount (metadata; names are DNS-1123 subdomains). */
export function validateServiceAccount(sa: ServiceAccount, old: ServiceAccount | undefined): FieldError[] {
  return validateObjectMeta(sa, serviceAccountKind, old);
}

/** The ServiceAccount kind (no status). */
export const serviceAccountKind: KindInfo<ServiceAccount> = {
  apiVersion: 'v1',
  group: '',
  kind: 'ServiceAccount',
  plural: 'serviceaccounts',
  scope: 'Namespaced',
  nameRule: 'DNS1123Subdomain',
  hasStatus: false,
  validate: validateServiceAccount,
};

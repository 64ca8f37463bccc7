/**
 * The Lease kind (coordination.k8s.io/v1), used for node heartbeats and leader election.
 *
 * @packageDocumentation
 */
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { FieldError } from '../errors.js';
import { invalid, nonNegative } from './field.js';
import { validateObjectMeta } from './meta.js';
import type { KindInfo } from './registry.js';

/** Validates a Lease: `leaseDurationSeconds > 0`, `leaseTransitions ≥ 0`. */
export function validateLease(lease: Lease, old: Lease | undefined): FieldError[] {
  const errs = validateObjectMeta(lease, leaseKind, old);
  const d = lease.spec?.leaseDurationSeconds;
  if (d !== undefined && d <= 0) errs.push(invalid('spec.leaseDurationSeconds', d, 'must be greater than 0'));
  nonNegative(errs, 'spec.leaseTransitions', lease.spec?.leaseTransitions);
  return errs;
}

/** The Lease kind (no status). */
export const leaseKind: KindInfo<Lease> = {
  apiVersion: 'coordination.k8s.io/v1',
  group: 'coordination.k8s.io',
  kind: 'Lease',
  plural: 'leases',
  scope: 'Namespaced',
  nameRule: 'DNS1123Subdomain',
  hasStatus: false,
  validate: validateLease,
};

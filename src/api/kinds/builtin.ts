/**
 * The list of built-in kinds, in the order {@link defaultRegistry} registers them.
 *
 * @packageDocumentation
 */
import { configMapKind } from './configmap.js';
import { deploymentKind } from './deployment.js';
import { endpointSliceKind } from './endpointslice.js';
import { eventKind } from './event.js';
import { jobKind } from './job.js';
import { leaseKind } from './lease.js';
import { namespaceKind } from './namespace.js';
import { nodeKind } from './node.js';
import { podKind } from './pod.js';
import { podDisruptionBudgetKind } from './poddisruptionbudget.js';
import { priorityClassKind } from './priorityclass.js';
import type { KindInfo } from './registry.js';
import { replicaSetKind } from './replicaset.js';
import { secretKind } from './secret.js';
import { serviceKind } from './service.js';
import { serviceAccountKind } from './serviceaccount.js';

/** Every kind kubesim serves. */
export const BUILTIN_KINDS: readonly KindInfo[] = [
  namespaceKind,
  nodeKind,
  podKind,
  serviceKind,
  endpointSliceKind,
  configMapKind,
  secretKind,
  serviceAccountKind,
  eventKind,
  deploymentKind,
  replicaSetKind,
  jobKind,
  leaseKind,
  priorityClassKind,
  podDisruptionBudgetKind,
];

/**
 * The Node kind (core/v1): allocatable defaults to capacity; taint validation.
 *
 * @packageDocumentation
 */
import type { Node, NodeStatus } from 'kubernetes-types/core/v1.js';
import type { FieldError } from '../errors.js';
import { labelValue, qualifiedName } from './memo.js';
import { notSupported, pushAll, required } from './field.js';
import { validateObjectMeta } from './meta.js';
import type { KindInfo } from './registry.js';

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;

/** `SetDefaults_NodeStatus`: `status.allocatable` = `status.capacity` when unset. */
export function defaultNode(draft: Node): void {
  const status = (draft as { status?: NodeStatus }).status;
  if (status?.capacity !== undefined && status.allocatable === undefined) status.allocatable = { ...status.capacity };
}

/** Validates a Node: metadata and `spec.taints` (key, value, effect, unique by key and effect). */
export function validateNode(node: Node, old: Node | undefined): FieldError[] {
  const errs = validateObjectMeta(node, nodeKind, old);
  const taints = node.spec?.taints ?? [];
  const seen = new Set<string>();
  for (let i = 0; i < taints.length; i++) {
    const t = taints[i];
    if (t === undefined) continue;
    const path = `spec.taints[${i}]`;
    pushAll(errs, `${path}.key`, t.key, qualifiedName(t.key));
    if (t.value !== undefined && t.value !== '') pushAll(errs, `${path}.value`, t.value, labelValue(t.value));
    if (t.effect === '') errs.push(required(`${path}.effect`));
    else if (!(EFFECTS as readonly string[]).includes(t.effect)) errs.push(notSupported(`${path}.effect`, t.effect, EFFECTS));
    const key = `${t.key}\u0000${t.effect}`;
    if (seen.has(key)) {
      errs.push({ field: path, type: 'Duplicate value', value: t, detail: 'taints must be unique by key and effect pair' });
    }
    seen.add(key);
  }
  return errs;
}

/** The Node kind (cluster-scoped). */
export const nodeKind: KindInfo<Node> = {
  apiVersion: 'v1',
  group: '',
  kind: 'Node',
  plural: 'nodes',
  scope: 'Cluster',
  nameRule: 'DNS1123Subdomain',
  hasStatus: true,
  default: defaultNode,
  validate: validateNode,
};

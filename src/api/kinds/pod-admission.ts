/**
 * Built-in mutating admission for pods: DefaultTolerationSeconds and Priority
 * (kubernetes-behaviour.md §6 and §8).
 *
 * @remarks
 * These are not API defaults: kube-apiserver runs them as admission plugins after defaulting and
 * only for Pods (not for pod templates). The API server calls them on pod create.
 *
 * @packageDocumentation
 */
import type { Pod, Toleration } from 'kubernetes-types/core/v1.js';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1.js';
import { ApiError } from '../errors.js';

/** `--default-not-ready-toleration-seconds` and `--default-unreachable-toleration-seconds` (300). */
export const DEFAULT_TOLERATION_SECONDS = 300;
const NOT_READY = 'node.kubernetes.io/not-ready';
const UNREACHABLE = 'node.kubernetes.io/unreachable';

function tolerates(tolerations: readonly Toleration[], key: string): boolean {
  for (const t of tolerations) {
    const effectOk = t.effect === undefined || t.effect === '' || t.effect === 'NoExecute';
    if (!effectOk) continue;
    if (t.key === undefined || t.key === '' || t.key === key) return true;
  }
  return false;
}

/** What the plugin adds to a pod without tolerations, frozen so that stored pods can share it. */
const SHARED_DEFAULT_TOLERATIONS: Toleration[] = Object.freeze([
  Object.freeze({ key: NOT_READY, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS }),
  Object.freeze({ key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS }),
]) as Toleration[];

/**
 * The DefaultTolerationSeconds admission plugin: adds `node.kubernetes.io/not-ready` and
 * `node.kubernetes.io/unreachable` tolerations (`Exists`, `NoExecute`, `tolerationSeconds: 300`)
 * unless the pod already tolerates those taints. With `shareFrozen`, a pod without tolerations gets one
 * shared, deeply frozen list instead of a fresh one (for a caller that stores the pod frozen anyway).
 *
 * @remarks
 * Upstream checks "already tolerates" by key and effect only: a toleration whose key is the taint's
 * key or empty, and whose effect is `NoExecute` or empty, suppresses the addition.
 *
 * @example
 * ```ts
 * const pod: Pod = { spec: { containers: [{ name: 'a', image: 'nginx' }] } };
 * defaultTolerationSeconds(pod);
 * pod.spec?.tolerations?.length; // 2
 * ```
 */
export function defaultTolerationSeconds(draft: Pod, shareFrozen = false): void {
  const spec = draft.spec;
  if (spec === undefined) return;
  if (shareFrozen && spec.tolerations === undefined) {
    spec.tolerations = SHARED_DEFAULT_TOLERATIONS;
    return;
  }
  const existing = spec.tolerations ?? [];
  const notReady = tolerates(existing, NOT_READY);
  const unreachable = tolerates(existing, UNREACHABLE);
  if (notReady && unreachable) return;
  const list = spec.tolerations ?? (spec.tolerations = []);
  if (!notReady) {
    list.push({ key: NOT_READY, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
  }
  if (!unreachable) {
    list.push({ key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
  }
}

/** Where the Priority admission plugin looks up PriorityClasses. */
export interface PriorityClassSource {
  /** The class named `name`, or `undefined`. */
  get(name: string): PriorityClass | undefined;
  /** The class with `globalDefault: true` (lowest value wins if several), or `undefined`. */
  globalDefault(): PriorityClass | undefined;
}

/**
 * The two classes kube-apiserver creates at bootstrap: `system-node-critical` (2000001000) and
 * `system-cluster-critical` (2000000000).
 */
export const SYSTEM_PRIORITY_CLASSES: readonly PriorityClass[] = [
  {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: 'system-node-critical' },
    value: 2000001000,
    preemptionPolicy: 'PreemptLowerPriority',
    description: 'Used for system critical pods that must not be moved from their current node.',
  },
  {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: 'system-cluster-critical' },
    value: 2000000000,
    preemptionPolicy: 'PreemptLowerPriority',
    description: 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.',
  },
];

function forbiddenPod(pod: Pod, why: string): ApiError {
  return new ApiError('Forbidden', `pods "${pod.metadata?.name ?? ''}" is forbidden: ${why}`);
}

/**
 * The Priority admission plugin on pod create: resolves `spec.priorityClassName` (or the global
 * default class) into `spec.priority` and `spec.preemptionPolicy`; with no class at all the pod gets
 * priority 0 and `PreemptLowerPriority`.
 *
 * @remarks
 * Throws `ApiError` `Forbidden` (403) as upstream does for an unknown class
 * (`no PriorityClass with name X was found`) and for a `spec.priority` that differs from the
 * computed one. The system classes resolve even when `classes` does not list them.
 *
 * @example
 * ```ts
 * const pod: Pod = { metadata: { name: 'p' }, spec: { containers: [] } };
 * defaultPodPriority(pod);
 * pod.spec?.priority; // 0
 * ```
 */
export function defaultPodPriority(draft: Pod, classes?: PriorityClassSource): void {
  const spec = draft.spec;
  if (spec === undefined) return;
  let pc: PriorityClass | undefined;
  const name = spec.priorityClassName ?? '';
  if (name === '') {
    pc = classes?.globalDefault();
    if (pc !== undefined) spec.priorityClassName = pc.metadata?.name ?? '';
  } else {
    pc = classes?.get(name) ?? SYSTEM_PRIORITY_CLASSES.find((c) => c.metadata?.name === name);
    if (pc === undefined) throw forbiddenPod(draft, `no PriorityClass with name ${name} was found`);
  }
  const priority = pc?.value ?? 0;
  const policy = pc?.preemptionPolicy ?? 'PreemptLowerPriority';
  if (spec.priority !== undefined && spec.priority !== priority) {
    throw forbiddenPod(
      draft,
      `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`,
    );
  }
  if (spec.preemptionPolicy !== undefined && spec.preemptionPolicy !== policy) {
    throw forbiddenPod(
      draft,
      `the string value of preemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission computed ${policy} from the given PriorityClass name`,
    );
  }
  spec.priority = priority;
  spec.preemptionPolicy = policy;
}

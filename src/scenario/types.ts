/**
 * The scenario file format (`apiVersion: kubesim.io/v1alpha1`, `kind: Scenario`).
 *
 * @packageDocumentation
 */
import type { Fault } from '../faults/types.js';
import type { NodePoolOptions } from '../node/node-pool.js';

/**
 * One action of the timeline, at a virtual time.
 *
 * @remarks
 * Fault actions in YAML (the fault object is written exactly as the {@link Fault} type, so it round-trips):
 * ```yaml
 * timeline:
 *   - at: 3m
 *     action: fault
 *     fault: { type: partition, components: [kube-scheduler] }
 *     for: 2m                # optional: heals after this long (lasting faults only)
 *   - { at: 4m, action: fault, fault: { type: apiErrors, code: 500, probability: 0.2, match: { verbs: [create], kinds: [Pod] } } }
 *   - { at: 6m, action: healAll }      # ends every active fault; crashed nodes reboot
 *   - { at: 7m, action: drain, node: node-2 }   # kubectl drain --ignore-daemonsets
 * faults:                    # the same as timeline fault actions
 *   - { at: 1m, fault: { type: nodeCrash, node: node-1 }, for: 10m }
 * ```
 * Parsed, they are `{ action: 'fault', atMs, fault, durationMs? }`, `{ action: 'healAll', atMs }` and
 * `{ action: 'drain', atMs, node }`; `spec.faults` entries become timeline fault actions.
 */
export type ScenarioAction =
  | { readonly action: 'apply'; readonly manifests: readonly object[] }
  | { readonly action: 'delete'; readonly kind: string; readonly name: string; readonly namespace: string }
  | { readonly action: 'scale'; readonly deployment: string; readonly namespace: string; readonly replicas: number }
  | { readonly action: 'setImage'; readonly deployment: string; readonly namespace: string; readonly container: string; readonly image: string }
  | { readonly action: 'rolloutUndo'; readonly deployment: string; readonly namespace: string; readonly toRevision?: number }
  | { readonly action: 'rolloutPause' | 'rolloutResume'; readonly deployment: string; readonly namespace: string }
  | { readonly action: 'cordon' | 'uncordon'; readonly node: string }
  | { readonly action: 'nodeCrash' | 'nodeRestart' | 'nodeStop' | 'nodePartition' | 'nodeHeal'; readonly node: string }
  | { readonly action: 'addNodes'; readonly pool: NodePoolOptions }
  | { readonly action: 'fault'; readonly fault: Fault; readonly durationMs?: number }
  | { readonly action: 'healAll' }
  | { readonly action: 'drain'; readonly node: string };

/** A timed action. */
export type TimedAction = ScenarioAction & { readonly atMs: number };

/** What must hold. */
export type Expectation =
  | { readonly type: 'deploymentAvailable'; readonly deployment: string; readonly namespace: string; readonly byMs: number }
  | { readonly type: 'podsRunning'; readonly count: number; readonly namespace: string; readonly byMs: number }
  | { readonly type: 'deploymentAvailableAtLeast'; readonly deployment: string; readonly namespace: string; readonly count: number; readonly byMs: number }
  | { readonly type: 'noPodPendingLongerThan'; readonly durationMs: number }
  | { readonly type: 'podStartupP99Below'; readonly durationMs: number }
  /**
   * A built-in invariant of the testing kit (`no-node-overcommitted`, `pods-fit-node-at-bind`, `no-pod-lost`,
   * `rollout-within-bounds`, `informers-match-store`) holds at every store change of the run (YAML
   * `- invariant: no-pod-lost`; `- invariant: all` expands to every one).
   */
  | { readonly type: 'invariant'; readonly name: string };

/** A validated scenario. */
export interface Scenario {
  readonly name: string;
  readonly seed: string | number;
  readonly horizonMs: number;
  readonly nodePools: readonly NodePoolOptions[];
  /** A `KubeSchedulerConfiguration` object, if given. */
  readonly schedulerConfig?: object;
  /** Per-image behaviour (`kubesim.io/` annotation keys without the prefix). */
  readonly images?: Readonly<Record<string, { readonly behaviour?: Readonly<Record<string, string>>; readonly sizeBytes?: number; readonly missing?: boolean }>>;
  readonly manifests: readonly object[];
  readonly timeline: readonly TimedAction[];
  readonly expect: readonly Expectation[];
}

/** One problem in a scenario file: where and why. */
export interface ScenarioProblem {
  /** The field path, e.g. `spec.timeline[2].at`. */
  readonly path: string;
  readonly reason: string;
}

/** A scenario file with mistakes: every problem with its path; nothing runs. */
export class ScenarioError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly ScenarioProblem[],
  ) {
    super(`${source}: invalid scenario:\n${problems.map((p) => `  ${p.path}: ${p.reason}`).join('\n')}`);
    this.name = 'ScenarioError';
  }
}

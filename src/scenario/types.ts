/**
 * The scenario file format (`apiVersion: kubesim.io/v1alpha1`, `kind: Scenario`).
 *
 * @packageDocumentation
 */
import type { NodePoolOptions } from '../node/node-pool.js';

/** One action of the timeline, at a virtual time. */
export type ScenarioAction =
  | { readonly action: 'apply'; readonly manifests: readonly object[] }
  | { readonly action: 'delete'; readonly kind: string; readonly name: string; readonly namespace: string }
  | { readonly action: 'scale'; readonly deployment: string; readonly namespace: string; readonly replicas: number }
  | { readonly action: 'setImage'; readonly deployment: string; readonly namespace: string; readonly container: string; readonly image: string }
  | { readonly action: 'rolloutUndo'; readonly deployment: string; readonly namespace: string; readonly toRevision?: number }
  | { readonly action: 'rolloutPause' | 'rolloutResume'; readonly deployment: string; readonly namespace: string }
  | { readonly action: 'cordon' | 'uncordon'; readonly node: string }
  | { readonly action: 'nodeCrash' | 'nodeRestart' | 'nodeStop' | 'nodePartition' | 'nodeHeal'; readonly node: string }
  | { readonly action: 'addNodes'; readonly pool: NodePoolOptions };

/** A timed action. */
export type TimedAction = ScenarioAction & { readonly atMs: number };

/** What must hold. */
export type Expectation =
  | { readonly type: 'deploymentAvailable'; readonly deployment: string; readonly namespace: string; readonly byMs: number }
  | { readonly type: 'podsRunning'; readonly count: number; readonly namespace: string; readonly byMs: number }
  | { readonly type: 'deploymentAvailableAtLeast'; readonly deployment: string; readonly namespace: string; readonly count: number; readonly byMs: number }
  | { readonly type: 'noPodPendingLongerThan'; readonly durationMs: number }
  | { readonly type: 'podStartupP99Below'; readonly durationMs: number };

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

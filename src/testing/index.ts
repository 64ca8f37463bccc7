/**
 * kubesim's testing kit (`kubesim/testing`): determinism checks now; invariants, arbitraries, fault plans and
 * replay as they land.
 *
 * @packageDocumentation
 */
export {
  checkDeterminism,
  type DeterminismOptions,
  type DeterminismReport,
  type DeterministicRun,
  type RunLocation,
} from './determinism.js';
export type { Invariant, InvariantContext, InvariantLike, InvariantViolation } from './invariant-types.js';
export {
  describeViolation,
  type InvariantMonitor,
  InvariantViolationError,
  monitorInvariants,
  type MonitorOptions,
  toInvariant,
} from './monitor.js';
export {
  defaultInvariants,
  informersMatchStore,
  type InformersMatchStoreOptions,
  noNodeOvercommitted,
  noPodLost,
  podsFitNodeAtBind,
  type PodsFitNodeAtBindOptions,
  rolloutWithinBounds,
  type RolloutWithinBoundsOptions,
} from './invariants.js';
export {
  allDeploymentsAvailable,
  allNodesReady,
  assertEventually,
  eventually,
  type EventuallyOptions,
  type EventuallyResult,
  type LivenessCondition,
  LivenessError,
  noPendingPods,
} from './liveness.js';
export * from './arbitraries/index.js';
export {
  checkCluster,
  type CheckClusterOptions,
  type CheckClusterResult,
  clusterCommand,
  type ClusterCommandSpec,
  type ClusterProperty,
  ClusterPropertyError,
  type CounterexampleOptions,
  ModelDivergenceError,
  replay,
} from './check-cluster.js';
export {
  type CaseChecks,
  type CaseFailure,
  type CaseResult,
  describeFailure,
  type LivenessSpec,
  replayScenario,
  type ReplayOptions,
  type ReplayResult,
  runCase,
  withLivenessWindow,
} from './replay.js';
export { scenarioToYaml, type ScenarioYamlOptions } from '../scenario/serialize.js';

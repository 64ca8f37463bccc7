/**
 * The deterministic discrete-event engine. It knows nothing of Kubernetes.
 *
 * @packageDocumentation
 */
export { type ActorContext, type ActorRef, type Behavior, Priority } from './actor.js';
export { type Ratio, Rng } from './random.js';
export {
  type RunOptions,
  type RunResult,
  Simulation,
  SimulationLimitError,
  type SimulationOptions,
} from './simulation.js';
export {
  DurationError,
  type DurationMs,
  formatDuration,
  HOUR,
  hours,
  MINUTE,
  minutes,
  parseDuration,
  SECOND,
  seconds,
  type TimeMs,
} from './time.js';
export { formatTraceEntry, type TraceBase, type TraceEntry, type TraceOptions } from './trace.js';

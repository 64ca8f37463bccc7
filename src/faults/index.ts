/**
 * Fault injection: faults as plain data, validated, started and healed at exact virtual times by the
 * `kubesim-faults` actor, and recorded in the trace.
 *
 * @packageDocumentation
 */
export type { Fault, FaultEvent, FaultPlan, FaultType, FaultVerb, RequestMatch } from './types.js';
export { assertFault, assertFaultPlan, FAULT_TYPES, FaultError, type FaultProblem, faultProblems } from './validate.js';
export { ApiFaultState } from './api-faults.js';
export { type ActiveFault, FaultLog, type FaultRecord } from './fault-log.js';
export {
  FAULT_INJECTOR_ID,
  type FaultEnvironment,
  faultInjector,
  type FaultInjectorMessage,
  type FaultInjectorState,
  isInstantaneous,
} from './fault-injector.js';

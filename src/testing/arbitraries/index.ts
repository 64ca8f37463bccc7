/**
 * fast-check arbitraries that produce plain data for kubesim: node pools, workloads, action timelines, fault plans,
 * scheduler configurations and whole scenarios.
 *
 * @packageDocumentation
 */
export { ARB_COMPONENTS, DEFAULT_FAULT_TYPES, type FaultArbOptions, faultArb, type FaultPlanArbOptions, faultPlanArb } from './faults.js';
export { ARB_NODE_LABELS, ARB_TAINTS, ARB_ZONES, nodeNames, nodePoolsArb, type NodePoolsArbOptions, poolPrefix, poolZones } from './nodes.js';
export { describeScenario, scenarioArb, type ScenarioArbOptions } from './scenario.js';
export { ARB_SCORE_PLUGINS, schedulerConfigArb } from './scheduler-config.js';
export {
  coherentTimeline, DEFAULT_ACTION_KINDS, generatedImage, type TimelineActionKind, timelineArb, type TimelineArbOptions, UNDO_AFTER_MS,
} from './timeline.js';
export { ARB_CONTAINER, ARB_DEPLOYMENT_NAMES, deploymentArb, deploymentName, type WorkloadArbOptions, workloadsArb } from './workloads.js';

/**
 * Scenario files: a cluster, manifests, a timeline of actions and expectations, in one YAML document.
 *
 * @packageDocumentation
 */
export { loadScenario, parseScenario } from './parse.js';
export { type ActionError, type ExpectationResult, runScenario, type RunScenarioOptions, type ScenarioClusterOptions, type ScenarioReport } from './run.js';
export { type Expectation, type Scenario, type ScenarioAction, ScenarioError, type ScenarioProblem, type TimedAction } from './types.js';

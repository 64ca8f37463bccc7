/**
 * Writing a {@link Scenario} back as a scenario file that `loadScenario` and `kubesim run` read to an equal
 * Scenario (used for counterexamples found by property tests).
 *
 * @packageDocumentation
 */
import { Document, isMap, isScalar, isSeq, visit } from 'yaml';
import { formatDuration } from '../engine/time.js';
import type { Expectation, Scenario, TimedAction } from './types.js';

/** Options of {@link scenarioToYaml}. */
export interface ScenarioYamlOptions {
  /** Text for a comment header (each line is prefixed with `# `). */
  readonly comment?: string;
}

/** One timeline entry in file form: `at` first, then `action`, durations as text (`durationMs` → `for`). */
function actionToFile(a: TimedAction): Record<string, unknown> {
  const { atMs, action, ...rest } = a as TimedAction & { readonly durationMs?: number };
  const out: Record<string, unknown> = { at: formatDuration(atMs), action };
  for (const [k, v] of Object.entries(rest)) {
    if (v === undefined) continue;
    if (k === 'durationMs' && typeof v === 'number') out['for'] = formatDuration(v);
    else out[k] = v;
  }
  return out;
}

function expectationToFile(e: Expectation): Record<string, unknown> {
  switch (e.type) {
    case 'deploymentAvailable':
      return { deploymentAvailable: { name: e.deployment, namespace: e.namespace, by: formatDuration(e.byMs) } };
    case 'deploymentAvailableAtLeast':
      return { deploymentAvailableAtLeast: { name: e.deployment, namespace: e.namespace, count: e.count, at: formatDuration(e.byMs) } };
    case 'podsRunning':
      return { podsRunning: { count: e.count, namespace: e.namespace, by: formatDuration(e.byMs) } };
    case 'noPodPendingLongerThan':
      return { noPodPendingLongerThan: formatDuration(e.durationMs) };
    case 'podStartupP99Below':
      return { podStartupP99Below: formatDuration(e.durationMs) };
    case 'invariant':
      return { invariant: e.name };
  }
}

/**
 * The scenario as a `kind: Scenario` YAML file, manifests inline, times as durations (`at: 2m`, `for: 30s`).
 *
 * @remarks
 * `parseScenario(scenarioToYaml(s))` equals `s` for any scenario that `parseScenario` itself produced or that
 * `scenarioArb` generated (a timeline ordered by time, Deployment actions with their namespace). Durations are
 * exact to the millisecond (`1.234s`).
 *
 * @example
 * ```ts
 * writeFileSync('counterexample.yaml', scenarioToYaml(scenario, { comment: 'found by checkCluster' }));
 * // then: npx kubesim run counterexample.yaml
 * ```
 */
export function scenarioToYaml(scenario: Scenario, opts: ScenarioYamlOptions = {}): string {
  const cluster: Record<string, unknown> = { nodePools: scenario.nodePools };
  if (scenario.schedulerConfig !== undefined) cluster['scheduler'] = scenario.schedulerConfig;
  if (scenario.images !== undefined) cluster['images'] = scenario.images;
  const spec: Record<string, unknown> = {
    seed: scenario.seed,
    horizon: formatDuration(scenario.horizonMs),
    cluster,
    manifests: scenario.manifests,
    timeline: scenario.timeline.map(actionToFile),
  };
  if (scenario.expect.length > 0) spec['expect'] = scenario.expect.map(expectationToFile);
  const doc = { apiVersion: 'kubesim.io/v1alpha1', kind: 'Scenario', metadata: { name: scenario.name }, spec };
  const yaml = new Document(doc);
  // small leaf collections on one line (`capacity: { cpu: "4", memory: 8Gi }`, `zones: [ zone-a ]`)
  visit(yaml, {
    Map(_key, node) {
      if (node.items.length <= 6 && node.items.every((p) => isScalar(p.value) || (isSeq(p.value) && p.value.flow === true))) node.flow = true;
    },
    Seq(_key, node) {
      if (node.items.every((i) => isScalar(i))) node.flow = true;
    },
  });
  visit(yaml, { Map(_key, node) { if (isMap(node) && node.items.length === 0) node.flow = true; } });
  const body = yaml.toString({ lineWidth: 0 });
  const header = opts.comment === undefined ? '' : `${opts.comment.split('\n').map((l) => (l === '' ? '#' : `# ${l}`)).join('\n')}\n`;
  return header + body;
}

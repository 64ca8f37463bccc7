/**
 * Reading and validating scenario files: every mistake is reported with its path, and nothing runs.
 *
 * @packageDocumentation
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ApplyError, parseManifests } from '../api/apply/index.js';
import { DurationError, parseDuration } from '../engine/time.js';
import type { NodePoolOptions } from '../node/node-pool.js';
import { faultProblems } from '../faults/validate.js';
import type { Fault } from '../faults/types.js';
import { type Expectation, type Scenario, type ScenarioAction, ScenarioError, type ScenarioProblem, type TimedAction } from './types.js';
import { BUILT_IN_INVARIANTS } from '../testing/invariants.js';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Collects problems while reading one scenario. */
class Reader {
  readonly problems: ScenarioProblem[] = [];
  constructor(readonly baseDir: string) {}

  fail(path: string, reason: string): undefined {
    this.problems.push({ path, reason });
    return undefined;
  }

  str(o: Obj, key: string, path: string, required = true): string | undefined {
    const v = o[key];
    if (v === undefined && !required) return undefined;
    return typeof v === 'string' && v !== '' ? v : this.fail(`${path}.${key}`, v === undefined ? 'Required value' : `must be a non-empty string, got ${JSON.stringify(v)}`);
  }

  duration(o: Obj, key: string, path: string, required = true): number | undefined {
    const v = o[key];
    if (v === undefined && !required) return undefined;
    if (typeof v !== 'string') return this.fail(`${path}.${key}`, v === undefined ? 'Required value' : 'must be a duration such as "30s" or "1h30m"');
    try {
      return parseDuration(v);
    } catch (e) {
      return this.fail(`${path}.${key}`, e instanceof DurationError ? e.message : String(e));
    }
  }

  int(o: Obj, key: string, path: string): number | undefined {
    const v = o[key];
    return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : this.fail(`${path}.${key}`, v === undefined ? 'Required value' : 'must be a non-negative integer');
  }

  /** Inline manifests (objects) or paths (relative to the scenario file), each possibly multi-document. */
  manifests(v: unknown, path: string): object[] {
    if (v === undefined) return [];
    const list = Array.isArray(v) ? v : [v];
    const out: object[] = [];
    list.forEach((m, i) => {
      const p = `${path}[${i}]`;
      try {
        if (typeof m === 'string') {
          const file = resolve(this.baseDir, m);
          out.push(...(parseManifests(readFileSync(file, 'utf8'), m) as object[]));
        } else if (isObj(m)) out.push(m);
        else this.fail(p, 'must be a manifest object or a path to a YAML file');
      } catch (e) {
        if (e instanceof ApplyError || (e as NodeJS.ErrnoException).code === 'ENOENT') this.fail(p, (e as Error).message);
        else throw e;
      }
    });
    return out;
  }
}

const NODE_ACTIONS = new Set(['cordon', 'uncordon', 'drain', 'nodeCrash', 'nodeRestart', 'nodeStop', 'nodePartition', 'nodeHeal']);

/** A fault with its optional `for:` duration, at `path` (a timeline action or a `spec.faults` entry). */
function readFault(r: Reader, a: Obj, path: string): { action: 'fault'; fault: Fault; durationMs?: number } | undefined {
  const durationMs = r.duration(a, 'for', path, false);
  if (a.fault === undefined) return r.fail(`${path}.fault`, 'Required value');
  const problems = faultProblems(a.fault, `${path}.fault`);
  for (const p of problems) r.fail(p.path, p.reason);
  if (problems.length > 0) return undefined;
  if (durationMs !== undefined && durationMs <= 0) return r.fail(`${path}.for`, 'must be a positive duration');
  const fault = a.fault as Fault;
  return durationMs === undefined ? { action: 'fault', fault } : { action: 'fault', fault, durationMs };
}
const DEPLOYMENT_ACTIONS = new Set(['scale', 'setImage', 'rolloutUndo', 'rolloutPause', 'rolloutResume']);

function readAction(r: Reader, a: Obj, path: string): ScenarioAction | undefined {
  const action = r.str(a, 'action', path);
  if (action === undefined) return undefined;
  const namespace = typeof a.namespace === 'string' ? a.namespace : 'default';
  if (action === 'apply') return { action, manifests: r.manifests(a.manifests, `${path}.manifests`) };
  if (action === 'delete') {
    const kind = r.str(a, 'kind', path);
    const name = r.str(a, 'name', path);
    return kind === undefined || name === undefined ? undefined : { action, kind, name, namespace };
  }
  if (NODE_ACTIONS.has(action)) {
    const node = r.str(a, 'node', path);
    return node === undefined ? undefined : ({ action, node } as ScenarioAction);
  }
  if (action === 'fault') return readFault(r, a, path);
  if (action === 'healAll') return { action };
  if (action === 'addNodes') return isObj(a.pool) ? { action, pool: a.pool as unknown as NodePoolOptions } : r.fail(`${path}.pool`, 'Required value');
  if (!DEPLOYMENT_ACTIONS.has(action)) {
    return r.fail(`${path}.action`, `Unsupported value: "${action}": supported values: apply, delete, ${[...DEPLOYMENT_ACTIONS, ...NODE_ACTIONS].join(', ')}, addNodes, fault, healAll`);
  }
  const deployment = r.str(a, 'deployment', path);
  if (deployment === undefined) return undefined;
  if (action === 'scale') {
    const replicas = r.int(a, 'replicas', path);
    return replicas === undefined ? undefined : { action, deployment, namespace, replicas };
  }
  if (action === 'setImage') {
    const container = r.str(a, 'container', path);
    const image = r.str(a, 'image', path);
    return container === undefined || image === undefined ? undefined : { action, deployment, namespace, container, image };
  }
  if (action === 'rolloutUndo') {
    return typeof a.toRevision === 'number' ? { action, deployment, namespace, toRevision: a.toRevision } : { action, deployment, namespace };
  }
  return { action: action as 'rolloutPause' | 'rolloutResume', deployment, namespace };
}

function readExpectation(r: Reader, e: Obj, path: string): Expectation | undefined {
  const namespace = typeof e.namespace === 'string' ? e.namespace : 'default';
  if (isObj(e.deploymentAvailable)) {
    const o = e.deploymentAvailable;
    const p = `${path}.deploymentAvailable`;
    const deployment = r.str(o, 'name', p);
    const byMs = r.duration(o, 'by', p);
    const ns = typeof o.namespace === 'string' ? o.namespace : namespace;
    return deployment === undefined || byMs === undefined ? undefined : { type: 'deploymentAvailable', deployment, namespace: ns, byMs };
  }
  if (isObj(e.deploymentAvailableAtLeast)) {
    const o = e.deploymentAvailableAtLeast;
    const p = `${path}.deploymentAvailableAtLeast`;
    const deployment = r.str(o, 'name', p);
    const count = r.int(o, 'count', p);
    const byMs = r.duration(o, 'at', p);
    const ns = typeof o.namespace === 'string' ? o.namespace : namespace;
    if (deployment === undefined || count === undefined || byMs === undefined) return undefined;
    return { type: 'deploymentAvailableAtLeast', deployment, namespace: ns, count, byMs };
  }
  if (isObj(e.podsRunning)) {
    const o = e.podsRunning;
    const p = `${path}.podsRunning`;
    const count = r.int(o, 'count', p);
    const byMs = r.duration(o, 'by', p);
    const ns = typeof o.namespace === 'string' ? o.namespace : namespace;
    return count === undefined || byMs === undefined ? undefined : { type: 'podsRunning', count, namespace: ns, byMs };
  }
  if (e.noPodPendingLongerThan !== undefined) {
    const d = r.duration(e, 'noPodPendingLongerThan', path);
    return d === undefined ? undefined : { type: 'noPodPendingLongerThan', durationMs: d };
  }
  if (e.podStartupP99Below !== undefined) {
    const d = r.duration(e, 'podStartupP99Below', path);
    return d === undefined ? undefined : { type: 'podStartupP99Below', durationMs: d };
  }
  if (e.invariant !== undefined) {
    const name = e.invariant;
    if (typeof name !== 'string' || (name !== 'all' && !(BUILT_IN_INVARIANTS as readonly string[]).includes(name))) {
      return r.fail(`${path}.invariant`, `Unsupported value: ${JSON.stringify(name)}: supported values: "all", ${BUILT_IN_INVARIANTS.map((n) => `"${n}"`).join(', ')}`);
    }
    return { type: 'invariant', name };
  }
  return r.fail(path, 'unknown expectation: use deploymentAvailable, deploymentAvailableAtLeast, podsRunning, noPodPendingLongerThan, podStartupP99Below or invariant');
}

function readSpec(r: Reader, spec: Obj, name: string): Scenario | undefined {
  const seed = spec.seed;
  if (typeof seed !== 'number' && typeof seed !== 'string') r.fail('spec.seed', 'Required value: a scenario needs a seed');
  const horizonMs = r.duration(spec, 'horizon', 'spec');
  const cluster = isObj(spec.cluster) ? spec.cluster : (r.fail('spec.cluster', 'Required value'), {} as Obj);
  const pools = Array.isArray(cluster.nodePools) ? cluster.nodePools : [];
  pools.forEach((p, i) => {
    if (!isObj(p) || typeof p.namePrefix !== 'string' || typeof p.count !== 'number') {
      r.fail(`spec.cluster.nodePools[${i}]`, 'each pool needs namePrefix (string) and count (number)');
    }
  });
  const manifests = r.manifests(spec.manifests, 'spec.manifests');
  const timeline: TimedAction[] = [];
  (Array.isArray(spec.timeline) ? spec.timeline : []).forEach((a, i) => {
    const p = `spec.timeline[${i}]`;
    if (!isObj(a)) return r.fail(p, 'must be an object');
    const atMs = r.duration(a, 'at', p);
    const act = readAction(r, a, p);
    if (atMs !== undefined && act !== undefined) timeline.push({ ...act, atMs });
    return undefined;
  });
  (Array.isArray(spec.faults) ? spec.faults : spec.faults === undefined ? [] : (r.fail('spec.faults', 'must be a list of { at, fault, for? }'), [])).forEach((a, i) => {
    const p = `spec.faults[${i}]`;
    if (!isObj(a)) return r.fail(p, 'must be an object with at, fault and optionally for');
    const atMs = r.duration(a, 'at', p);
    const act = readFault(r, a, p);
    if (atMs !== undefined && act !== undefined) timeline.push({ ...act, atMs });
    return undefined;
  });
  const expect: Expectation[] = [];
  (Array.isArray(spec.expect) ? spec.expect : []).forEach((e, i) => {
    const x = isObj(e) ? readExpectation(r, e, `spec.expect[${i}]`) : r.fail(`spec.expect[${i}]`, 'must be an object');
    if (x !== undefined) expect.push(x);
  });
  if (r.problems.length > 0 || horizonMs === undefined) return undefined;
  timeline.sort((a, b) => a.atMs - b.atMs);
  return {
    name,
    seed: seed as string | number,
    horizonMs,
    nodePools: pools as NodePoolOptions[],
    ...(isObj(cluster.scheduler) ? { schedulerConfig: cluster.scheduler } : {}),
    ...(isObj(cluster.images) ? { images: cluster.images as Scenario['images'] & object } : {}),
    manifests,
    timeline,
    expect,
  };
}

/**
 * Parses and validates a scenario from YAML text.
 *
 * @throws {@link ScenarioError} listing every problem with its path.
 * @example
 * ```ts
 * const scenario = parseScenario(readFileSync('examples/rolling-update/scenario.yaml', 'utf8'), { source: 'examples/rolling-update/scenario.yaml' });
 * ```
 */
export function parseScenario(text: string, opts: { readonly source?: string; readonly baseDir?: string } = {}): Scenario {
  const source = opts.source ?? '<scenario>';
  const r = new Reader(opts.baseDir ?? (opts.source !== undefined ? dirname(opts.source) : '.'));
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw new ScenarioError(source, [{ path: '(yaml)', reason: (e as Error).message.split('\n')[0] ?? 'invalid YAML' }]);
  }
  if (!isObj(doc)) throw new ScenarioError(source, [{ path: '(document)', reason: 'must be a Scenario object' }]);
  if (doc.apiVersion !== 'kubesim.io/v1alpha1') r.fail('apiVersion', `must be "kubesim.io/v1alpha1", got ${JSON.stringify(doc.apiVersion)}`);
  if (doc.kind !== 'Scenario') r.fail('kind', `must be "Scenario", got ${JSON.stringify(doc.kind)}`);
  const name = isObj(doc.metadata) && typeof doc.metadata.name === 'string' ? doc.metadata.name : 'scenario';
  const spec = isObj(doc.spec) ? doc.spec : (r.fail('spec', 'Required value'), {} as Obj);
  const scenario = readSpec(r, spec, name);
  if (scenario === undefined) throw new ScenarioError(source, r.problems);
  return scenario;
}

/** Reads and validates a scenario file (manifest paths resolve relative to it). */
export function loadScenario(file: string): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ScenarioError(file, [{ path: '(file)', reason: (e as Error).message }]);
  }
  return parseScenario(text, { source: file, baseDir: dirname(resolve(file)) });
}

/**
 * Checking faults written by people (tests, scenario files): every mistake with its field path and reason.
 *
 * @packageDocumentation
 */
import type { Fault, FaultEvent, FaultType, FaultVerb } from './types.js';

/** One problem with one field of a fault. */
export interface FaultProblem {
  /** The field path, e.g. `fault.probability` or `spec.timeline[2].fault.code`. */
  readonly path: string;
  readonly reason: string;
}

/**
 * A fault with mistakes: every problem with its path. Nothing was injected.
 *
 * @example
 * ```ts
 * try {
 *   cluster.inject({ type: 'apiErrors', code: 500, probability: 2 });
 * } catch (e) {
 *   if (e instanceof FaultError) console.error(e.message); // fault.probability: must be between 0 and 1
 * }
 * ```
 */
export class FaultError extends Error {
  constructor(readonly problems: readonly FaultProblem[]) {
    super(problems.map((p) => `${p.path}: ${p.reason}`).join('\n'));
    this.name = 'FaultError';
  }
}

/** Every fault type, in the order of the {@link Fault} union. */
export const FAULT_TYPES: readonly FaultType[] = [
  'nodeCrash', 'kubeletStop', 'kubeletRestart', 'nodeRemove', 'partition', 'zoneOutage', 'watchChaos', 'apiSlowdown',
  'apiErrors', 'watchCompaction', 'clockSkew', 'containerCrash', 'imagePullFailure',
];

const VERBS: readonly FaultVerb[] = ['create', 'update', 'updateStatus', 'delete', 'get', 'list', 'bind', 'watch'];
const EVENT_TYPES = ['ADDED', 'MODIFIED', 'DELETED'];
/** Actors that cannot be partitioned from the API server: the API server itself and the fault injector. */
const UNPARTITIONABLE = new Set(['kube-apiserver', 'kubesim-faults']);

/** Fields each fault type accepts besides `type`; the first `n` are required. */
const FIELDS: Readonly<Record<FaultType, readonly [readonly string[], number]>> = {
  nodeCrash: [['node'], 1],
  kubeletStop: [['node'], 1],
  kubeletRestart: [['node'], 1],
  nodeRemove: [['node'], 1],
  partition: [['components'], 1],
  zoneOutage: [['zone', 'mode'], 1],
  watchChaos: [['components', 'kinds', 'eventTypes', 'delayMs', 'drop', 'duplicate', 'reorder'], 0],
  apiSlowdown: [['extraLatencyMs', 'match'], 1],
  apiErrors: [['code', 'probability', 'match'], 1],
  watchCompaction: [[], 0],
  clockSkew: [['node', 'offsetMs'], 2],
  containerCrash: [['namespace', 'pod', 'container', 'exitCode'], 2],
  imagePullFailure: [['image', 'nodes'], 1],
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

class Checker {
  readonly problems: FaultProblem[] = [];
  fail(path: string, reason: string): void {
    this.problems.push({ path, reason });
  }
  str(v: unknown, path: string): void {
    if (typeof v !== 'string' || v === '') this.fail(path, `must be a non-empty string, got ${JSON.stringify(v)}`);
  }
  strings(v: unknown, path: string, allowed?: readonly string[], nonEmpty = false): void {
    if (!Array.isArray(v)) return this.fail(path, 'must be a list of strings');
    if (nonEmpty && v.length === 0) this.fail(path, 'must name at least one');
    v.forEach((x, i) => {
      if (allowed !== undefined && !allowed.includes(x as string)) this.fail(`${path}[${i}]`, `Unsupported value: ${JSON.stringify(x)}: supported values: ${allowed.join(', ')}`);
      else this.str(x, `${path}[${i}]`);
    });
  }
  ratio(v: unknown, path: string): void {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1) this.fail(path, 'must be between 0 and 1');
  }
  int(v: unknown, path: string, min: number, max = Number.MAX_SAFE_INTEGER): void {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      this.fail(path, max === Number.MAX_SAFE_INTEGER ? `must be an integer ≥ ${min}` : `must be an integer between ${min} and ${max}`);
    }
  }
}

function checkMatch(k: Checker, m: unknown, path: string): void {
  if (!isObj(m)) return k.fail(path, 'must be an object with verbs, kinds and/or components');
  for (const key of Object.keys(m)) if (!['verbs', 'kinds', 'components'].includes(key)) k.fail(`${path}.${key}`, 'unknown field: use verbs, kinds or components');
  if (m.verbs !== undefined) k.strings(m.verbs, `${path}.verbs`, VERBS);
  if (m.kinds !== undefined) k.strings(m.kinds, `${path}.kinds`);
  if (m.components !== undefined) k.strings(m.components, `${path}.components`);
}

function checkFields(k: Checker, type: FaultType, f: Obj, path: string): void {
  const at = (key: string) => `${path}.${key}`;
  const has = (key: string) => f[key] !== undefined;
  switch (type) {
    case 'nodeCrash': case 'kubeletStop': case 'kubeletRestart': case 'nodeRemove':
      return k.str(f.node, at('node'));
    case 'partition':
      k.strings(f.components, at('components'), undefined, true);
      if (Array.isArray(f.components)) {
        f.components.forEach((c, i) => {
          if (UNPARTITIONABLE.has(c as string)) k.fail(`${at('components')}[${i}]`, `cannot partition ${String(c)} from the API server`);
        });
      }
      return;
    case 'zoneOutage':
      k.str(f.zone, at('zone'));
      if (has('mode') && f.mode !== 'crash' && f.mode !== 'partition') k.fail(at('mode'), `Unsupported value: ${JSON.stringify(f.mode)}: supported values: crash, partition`);
      return;
    case 'watchChaos':
      if (has('components')) k.strings(f.components, at('components'));
      if (has('kinds')) k.strings(f.kinds, at('kinds'));
      if (has('eventTypes')) k.strings(f.eventTypes, at('eventTypes'), EVENT_TYPES);
      if (has('delayMs')) k.int(f.delayMs, at('delayMs'), 0);
      for (const p of ['drop', 'duplicate', 'reorder']) if (has(p)) k.ratio(f[p], at(p));
      return;
    case 'apiSlowdown':
      k.int(f.extraLatencyMs, at('extraLatencyMs'), 1);
      if (has('match')) checkMatch(k, f.match, at('match'));
      return;
    case 'apiErrors':
      if (![409, 429, 500, 504].includes(f.code as number)) k.fail(at('code'), 'must be one of 409, 429, 500, 504');
      if (has('probability')) k.ratio(f.probability, at('probability'));
      if (has('match')) checkMatch(k, f.match, at('match'));
      return;
    case 'watchCompaction':
      return;
    case 'clockSkew':
      k.str(f.node, at('node'));
      return k.int(f.offsetMs, at('offsetMs'), -Number.MAX_SAFE_INTEGER);
    case 'containerCrash':
      k.str(f.namespace, at('namespace'));
      k.str(f.pod, at('pod'));
      if (has('container')) k.str(f.container, at('container'));
      if (has('exitCode')) k.int(f.exitCode, at('exitCode'), 0, 255);
      return;
    case 'imagePullFailure':
      k.str(f.image, at('image'));
      if (has('nodes')) k.strings(f.nodes, at('nodes'));
  }
}

/**
 * The problems of a would-be fault (empty when it is valid).
 *
 * @param path - the field path of the fault in its document (`fault`, `spec.timeline[2].fault`).
 * @example
 * ```ts
 * faultProblems({ type: 'apiErrors', code: 418 });
 * // [{ path: 'fault.code', reason: 'must be one of 409, 429, 500, 504' }]
 * ```
 */
export function faultProblems(fault: unknown, path = 'fault'): FaultProblem[] {
  const k = new Checker();
  if (!isObj(fault)) {
    k.fail(path, 'must be an object with a type');
    return k.problems;
  }
  const type = fault.type as FaultType;
  if (!FAULT_TYPES.includes(type)) {
    k.fail(`${path}.type`, fault.type === undefined ? 'Required value' : `Unsupported value: ${JSON.stringify(fault.type)}: supported values: ${FAULT_TYPES.join(', ')}`);
    return k.problems;
  }
  const [fields, required] = FIELDS[type];
  for (const key of Object.keys(fault)) if (key !== 'type' && !fields.includes(key)) k.fail(`${path}.${key}`, `unknown field for a ${type} fault`);
  for (const key of fields.slice(0, required)) if (fault[key] === undefined) k.fail(`${path}.${key}`, 'Required value');
  const missing = new Set(fields.slice(0, required).filter((key) => fault[key] === undefined));
  const before = k.problems.length;
  checkFields(k, type, fault, path);
  // a missing required field is reported once, as Required value
  const extra = k.problems.splice(before).filter((p) => !missing.has(p.path.slice(path.length + 1)));
  k.problems.push(...extra);
  return k.problems;
}

/**
 * Checks a fault and its timing, and throws a {@link FaultError} naming every bad field.
 *
 * @example
 * ```ts
 * assertFault({ type: 'partition', components: ['kube-scheduler'] }, { atMs: 60_000, durationMs: 120_000 });
 * ```
 */
export function assertFault(fault: unknown, timing: { readonly atMs?: number; readonly durationMs?: number } = {}, path = 'fault'): asserts fault is Fault {
  const problems = faultProblems(fault, path);
  const k = new Checker();
  if (timing.atMs !== undefined) k.int(timing.atMs, 'atMs', 0);
  if (timing.durationMs !== undefined) k.int(timing.durationMs, 'durationMs', 1);
  problems.push(...k.problems);
  if (problems.length > 0) throw new FaultError(problems);
}

/** Checks every event of a plan (paths `plan[i].fault.…`, `plan[i].atMs`). */
export function assertFaultPlan(plan: readonly FaultEvent[]): void {
  const problems: FaultProblem[] = [];
  if (!Array.isArray(plan)) throw new FaultError([{ path: 'plan', reason: 'must be a list of { atMs, fault, durationMs? }' }]);
  plan.forEach((ev, i) => {
    const k = new Checker();
    if (!isObj(ev)) return k.fail(`plan[${i}]`, 'must be an object');
    problems.push(...faultProblems(ev.fault, `plan[${i}].fault`));
    k.int(ev.atMs, `plan[${i}].atMs`, 0);
    if (ev.durationMs !== undefined) k.int(ev.durationMs, `plan[${i}].durationMs`, 1);
    problems.push(...k.problems);
    return undefined;
  });
  if (problems.length > 0) throw new FaultError(problems);
}

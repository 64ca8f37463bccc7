/**
 * Compiles a plugin list into one function per extension-point pass, so V8 sees monomorphic call sites
 * and can inline each plugin's Filter / Score into the per-node loop (style §4: keep the plugin API clean
 * while the default plugins stay fast).
 *
 * @remarks
 * A generic loop `for (p of plugins) p.filter(...)` has one megamorphic call site shared by every plugin,
 * which V8 cannot inline; the generated code has one call site per plugin. Semantics are unchanged: the
 * compiled filter returns the first non-Success status in plugin order (with the plugin name set), the
 * compiled scorer writes each plugin's raw score. Code is generated from plugin positions only, never from
 * user strings.
 *
 * @packageDocumentation
 */
import type { CycleState } from './cycle-state.js';
import { rejectNode, type Diagnosis } from './diagnosis.js';
import type { SchedulerPlugin } from './interface.js';
import type { NodeInfo } from './node-info.js';
import type { PodInfo } from './pod-info.js';
import { SUCCESS, withPlugin, type Status } from './status.js';

/** All enabled filters of a cycle as one function. */
export type CompiledFilter = (state: CycleState, pod: PodInfo, node: NodeInfo) => Status;

/** What {@link CompiledFind} found: feasible nodes, nodes evaluated, and the Error that stopped it, if any. */
export interface FindOutcome {
  found: number;
  evaluated: number;
  error: Status | undefined;
}

/**
 * Upstream's filter loop over the nodes with all enabled filters inlined: visits `nodes` from `start` round
 * robin until `toFind` fit, storing them in `feasible[0 … found)` and each rejected node's first failing status
 * through `reject(d, node, status, nodes, index)`; stops at the first Error status.
 */
export type CompiledFind = (state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], start: number, toFind: number,
  feasible: NodeInfo[], d: Diagnosis, out: FindOutcome) => void;

/** All enabled scorers of a cycle as one pass: `out[k][i]` = raw score of plugin k on `nodes[i]`. */
export type CompiledScore = (state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], out: readonly number[][]) => void;

/**
 * All enabled scorers of a cycle as one pass that also sums the weighted scores of the plugins without
 * NormalizeScore into `totals` (checking that each is in [0, 100]); the plugins with NormalizeScore
 * (`normalized[k]`) write their raw scores into `out[k]` instead. Returns false if a summed score was out of
 * range (the caller then redoes the cycle's scoring the plain way, to report it exactly as before).
 */
export type CompiledScoreTotals = (state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], out: readonly number[][],
  totals: Float64Array, weights: Float64Array) => boolean;

type Factory<T> = (...args: unknown[]) => T;

/** Generates the fused Filter of `plugins` (each must have `filter`). */
export function compileFilter(plugins: readonly SchedulerPlugin[]): CompiledFilter {
  const params = plugins.map((_, i) => `p${i}`);
  const lines = plugins.map((_, i) =>
    `  st = p${i}.filter(state, pod, node); if (st !== OK && st.code !== 'Success') return st.plugin === p${i}.name ? st : withPlugin(st, p${i}.name);`);
  const src = `return function compiledFilter(state, pod, node) {\n  let st;\n${lines.join('\n')}\n  return OK;\n};`;
  const make = new Function(...params, 'OK', 'withPlugin', src) as Factory<CompiledFilter>;
  return make(...plugins, SUCCESS, withPlugin);
}

/** Generates the filter loop of `plugins` (see {@link CompiledFind}). */
export function compileFind(plugins: readonly SchedulerPlugin[]): CompiledFind {
  const params = plugins.map((_, i) => `p${i}`);
  const checks = plugins.map((_, i) =>
    `      st = p${i}.filter(state, pod, node);\n      if (st !== OK && st.code !== 'Success') { if (st.plugin !== p${i}.name) st = withPlugin(st, p${i}.name); break check; }`);
  const src = `return function compiledFind(state, pod, nodes, start, toFind, feasible, d, out) {
  const n = nodes.length;
  let found = 0;
  let k = 0;
  for (; k < n && found < toFind; k++) {
    let idx = start + k;
    if (idx >= n) idx -= n;
    const node = nodes[idx];
    let st = OK;
    check: {
${checks.join('\n')}
      feasible[found++] = node;
      continue;
    }
    if (st.code === 'Error') { out.found = found; out.evaluated = k + 1; out.error = st; return; }
    reject(d, node, st, nodes, idx);
  }
  out.found = found;
  out.evaluated = k;
  out.error = undefined;
};`;
  const make = new Function(...params, 'OK', 'withPlugin', 'reject', src) as Factory<CompiledFind>;
  return make(...plugins, SUCCESS, withPlugin, rejectNode);
}

/** Generates the fused Score pass of `plugins` (each must have `score`). */
export function compileScore(plugins: readonly SchedulerPlugin[]): CompiledScore {
  const params = plugins.map((_, i) => `p${i}`);
  const outs = plugins.map((_, i) => `  const o${i} = out[${i}];`);
  const calls = plugins.map((_, i) => `    o${i}[i] = p${i}.score(state, pod, node);`);
  const src = `return function compiledScore(state, pod, nodes, out) {\n${outs.join('\n')}\n  const n = nodes.length;\n` +
    `  for (let i = 0; i < n; i++) {\n    const node = nodes[i];\n${calls.join('\n')}\n  }\n};`;
  const make = new Function(...params, src) as Factory<CompiledScore>;
  return make(...plugins);
}

/** Generates the fused Score-and-sum pass of `plugins` (see {@link CompiledScoreTotals}). */
export function compileScoreTotals(plugins: readonly SchedulerPlugin[]): CompiledScoreTotals {
  const params = plugins.map((_, i) => `p${i}`);
  const head = plugins.map((p, i) => (p.normalizeScore !== undefined ? `  const o${i} = out[${i}];` : `  const w${i} = weights[${i}];`));
  const calls = plugins.map((p, i) => (p.normalizeScore !== undefined
    ? `    o${i}[i] = p${i}.score(state, pod, node);`
    : `    s = p${i}.score(state, pod, node); if (!(s >= 0 && s <= 100)) ok = false; t += s * w${i};`));
  const src = `return function compiledScoreTotals(state, pod, nodes, out, totals, weights) {\n${head.join('\n')}\n` +
    `  const n = nodes.length;\n  let ok = true;\n  for (let i = 0; i < n; i++) {\n    const node = nodes[i];\n    let t = 0;\n    let s = 0;\n` +
    `${calls.join('\n')}\n    totals[i] = t;\n  }\n  return ok;\n};`;
  const make = new Function(...params, src) as Factory<CompiledScoreTotals>;
  return make(...plugins);
}

/** Memoizes what `compile` builds per set of active plugins (a bit mask over the point's plugin list). */
export class CompiledCache<T> {
  private readonly byMask = new Map<number, T>();

  constructor(private readonly plugins: readonly SchedulerPlugin[], private readonly compile: (active: readonly SchedulerPlugin[]) => T) {
    if (plugins.length > 30) throw new Error('at most 30 plugins per extension point');
  }

  /** The compiled entry for the plugins whose names are not in `skip`. */
  get(skip: ReadonlySet<string>): T {
    return this.getMask(this.mask(skip));
  }

  /** The bit mask of the plugins whose names are not in `skip` (bit i: `plugins[i]`). */
  mask(skip: ReadonlySet<string>): number {
    let mask = 0;
    const ps = this.plugins;
    for (let i = 0; i < ps.length; i++) if (skip.size === 0 || !skip.has((ps[i] as SchedulerPlugin).name)) mask |= 1 << i;
    return mask;
  }

  /** The compiled entry for the plugins in `mask`. */
  getMask(mask: number): T {
    const ps = this.plugins;
    let entry = this.byMask.get(mask);
    if (entry === undefined) {
      entry = this.compile(ps.filter((_, i) => (mask & (1 << i)) !== 0));
      this.byMask.set(mask, entry);
    }
    return entry;
  }
}

/**
 * PreScore, Score, NormalizeScore and weighting over the feasible nodes (upstream `prioritizeNodes`).
 *
 * @packageDocumentation
 */
import type { CycleState } from './cycle-state.js';
import type { Framework } from './framework.js';
import type { SchedulerPlugin } from './interface.js';
import type { NodeInfo } from './node-info.js';
import type { PodInfo } from './pod-info.js';
import type { Snapshot } from './snapshot.js';
import { newStatus, withPlugin, type Code, type Status } from './status.js';

/** One plugin's score on one node. */
export interface ScoreExplain {
  readonly raw: number;
  readonly normalized: number;
  readonly weight: number;
  readonly weighted: number;
}

/** Everything `schedulePod({explain: true})` records about one node. */
export interface NodeExplain {
  feasible: boolean;
  readonly filter: Record<string, { readonly code: Code; readonly reasons?: readonly string[] }>;
  readonly scores: Record<string, ScoreExplain>;
  total: number;
}

/** Totals index-aligned with the nodes, or an Error status. */
export interface PrioritizeResult {
  /** Index-aligned totals; a buffer reused by the next cycle of the same framework. */
  readonly totals: Float64Array;
  readonly error?: Status;
}

function recordRaw(explain: Record<string, NodeExplain>, nodes: readonly NodeInfo[], name: string, row: readonly number[], weight: number): void {
  for (let i = 0; i < nodes.length; i++) {
    const rec = explain[(nodes[i] as NodeInfo).name];
    if (rec !== undefined) rec.scores[name] = { raw: row[i] as number, normalized: 0, weight, weighted: 0 };
  }
}

function recordTotals(explain: Record<string, NodeExplain>, nodes: readonly NodeInfo[], plugins: readonly SchedulerPlugin[],
  rows: readonly number[][], weights: Float64Array, totals: Float64Array): void {
  for (let i = 0; i < nodes.length; i++) {
    const rec = explain[(nodes[i] as NodeInfo).name];
    if (rec === undefined) continue;
    plugins.forEach((p, k) => {
      const s = (rows[k] as number[])[i] as number;
      const w = weights[k] as number;
      const raw = rec.scores[p.name]?.raw ?? s;
      rec.scores[p.name] = { raw, normalized: s, weight: w, weighted: s * w };
    });
    rec.total = totals[i] as number;
  }
}

/**
 * Runs PreScore then, for each non-skipped Score plugin, Score over all nodes, NormalizeScore and
 * `total += weight × score` (§1.5.8).
 *
 * @example
 * ```ts
 * const { totals } = prioritizeNodes(fw, state, podInfo, feasible, snapshot, undefined);
 * ```
 */
export function prioritizeNodes(fw: Framework, state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[],
  snapshot: Snapshot, explain: Record<string, NodeExplain> | undefined): PrioritizeResult {
  const n = nodes.length;
  for (const p of fw.points.preScore) {
    const st = (p.preScore as NonNullable<SchedulerPlugin['preScore']>)(state, pod, nodes, snapshot);
    if (st.code === 'Skip') state.skipScorePlugins.add(p.name);
    else if (st.code !== 'Success') return { totals: new Float64Array(n), error: withPlugin(st, p.name) };
  }
  const full = fw.compiledScore.mask(state.skipScorePlugins);
  let mask = full;
  if (explain === undefined) {
    // plugins whose normalized score is the same on every node this cycle add one constant to every total:
    // left out, selectHost sees the same order and ties (explain mode keeps them, to show their scores)
    const all = fw.points.score;
    for (let k = 0; k < all.length; k++) {
      const p = all[k] as SchedulerPlugin;
      if ((mask & (1 << k)) !== 0 && p.constantScore !== undefined && p.constantScore(state, pod, snapshot)) mask &= ~(1 << k);
    }
  }
  if (mask !== full) {
    // exact only with integer totals (a constant added to fractional totals could round two of them together)
    // and without errors (whose precedence counts the plugins left out): else score with every plugin
    const r = scoreNodes(fw, state, pod, nodes, explain, mask);
    if (r.error === undefined && integers(r.totals)) return r;
  }
  return scoreNodes(fw, state, pod, nodes, explain, full);
}

function integers(a: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isInteger(a[i])) return false;
  return true;
}

/** Score, NormalizeScore and the weighted sum with the Score plugins in `mask`. */
function scoreNodes(fw: Framework, state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[],
  explain: Record<string, NodeExplain> | undefined, mask: number): PrioritizeResult {
  const n = nodes.length;
  const compiled = fw.compiledScore.getMask(mask);
  const { plugins, weights } = compiled;
  const m = plugins.length;
  const scratch = fw.scratch;
  if (scratch.totals.length !== n) { scratch.totals = new Float64Array(n); scratch.rows = []; }
  while (scratch.rows.length < m) scratch.rows.push(new Array<number>(n).fill(0));
  const rows = scratch.rows;
  const totals = scratch.totals;
  if (explain === undefined) {
    // Hot path: plugins without NormalizeScore are weighted and summed while scoring; the others are
    // normalized, then added. Any out-of-range summed score redoes the pass the plain way below, so the
    // error reported is the same.
    let ok: boolean;
    try {
      ok = compiled.totals(state, pod, nodes, rows, totals, weights);
    } catch (e) {
      return { totals, error: newStatus('Error', '', e instanceof Error ? e.message : String(e)) };
    }
    if (ok) {
      for (let k = 0; k < m; k++) {
        const plugin = plugins[k] as SchedulerPlugin;
        if (plugin.normalizeScore === undefined) continue;
        const st = plugin.normalizeScore(state, pod, nodes, rows[k] as number[]);
        if (st.code !== 'Success') return { totals, error: withPlugin(st, plugin.name) };
      }
      for (let k = 0; k < m; k++) {
        const plugin = plugins[k] as SchedulerPlugin;
        if (plugin.normalizeScore === undefined) continue;
        const err = addWeighted(plugin, rows[k] as number[], weights[k] as number, totals, n);
        if (err !== undefined) return { totals, error: err };
      }
      return { totals };
    }
  }
  try {
    compiled.run(state, pod, nodes, rows);
  } catch (e) {
    return { totals, error: newStatus('Error', '', e instanceof Error ? e.message : String(e)) };
  }
  for (let k = 0; k < m; k++) {
    const plugin = plugins[k] as SchedulerPlugin;
    const row = rows[k] as number[];
    if (explain !== undefined) recordRaw(explain, nodes, plugin.name, row, weights[k] as number);
    if (plugin.normalizeScore !== undefined) {
      const st = plugin.normalizeScore(state, pod, nodes, row);
      if (st.code !== 'Success') return { totals, error: withPlugin(st, plugin.name) };
    }
  }
  totals.fill(0);
  for (let k = 0; k < m; k++) {
    const err = addWeighted(plugins[k] as SchedulerPlugin, rows[k] as number[], weights[k] as number, totals, n);
    if (err !== undefined) return { totals, error: err };
  }
  if (explain !== undefined) recordTotals(explain, nodes, plugins, rows, weights, totals);
  return { totals };
}

/** `totals[i] += w × row[i]`, or the Error status for the first score outside [0, 100]. */
function addWeighted(plugin: SchedulerPlugin, row: readonly number[], w: number, totals: Float64Array, n: number): Status | undefined {
  for (let i = 0; i < n; i++) {
    const s = row[i] as number;
    if (!(s >= 0 && s <= 100)) {
      const name = plugin.name;
      return newStatus('Error', name, `plugin "${name}" returns an invalid score ${s}, it should in the range of [0, 100] after normalizing`);
    }
    totals[i] = (totals[i] as number) + s * w;
  }
  return undefined;
}

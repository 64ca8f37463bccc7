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
  if (fw.scratch.totals.length !== n) { fw.scratch.totals = new Float64Array(n); fw.scratch.scores = new Array<number>(n).fill(0); }
  const totals = fw.scratch.totals;
  totals.fill(0);
  for (const p of fw.points.preScore) {
    const st = (p.preScore as NonNullable<SchedulerPlugin['preScore']>)(state, pod, nodes, snapshot);
    if (st.code === 'Skip') state.skipScorePlugins.add(p.name);
    else if (st.code !== 'Success') return { totals, error: withPlugin(st, p.name) };
  }
  const scores = fw.scratch.scores;
  const raw: number[] | undefined = explain === undefined ? undefined : new Array<number>(n);
  for (const { plugin, weight } of fw.scorePlugins) {
    if (state.skipScorePlugins.has(plugin.name)) continue;
    try {
      if (plugin.scoreBatch !== undefined) plugin.scoreBatch(state, pod, nodes, scores);
      else for (let i = 0; i < n; i++) scores[i] = (plugin.score as NonNullable<SchedulerPlugin['score']>)(state, pod, nodes[i] as NodeInfo);
    } catch (e) {
      return { totals, error: newStatus('Error', plugin.name, e instanceof Error ? e.message : String(e)) };
    }
    if (raw !== undefined) for (let i = 0; i < n; i++) raw[i] = scores[i] as number;
    if (plugin.normalizeScore !== undefined) {
      const st = plugin.normalizeScore(state, pod, nodes, scores);
      if (st.code !== 'Success') return { totals, error: withPlugin(st, plugin.name) };
    }
    for (let i = 0; i < n; i++) {
      const s = scores[i] as number;
      if (s > 100 || s < 0) {
        return { totals, error: newStatus('Error', plugin.name, `plugin "${plugin.name}" returns an invalid score ${s}, it should in the range of [0, 100] after normalizing`) };
      }
      totals[i] = (totals[i] as number) + s * weight;
    }
    if (explain !== undefined && raw !== undefined) {
      for (let i = 0; i < n; i++) {
        const rec = explain[(nodes[i] as NodeInfo).name];
        const s = scores[i] as number;
        if (rec !== undefined) rec.scores[plugin.name] = { raw: raw[i] as number, normalized: s, weight, weighted: s * weight };
      }
    }
  }
  if (explain !== undefined) for (let i = 0; i < n; i++) { const rec = explain[(nodes[i] as NodeInfo).name]; if (rec !== undefined) rec.total = totals[i] as number; }
  return { totals };
}

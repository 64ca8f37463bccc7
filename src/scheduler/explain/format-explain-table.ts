/**
 * A readable, column-aligned rendering of an {@link ExplainResult} (`kubesim explain --table`).
 *
 * @packageDocumentation
 */
import type { ExplainResult, NodeExplanation } from './explain-pod.js';

function columns(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => { widths[i] = Math.max(widths[i] ?? 0, c.length); });
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd((widths[i] ?? 0) + 2))).join('').trimEnd()).join('\n');
}

/** The first failing filter as `Plugin: reason, reason`, or '' for a feasible node. */
function rejection(n: NodeExplanation): string {
  for (const [plugin, v] of Object.entries(n.filter)) {
    if (v.code !== 'Success' && v.code !== 'Skip') return `${plugin}: ${(v.reasons ?? [v.code]).join(', ')}`;
  }
  return '';
}

/**
 * Renders an explain result as two tables: nodes (feasible, total, the first failing filter and its reasons;
 * the selected node marked `*`) and, for feasible nodes, every score plugin's raw, normalized, weight and
 * weighted score.
 *
 * @example
 * ```ts
 * process.stdout.write(formatExplainTable(explainPod({ nodes, pods, pod })));
 * // pod default/web → node-1
 * //
 * // NODE      FEASIBLE  TOTAL  REJECTED BY
 * // node-1 *  yes       424
 * // node-2    no        -      TaintToleration: node(s) had untolerated taint {dedicated: gpu}
 * //
 * // NODE    PLUGIN            RAW  NORMALIZED  WEIGHT  WEIGHTED
 * // node-1  TaintToleration   0    100         3       300
 * // …
 * ```
 *
 * @category Explain
 */
export function formatExplainTable(r: ExplainResult): string {
  const lines = [`pod ${r.pod} → ${r.selectedNode ?? '(none)'}`];
  if (r.message !== undefined) lines.push(r.message);
  const nodeRows: string[][] = [['NODE', 'FEASIBLE', 'TOTAL', 'REJECTED BY']];
  const scoreRows: string[][] = [['NODE', 'PLUGIN', 'RAW', 'NORMALIZED', 'WEIGHT', 'WEIGHTED']];
  for (const [name, n] of Object.entries(r.nodes)) {
    const mark = name === r.selectedNode ? `${name} *` : name;
    nodeRows.push([mark, n.feasible ? 'yes' : 'no', n.feasible ? String(n.total) : '-', rejection(n)]);
    for (const [plugin, s] of Object.entries(n.scores)) {
      scoreRows.push([name, plugin, String(s.raw), String(s.normalized), String(s.weight), String(s.weighted)]);
    }
  }
  lines.push('', columns(nodeRows));
  if (scoreRows.length > 1) lines.push('', columns(scoreRows));
  return `${lines.join('\n')}\n`;
}

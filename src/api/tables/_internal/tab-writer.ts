/**
 * kubectl's table layout: Go `text/tabwriter` with minwidth 6, padding 3, space padding; the last column is
 * not padded.
 *
 * @internal
 * @packageDocumentation
 */

/** Lays out a header and rows as `kubectl get` prints them (one line each, `\n` terminated). */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const lines = [header, ...rows];
  const widths = header.map((_, col) => {
    if (col === header.length - 1) return 0;
    let max = 0;
    for (const line of lines) max = Math.max(max, (line[col] ?? '').length);
    return Math.max(6, max + 3);
  });
  return lines.map((line) => line.map((cell, col) => cell.padEnd(widths[col] ?? 0)).join('') + '\n').join('');
}

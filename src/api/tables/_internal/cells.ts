/**
 * Cell helpers shared by the row printers: ages, selectors, container lists.
 *
 * @internal
 * @packageDocumentation
 */
import type { Container } from 'kubernetes-types/core/v1.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { parseTimestamp } from '../../store/_internal/timestamp.js';
import { humanDuration } from '../human-duration.js';

/** The clock a table is printed at. */
export interface Clock {
  /** Virtual now, ms. */
  readonly nowMs: number;
  /** Wall-clock ms of virtual time 0 (the store's `epochMs`). */
  readonly epochMs: number;
}

/** kubectl `translateTimestampSince`: `<unknown>` for a missing timestamp, else the human age. */
export function since(ts: string | undefined, clock: Clock): string {
  if (ts === undefined || ts === '') return '<unknown>';
  const at = parseTimestamp(ts);
  if (at === undefined) return '<unknown>';
  return humanDuration(clock.nowMs + clock.epochMs - at);
}

/** `labels.FormatLabels`: `k=v,k2=v2` sorted by key, `<none>` when empty. */
export function formatLabels(labels: Readonly<Record<string, string>> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels?.[k] ?? ''}`).join(',');
}

/** `metav1.LabelSelectorAsSelector(s).String()`: requirements sorted by key; `<none>` for no selector. */
export function formatSelector(sel: LabelSelector | undefined): string {
  if (sel === undefined) return '<none>';
  const reqs: [string, string][] = Object.entries(sel.matchLabels ?? {}).map(([k, v]) => [k, `${k}=${v}`]);
  for (const e of sel.matchExpressions ?? []) {
    const values = [...(e.values ?? [])].sort().join(',');
    const text =
      e.operator === 'In' ? `${e.key} in (${values})` : e.operator === 'NotIn' ? `${e.key} notin (${values})` : e.operator === 'Exists' ? e.key : `!${e.key}`;
    reqs.push([e.key, text]);
  }
  return reqs
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map((r) => r[1])
    .join(',');
}

/** `layoutContainerCells`: names and images, comma separated. */
export function containerCells(containers: readonly Container[] | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name).join(','), list.map((c) => c.image ?? '').join(',')];
}

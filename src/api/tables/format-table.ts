/**
 * `kubectl get <kind>` tables: the columns and cell formats kubectl's printers use, laid out as its
 * tabwriter lays them out.
 *
 * @packageDocumentation
 */
import type { KubeObject } from '../store/types.js';
import { COLUMNS, GENERIC, WIDE_EVENT_HEADERS } from './_internal/columns.js';
import { renderTable } from './_internal/tab-writer.js';

/**
 * Options of {@link formatTable}.
 *
 * @example
 * ```ts
 * const opts: FormatTableOptions = { nowMs: sim.nowMs, wide: true, allNamespaces: true };
 * ```
 */
export interface FormatTableOptions {
  /** Virtual now in ms, for AGE and other "since" cells. */
  readonly nowMs: number;
  /** The extra columns of `-o wide`. @defaultValue `false` */
  readonly wide?: boolean;
  /** Prefix a NAMESPACE column (`-A`). @defaultValue `false` */
  readonly allNamespaces?: boolean;
  /** The namespace named in the empty-list message. @defaultValue none: `No resources found` */
  readonly namespace?: string;
  /** Wall-clock ms of virtual time 0, when the store was given an `epochMs`. @defaultValue `0` */
  readonly epochMs?: number;
}

/**
 * Formats objects of one kind as `kubectl get` prints them.
 *
 * @remarks
 * Columns follow kubectl's printers: pods `NAME READY STATUS RESTARTS AGE` (STATUS as in
 * {@link podSummary}; RESTARTS `5 (2m ago)` when the last termination is known), nodes
 * `NAME STATUS ROLES AGE VERSION`, deployments `NAME READY UP-TO-DATE AVAILABLE AGE`, replicasets
 * `NAME DESIRED CURRENT READY AGE`, jobs `NAME STATUS COMPLETIONS DURATION AGE`, services
 * `NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE`, namespaces `NAME STATUS AGE`, events
 * `LAST SEEN TYPE REASON OBJECT MESSAGE`, configmaps `NAME DATA AGE`, secrets `NAME TYPE DATA AGE`,
 * anything else `NAME AGE`. Ages use {@link humanDuration}. Layout: each column but the last is padded to
 * its widest cell + 3 spaces (at least 6), as Go's tabwriter with kubectl's settings does. Rows stay in
 * the given order. An empty list gives kubectl's `No resources found in <ns> namespace.` line.
 *
 * @param kind - the kind of every object (e.g. `Pod`)
 * @param objects - the objects, as stored
 * @param opts - the clock and layout options
 * @returns the table text, each line ending in `\n`
 *
 * @example
 * ```ts
 * formatTable('Pod', core.list('Pod').items, { nowMs: 300_000 });
 * // NAME    READY   STATUS    RESTARTS   AGE
 * // web-1   1/1     Running   0          5m
 * ```
 */
export function formatTable(kind: string, objects: readonly KubeObject[], opts: FormatTableOptions): string {
  if (objects.length === 0) {
    return opts.namespace === undefined || opts.allNamespaces === true ? 'No resources found\n' : `No resources found in ${opts.namespace} namespace.\n`;
  }
  const cols = COLUMNS[kind] ?? GENERIC;
  const wide = opts.wide === true;
  const clock = { nowMs: opts.nowMs, epochMs: opts.epochMs ?? 0 };
  let headers = wide ? [...cols.headers, ...cols.wideHeaders] : [...cols.headers];
  if (wide && kind === 'Event') headers = [...WIDE_EVENT_HEADERS];
  let rows = objects.map((o) => cols.row(o, clock, wide));
  if (opts.allNamespaces === true) {
    headers = ['NAMESPACE', ...headers];
    rows = rows.map((r, i) => [objects[i]?.metadata.namespace ?? '', ...r]);
  }
  return renderTable(headers, rows);
}

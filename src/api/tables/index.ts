/**
 * `kubectl get` tables for kubesim objects.
 *
 * @packageDocumentation
 */
export { formatTable, type FormatTableOptions } from './format-table.js';
export { humanDuration } from './human-duration.js';
export { podSummary, type PodSummary } from './pod-status.js';

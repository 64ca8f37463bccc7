/**
 * Explain: per node, each filter's verdict and each score, and the selected node (issue 4 §4).
 *
 * @packageDocumentation
 */
export * from './explain-error.js';
export * from './explain-pod.js';
export * from './cluster-from-manifests.js';
export * from './pod-from-manifests.js';
export * from './format-explain-table.js';

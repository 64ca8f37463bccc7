/**
 * Cluster assembly: one cluster from one spec.
 *
 * @packageDocumentation
 */
export { Cluster, type ClusterSpec, type ComponentSwitches, createCluster } from './create-cluster.js';
export { type DrainOptions, type DrainResult, drainNode } from './drain.js';

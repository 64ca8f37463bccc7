/**
 * The kube-scheduler framework and default plugins as a pure library over a snapshot.
 *
 * @packageDocumentation
 */
export * from './framework/status.js';
export * from './framework/cycle-state.js';
export * from './framework/interface.js';
export * from './framework/resource.js';
export * from './framework/pod-info.js';
export * from './framework/node-info.js';
export * from './framework/snapshot.js';
export * from './framework/cache.js';
export * from './framework/nominator.js';
export * from './framework/waiting-pod.js';
export * from './framework/registry.js';
export * from './framework/framework.js';
export * from './framework/profile.js';
export * from './framework/diagnosis.js';
export * from './framework/normalize.js';
export * from './framework/prioritize.js';
export * from './framework/schedule-one.js';
export * from './config/types.js';
export * from './config/error.js';
export * from './config/defaults.js';
export * from './config/load.js';
export * from './plugins/names.js';
export * from './plugins/registry.js';
export type { Selector as SchedulerLabelSelector } from './_internal/selector.js';
export * from './actor/index.js';
export * from './explain/index.js';

/**
 * kubesim: a deterministic simulation of a whole Kubernetes cluster on a virtual clock.
 *
 * @packageDocumentation
 */
export * from './api/index.js';
export * from './controllers/index.js';
export * from './engine/index.js';
export * from './scheduler/index.js';

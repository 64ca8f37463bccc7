/**
 * kubesim: a deterministic simulation of a whole Kubernetes cluster on a virtual clock.
 *
 * @packageDocumentation
 */
export * from './engine/index.js';

/**
 * The controllers of kube-controller-manager that kubesim runs as actors.
 *
 * @packageDocumentation
 */
export * from './garbage-collector/index.js';
export * from './namespace/index.js';
export * from './deployment/index.js';
export * from './replicaset/index.js';
export * from './job/index.js';
export * from './pod-gc/index.js';
export {
  type ControllerBehavior,
  type ControllerKit,
  type HostedController,
  KUBE_CONTROLLER_MANAGER,
  kubeControllerManager,
  type KubeControllerManagerOptions,
  type KubeControllerManagerState,
  standaloneController,
} from './controller-manager.js';

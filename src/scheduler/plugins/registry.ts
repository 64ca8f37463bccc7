/**
 * The in-tree plugin registry (upstream `plugins.NewInTreeRegistry`).
 *
 * @packageDocumentation
 */
import type { PluginFactory } from '../framework/interface.js';
import { Registry } from '../framework/registry.js';
import { newBalancedAllocation } from './balanced-allocation.js';
import { defaultBinder } from './default-binder.js';
import { newDefaultPreemption } from './default-preemption.js';
import { imageLocality } from './image-locality.js';
import { newInterPodAffinity } from './inter-pod-affinity/index.js';
import { Names } from './names.js';
import { newNodeAffinity } from './node-affinity.js';
import { nodeName } from './node-name.js';
import { nodePorts } from './node-ports.js';
import { newNodeResourcesFit } from './node-resources-fit.js';
import { nodeUnschedulable } from './node-unschedulable.js';
import { newPodTopologySpread } from './pod-topology-spread/index.js';
import { prioritySort } from './priority-sort.js';
import { schedulingGates } from './scheduling-gates.js';
import { taintToleration } from './taint-toleration.js';

const ENTRIES: readonly (readonly [string, PluginFactory])[] = [
  [Names.SchedulingGates, () => schedulingGates],
  [Names.PrioritySort, () => prioritySort],
  [Names.NodeUnschedulable, () => nodeUnschedulable],
  [Names.NodeName, () => nodeName],
  [Names.TaintToleration, () => taintToleration],
  [Names.NodeAffinity, (args) => newNodeAffinity(args)],
  [Names.NodePorts, () => nodePorts],
  [Names.NodeResourcesFit, (args) => newNodeResourcesFit(args)],
  [Names.PodTopologySpread, (args) => newPodTopologySpread(args)],
  [Names.InterPodAffinity, (args) => newInterPodAffinity(args)],
  [Names.DefaultPreemption, (args, handle) => newDefaultPreemption(args, handle)],
  [Names.NodeResourcesBalancedAllocation, (args) => newBalancedAllocation(args)],
  [Names.ImageLocality, () => imageLocality],
  [Names.DefaultBinder, () => defaultBinder],
];


/**
 * A fresh registry with every in-tree plugin; add out-of-tree plugins with `register`.
 *
 * @example
 * ```ts
 * const reg = inTreeRegistry();
 * reg.has('NodeResourcesFit'); // true
 * ```
 */
export function inTreeRegistry(): Registry {
  return new Registry(ENTRIES);
}

/**
 * NodeName: a pod with `spec.nodeName` fits only that node (§1.4).
 *
 * @packageDocumentation
 */
import type { CycleState } from '../framework/cycle-state.js';
import type { ClusterEventWithHint, SchedulerPlugin } from '../framework/interface.js';
import type { NodeInfo } from '../framework/node-info.js';
import type { PodInfo } from '../framework/pod-info.js';
import { newStatus, SUCCESS, type Status } from '../framework/status.js';
import { Names } from './names.js';

/** Upstream `ErrReason`. */
export const ERR_REASON_NODE_NAME = "node(s) didn't match the requested node name";
const REJECT = newStatus('UnschedulableAndUnresolvable', Names.NodeName, ERR_REASON_NODE_NAME);

/** True if the pod names no node or names this one (upstream `Fits`). */
export function fitsNodeName(pod: PodInfo, node: NodeInfo): boolean {
  const want = pod.pod.spec?.nodeName;
  return want === undefined || want === '' || want === node.name;
}

/**
 * Filter: UnschedulableAndUnresolvable on every node but the requested one.
 *
 * @example
 * ```ts
 * nodeName.filter(new CycleState(), podForN1, nodeInfoN2).code; // 'UnschedulableAndUnresolvable'
 * ```
 */
export const nodeName = {
  name: Names.NodeName,
  filter(_s: CycleState, pod: PodInfo, node: NodeInfo): Status {
    return fitsNodeName(pod, node) ? SUCCESS : REJECT;
  },
  // a pod that names no node fits every node's name
  alwaysPasses(_s: CycleState, pod: PodInfo): boolean {
    const want = pod.pod.spec?.nodeName;
    return want === undefined || want === '';
  },
  eventsToRegister(): readonly ClusterEventWithHint[] {
    return [{ event: { resource: 'Node', actionType: 'Add' } }];
  },
} satisfies SchedulerPlugin;

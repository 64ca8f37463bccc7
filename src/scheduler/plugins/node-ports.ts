/**
 * NodePorts: a pod's host ports must be free on the node (§1.4).
 *
 * @packageDocumentation
 */
import type { CycleState } from '../framework/cycle-state.js';
import { type ClusterEventWithHint, PRE_FILTER_SKIP, PRE_FILTER_SUCCESS, type PreFilterResult, type SchedulerPlugin } from '../framework/interface.js';
import type { NodeInfo } from '../framework/node-info.js';
import type { HostPort, PodInfo } from '../framework/pod-info.js';
import { newStatus, SUCCESS, type Status } from '../framework/status.js';
import { Names } from './names.js';

/** Upstream `ErrReason`. */
export const ERR_REASON_NODE_PORTS = "node(s) didn't have free ports for the requested pod ports";
const REJECT = newStatus('Unschedulable', Names.NodePorts, ERR_REASON_NODE_PORTS);
const WILDCARD = '0.0.0.0';

/** True if two host ports conflict: same protocol and port, and equal IPs or either is 0.0.0.0. */
export function portsConflict(a: HostPort, b: HostPort): boolean {
  return a.port === b.port && a.protocol === b.protocol && (a.ip === b.ip || a.ip === WILDCARD || b.ip === WILDCARD);
}

/**
 * PreFilter Skips pods without host ports; Filter rejects (Unschedulable) nodes where a port is taken.
 *
 * @example
 * ```ts
 * nodePorts.filter(state, podWantingPort80, nodeUsingPort80).reasons; // [ERR_REASON_NODE_PORTS]
 * ```
 */
export const nodePorts = {
  name: Names.NodePorts,
  preFilter(_s: CycleState, pod: PodInfo): PreFilterResult {
    return pod.hostPorts.length === 0 ? PRE_FILTER_SKIP : PRE_FILTER_SUCCESS;
  },
  filter(_s: CycleState, pod: PodInfo, node: NodeInfo): Status {
    for (const want of pod.hostPorts) {
      for (const used of node.usedPorts) if (portsConflict(want, used)) return REJECT;
    }
    return SUCCESS;
  },
  addPod(): Status { return SUCCESS; },
  removePod(): Status { return SUCCESS; },
  eventsToRegister(): readonly ClusterEventWithHint[] {
    return [{ event: { resource: 'AssignedPod', actionType: 'Delete' } }, { event: { resource: 'Node', actionType: 'Add' } }];
  },
} satisfies SchedulerPlugin;

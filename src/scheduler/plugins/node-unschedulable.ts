/**
 * NodeUnschedulable: rejects cordoned nodes unless the pod tolerates the unschedulable taint (§1.4).
 *
 * @packageDocumentation
 */
import type { Taint } from 'kubernetes-types/core/v1.js';
import { tolerated } from '../_internal/taints.js';
import type { CycleState } from '../framework/cycle-state.js';
import type { ClusterEventWithHint, SchedulerPlugin } from '../framework/interface.js';
import type { NodeInfo } from '../framework/node-info.js';
import type { PodInfo } from '../framework/pod-info.js';
import type { Snapshot } from '../framework/snapshot.js';
import { newStatus, SUCCESS, type Status } from '../framework/status.js';
import { Names } from './names.js';

/** Upstream `ErrReasonUnschedulable`. */
export const ERR_REASON_UNSCHEDULABLE = 'node(s) were unschedulable';
const UNSCHEDULABLE_TAINT: Taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };
const REJECT = newStatus('UnschedulableAndUnresolvable', Names.NodeUnschedulable, ERR_REASON_UNSCHEDULABLE);

/**
 * Filter: `spec.unschedulable` nodes fail with UnschedulableAndUnresolvable.
 *
 * @example
 * ```ts
 * nodeUnschedulable.filter(new CycleState(), podInfo, cordonedNode).reasons; // ['node(s) were unschedulable']
 * ```
 */
export const nodeUnschedulable = {
  name: Names.NodeUnschedulable,
  filter(_s: CycleState, pod: PodInfo, node: NodeInfo): Status {
    if (!node.unschedulable) return SUCCESS;
    return tolerated(pod.pod.spec?.tolerations ?? [], UNSCHEDULABLE_TAINT) ? SUCCESS : REJECT;
  },
  // no node is cordoned: the Filter passes everywhere
  alwaysPasses(_s: CycleState, _p: PodInfo, snapshot: Snapshot): boolean {
    return snapshot.unschedulableNodes === 0;
  },
  eventsToRegister(): readonly ClusterEventWithHint[] {
    return [{ event: { resource: 'Node', actionType: 'Add' } }, { event: { resource: 'Node', actionType: 'UpdateNodeTaint' } }];
  },
} satisfies SchedulerPlugin;

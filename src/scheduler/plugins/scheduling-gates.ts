/**
 * SchedulingGates: parks pods with `spec.schedulingGates` before they enter activeQ (§1.1 step 1).
 *
 * @packageDocumentation
 */
import type { ClusterEventWithHint, SchedulerPlugin } from '../framework/interface.js';
import type { PodInfo } from '../framework/pod-info.js';
import { newStatus, SUCCESS, type Status } from '../framework/status.js';
import { Names } from './names.js';

/**
 * PreEnqueue: UnschedulableAndUnresolvable `waiting for scheduling gates: [a b]` while any gate remains.
 *
 * @example
 * ```ts
 * schedulingGates.preEnqueue(new PodInfo({ spec: { containers: [], schedulingGates: [{ name: 'x' }] } })).code;
 * // 'UnschedulableAndUnresolvable'
 * ```
 */
export const schedulingGates = {
  name: Names.SchedulingGates,
  preEnqueue(pod: PodInfo): Status {
    const gates = pod.pod.spec?.schedulingGates ?? [];
    if (gates.length === 0) return SUCCESS;
    return newStatus('UnschedulableAndUnresolvable', Names.SchedulingGates, `waiting for scheduling gates: [${gates.map((g) => g.name).join(' ')}]`);
  },
  eventsToRegister(): readonly ClusterEventWithHint[] {
    return [{ event: { resource: 'Pod', actionType: 'UpdatePodSchedulingGatesEliminated' } }];
  },
} satisfies SchedulerPlugin;

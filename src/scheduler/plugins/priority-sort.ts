/**
 * PrioritySort: the default QueueSort (§1.1 step 2).
 *
 * @packageDocumentation
 */
import type { QueuedPodInfo, SchedulerPlugin } from '../framework/interface.js';
import { Names } from './names.js';

/**
 * Orders the queue by `spec.priority` descending, then by queue timestamp ascending.
 *
 * @example
 * ```ts
 * prioritySort.less(high, low); // true when high.podInfo.priority > low.podInfo.priority
 * ```
 */
export const prioritySort = {
  name: Names.PrioritySort,
  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
    const pa = a.podInfo.priority;
    const pb = b.podInfo.priority;
    return pa > pb || (pa === pb && a.timestampMs < b.timestampMs);
  },
} satisfies SchedulerPlugin;

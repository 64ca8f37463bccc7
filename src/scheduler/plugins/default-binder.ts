/**
 * DefaultBinder: marks that the default binding (POST pods/binding) applies; the actor performs it.
 *
 * @packageDocumentation
 */
import type { SchedulerPlugin } from '../framework/interface.js';
import { SUCCESS, type Status } from '../framework/status.js';
import { Names } from './names.js';

/**
 * Bind: returns Success; the scheduler actor turns a successful DefaultBinder into a binding request.
 *
 * @example
 * ```ts
 * defaultBinder.bind().code; // 'Success'
 * ```
 */
export const defaultBinder = {
  name: Names.DefaultBinder,
  bind(): Status {
    return SUCCESS;
  },
} satisfies SchedulerPlugin;

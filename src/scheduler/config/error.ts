/**
 * Errors of scheduler configuration and plugin args, naming the offending field as kube-scheduler does.
 *
 * @packageDocumentation
 */
import { formatFieldError, type FieldError } from '../../api/errors.js';

/**
 * An invalid `KubeSchedulerConfiguration`; `errors` lists every field problem found.
 *
 * @example
 * ```ts
 * try { loadSchedulerConfiguration('profiles: [{schedulerName: ""}]'); }
 * catch (e) { if (e instanceof SchedulerConfigError) e.errors[0]?.field; } // 'profiles[0].schedulerName'
 * ```
 */
export class SchedulerConfigError extends Error {
  constructor(readonly errors: readonly FieldError[], prefix = 'invalid KubeSchedulerConfiguration') {
    super(`${prefix}: ${errors.length === 1 ? formatFieldError(errors[0] as FieldError) : `[${errors.map(formatFieldError).join(', ')}]`}`);
    this.name = 'SchedulerConfigError';
  }
}

/** Thrown by plugin factories for invalid args; `field` is relative to `args` (the parser prefixes it). */
export class PluginArgsError extends Error {
  /** The plugin whose args are invalid; set by the framework. */
  plugin: string | undefined;

  constructor(readonly errors: readonly FieldError[]) {
    super(errors.map(formatFieldError).join(', '));
    this.name = 'PluginArgsError';
  }
}

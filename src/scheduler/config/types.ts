/**
 * Types of `KubeSchedulerConfiguration` (kubescheduler.config.k8s.io/v1), the subset the simulator uses.
 *
 * @packageDocumentation
 */

/** A plugin reference in a plugin set. `weight` is meaningful for Score and MultiPoint only. */
export interface PluginRef {
  readonly name: string;
  readonly weight?: number;
}

/** Enabled and disabled plugins of one extension point. `disabled: [{name: '*'}]` disables the defaults. */
export interface PluginSet {
  readonly enabled?: readonly PluginRef[];
  readonly disabled?: readonly PluginRef[];
}

/** The extension points a profile can configure. */
export const EXTENSION_POINTS = [
  'preEnqueue', 'queueSort', 'preFilter', 'filter', 'postFilter', 'preScore', 'score',
  'reserve', 'permit', 'preBind', 'bind', 'postBind',
] as const;

/** One of {@link EXTENSION_POINTS}. */
export type ExtensionPoint = (typeof EXTENSION_POINTS)[number];

/** Per-point plugin sets plus `multiPoint`. */
export type Plugins = { readonly [P in ExtensionPoint | 'multiPoint']?: PluginSet };

/** Arguments for one plugin. */
export interface PluginConfig {
  readonly name: string;
  readonly args?: unknown;
}

/** One scheduling profile. */
export interface KubeSchedulerProfile {
  readonly schedulerName: string;
  /** Overrides the global value for this profile (0 = adaptive). */
  readonly percentageOfNodesToScore?: number;
  readonly plugins?: Plugins;
  readonly pluginConfig?: readonly PluginConfig[];
}

/** The parsed, defaulted configuration. */
export interface KubeSchedulerConfiguration {
  readonly apiVersion: string;
  readonly kind: 'KubeSchedulerConfiguration';
  /** 0 (the default) means adaptive (§1.6). */
  readonly percentageOfNodesToScore: number;
  readonly podInitialBackoffSeconds: number;
  readonly podMaxBackoffSeconds: number;
  readonly profiles: readonly KubeSchedulerProfile[];
}

/**
 * Building a {@link Framework} from a profile, with upstream's defaulting (default plugins merged in).
 *
 * @packageDocumentation
 */
import { mergePlugins } from '../config/defaults.js';
import type { KubeSchedulerProfile } from '../config/types.js';
import { inTreeRegistry } from '../plugins/registry.js';
import { Framework } from './framework.js';
import type { Registry } from './registry.js';

/** Options of {@link createFramework}. */
export interface CreateFrameworkOptions {
  /** Plugin factories. @defaultValue {@link inTreeRegistry}() */
  readonly registry?: Registry;
  /** Global percentageOfNodesToScore (0 = adaptive). @defaultValue 0 */
  readonly percentageOfNodesToScore?: number;
  /** Skip merging the default plugins (the profile's `plugins` are already defaulted). @defaultValue false */
  readonly defaulted?: boolean;
}

/**
 * Creates the framework of one profile. Without arguments: the `default-scheduler` profile (§1.3).
 *
 * @remarks
 * The profile's `plugins` are merged with the defaults as kube-scheduler's v1 defaulting does
 * (`disabled: '*'` drops defaults; re-enabling a default by name replaces it in place).
 *
 * @example
 * ```ts
 * const fw = createFramework({ schedulerName: 'bin-packing', pluginConfig: [{ name: 'NodeResourcesFit',
 *   args: { scoringStrategy: { type: 'MostAllocated' } } }] });
 * ```
 */
export function createFramework(profile: KubeSchedulerProfile = { schedulerName: 'default-scheduler' }, opts: CreateFrameworkOptions = {}): Framework {
  const plugins = opts.defaulted === true ? (profile.plugins ?? {}) : mergePlugins(profile.plugins);
  return new Framework({ ...profile, plugins }, opts.registry ?? inTreeRegistry(), opts.percentageOfNodesToScore ?? 0);
}

/**
 * The default plugin set and upstream's merge of a profile's plugins with it (`default_plugins.go`).
 *
 * @packageDocumentation
 */
import { EXTENSION_POINTS, type PluginRef, type PluginSet, type Plugins } from './types.js';

/**
 * The default profile's plugins, all through `multiPoint`, in `getDefaultPlugins()` order with weights (§1.3).
 *
 * @remarks
 * Volume plugins (VolumeRestrictions, NodeVolumeLimits, VolumeBinding, VolumeZone …) and DynamicResources are
 * not simulated and therefore not listed.
 */
export const DEFAULT_MULTI_POINT: readonly PluginRef[] = Object.freeze([
  { name: 'SchedulingGates' },
  { name: 'PrioritySort' },
  { name: 'NodeUnschedulable' },
  { name: 'NodeName' },
  { name: 'TaintToleration', weight: 3 },
  { name: 'NodeAffinity', weight: 2 },
  { name: 'NodePorts' },
  { name: 'NodeResourcesFit', weight: 1 },
  { name: 'PodTopologySpread', weight: 2 },
  { name: 'InterPodAffinity', weight: 2 },
  { name: 'DefaultPreemption' },
  { name: 'NodeResourcesBalancedAllocation', weight: 1 },
  { name: 'ImageLocality', weight: 1 },
  { name: 'DefaultBinder' },
]);

/** The default `plugins` of a profile. */
export function defaultPlugins(): Plugins {
  return { multiPoint: { enabled: DEFAULT_MULTI_POINT } };
}

/**
 * Upstream `mergePluginSet`: `disabled: '*'` drops every default; a default re-enabled by name is replaced in
 * place (keeping its position, taking the custom weight); the other custom plugins are appended in order.
 */
export function mergePluginSet(defaults: PluginSet | undefined, custom: PluginSet | undefined): PluginSet {
  const disabled = new Set((custom?.disabled ?? []).map((p) => p.name));
  const customEnabled = custom?.enabled ?? [];
  const replaced = new Set<string>();
  const enabled: PluginRef[] = [];
  if (!disabled.has('*')) {
    for (const d of defaults?.enabled ?? []) {
      if (disabled.has(d.name)) continue;
      const c = customEnabled.find((p) => p.name === d.name);
      if (c !== undefined) { enabled.push(c); replaced.add(c.name); } else enabled.push(d);
    }
  }
  for (const c of customEnabled) if (!replaced.has(c.name)) enabled.push(c);
  return { enabled, disabled: custom?.disabled ?? [] };
}

/** Merges a profile's `plugins` with {@link defaultPlugins} for every point (upstream `mergePlugins`). */
export function mergePlugins(custom: Plugins | undefined): Plugins {
  const defaults = defaultPlugins();
  const out: Record<string, PluginSet> = {};
  for (const p of ['multiPoint', ...EXTENSION_POINTS] as const) {
    const merged = mergePluginSet(defaults[p], custom?.[p]);
    if ((merged.enabled?.length ?? 0) > 0 || (merged.disabled?.length ?? 0) > 0) out[p] = merged;
  }
  return out as Plugins;
}

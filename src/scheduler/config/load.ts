/**
 * Loading `KubeSchedulerConfiguration` from YAML or an object: decode, default, validate, build frameworks.
 *
 * @packageDocumentation
 */
import { parse as parseYaml } from 'yaml';
import type { FieldError } from '../../api/errors.js';
import { Framework } from '../framework/framework.js';
import type { Registry } from '../framework/registry.js';
import { inTreeRegistry } from '../plugins/registry.js';
import { mergePlugins } from './defaults.js';
import { PluginArgsError, SchedulerConfigError } from './error.js';
import {
  EXTENSION_POINTS, type KubeSchedulerConfiguration, type KubeSchedulerProfile, type PluginConfig, type PluginRef,
  type PluginSet, type Plugins,
} from './types.js';

/** API versions accepted; the beta versions are read with v1 semantics (their fields are a subset here). */
export const SCHEDULER_CONFIG_API_VERSIONS = [
  'kubescheduler.config.k8s.io/v1', 'kubescheduler.config.k8s.io/v1beta3', 'kubescheduler.config.k8s.io/v1beta2',
  'kubescheduler.config.k8s.io/v1beta1',
] as const;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function pluginSet(v: unknown, path: string, errs: FieldError[]): PluginSet | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObj(v)) { errs.push({ field: path, type: 'Invalid value', value: v, detail: 'must be an object' }); return undefined; }
  const refs = (key: 'enabled' | 'disabled'): PluginRef[] => {
    const list = v[key];
    if (list === undefined || list === null) return [];
    if (!Array.isArray(list)) { errs.push({ field: `${path}.${key}`, type: 'Invalid value', value: list, detail: 'must be a list' }); return []; }
    return list.flatMap((r: unknown, i) => {
      const p = `${path}.${key}[${i}]`;
      if (!isObj(r) || typeof r['name'] !== 'string' || r['name'] === '') { errs.push({ field: `${p}.name`, type: 'Required value' }); return []; }
      const w = r['weight'];
      if (w !== undefined && (typeof w !== 'number' || !Number.isInteger(w) || w < 0)) {
        errs.push({ field: `${p}.weight`, type: 'Invalid value', value: w, detail: 'must be a non-negative integer' });
        return [];
      }
      return [w === undefined || w === 0 ? { name: r['name'] } : { name: r['name'], weight: w }];
    });
  };
  return { enabled: refs('enabled'), disabled: refs('disabled') };
}

function percentage(v: unknown, path: string, errs: FieldError[]): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 100) {
    errs.push({ field: path, type: 'Invalid value', value: v, detail: 'not in valid range [0-100]' });
    return undefined;
  }
  return v;
}

function profile(v: unknown, i: number, errs: FieldError[]): KubeSchedulerProfile {
  const path = `profiles[${i}]`;
  if (!isObj(v)) { errs.push({ field: path, type: 'Invalid value', value: v, detail: 'must be an object' }); return { schedulerName: 'default-scheduler' }; }
  const name = v['schedulerName'];
  const schedulerName = typeof name === 'string' && name !== '' ? name : 'default-scheduler';
  const plugins: Record<string, PluginSet> = {};
  const rawPlugins = v['plugins'];
  if (isObj(rawPlugins)) {
    for (const point of ['multiPoint', ...EXTENSION_POINTS] as const) {
      const set = pluginSet(rawPlugins[point], `${path}.plugins.${point}`, errs);
      if (set !== undefined) plugins[point] = set;
    }
  }
  const pluginConfig: PluginConfig[] = [];
  const seen = new Set<string>();
  const rawCfg = v['pluginConfig'];
  (Array.isArray(rawCfg) ? rawCfg : []).forEach((c: unknown, j) => {
    const p = `${path}.pluginConfig[${j}]`;
    if (!isObj(c) || typeof c['name'] !== 'string') { errs.push({ field: `${p}.name`, type: 'Required value' }); return; }
    if (seen.has(c['name'])) errs.push({ field: p, type: 'Duplicate value', value: c['name'] });
    seen.add(c['name']);
    const args = isObj(c['args']) ? Object.fromEntries(Object.entries(c['args']).filter(([k]) => k !== 'apiVersion' && k !== 'kind')) : undefined;
    pluginConfig.push(args === undefined ? { name: c['name'] } : { name: c['name'], args });
  });
  const pct = percentage(v['percentageOfNodesToScore'], `${path}.percentageOfNodesToScore`, errs);
  return { schedulerName, plugins: mergePlugins(plugins as Plugins), pluginConfig, ...(pct !== undefined ? { percentageOfNodesToScore: pct } : {}) };
}

/**
 * Decodes, defaults and validates a configuration (YAML text or a parsed object).
 *
 * @remarks
 * Defaults as kube-scheduler's v1 defaulting: one `default-scheduler` profile when none is given, empty
 * `schedulerName` → `default-scheduler`, the default plugins merged into each profile (§1.3),
 * `percentageOfNodesToScore` 0 (adaptive), backoff 1 s / 10 s. Plugin existence and plugin args are checked
 * by {@link createFrameworks}. Throws {@link SchedulerConfigError} naming every invalid field.
 *
 * @example
 * ```ts
 * const cfg = parseSchedulerConfiguration('apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n');
 * cfg.profiles[0]?.schedulerName; // 'default-scheduler'
 * ```
 */
export function parseSchedulerConfiguration(input: string | unknown): KubeSchedulerConfiguration {
  const raw: unknown = typeof input === 'string' ? parseYaml(input) : input;
  const errs: FieldError[] = [];
  if (!isObj(raw)) throw new SchedulerConfigError([{ field: '<root>', type: 'Invalid value', value: raw, detail: 'must be an object' }]);
  const apiVersion = typeof raw['apiVersion'] === 'string' ? raw['apiVersion'] : 'kubescheduler.config.k8s.io/v1';
  if (!(SCHEDULER_CONFIG_API_VERSIONS as readonly string[]).includes(apiVersion)) {
    errs.push({ field: 'apiVersion', type: 'Unsupported value', value: apiVersion, detail: `supported values: ${SCHEDULER_CONFIG_API_VERSIONS.map((s) => JSON.stringify(s)).join(', ')}` });
  }
  if (raw['kind'] !== undefined && raw['kind'] !== 'KubeSchedulerConfiguration') {
    errs.push({ field: 'kind', type: 'Unsupported value', value: raw['kind'], detail: 'supported values: "KubeSchedulerConfiguration"' });
  }
  const pct = percentage(raw['percentageOfNodesToScore'], 'percentageOfNodesToScore', errs) ?? 0;
  const initial = raw['podInitialBackoffSeconds'] ?? 1;
  const max = raw['podMaxBackoffSeconds'] ?? 10;
  if (typeof initial !== 'number' || !(initial > 0)) errs.push({ field: 'podInitialBackoffSeconds', type: 'Invalid value', value: initial, detail: 'must be greater than 0' });
  if (typeof max !== 'number' || typeof initial !== 'number' || max < initial) {
    errs.push({ field: 'podMaxBackoffSeconds', type: 'Invalid value', value: max, detail: 'must be greater than or equal to PodInitialBackoffSeconds' });
  }
  const rawProfiles = Array.isArray(raw['profiles']) && raw['profiles'].length > 0 ? raw['profiles'] : [{}];
  const profiles = rawProfiles.map((p: unknown, i) => profile(p, i, errs));
  const names = new Set<string>();
  profiles.forEach((p, i) => {
    if (names.has(p.schedulerName)) errs.push({ field: `profiles[${i}].schedulerName`, type: 'Duplicate value', value: p.schedulerName });
    names.add(p.schedulerName);
  });
  const qs = (p: KubeSchedulerProfile): string => JSON.stringify(p.plugins?.queueSort ?? {});
  profiles.forEach((p, i) => {
    if (i > 0 && qs(p) !== qs(profiles[0] as KubeSchedulerProfile)) {
      errs.push({ field: `profiles[${i}].plugins.queueSort`, type: 'Invalid value', value: p.plugins?.queueSort, detail: 'queueSort must be the same for all profiles' });
    }
  });
  if (errs.length > 0) throw new SchedulerConfigError(errs);
  return {
    apiVersion, kind: 'KubeSchedulerConfiguration', percentageOfNodesToScore: pct,
    podInitialBackoffSeconds: initial as number, podMaxBackoffSeconds: max as number, profiles,
  };
}

function pluginPath(p: KubeSchedulerProfile, i: number, name: string): string {
  const plugins = p.plugins ?? {};
  for (const point of ['multiPoint', ...EXTENSION_POINTS] as const) {
    const j = (plugins[point]?.enabled ?? []).findIndex((r) => r.name === name);
    if (j >= 0) return `profiles[${i}].plugins.${point}.enabled[${j}]`;
  }
  return `profiles[${i}].plugins`;
}

/**
 * Instantiates one {@link Framework} per profile, keyed by scheduler name.
 *
 * @remarks
 * A plugin missing from the registry fails with `plugin "X" does not exist`, naming the field that enables
 * it; register out-of-tree plugins first. Invalid plugin args fail with the `pluginConfig[j].args.…` path.
 *
 * @example
 * ```ts
 * const fws = createFrameworks(parseSchedulerConfiguration(yamlText));
 * fws.get('default-scheduler');
 * ```
 */
export function createFrameworks(cfg: KubeSchedulerConfiguration, registry: Registry = inTreeRegistry()): Map<string, Framework> {
  const out = new Map<string, Framework>();
  cfg.profiles.forEach((p, i) => {
    const needed = new Set<string>();
    for (const point of ['multiPoint', ...EXTENSION_POINTS] as const) for (const r of p.plugins?.[point]?.enabled ?? []) needed.add(r.name);
    const missing = [...needed].filter((n) => !registry.has(n));
    if (missing.length > 0) {
      throw new SchedulerConfigError(missing.map((n) => ({
        field: `${pluginPath(p, i, n)}.name`, type: 'Invalid value' as const, value: n,
        detail: `plugin ${JSON.stringify(n)} does not exist (out-of-tree plugins must be registered before loading the configuration)`,
      })), `couldn't create scheduler from profile ${JSON.stringify(p.schedulerName)}`);
    }
    try {
      out.set(p.schedulerName, new Framework(p, registry, cfg.percentageOfNodesToScore));
    } catch (e) {
      if (!(e instanceof PluginArgsError)) {
        throw new SchedulerConfigError([{ field: `profiles[${i}].plugins`, type: 'Invalid value', value: p.schedulerName, detail: e instanceof Error ? e.message : String(e) }]);
      }
      const name = e.plugin;
      const j = (p.pluginConfig ?? []).findIndex((c) => c.name === name);
      const base = j >= 0 ? `profiles[${i}].pluginConfig[${j}].args` : `profiles[${i}].pluginConfig`;
      throw new SchedulerConfigError(e.errors.map((fe) => ({ ...fe, field: `${base}.${fe.field}` })));
    }
  });
  return out;
}

/**
 * Parses and instantiates in one step.
 *
 * @example
 * ```ts
 * const { config, frameworks } = loadSchedulerConfiguration(yamlText, { registry });
 * ```
 */
export function loadSchedulerConfiguration(input: string | unknown, opts: { readonly registry?: Registry } = {}):
  { config: KubeSchedulerConfiguration; frameworks: Map<string, Framework> } {
  const config = parseSchedulerConfiguration(input);
  return { config, frameworks: createFrameworks(config, opts.registry) };
}

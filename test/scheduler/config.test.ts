// KubeSchedulerConfiguration loading: defaults, upstream's plugin merge rules, field-named errors, and out-of-tree plugins.
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  createFramework, createFrameworks, inTreeRegistry, loadSchedulerConfiguration, parseSchedulerConfiguration,
  SchedulerConfigError, SUCCESS, type SchedulerPlugin,
} from '../../src/scheduler/index.js';

const MANIFESTS = fileURLToPath(new URL('../../../shared/manifests/kubernetes-sigs-scheduler-plugins__manifests__', import.meta.url));
const names = (ps: readonly SchedulerPlugin[]) => ps.map((p) => p.name);

describe('default profile (§1.3)', () => {
  it('enables the default plugins through multiPoint with upstream weights', () => {
    const fw = createFramework();
    expect(fw.scorePlugins.map((s) => `${s.plugin.name}:${s.weight}`)).toEqual([
      'TaintToleration:3', 'NodeAffinity:2', 'NodeResourcesFit:1', 'PodTopologySpread:2', 'InterPodAffinity:2',
      'NodeResourcesBalancedAllocation:1', 'ImageLocality:1']);
    expect(names(fw.points.filter)).toEqual(['NodeUnschedulable', 'NodeName', 'TaintToleration', 'NodeAffinity', 'NodePorts',
      'NodeResourcesFit', 'PodTopologySpread', 'InterPodAffinity']);
    expect(names(fw.points.queueSort)).toEqual(['PrioritySort']);
    expect(names(fw.points.postFilter)).toEqual(['DefaultPreemption']);
  });
  it('an empty document gets one default-scheduler profile and adaptive sampling', () => {
    const cfg = parseSchedulerConfiguration('apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n');
    expect([cfg.profiles.length, cfg.profiles[0]?.schedulerName, cfg.percentageOfNodesToScore, cfg.podMaxBackoffSeconds]).toEqual([1, 'default-scheduler', 0, 10]);
  });
});

describe('plugin merge rules', () => {
  it('disabling a default at one point keeps it elsewhere; a score weight overrides multiPoint', () => {
    const { frameworks } = loadSchedulerConfiguration(`
apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
percentageOfNodesToScore: 30
profiles:
- schedulerName: custom
  plugins:
    score:
      disabled: [{name: ImageLocality}]
      enabled: [{name: NodeResourcesFit, weight: 5}]
    filter:
      disabled: [{name: NodePorts}]
`);
    const fw = frameworks.get('custom');
    expect(fw?.percentageOfNodesToScore).toBe(30);
    expect(fw?.scorePlugins.map((s) => `${s.plugin.name}:${s.weight}`)).toEqual([
      'NodeResourcesFit:5', 'TaintToleration:3', 'NodeAffinity:2', 'PodTopologySpread:2', 'InterPodAffinity:2', 'NodeResourcesBalancedAllocation:1']);
    expect(names(fw?.points.filter ?? [])).not.toContain('NodePorts');
    expect(names(fw?.points.preFilter ?? [])).toContain('NodePorts');
  });
  it("multiPoint disabled '*' leaves only what is enabled", () => {
    const fw = createFramework({ schedulerName: 's', plugins: { multiPoint: { enabled: [{ name: 'PrioritySort' }, { name: 'DefaultBinder' }, { name: 'NodeResourcesFit' }], disabled: [{ name: '*' }] } } });
    expect(names(fw.points.filter)).toEqual(['NodeResourcesFit']);
  });
});

describe('scheduler-plugins manifests', () => {
  const coscheduling = readFileSync(`${MANIFESTS}coscheduling__scheduler-config.yaml`, 'utf8');
  const noderesources = readFileSync(`${MANIFESTS}noderesources__scheduler-config.yaml`, 'utf8');

  it('parse, and fail naming the unregistered out-of-tree plugin', () => {
    expect(parseSchedulerConfiguration(coscheduling).profiles[0]?.plugins?.queueSort?.enabled).toEqual([{ name: 'Coscheduling' }]);
    expect(() => loadSchedulerConfiguration(coscheduling)).toThrow(
      'profiles[0].plugins.queueSort.enabled[0].name: Invalid value: "Coscheduling": plugin "Coscheduling" does not exist');
    expect(() => loadSchedulerConfiguration(noderesources)).toThrow('plugin "NodeResourcesAllocatable" does not exist');
  });
  it('load once the out-of-tree plugins are registered', () => {
    const registry = inTreeRegistry();
    let args: unknown;
    registry.register('Coscheduling', (a) => { args = a; return { name: 'Coscheduling', less: () => false, preFilter: () => ({ status: SUCCESS }),
      postFilter: () => ({ status: SUCCESS }), permit: () => ({ status: SUCCESS, timeoutMs: 0 }), reserve: () => SUCCESS }; });
    const fw = loadSchedulerConfiguration(coscheduling, { registry }).frameworks.get('default-scheduler');
    expect(names(fw?.points.queueSort ?? [])).toEqual(['Coscheduling']);
    expect(names(fw?.points.preFilter ?? []).at(-1)).toBe('Coscheduling');
    expect(args).toEqual({ permitWaitingTimeSeconds: 10 });
    registry.register('NodeResourcesAllocatable', () => ({ name: 'NodeResourcesAllocatable', score: () => 0 }));
    const fw2 = loadSchedulerConfiguration(noderesources, { registry }).frameworks.get('default-scheduler');
    expect(fw2?.scorePlugins.map((s) => s.plugin.name)).toEqual(['NodeResourcesAllocatable']);
  });
  it('registering a name twice is an error', () => {
    expect(() => inTreeRegistry().register('NodeName', () => ({ name: 'NodeName' }))).toThrow('a plugin named NodeName already exists');
  });
});

describe('validation errors name the field', () => {
  const cases = [
    { name: 'percentage out of range', cfg: { percentageOfNodesToScore: 101 }, msg: 'percentageOfNodesToScore: Invalid value: 101: not in valid range [0-100]' },
    { name: 'duplicate scheduler name', cfg: { profiles: [{ schedulerName: 'a' }, { schedulerName: 'a' }] }, msg: 'profiles[1].schedulerName: Duplicate value: "a"' },
    { name: 'backoff order', cfg: { podInitialBackoffSeconds: 5, podMaxBackoffSeconds: 2 }, msg: 'podMaxBackoffSeconds: Invalid value: 2: must be greater than or equal to PodInitialBackoffSeconds' },
    { name: 'unknown apiVersion', cfg: { apiVersion: 'kubescheduler.config.k8s.io/v2' }, msg: 'apiVersion: Unsupported value: "kubescheduler.config.k8s.io/v2"' },
    { name: 'queueSort differs between profiles', cfg: { profiles: [{ schedulerName: 'a' }, { schedulerName: 'b', plugins: { queueSort: { enabled: [{ name: 'X' }], disabled: [{ name: '*' }] } } }] },
      msg: 'profiles[1].plugins.queueSort: Invalid value' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(() => parseSchedulerConfiguration(c.cfg)).toThrow(SchedulerConfigError);
      expect(() => parseSchedulerConfiguration(c.cfg)).toThrow(c.msg);
    });
  }
  it('plugin args errors carry the pluginConfig path', () => {
    const cfg = parseSchedulerConfiguration({ profiles: [{ pluginConfig: [{ name: 'NodeAffinity' }, { name: 'InterPodAffinity', args: { hardPodAffinityWeight: 101 } }] }] });
    expect(() => createFrameworks(cfg)).toThrow('profiles[0].pluginConfig[1].args.hardPodAffinityWeight: Invalid value: 101: not in valid range [0, 100]');
  });
});

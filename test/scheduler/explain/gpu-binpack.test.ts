// The out-of-tree GpuBinPack plugin of docs/custom-plugin.md, registered by name and enabled through
// KubeSchedulerConfiguration, moves a 1-GPU pod from the emptiest GPU node (default LeastAllocated spreading)
// onto the node left with the fewest free GPUs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseManifests } from '../../../src/api/apply/index.js';
import {
  clusterFromManifests, explainPod, inTreeRegistry, podFromManifests, SchedulerConfigError,
} from '../../../src/scheduler/index.js';
import { GPU_BIN_PACK, gpuBinPackFactory } from '../../../examples/plugins/gpu-binpack.js';
import { pod } from '../helpers.js';

const file = (name: string): string => readFileSync(new URL(`../../../examples/plugins/${name}`, import.meta.url), 'utf8');
/** gpu-a: 8 GPUs, 6 used by `ml/training`; gpu-b: 8 GPUs free; cpu-1: no GPUs. All 8 cpu / 32Gi. */
const { nodes, pods } = clusterFromManifests(parseManifests(file('cluster.yaml')));
/** `ml/inference`: 1 cpu, 1Gi, 1 nvidia.com/gpu. */
const inference = podFromManifests(parseManifests(file('pod.yaml')));
const config = file('scheduler-config.yaml');
const registry = () => inTreeRegistry().register(GPU_BIN_PACK, gpuBinPackFactory);

describe('GpuBinPack changes placement versus the default profile', () => {
  it('default profile: LeastAllocated prefers the empty gpu-b (486 > 474)', () => {
    const r = explainPod({ nodes, pods, pod: inference });
    expect(r.selectedNode).toBe('gpu-b');
    // gpu-a: cpu ⌊6000·100/8000⌋ = 75, memory ⌊30·100/32⌋ = 93 → 84; gpu-b: 87 and 96 → 91 (§1.5.1)
    expect(r.nodes['gpu-a']?.scores['NodeResourcesFit']?.raw).toBe(84);
    expect(r.nodes['gpu-b']?.scores['NodeResourcesFit']?.raw).toBe(91);
    expect([r.nodes['gpu-a']?.total, r.nodes['gpu-b']?.total]).toEqual([474, 486]);
    expect(r.nodes['cpu-1']?.filter['NodeResourcesFit']).toEqual({ code: 'UnschedulableAndUnresolvable', reasons: ['Insufficient nvidia.com/gpu'] });
  });

  it('with GpuBinPack at weight 5: gpu-a, left with 1 free GPU, wins (904 > 486)', () => {
    const r = explainPod({ nodes, pods, pod: inference, config, registry: registry() });
    expect(r.selectedNode).toBe('gpu-a');
    // raw = free GPUs after placing: 8 − 6 − 1 = 1 and 8 − 0 − 1 = 7; reversed normalize: 100 − ⌊100·1/7⌋ = 86, 100 − 100 = 0
    expect(r.nodes['gpu-a']?.scores[GPU_BIN_PACK]).toEqual({ raw: 1, normalized: 86, weight: 5, weighted: 430 });
    expect(r.nodes['gpu-b']?.scores[GPU_BIN_PACK]).toEqual({ raw: 7, normalized: 0, weight: 5, weighted: 0 });
    expect([r.nodes['gpu-a']?.total, r.nodes['gpu-b']?.total]).toEqual([474 + 430, 486]);
  });

  it('pods requesting no GPU are not scored by it (PreScore Skip), so they place as before', () => {
    const cpuOnly = pod('batch', { ns: 'ml', cpu: '1', memory: '1Gi' });
    const withPlugin = explainPod({ nodes, pods, pod: cpuOnly, config, registry: registry() });
    const without = explainPod({ nodes, pods, pod: cpuOnly });
    expect(withPlugin.nodes['gpu-a']?.scores[GPU_BIN_PACK]).toBeUndefined();
    expect(withPlugin.selectedNode).toBe(without.selectedNode);
    expect(withPlugin.nodes['cpu-1']?.total).toBe(without.nodes['cpu-1']?.total);
  });

  it('unregistered, the plugin is a configuration error naming the field; bad args name the args field', () => {
    expect(() => explainPod({ nodes, pods, pod: inference, config }))
      .toThrow(/profiles\[0\]\.plugins\.multiPoint\.enabled\[\d+\]\.name.*"GpuBinPack" does not exist/);
    const bad = config.replace('resourceName: nvidia.com/gpu', 'resourceName: ""');
    expect(() => explainPod({ nodes, pods, pod: inference, config: bad, registry: registry() })).toThrow(SchedulerConfigError);
    expect(() => explainPod({ nodes, pods, pod: inference, config: bad, registry: registry() }))
      .toThrow(/profiles\[0\]\.pluginConfig\[0\]\.args\.resourceName/);
  });
});

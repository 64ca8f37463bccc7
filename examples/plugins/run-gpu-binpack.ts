// Runs the GpuBinPack example: explains the inference pod under the default profile and under
// scheduler-config.yaml (default profile + GpuBinPack), and prints both tables.
//   node --import tsx examples/plugins/run-gpu-binpack.ts
import { readFileSync } from 'node:fs';
import { parseManifests } from '../../src/api/apply/index.js';
import {
  clusterFromManifests, explainPod, formatExplainTable, inTreeRegistry, podFromManifests,
} from '../../src/scheduler/index.js';
import { GPU_BIN_PACK, gpuBinPackFactory } from './gpu-binpack.js';

const file = (name: string): string => readFileSync(new URL(name, import.meta.url), 'utf8');
const { nodes, pods } = clusterFromManifests(parseManifests(file('cluster.yaml')));
const pod = podFromManifests(parseManifests(file('pod.yaml')));

process.stdout.write('━━ default profile ━━\n');
process.stdout.write(formatExplainTable(explainPod({ nodes, pods, pod })));

process.stdout.write('\n━━ default profile + GpuBinPack (weight 5) ━━\n');
const registry = inTreeRegistry().register(GPU_BIN_PACK, gpuBinPackFactory);
process.stdout.write(formatExplainTable(explainPod({ nodes, pods, pod, config: file('scheduler-config.yaml'), registry })));

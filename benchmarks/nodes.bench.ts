// Nodes benchmark, two workloads (issue #5), each printing one JSON line; the last line combines them.
//  idle: 5,000 idle nodes for one virtual hour — every kubelet renews its lease every 10 s and posts its node status
//        every 5 min; the node lifecycle controller monitors every node every 5 s.
//  pods: 5,000 nodes starting 30 pods each — the pods are created already bound (spec.nodeName) through the API
//        core, then the kubelets admit, sandbox, start and report them until every pod is Running.
// Run: npx tsx benchmarks/nodes.bench.ts   (WORKLOAD=idle|pods|both, NODES=…, PODS_PER_NODE=…, HOURS=…,
//      LEASE_WRITES=api|board; default both, 5000, 30, 1, board)
import type { Pod } from 'kubernetes-types/core/v1.js';
import { apiServer } from '../src/api/server/api-server.js';
import { ApiServerCore } from '../src/api/server/core.js';
import type { ApiServerMessage } from '../src/api/server/messages.js';
import type { KubeObject } from '../src/api/store/types.js';
import { Simulation } from '../src/engine/index.js';
import { NodeHeartbeats, type KubeletState, kubelet, nodeLifecycleController, nodePool } from '../src/node/index.js';

const NODES = Number(process.env.NODES ?? 5_000);
const PODS_PER_NODE = Number(process.env.PODS_PER_NODE ?? 30);
const VIRTUAL_S = Number(process.env.HOURS ?? 1) * 3600;
const LEASE_WRITES = (process.env.LEASE_WRITES ?? 'board') as 'api' | 'board';
const WORKLOAD = process.env.WORKLOAD ?? 'both';
const PAUSE = 'registry.k8s.io/pause:3.9';

function cluster(): { sim: Simulation; core: ApiServerCore; names: string[] } {
  const sim = new Simulation({ seed: 1 });
  const core = new ApiServerCore({ now: () => sim.now });
  sim.spawn('kube-apiserver', apiServer(core));
  const board = new NodeHeartbeats();
  const nodes = nodePool({ namePrefix: 'node', count: NODES, zones: ['a', 'b', 'c'], images: [{ name: PAUSE, sizeBytes: 300_000 }] });
  for (const n of nodes) core.create(n as unknown as KubeObject);
  for (const node of nodes) sim.spawn(`kubelet/${node.metadata?.name ?? ''}`, kubelet({ node, heartbeats: board, leaseWrites: LEASE_WRITES, ...(process.env.NO_STATUS ? { statusReportMs: 1e12 } : {}) }));
  sim.spawn('node-lifecycle-controller', nodeLifecycleController({ heartbeats: board }));
  // registration and first lists settle in the first virtual seconds
  sim.runUntil(60_000, { maxEvents: 1e9 });
  return { sim, core, names: nodes.map((n) => n.metadata?.name ?? '') };
}

function idle(): Record<string, unknown> {
  const { sim, core } = cluster();
  const e0 = sim.eventCount;
  const t0 = process.hrtime.bigint();
  sim.runUntil(60_000 + VIRTUAL_S * 1000, { maxEvents: 1e9 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const notReady = core.list('Node').items.filter((n) => (n as { status?: { conditions?: { type: string; status: string }[] } }).status?.conditions?.find((c) => c.type === 'Ready')?.status !== 'True').length;
  return { bench: 'nodes-idle', nodes: NODES, virtual_s: VIRTUAL_S, wall_s: round(wall), events: sim.eventCount - e0, speedup: Math.round(VIRTUAL_S / wall), lease_writes: LEASE_WRITES, not_ready: notReady };
}

function running(sim: Simulation, names: string[]): number {
  let n = 0;
  for (const name of names) for (const run of sim.stateOf<KubeletState>(`kubelet/${name}`).runs.values()) if (run.phase === 'Running') n++;
  return n;
}

function pods(): Record<string, unknown> {
  const { sim, core, names } = cluster();
  const total = NODES * PODS_PER_NODE;
  const e0 = sim.eventCount;
  const v0 = sim.now;
  const t0 = process.hrtime.bigint();
  for (const node of names) {
    for (let i = 0; i < PODS_PER_NODE; i++) {
      const pod: Pod = {
        metadata: { name: `${node}-p${i}`, namespace: 'default' },
        spec: { nodeName: node, containers: [{ name: 'app', image: PAUSE, resources: { requests: { cpu: '100m', memory: '128Mi' } } }] },
      };
      core.create({ apiVersion: 'v1', kind: 'Pod', ...pod } as unknown as KubeObject);
    }
  }
  sim.send<ApiServerMessage>('kube-apiserver', { type: 'api.flush' });
  const t1 = process.hrtime.bigint();
  let done = 0;
  while (done < total && sim.now - v0 < 120_000) {
    sim.runUntil(sim.now + 1_000, { maxEvents: 1e9 });
    done = running(sim, names);
  }
  const t2 = process.hrtime.bigint();
  const createWall = Number(t1 - t0) / 1e9;
  const runWall = Number(t2 - t1) / 1e9;
  return {
    bench: 'nodes-pods', nodes: NODES, pods: total, running: done, virtual_s: (sim.now - v0) / 1000,
    create_wall_s: round(createWall), run_wall_s: round(runWall), wall_s: round(createWall + runWall), events: sim.eventCount - e0,
    pods_per_s: Math.round(total / (createWall + runWall)), speedup: Number(((sim.now - v0) / 1000 / (createWall + runWall)).toFixed(3)),
  };
}

function round(s: number): number {
  return Number(s.toFixed(3));
}

const out: Record<string, Record<string, unknown>> = {};
if (WORKLOAD === 'idle' || WORKLOAD === 'both') console.log(JSON.stringify((out.idle = idle())));
if (WORKLOAD === 'pods' || WORKLOAD === 'both') console.log(JSON.stringify((out.pods = pods())));
console.log(JSON.stringify({ bench: 'nodes', ...Object.fromEntries(Object.entries(out).map(([k, v]) => [k, { wall_s: v.wall_s, events: v.events, speedup: v.speedup, ...(v.pods_per_s !== undefined ? { pods_per_s: v.pods_per_s } : {}) }])) }));

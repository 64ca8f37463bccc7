// Nodes benchmark: 5,000 idle nodes for one virtual hour — every kubelet renews its lease every 10 s and posts its
// node status every 5 min; the node lifecycle controller monitors every node every 5 s. Prints one JSON line.
// Run: npx tsx benchmarks/nodes.bench.ts   (NODES=…, HOURS=…, LEASE_WRITES=api|board; default board)
import { apiServer } from '../src/api/server/api-server.js';
import { ApiServerCore } from '../src/api/server/core.js';
import type { KubeObject } from '../src/api/store/types.js';
import { Simulation } from '../src/engine/index.js';
import { NodeHeartbeats, kubelet, nodeLifecycleController, nodePool } from '../src/node/index.js';

const NODES = Number(process.env.NODES ?? 5_000);
const VIRTUAL_S = Number(process.env.HOURS ?? 1) * 3600;
const LEASE_WRITES = (process.env.LEASE_WRITES ?? 'board') as 'api' | 'board';

const sim = new Simulation({ seed: 1 });
const core = new ApiServerCore({ now: () => sim.now });
sim.spawn('kube-apiserver', apiServer(core));
const board = new NodeHeartbeats();
const nodes = nodePool({ namePrefix: 'node', count: NODES, zones: ['a', 'b', 'c'], images: [{ name: 'registry.k8s.io/pause:3.9', sizeBytes: 300_000 }] });
for (const n of nodes) core.create(n as unknown as KubeObject);
for (const node of nodes) sim.spawn(`kubelet/${node.metadata?.name ?? ''}`, kubelet({ node, heartbeats: board, leaseWrites: LEASE_WRITES, ...(process.env.NO_STATUS ? { statusReportMs: 1e12 } : {}) }));
sim.spawn('node-lifecycle-controller', nodeLifecycleController({ heartbeats: board }));
// registration and first lists settle in the first virtual seconds; the measured hour is idle state
sim.runUntil(60_000, { maxEvents: 1e9 });
const e0 = sim.eventCount;
const t0 = process.hrtime.bigint();
sim.runUntil(60_000 + VIRTUAL_S * 1000, { maxEvents: 1e9 });
const wall = Number(process.hrtime.bigint() - t0) / 1e9;
const unknown = core.list('Node').items.filter((n) => (n as { status?: { conditions?: { type: string; status: string }[] } }).status?.conditions?.find((c) => c.type === 'Ready')?.status !== 'True').length;
console.log(JSON.stringify({ bench: 'nodes', nodes: NODES, virtual_s: VIRTUAL_S, wall_s: Number(wall.toFixed(3)), events: sim.eventCount - e0, speedup: Math.round(VIRTUAL_S / wall), lease_writes: LEASE_WRITES, not_ready: unknown }));

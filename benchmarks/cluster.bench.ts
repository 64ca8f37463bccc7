// The Kubernetes envelope end to end: NODES nodes and PODS pods (Deployments of 100 replicas) through the whole
// control plane — API server and admission, Deployment and ReplicaSet controllers, the scheduler with every default
// plugin, kubelets with leases, the node lifecycle controller — until every pod is Running; then
// ../shared/baselines/k8s-mini.cjs on the same size in the same job.
// Run: npm run bench:cluster   (CLUSTER_BENCH_NODES / CLUSTER_BENCH_PODS to scale down; last line is JSON)
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { createCluster } from '../src/cluster/index.js';

const NODES = Number(process.env.CLUSTER_BENCH_NODES ?? 5_000);
const PODS = Number(process.env.CLUSTER_BENCH_PODS ?? 150_000);
const REPLICAS = 100;
const baselineDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../shared/baselines');

function deployment(i: number): object {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: `app-${i}`, namespace: 'default' },
    spec: {
      replicas: Math.min(REPLICAS, PODS - i * REPLICAS),
      selector: { matchLabels: { app: `app-${i}` } },
      template: {
        metadata: { labels: { app: `app-${i}` } },
        spec: { containers: [{ name: 'main', image: 'registry.k8s.io/pause:3.9', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] },
      },
    },
  };
}

let peakRss = 0;
const sample = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};
const t0 = process.hrtime.bigint();
const cluster = createCluster({
  seed: 1,
  nodePools: [{ namePrefix: 'node', count: NODES, zones: ['zone-a', 'zone-b', 'zone-c'], capacity: { cpu: '64', memory: '256Gi', pods: '110' } }],
  scheduler: { events: 'none' },
  kubelet: { leaseWrites: 'board' },
});
cluster.runFor('15s');
const deployments = Math.ceil(PODS / REPLICAS);
cluster.apply(Array.from({ length: deployments }, (_, i) => deployment(i)));
// Pods Running now, kept from the store's change feed: scanning 150,000 pods after every 10 s step cost ~2 % of
// the run, which is the harness's work, not the cluster's.
const runningUids = new Set<string>();
cluster.core.subscribe((ev) => {
  const o = ev.object as Pod;
  if (o.kind !== 'Pod') return;
  const uid = o.metadata?.uid ?? '';
  if (ev.type !== 'DELETED' && o.status?.phase === 'Running') runningUids.add(uid);
  else runningUids.delete(uid);
});
let running = 0;
const countRunning = () => (running = runningUids.size);
for (let step = 0; step < 2_000 && countRunning() < PODS; step++) {
  cluster.runFor('10s', { maxEvents: 500_000_000 });
  sample();
}
const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
sample();
let baselineWallS = Number.NaN;
if (existsSync(resolve(baselineDir, 'k8s-mini.cjs'))) {
  const out = execFileSync(process.execPath, ['--expose-gc', resolve(baselineDir, 'k8s-mini.cjs'), String(NODES), String(PODS), 'spread', '1'], { encoding: 'utf8' });
  baselineWallS = Number(/wall=([\d.]+)s/.exec(out)?.[1]);
}
console.log(
  JSON.stringify({
    bench: 'cluster',
    nodes: NODES,
    pods: PODS,
    running,
    wall_s: Number(wallS.toFixed(2)),
    events: cluster.sim.eventCount,
    events_per_s: Math.round(cluster.sim.eventCount / wallS),
    peak_rss_mib: Math.round(peakRss / 2 ** 20),
    virtual_s: Math.round(cluster.now / 1000),
    baseline_wall_s: baselineWallS,
    ratio: Number((baselineWallS / wallS).toFixed(3)),
  }),
);

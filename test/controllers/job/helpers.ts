// A whole cluster (createCluster, real kubelets and scheduler) with fixed latencies, so every instant of a Job's
// timeline is exact, and a Job manifest builder whose pods exit through the kubelet's behaviour annotations.
import type { Job } from 'kubernetes-types/batch/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { type Cluster, createCluster } from '../../../src/cluster/index.js';

/** API writes 2 ms, reads 1 ms, watch events 1 ms; sandbox 100 ms, image pull base 100 ms, SIGTERM exit 100 ms. */
export function jobCluster(seed = 1): Cluster {
  return createCluster({
    seed,
    nodePools: [{ namePrefix: 'node', count: 3 }],
    apiServer: {
      latency: { create: 2, update: 2, updateStatus: 2, delete: 2, bind: 2, finalize: 2, get: 1, list: 1, watch: 1, unwatch: 1 },
      watchLatency: 1,
    },
    scheduler: { cycleMs: 2, events: 'none' },
    kubelet: {
      latency: { sandbox: { minMs: 100, maxMs: 100 }, imagePullBase: { minMs: 100, maxMs: 100 }, sigtermExit: { minMs: 100, maxMs: 100 } },
      images: { 'batch:1': { sizeBytes: 0 } },
    },
    trace: { capacity: 100_000, include: 'notes' },
  });
}

export interface JobOptions {
  readonly completions?: number;
  readonly parallelism?: number;
  readonly backoffLimit?: number;
  readonly activeDeadlineSeconds?: number;
  readonly ttlSecondsAfterFinished?: number;
  readonly suspend?: boolean;
  readonly completionMode?: 'Indexed' | 'NonIndexed';
  /** `kubesim.io/exit-after` (default 10s) and `exit-code` (default 0); startup is fixed at 1 s. */
  readonly exitAfter?: string;
  readonly exitCode?: number;
  /** @defaultValue 'Never' */
  readonly restartPolicy?: 'Never' | 'OnFailure';
}

/** A Job manifest whose pods start in 1 s, run `exitAfter`, and exit with `exitCode`. */
export function jobManifest(name: string, o: JobOptions = {}): Job {
  const spec: Record<string, unknown> = {};
  for (const k of ['completions', 'parallelism', 'backoffLimit', 'activeDeadlineSeconds', 'ttlSecondsAfterFinished', 'suspend', 'completionMode'] as const) {
    if (o[k] !== undefined) spec[k] = o[k];
  }
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'default' },
    spec: {
      ...spec,
      template: {
        metadata: {
          annotations: { 'kubesim.io/startup': '1s', 'kubesim.io/exit-after': o.exitAfter ?? '10s', 'kubesim.io/exit-code': String(o.exitCode ?? 0) },
        },
        spec: { restartPolicy: o.restartPolicy ?? 'Never', containers: [{ name: 'worker', image: 'batch:1' }] },
      },
    },
  };
}

/** `[ms, what, detail]` of the Job controller's notes (`job created pod`, `job deleted pod`, `job finished`, …). */
export function jobNotes(c: Cluster): (readonly [number, string, string])[] {
  return c.sim.trace().flatMap((e) => (e.kind === 'note' && e.what.startsWith('job ') ? [[e.time, e.what, e.detail ?? ''] as const] : []));
}

export function getJob(c: Cluster, name: string): Job | undefined {
  return c.get<Job>('Job', 'default', name);
}

export function jobPods(c: Cluster, name: string): Pod[] {
  return c.list<Pod>('Pod', { namespace: 'default' }).filter((p) => p.metadata?.labels?.['batch.kubernetes.io/job-name'] === name);
}

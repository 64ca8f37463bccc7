// Shared wiring for controller tests: an API server with fixed latencies, the garbage collector and the
// namespace controller, writes from the test at exact virtual instants, and object builders.
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { apiServer, type ApiServerOptions } from '../../src/api/server/api-server.js';
import { ApiServerCore } from '../../src/api/server/core.js';
import type { ApiServerMessage } from '../../src/api/server/messages.js';
import type { KubeObject } from '../../src/api/store/types.js';
import { Simulation } from '../../src/engine/index.js';
import { garbageCollector } from '../../src/controllers/garbage-collector/index.js';
import { namespaceController } from '../../src/controllers/namespace/index.js';

/** Writes take 2 ms, reads 1 ms, watch events 1 ms: every instant in a timeline test is exact. */
export const FIXED_LATENCY: ApiServerOptions = {
  latency: { create: 2, update: 2, updateStatus: 2, delete: 2, bind: 2, finalize: 2, get: 1, list: 1, watch: 1, unwatch: 1 },
  watchLatency: 1,
};

export interface ClusterOptions {
  readonly seed?: number;
  readonly server?: ApiServerOptions;
  readonly tieBreak?: 'fifo' | 'shuffle';
  readonly namespaceController?: boolean;
}

/** A simulation with kube-apiserver, garbage-collector and (optionally) namespace-controller. */
export function cluster(opts: ClusterOptions = {}) {
  const sim = new Simulation({ seed: opts.seed ?? 1, tieBreak: opts.tieBreak ?? 'fifo', trace: { capacity: 100_000, include: 'notes' } });
  const core = new ApiServerCore({ now: () => sim.now });
  sim.spawn('kube-apiserver', apiServer(core, opts.server ?? FIXED_LATENCY));
  sim.spawn('garbage-collector', garbageCollector());
  if (opts.namespaceController !== false) sim.spawn('namespace-controller', namespaceController());
  /** Runs `fn` against the API server at the current instant and lets watchers see it. */
  const write = <T>(fn: (api: ApiServerCore) => T): T => {
    const r = fn(core);
    sim.send<ApiServerMessage>('kube-apiserver', { type: 'api.flush' });
    return r;
  };
  /** `[time, what, detail]` of every note an actor traced (`gc delete`, `namespace finalized`, ...). */
  const notes = (prefix = '') =>
    sim
      .trace()
      .flatMap((e) => (e.kind === 'note' && e.what.startsWith(prefix) ? [[e.time, e.what, e.detail ?? ''] as const] : []));
  return { sim, core, write, notes };
}

/** An owner reference as controllers set it (controller, blockOwnerDeletion). */
export function ownerRef(owner: KubeObject, extra: Partial<OwnerReference> = {}): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
    ...extra,
  };
}

export function replicaSet(name: string, namespace = 'default'): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } },
    },
  };
}

/** An unscheduled pod (deleted at once: no kubelet has to finish it), optionally bound to `nodeName`. */
export function pod(name: string, owners: readonly OwnerReference[] = [], namespace = 'default', nodeName?: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, ...(owners.length > 0 ? { ownerReferences: [...owners] } : {}) },
    spec: { containers: [{ name: 'c', image: 'nginx:1.27' }], ...(nodeName !== undefined ? { nodeName } : {}) },
  };
}

export function configMap(name: string, owners: readonly OwnerReference[] = [], namespace = 'default'): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace, ...(owners.length > 0 ? { ownerReferences: [...owners] } : {}) },
    data: { k: 'v' },
  };
}

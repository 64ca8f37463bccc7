// Test wiring for the node components: a simulation with the API server, kubelets for a node pool, and the node
// lifecycle controller; pods are created through the API server core and flushed to the watchers.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { apiServer } from '../../src/api/server/api-server.js';
import { ApiServerCore } from '../../src/api/server/core.js';
import type { ApiServerMessage } from '../../src/api/server/messages.js';
import type { KubeObject } from '../../src/api/store/types.js';
import { Simulation } from '../../src/engine/index.js';
import { NodeHeartbeats } from '../../src/node/heartbeats.js';
import type { KubeletOptions } from '../../src/node/kubelet-options.js';
import { kubelet, type KubeletState } from '../../src/node/kubelet.js';
import { type NodePoolOptions, nodePool } from '../../src/node/node-pool.js';
import { nodeLifecycleController } from '../../src/node/node-lifecycle-controller.js';

export interface TestCluster {
  readonly sim: Simulation;
  readonly core: ApiServerCore;
  readonly board: NodeHeartbeats;
  /** Creates a pod (bound when `node` is given) at the current instant. */
  createPod(pod: Pod, node?: string): KubeObject;
  /** Deletes a pod gracefully at the current instant. */
  deletePod(name: string, namespace?: string): void;
  pod(name: string, namespace?: string): Pod | undefined;
  kubelet(node: string): KubeletState;
}

export function testCluster(opts: {
  seed?: number;
  pool?: Partial<NodePoolOptions>;
  kubelet?: Partial<Omit<KubeletOptions, 'node' | 'heartbeats'>>;
  controller?: boolean;
} = {}): TestCluster {
  const sim = new Simulation({ seed: opts.seed ?? 1 });
  const core = new ApiServerCore({ now: () => sim.now });
  sim.spawn('kube-apiserver', apiServer(core));
  const board = new NodeHeartbeats();
  for (const node of nodePool({ namePrefix: 'node', count: 1, ...opts.pool })) {
    sim.spawn(`kubelet/${node.metadata?.name ?? ''}`, kubelet({ node, heartbeats: board, ...opts.kubelet }));
  }
  if (opts.controller === true) sim.spawn('node-lifecycle-controller', nodeLifecycleController({ heartbeats: board }));
  const flush = () => sim.send<ApiServerMessage>('kube-apiserver', { type: 'api.flush' });
  return {
    sim,
    core,
    board,
    createPod(pod, node) {
      const p = { apiVersion: 'v1', kind: 'Pod', ...pod, metadata: { namespace: 'default', ...pod.metadata } };
      if (node !== undefined) p.spec = { ...p.spec, containers: p.spec?.containers ?? [], nodeName: node };
      const created = core.create(p as unknown as KubeObject);
      flush();
      return created;
    },
    deletePod(name, namespace = 'default') {
      core.delete('Pod', namespace, name);
      flush();
    },
    pod: (name, namespace = 'default') => core.get('Pod', namespace, name) as Pod | undefined,
    kubelet: (node) => sim.stateOf<KubeletState>(`kubelet/${node}`),
  };
}

/** A pod with one container per name. */
export function simplePod(name: string, containers: string[] = ['app'], extra: Partial<Pod['spec']> = {}, annotations: Record<string, string> = {}): Pod {
  return {
    metadata: { name, annotations },
    spec: { containers: containers.map((c) => ({ name: c, image: `img/${c}:1` })), ...extra },
  };
}

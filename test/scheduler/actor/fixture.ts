// A simulation with an API server (fixed latencies) and builders for Node / Pod objects, for the actor tests.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { apiServer } from '../../../src/api/server/api-server.js';
import { ApiServerCore } from '../../../src/api/server/core.js';
import type { KubeObject } from '../../../src/api/store/types.js';
import { Simulation } from '../../../src/engine/index.js';

export function node(name: string, cpu: string): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name } },
    status: { capacity: { cpu, memory: '8Gi', pods: '110' }, allocatable: { cpu, memory: '8Gi', pods: '110' } },
  };
}

export function pod(name: string, cpu: string, o: { priority?: number; nodeName?: string; grace?: number } = {}): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: {
      containers: [{ name: 'c', image: 'nginx:1.27', resources: { requests: { cpu } } }],
      ...(o.priority !== undefined ? { priorityClassName: `p${o.priority}` } : {}),
      ...(o.nodeName !== undefined ? { nodeName: o.nodeName } : {}),
      ...(o.grace !== undefined ? { terminationGracePeriodSeconds: o.grace } : {}),
    },
  };
}

/** A PriorityClass `p<value>` (pods ask for a priority by class name; the API server fills spec.priority). */
export function priorityClass(value: number): KubeObject {
  return { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: `p${value}` }, value } as KubeObject;
}

export function setup(seed = 1) {
  const sim = new Simulation({ seed });
  const core = new ApiServerCore({ now: () => sim.now });
  sim.spawn('kube-apiserver', apiServer(core, { latency: { bind: 2, updateStatus: 2, create: 2, delete: 2, list: 1, watch: 1 }, watchLatency: 1 }));
  const write = (o: KubeObject) => {
    core.create(o);
    sim.send('kube-apiserver', { type: 'api.flush' });
  };
  for (const v of [0, 50, 100]) core.create(priorityClass(v));
  const get = (name: string) => core.get('Pod', 'default', name) as Pod | undefined;
  const nodeOf = (name: string) => get(name)?.spec?.nodeName ?? '';
  return { sim, core, write, get, nodeOf };
}

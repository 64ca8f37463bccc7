// Shared wiring for the workload-controller tests: an API server, the controllers, and a fake kubelet that
// binds and readies pods after a delay and finishes graceful deletions.
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { ApiClient } from '../../../src/api/client/api-client.js';
import { Informer, objectKey } from '../../../src/api/client/informer.js';
import { apiServer, type ApiServerOptions } from '../../../src/api/server/api-server.js';
import { ApiServerCore } from '../../../src/api/server/core.js';
import type { KubeObject } from '../../../src/api/store/types.js';
import { formatTimestamp } from '../../../src/api/store/_internal/timestamp.js';
import { deploymentController } from '../../../src/controllers/deployment/index.js';
import { replicaSetController } from '../../../src/controllers/replicaset/index.js';
import { type ActorContext, type Behavior, Simulation } from '../../../src/engine/index.js';
import { deploymentManifest as sharedDeploymentManifest } from '../../fixtures/manifests.js';

export type PodObj = Pod & KubeObject;
type Ctx = ActorContext<never>;

/** How the fake kubelet treats pods. */
export interface FakeKubeletOptions {
  /** Delay from creation to Running+Ready. A function gets the pod (e.g. never ready for a bad image). */
  readonly readyAfterMs: number | ((pod: PodObj, ctx: Ctx) => number | undefined);
  /** Delay from deletionTimestamp to removal. @defaultValue 1000 */
  readonly terminateAfterMs?: number;
}

interface KubeletState {
  client: ApiClient;
  pods: Informer<PodObj>;
}

type KubeletMsg = { type: 'start' | 'kill'; ns: string; name: string };

/** A fake kubelet for every node: binds to `node-1`, marks Running+Ready, finishes deletions. */
export function fakeKubelet(opts: FakeKubeletOptions): Behavior<KubeletState, unknown> {
  const started = new Set<string>();
  const schedule = (pod: PodObj, c: Ctx) => {
    const key = objectKey(pod);
    const m = (t: KubeletMsg['type']): KubeletMsg => ({ type: t, ns: pod.metadata.namespace ?? '', name: pod.metadata.name ?? '' });
    const cc = c as ActorContext<KubeletMsg>;
    if (pod.metadata.deletionTimestamp !== undefined) {
      if (!cc.hasTimer(`kill/${key}`)) cc.setTimer(`kill/${key}`, opts.terminateAfterMs ?? 1000, m('kill'));
      return;
    }
    if (pod.status?.phase === 'Running' || cc.hasTimer(`start/${key}`) || started.has(key)) return;
    started.add(key);
    const d = typeof opts.readyAfterMs === 'number' ? opts.readyAfterMs : opts.readyAfterMs(pod, c);
    if (d !== undefined) cc.setTimer(`start/${key}`, d, m('start'));
  };
  return {
    kind: 'fake-kubelet',
    init(ctx) {
      const client = new ApiClient('kube-apiserver', 'system:node:fake');
      const pods = new Informer<PodObj>(client, 'Pod', { handlers: { onAdd: schedule, onUpdate: (_o, p, c) => schedule(p, c) } });
      pods.start(ctx as Ctx);
      return { client, pods };
    },
    receive(state, msg, ctx) {
      const c = ctx as Ctx;
      if (state.client.handle(msg, c)) return state;
      const m = msg as KubeletMsg;
      const pod = state.pods.get(m.ns, m.name);
      if (pod === undefined) return state;
      if (m.type === 'kill') {
        state.client.delete(c, 'Pod', m.ns, m.name, { gracePeriodSeconds: 0 });
        return state;
      }
      if (pod.metadata.deletionTimestamp !== undefined) return state;
      const ready = (p: KubeObject) => {
        const now = formatTimestamp(c.now);
        const status = {
          ...(p['status'] as object),
          phase: 'Running',
          conditions: [
            { type: 'PodScheduled', status: 'True', lastTransitionTime: now },
            { type: 'Ready', status: 'True', lastTransitionTime: now },
          ],
        };
        state.client.updateStatus(c, { ...p, status });
      };
      if ((pod.spec?.nodeName ?? '') === '') {
        state.client.bind(c, m.ns, m.name, 'node-1', (res) => {
          if (res.ok && res.object !== undefined) ready(res.object);
        });
      } else ready(pod);
      return state;
    },
  };
}

/** A simulation with the API server, both controllers and (optionally) the fake kubelet. */
export function cluster(seed = 1, kubelet?: FakeKubeletOptions, api: ApiServerOptions = {}) {
  const sim = new Simulation({ seed });
  const core = new ApiServerCore({ now: () => sim.now });
  sim.spawn('kube-apiserver', apiServer(core, api));
  sim.spawn('replicaset-controller', replicaSetController());
  sim.spawn('deployment-controller', deploymentController());
  if (kubelet !== undefined) sim.spawn('kubelet', fakeKubelet(kubelet));
  const write = (f: () => void) => {
    f();
    sim.send('kube-apiserver', { type: 'api.flush' });
  };
  return {
    sim,
    core,
    create: (o: KubeObject) => write(() => core.create(o)),
    update: (o: KubeObject) => write(() => core.update(o)),
    deployment: (name: string) => core.get('Deployment', 'default', name) as (Deployment & KubeObject) | undefined,
    replicaSets: () => core.list('ReplicaSet', { namespace: 'default' }).items as readonly (ReplicaSet & KubeObject)[],
    pods: () => core.list('Pod', { namespace: 'default' }).items as readonly PodObj[],
  };
}

/** A Deployment manifest (container `app`). */
export function deploymentManifest(name: string, replicas: number, image: string, extra: Record<string, unknown> = {}): KubeObject {
  return sharedDeploymentManifest(name, replicas, { image, container: 'app', spec: extra }) as KubeObject;
}

/** A ReplicaSet manifest. */
export function replicaSetManifest(name: string, replicas: number, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } },
      ...extra,
    },
  };
}

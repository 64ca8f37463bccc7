/**
 * Picking the pod to explain from parsed manifests: a Pod, or the pod template of a workload.
 *
 * @packageDocumentation
 */
import type { Pod, PodSpec } from 'kubernetes-types/core/v1.js';
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import { ExplainError } from './explain-error.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Kinds whose `spec.template` (CronJob: `spec.jobTemplate.spec.template`) is a pod template. */
const WORKLOADS = ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicationController', 'CronJob'];

function template(o: Obj): Obj | undefined {
  const spec = o['spec'];
  if (!isObj(spec)) return undefined;
  if (o['kind'] === 'CronJob') {
    const job = spec['jobTemplate'];
    const jobSpec = isObj(job) ? job['spec'] : undefined;
    return isObj(jobSpec) && isObj(jobSpec['template']) ? jobSpec['template'] : undefined;
  }
  return isObj(spec['template']) ? spec['template'] : undefined;
}

/** A Pod from a workload's template, named `<workload>-template`, in the workload's namespace. */
function podOfTemplate(o: Obj, t: Obj): Pod {
  const meta = (isObj(o['metadata']) ? o['metadata'] : {}) as ObjectMeta;
  const tmeta = (isObj(t['metadata']) ? t['metadata'] : {}) as ObjectMeta;
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { ...tmeta, name: `${meta.name ?? 'pod'}-template`, namespace: meta.namespace ?? 'default' },
    spec: (isObj(t['spec']) ? t['spec'] : { containers: [] }) as unknown as PodSpec,
  };
}

/**
 * The pod to explain among parsed manifests: the first Pod, else the pod template of the first workload
 * (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, ReplicationController, CronJob).
 *
 * @remarks
 * A template becomes a Pod named `<workload>-template` in the workload's namespace (`default` if unset), so
 * "where would a replica of this Deployment go?" can be asked directly. Throws {@link ExplainError} when the
 * manifests hold neither.
 *
 * @example
 * ```ts
 * const pod = podFromManifests(parseManifests(readFileSync('deployment.yaml', 'utf8')));
 * pod.metadata?.name; // 'nginx-deployment-template'
 * ```
 *
 * @category Explain
 */
export function podFromManifests(objects: readonly unknown[], source = 'the manifests'): Pod {
  const first = objects.find((o) => isObj(o) && o['kind'] === 'Pod');
  if (first !== undefined) {
    const p = first as Pod;
    return p.metadata?.namespace === undefined ? { ...p, metadata: { ...p.metadata, namespace: 'default' } } : p;
  }
  for (const o of objects) {
    if (!isObj(o) || !WORKLOADS.includes(o['kind'] as string)) continue;
    const t = template(o);
    if (t !== undefined) return podOfTemplate(o, t);
  }
  throw new ExplainError(`${source} hold no Pod and no workload with a pod template`);
}

/**
 * Column definitions and row printers per kind, as kubectl's `printers.go` defines them.
 *
 * @internal
 * @packageDocumentation
 */
import type { Job } from 'kubernetes-types/batch/v1.js';
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { ConfigMap, Event, Namespace, Node, ObjectReference, Pod, Secret, Service } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../store/types.js';
import { podSummary } from '../pod-status.js';
import { humanDuration } from '../human-duration.js';
import { containerCells, formatLabels, formatSelector, since, type Clock } from './cells.js';
import { parseTimestamp } from '../../store/_internal/timestamp.js';

/** One kind's table: headers, wide-only headers and the cells of a row. */
export interface Columns {
  readonly headers: readonly string[];
  readonly wideHeaders: readonly string[];
  row(obj: KubeObject, clock: Clock, wide: boolean): string[];
}

const age = (o: KubeObject, c: Clock): string => since(o.metadata.creationTimestamp, c);
const name = (o: KubeObject): string => o.metadata.name ?? '';
const orNone = (s: string | undefined): string => (s === undefined || s === '' ? '<none>' : s);

const pods: Columns = {
  headers: ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
  wideHeaders: ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'],
  row(o, c, wide) {
    const pod = o as Pod;
    const s = podSummary(pod);
    const restarts = s.restarts !== 0 && s.lastRestart !== undefined ? `${s.restarts} (${since(s.lastRestart, c)} ago)` : String(s.restarts);
    const cells = [name(o), s.ready, s.status, restarts, age(o, c)];
    if (!wide) return cells;
    const gates = pod.spec?.readinessGates ?? [];
    const trueGates = gates.filter((g) => (pod.status?.conditions ?? []).some((x) => x.type === g.conditionType && x.status === 'True')).length;
    const gateCell = gates.length === 0 ? '<none>' : `${trueGates}/${gates.length}`;
    return [...cells, orNone(pod.status?.podIPs?.[0]?.ip), orNone(pod.spec?.nodeName), orNone(pod.status?.nominatedNodeName), gateCell];
  },
};

/** kubectl `findNodeRoles`: `node-role.kubernetes.io/<role>` labels and `kubernetes.io/role`, sorted. */
function nodeRoles(node: Node): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata?.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role !== '') roles.add(role);
    } else if (k === 'kubernetes.io/role' && v !== '') roles.add(v);
  }
  return orNone([...roles].sort().join(','));
}

const nodes: Columns = {
  headers: ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'],
  wideHeaders: ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'],
  row(o, c, wide) {
    const node = o as Node;
    const readyCond = (node.status?.conditions ?? []).find((x) => x.type === 'Ready');
    const status = [readyCond === undefined ? 'Unknown' : readyCond.status === 'True' ? 'Ready' : 'NotReady'];
    if (node.spec?.unschedulable === true) status.push('SchedulingDisabled');
    const info = node.status?.nodeInfo;
    const cells = [name(o), status.join(','), nodeRoles(node), age(o, c), info?.kubeletVersion ?? ''];
    if (!wide) return cells;
    const addr = (t: string): string => orNone((node.status?.addresses ?? []).find((a) => a.type === t)?.address);
    const unknown = (s: string | undefined): string => (s === undefined || s === '' ? '<unknown>' : s);
    return [...cells, addr('InternalIP'), addr('ExternalIP'), unknown(info?.osImage), unknown(info?.kernelVersion), unknown(info?.containerRuntimeVersion)];
  },
};

const WORKLOAD_WIDE = ['CONTAINERS', 'IMAGES', 'SELECTOR'];

const deployments: Columns = {
  headers: ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'],
  wideHeaders: WORKLOAD_WIDE,
  row(o, c, wide) {
    const d = o as Deployment;
    const st = d.status;
    const cells = [name(o), `${st?.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`, String(st?.updatedReplicas ?? 0), String(st?.availableReplicas ?? 0), age(o, c)];
    return wide ? [...cells, ...containerCells(d.spec?.template.spec?.containers), formatSelector(d.spec?.selector)] : cells;
  },
};

const replicaSets: Columns = {
  headers: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'],
  wideHeaders: WORKLOAD_WIDE,
  row(o, c, wide) {
    const rs = o as ReplicaSet;
    const cells = [name(o), String(rs.spec?.replicas ?? 0), String(rs.status?.replicas ?? 0), String(rs.status?.readyReplicas ?? 0), age(o, c)];
    return wide ? [...cells, ...containerCells(rs.spec?.template?.spec?.containers), formatSelector(rs.spec?.selector)] : cells;
  },
};

function jobStatus(job: Job): string {
  const has = (t: string): boolean => (job.status?.conditions ?? []).some((x) => x.type === t && x.status === 'True');
  if (has('Complete')) return 'Complete';
  if (has('Failed')) return 'Failed';
  if (job.metadata?.deletionTimestamp !== undefined) return 'Terminating';
  if (has('Suspended')) return 'Suspended';
  if (has('FailureTarget')) return 'FailureTarget';
  return 'Running';
}

const jobs: Columns = {
  headers: ['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE'],
  wideHeaders: WORKLOAD_WIDE,
  row(o, c, wide) {
    const job = o as Job;
    const succeeded = job.status?.succeeded ?? 0;
    const parallelism = job.spec?.parallelism ?? 0;
    const completions =
      job.spec?.completions !== undefined ? `${succeeded}/${job.spec.completions}` : parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
    const start = job.status?.startTime === undefined ? undefined : parseTimestamp(job.status.startTime);
    const end = job.status?.completionTime === undefined ? undefined : parseTimestamp(job.status.completionTime);
    const duration = start === undefined ? '' : humanDuration((end ?? c.nowMs + c.epochMs) - start);
    const cells = [name(o), jobStatus(job), completions, duration, age(o, c)];
    return wide ? [...cells, ...containerCells(job.spec?.template.spec?.containers), formatSelector(job.spec?.selector)] : cells;
  },
};

/** `getServiceExternalIP`. */
function externalIp(svc: Service, wide: boolean): string {
  const spec = svc.spec ?? {};
  const external = spec.externalIPs ?? [];
  switch (spec.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return external.length > 0 ? external.join(',') : '<none>';
    case 'LoadBalancer': {
      let lb = (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? i.hostname ?? '').filter((s) => s !== '').join(',');
      if (!wide && lb.length > 16) lb = `${lb.slice(0, 13)}...`;
      if (external.length > 0) return [...(lb === '' ? [] : lb.split(',')), ...external].join(',');
      return lb === '' ? '<pending>' : lb;
    }
    case 'ExternalName':
      return spec.externalName ?? '';
    default:
      return '<unknown>';
  }
}

const services: Columns = {
  headers: ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
  wideHeaders: ['SELECTOR'],
  row(o, c, wide) {
    const svc = o as Service;
    const ports = (svc.spec?.ports ?? [])
      .map((p) => (p.nodePort !== undefined && p.nodePort > 0 ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`))
      .join(',');
    const cells = [name(o), svc.spec?.type ?? '', svc.spec?.clusterIPs?.[0] ?? svc.spec?.clusterIP ?? '<none>', externalIp(svc, wide), orNone(ports), age(o, c)];
    return wide ? [...cells, formatLabels(svc.spec?.selector)] : cells;
  },
};

const namespaces: Columns = {
  headers: ['NAME', 'STATUS', 'AGE'],
  wideHeaders: [],
  row: (o, c) => [name(o), (o as Namespace).status?.phase ?? '', age(o, c)],
};

const events: Columns = {
  headers: ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'],
  wideHeaders: [],
  row(o, c, wide) {
    const ev = o as unknown as Event;
    const ref: ObjectReference = (ev.involvedObject as ObjectReference | undefined) ?? {};
    const first = since(ev.firstTimestamp ?? ev.eventTime, c);
    let lastSeen = ev.lastTimestamp === undefined ? first : since(ev.lastTimestamp, c);
    let count = ev.count ?? 0;
    if (ev.series !== undefined) {
      lastSeen = since(ev.series.lastObservedTime, c);
      count = ev.series.count ?? 0;
    } else if (count === 0) count = 1;
    const kind = (ref.kind ?? '').toLowerCase();
    const target = (ref.name ?? '') === '' ? kind : `${kind}/${ref.name ?? ''}`;
    const message = (ev.message ?? '').trim();
    if (!wide) return [lastSeen, ev.type ?? '', ev.reason ?? '', target, message];
    const src = ev.source?.component ?? ev.reportingComponent ?? '';
    const source = ev.source?.host !== undefined && ev.source.host !== '' ? `${src}, ${ev.source.host}` : src;
    return [lastSeen, ev.type ?? '', ev.reason ?? '', target, ref.fieldPath ?? '', source, message, first, String(count), name(o)];
  },
};
/** Wide events replace the whole column list (kubectl orders SUBOBJECT and SOURCE before MESSAGE). */
export const WIDE_EVENT_HEADERS = ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'SUBOBJECT', 'SOURCE', 'MESSAGE', 'FIRST SEEN', 'COUNT', 'NAME'];

const configMaps: Columns = {
  headers: ['NAME', 'DATA', 'AGE'],
  wideHeaders: [],
  row: (o, c) => {
    const cm = o as ConfigMap;
    return [name(o), String(Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length), age(o, c)];
  },
};

const secrets: Columns = {
  headers: ['NAME', 'TYPE', 'DATA', 'AGE'],
  wideHeaders: [],
  row: (o, c) => {
    const s = o as Secret;
    return [name(o), s.type ?? '', String(Object.keys(s.data ?? {}).length), age(o, c)];
  },
};

/** `NAME AGE`, for every kind without its own columns. */
export const GENERIC: Columns = { headers: ['NAME', 'AGE'], wideHeaders: [], row: (o, c) => [name(o), age(o, c)] };

/** Columns per kind. */
export const COLUMNS: Readonly<Record<string, Columns>> = {
  Pod: pods,
  Node: nodes,
  Deployment: deployments,
  ReplicaSet: replicaSets,
  Job: jobs,
  Service: services,
  Namespace: namespaces,
  Event: events,
  ConfigMap: configMaps,
  Secret: secrets,
};

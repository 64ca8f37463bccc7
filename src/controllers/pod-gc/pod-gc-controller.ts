/**
 * The pod garbage collector (kube-controller-manager's `podgc` controller) as an actor.
 *
 * @packageDocumentation
 */
import type { Node, Pod, PodCondition } from 'kubernetes-types/core/v1.js';
import type { ApiClient } from '../../api/client/api-client.js';
import type { Informer } from '../../api/client/informer.js';
import type { ApiClientMessage } from '../../api/server/messages.js';
import type { KubeObject } from '../../api/store/types.js';
import type { ActorContext } from '../../engine/actor.js';
import { type ControllerBehavior, standaloneController } from '../controller-manager.js';
import { timestamp } from '../_internal/pods.js';

/**
 * Options of {@link podGcController}; the defaults are kube-controller-manager's.
 *
 * @example
 * ```ts
 * const opts: PodGcOptions = { terminatedPodThreshold: 100 };
 * ```
 */
export interface PodGcOptions {
  /** The API server actor's id. @defaultValue `'kube-apiserver'` */
  readonly server?: string;
  /** `--terminated-pod-gc-threshold`: terminated pods kept before the oldest are deleted (≤ 0 disables). @defaultValue 12500 */
  readonly terminatedPodThreshold?: number;
  /** `gcCheckPeriod`: how often a pass runs. @defaultValue 20 s */
  readonly periodMs?: number;
  /** `quarantineTime`: how long a node must be missing before its pods are deleted. @defaultValue 40 s */
  readonly quarantineMs?: number;
}

/**
 * What the pod GC did, for tests and reports.
 *
 * @example
 * ```ts
 * sim.stateOf<PodGcState>('pod-garbage-collector').deleted; // ['default/web-1 (orphaned: node node-3 no longer exists)']
 * // in a cluster the controller runs inside kube-controller-manager:
 * const kcm = cluster.sim.stateOf<KubeControllerManagerState>('kube-controller-manager');
 * (kcm.controllers['pod-garbage-collector'] as PodGcState).deleted;
 * ```
 */
export interface PodGcState {
  /** Each deletion it requested, `namespace/name (why)`, in order. */
  readonly deleted: string[];
  /** @internal */
  readonly client: ApiClient;
  /** @internal */
  readonly pods: Informer<KubeObject>;
  /** @internal */
  readonly nodes: Informer<KubeObject>;
  /** Nodes missing from the cache, with the time they were first seen missing. @internal */
  readonly missingSince: Map<string, number>;
  /** Pods with a delete in flight (not asked twice). @internal */
  readonly inFlight: Set<string>;
}

/** What one pass over the pod cache found for each collection. */
interface Scan {
  /** Terminal pods not being deleted (gcTerminated). */
  readonly terminated: Pod[];
  /** Terminating pods on a not-ready node tainted out-of-service (gcTerminating). */
  readonly terminating: Pod[];
  /** Nodes that pods are bound to but the cache does not hold, in the order first seen (gcOrphaned). */
  readonly missing: Set<string>;
  /** Terminating pods bound to no node (gcUnscheduledTerminating). */
  readonly unscheduledTerminating: Pod[];
}

/** What the pod GC receives: API traffic and its periodic pass. */
export type PodGcMessage = ApiClientMessage | { readonly type: 'podgc.pass' };

type Ctx = ActorContext<never>;

const OUT_OF_SERVICE_TAINT = 'node.kubernetes.io/out-of-service';

function isTerminal(p: Pod): boolean {
  const phase = p.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

function keyOf(p: KubeObject): string {
  return `${p.metadata.namespace ?? ''}/${p.metadata.name ?? ''}`;
}

function nodeReady(n: Node): boolean {
  return n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/**
 * The pod GC: once every 20 s, the four passes of upstream's `gc_controller.go`, in its order.
 *
 * @remarks
 * 1. **Terminated pods** over `terminatedPodThreshold`: the excess is deleted, oldest `creationTimestamp` first.
 * 2. **Terminating pods on out-of-service nodes**: pods with a deletionTimestamp bound to a node that is not Ready
 *    and carries the `node.kubernetes.io/out-of-service` taint are marked Failed and force-deleted.
 * 3. **Orphaned pods**: pods bound to a node absent from the node cache; the node is quarantined for 40 s, then
 *    confirmed absent with a GET (404), then each of its pods gets the `DisruptionTarget` condition (reason
 *    `DeletionByPodGC`, message `PodGC: node no longer exists`), phase Failed when not already terminal, and is
 *    force-deleted (grace period 0).
 * 4. **Unscheduled terminating pods**: pods with a deletionTimestamp and no `spec.nodeName` are marked Failed and
 *    force-deleted.
 *
 * Spawn it as `'pod-garbage-collector'`; `createCluster` does.
 *
 * @example
 * ```ts
 * sim.spawn('pod-garbage-collector', podGcController({ terminatedPodThreshold: 50 }));
 * ```
 */
export function podGcController(opts: PodGcOptions = {}): ControllerBehavior<PodGcState> {
  const threshold = opts.terminatedPodThreshold ?? 12_500;
  const periodMs = opts.periodMs ?? 20_000;
  const quarantineMs = opts.quarantineMs ?? 40_000;
  const pass: PodGcMessage = { type: 'podgc.pass' };

  const forceDelete = (st: PodGcState, ctx: Ctx, pod: Pod, why: string, condition?: PodCondition) => {
    const key = keyOf(pod as KubeObject);
    if (st.inFlight.has(key)) return;
    st.inFlight.add(key);
    const del = (c: Ctx) => {
      st.deleted.push(`${key} (${why})`);
      c.trace('podgc delete', `${key}: ${why}`);
      const uid = pod.metadata?.uid;
      st.client.delete(c, 'Pod', pod.metadata?.namespace ?? '', pod.metadata?.name ?? '', {
        gracePeriodSeconds: 0,
        ...(uid !== undefined ? { preconditions: { uid } } : {}),
      }, () => st.inFlight.delete(key));
    };
    // markFailedAndDeletePod: a pod not yet terminal first gets phase Failed (and the condition, if any)
    if (isTerminal(pod) && condition === undefined) return del(ctx);
    const conditions = (pod.status?.conditions ?? []).filter((c) => condition === undefined || c.type !== condition.type);
    const status = {
      ...pod.status,
      ...(isTerminal(pod) ? {} : { phase: 'Failed' }),
      conditions: condition === undefined ? conditions : [...conditions, condition],
    };
    st.client.updateStatus(ctx, { ...(pod as KubeObject), status } as KubeObject, (_res, c) => del(c));
  };

  /** One pass over the pod cache: what each of the four collections below acts on, in cache order. */
  const scan = (st: PodGcState): Scan => {
    const found: Scan = { terminated: [], terminating: [], missing: new Set(), unscheduledTerminating: [] };
    st.pods.forEach((o) => {
      const p = o as Pod;
      const deleting = p.metadata?.deletionTimestamp !== undefined;
      const nodeName = p.spec?.nodeName;
      if (threshold > 0 && !deleting && isTerminal(p)) found.terminated.push(p);
      if (nodeName === undefined || nodeName === '') {
        if (deleting) found.unscheduledTerminating.push(p);
        return;
      }
      const n = st.nodes.get('', nodeName) as Node | undefined;
      if (n === undefined) found.missing.add(nodeName);
      else if (deleting && !nodeReady(n) && (n.spec?.taints ?? []).some((t) => t.key === OUT_OF_SERVICE_TAINT && t.effect === 'NoExecute')) found.terminating.push(p);
    });
    return found;
  };

  const gcTerminated = (st: PodGcState, ctx: Ctx, terminated: Pod[]) => {
    const excess = terminated.length - threshold;
    if (threshold <= 0 || excess <= 0) return;
    terminated.sort((a, b) => {
      const ta = a.metadata?.creationTimestamp ?? '';
      const tb = b.metadata?.creationTimestamp ?? '';
      return ta < tb ? -1 : ta > tb ? 1 : keyOf(a as KubeObject) < keyOf(b as KubeObject) ? -1 : 1;
    });
    for (let i = 0; i < excess; i++) {
      const p = terminated[i] as Pod;
      const key = keyOf(p as KubeObject);
      if (st.inFlight.has(key)) continue;
      st.inFlight.add(key);
      st.deleted.push(`${key} (terminated pods over threshold ${threshold})`);
      ctx.trace('podgc delete', `${key}: terminated pods over threshold`);
      st.client.delete(ctx, 'Pod', p.metadata?.namespace ?? '', p.metadata?.name ?? '', {}, () => st.inFlight.delete(key));
    }
  };

  const gcTerminating = (st: PodGcState, ctx: Ctx, terminating: readonly Pod[]) => {
    for (const p of terminating) forceDelete(st, ctx, p, `terminating on out-of-service node ${p.spec?.nodeName ?? ''}`);
  };

  const gcOrphaned = (st: PodGcState, ctx: Ctx, missing: ReadonlySet<string>) => {
    const now = ctx.now;
    for (const name of [...st.missingSince.keys()]) if (!missing.has(name)) st.missingSince.delete(name);
    for (const name of missing) {
      const since = st.missingSince.get(name);
      if (since === undefined) {
        st.missingSince.set(name, now);
        continue;
      }
      if (now - since < quarantineMs) continue;
      // the cache may lag: confirm with the API server, as upstream's checkIfNodeExists does
      st.client.request(ctx, { verb: 'get', kind: 'Node', namespace: '', name }, (res, c) => {
        if (res.ok || res.error.reason !== 'NotFound') return;
        st.missingSince.delete(name);
        const condition: PodCondition = {
          type: 'DisruptionTarget',
          status: 'True',
          reason: 'DeletionByPodGC',
          message: 'PodGC: node no longer exists',
          lastTransitionTime: timestamp(c.now),
        };
        for (const o of st.pods.list()) {
          const p = o as Pod;
          if (p.spec?.nodeName === name) forceDelete(st, c, p, `orphaned: node ${name} no longer exists`, condition);
        }
      });
    }
  };

  const gcUnscheduledTerminating = (st: PodGcState, ctx: Ctx, pods: readonly Pod[]) => {
    for (const p of pods) forceDelete(st, ctx, p, 'unscheduled and terminating');
  };

  return standaloneController<PodGcState>(
    {
      name: 'pod-garbage-collector',
      user: 'system:serviceaccount:kube-system:pod-garbage-collector',
      init(ctx, kit) {
        const st: PodGcState = {
          deleted: [],
          client: kit.client(),
          pods: kit.informer<KubeObject>('Pod'),
          nodes: kit.informer<KubeObject>('Node'),
          missingSince: new Map(),
          inFlight: new Set(),
        };
        ctx.setTimer('pass', periodMs, pass as never);
        return st;
      },
      receive(st, msg, ctx) {
        if ((msg as { type?: string }).type !== 'podgc.pass') return;
        ctx.setTimer('pass', periodMs, pass as never);
        if (st.pods.hasSynced && st.nodes.hasSynced) {
          const found = scan(st);
          gcTerminated(st, ctx, found.terminated);
          gcTerminating(st, ctx, found.terminating);
          gcOrphaned(st, ctx, found.missing);
          gcUnscheduledTerminating(st, ctx, found.unscheduledTerminating);
        }
      },
    },
    opts.server,
  );
}

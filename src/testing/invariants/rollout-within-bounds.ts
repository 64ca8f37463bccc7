/**
 * `rollout-within-bounds`: a RollingUpdate Deployment keeps its availability and surge bounds while it rolls out
 * in a failure-free window.
 *
 * @packageDocumentation
 */
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import type { KubeObject, WatchEvent } from '../../api/store/types.js';
import type { Cluster } from '../../cluster/create-cluster.js';
import { resolveFenceposts } from '../../controllers/deployment/index.js';
import type { Invariant } from '../invariant-types.js';
import { failureFree, keyOf, msOption } from './_internal.js';

/** Options of {@link rolloutWithinBounds}. */
export interface RolloutWithinBoundsOptions {
  /** How long after a fault starts or heals the window stays closed. @defaultValue 60_000 */
  readonly settleMs?: number;
}

interface Dep {
  readonly key: string;
  /** `replicas` + `strategy` as text: a change re-opens the window. */
  sig: string;
  rolling: boolean;
  replicas: number;
  maxSurge: number;
  maxUnavailable: number;
  armed: boolean;
  /** After a pod failure the window stays closed until then (the controller may act on a stale view). */
  closedUntilMs: number;
  readonly rss: Set<string>;
}

interface Rs {
  readonly deploy: string | undefined;
  spec: number;
  active: number;
  available: number;
}

interface P {
  readonly rs: string;
  readonly active: boolean;
  readonly available: boolean;
}

function controllerOf(obj: KubeObject, kind: string): string | undefined {
  const refs = obj.metadata.ownerReferences as readonly OwnerReference[] | undefined;
  if (refs === undefined) return undefined;
  for (const r of refs) if (r.controller === true && r.kind === kind) return r.uid;
  return undefined;
}

function podState(obj: KubeObject | undefined, rs: string): P | undefined {
  if (obj === undefined) return undefined;
  const pod = obj as Pod;
  const active = pod.metadata?.deletionTimestamp === undefined;
  // counted exactly as test/controllers/workloads/rollout.prop.test.ts: active pods whose Ready condition is True
  const ready = pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;
  return { rs, active, available: active && ready };
}

/**
 * During failure-free windows of a RollingUpdate Deployment: available pods ≥ replicas − maxUnavailable,
 * Σ spec.replicas of its ReplicaSets ≤ replicas + maxSurge, and its active pods ≤ replicas + maxSurge.
 *
 * @remarks
 * Counted as the rolling-update property test counts them (kubernetes-behaviour.md §2.2): a pod belongs to the
 * Deployment through its controlling ReplicaSet; it is *active* while it has no `deletionTimestamp` and *available*
 * when active with condition Ready=True; maxSurge/maxUnavailable resolve with the controller's own
 * `resolveFenceposts` (percentages of replicas, surge rounded up, unavailable down, both 0 ⇒ unavailable 1).
 *
 * When it is checked — a Deployment's window opens (it is *armed*) at the first check at which all hold:
 * - its strategy is RollingUpdate;
 * - the cluster is failure-free: no fault active and none started or healed within `settleMs` (always so for a
 *   cluster without fault injection);
 * - both bounds are met (so the initial scale-up from zero and a scale-up are not judged).
 *
 * The window closes (until it re-opens as above) when its `spec.replicas` or `spec.strategy` change (a template
 * change does not close it: that is the rollout being judged), when a fault starts or heals, or when one of its
 * pods stops being available for a reason other than its ReplicaSet scaling down — it turns unready while active
 * (a crash, a failing probe, a lost node), or it is deleted while its ReplicaSet still wants it (a user, an
 * eviction, a cascade); after such a pod failure it stays closed for `settleMs` at least, since the controller
 * may still act on its stale view of that pod. Changes are replayed in store order, so the verdict does not depend on the check cadence.
 * Reason: `deployment default/web: 2 available < 3 (replicas 4 − maxUnavailable 1)`.
 *
 * @example
 * ```ts
 * monitorInvariants(cluster, [rolloutWithinBounds({ settleMs: 120_000 })]);
 * ```
 */
export function rolloutWithinBounds(opts: RolloutWithinBoundsOptions = {}): Invariant {
  const settleMs = msOption('rolloutWithinBounds', 'opts.settleMs', opts.settleMs, 60_000);
  const deps = new Map<string, Dep>();
  const rss = new Map<string, Rs>();
  const pods = new Map<string, P>();
  const dirty = new Set<string>();

  let nowMs = 0;
  const disarm = (rsUid: string): void => {
    const d = rss.get(rsUid)?.deploy;
    const dep = d === undefined ? undefined : deps.get(d);
    if (dep === undefined) return;
    dep.armed = false;
    dep.closedUntilMs = nowMs + settleMs;
  };
  const onDeployment = (ev: WatchEvent): void => {
    const uid = ev.object.metadata.uid ?? '';
    if (ev.type === 'DELETED') {
      deps.delete(uid);
      return;
    }
    const d = ev.object as Deployment;
    const replicas = d.spec?.replicas ?? 1;
    const sig = JSON.stringify([replicas, d.spec?.strategy ?? null]);
    let dep = deps.get(uid);
    if (dep === undefined) {
      dep = { key: keyOf(ev.object), sig: '', rolling: false, replicas, maxSurge: 0, maxUnavailable: 0, armed: false, closedUntilMs: 0, rss: new Set() };
      deps.set(uid, dep);
    }
    if (dep.sig !== sig) {
      const ru = d.spec?.strategy?.rollingUpdate;
      const f = resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, replicas);
      Object.assign(dep, { sig, replicas, rolling: (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate', armed: false });
      dep.maxSurge = f.maxSurge;
      dep.maxUnavailable = Math.min(f.maxUnavailable, replicas);
    }
    dirty.add(uid);
  };
  const onReplicaSet = (ev: WatchEvent): void => {
    const uid = ev.object.metadata.uid ?? '';
    const deploy = controllerOf(ev.object, 'Deployment');
    if (ev.type === 'DELETED') {
      const rs = rss.get(uid);
      if (rs !== undefined && rs.deploy !== undefined) {
        deps.get(rs.deploy)?.rss.delete(uid);
        dirty.add(rs.deploy);
      }
      rss.delete(uid);
      return;
    }
    let rs = rss.get(uid);
    if (rs === undefined) {
      rs = { deploy, spec: 0, active: 0, available: 0 };
      rss.set(uid, rs);
      if (deploy !== undefined) deps.get(deploy)?.rss.add(uid);
    }
    rs.spec = (ev.object as ReplicaSet).spec?.replicas ?? 1;
    if (deploy !== undefined) dirty.add(deploy);
  };
  const onPod = (ev: WatchEvent): void => {
    const uid = ev.object.metadata.uid ?? '';
    const prev = pods.get(uid);
    const rsUid = prev?.rs ?? controllerOf(ev.object, 'ReplicaSet');
    if (rsUid === undefined) return;
    const next = ev.type === 'DELETED' ? undefined : podState(ev.object, rsUid);
    if (next === undefined) pods.delete(uid);
    else pods.set(uid, next);
    const rs = rss.get(rsUid);
    if (rs === undefined) return;
    const wasActive = prev?.active === true;
    const wasAvailable = prev?.available === true;
    rs.active += (next?.active === true ? 1 : 0) - (wasActive ? 1 : 0);
    rs.available += (next?.available === true ? 1 : 0) - (wasAvailable ? 1 : 0);
    // unavailable while still active: a failure, not the rollout
    if (wasAvailable && next?.active === true && !next.available) disarm(rsUid);
    // deleted while its ReplicaSet still wants it: someone else's deletion, not the rollout
    if (wasActive && next?.active !== true && rs.spec > rs.active) disarm(rsUid);
    if (rs.deploy !== undefined) dirty.add(rs.deploy);
  };

  const apply = (ev: WatchEvent): void => {
    const kind = ev.object.kind;
    if (kind === 'Pod') onPod(ev);
    else if (kind === 'ReplicaSet') onReplicaSet(ev);
    else if (kind === 'Deployment') onDeployment(ev);
  };

  return {
    name: 'rollout-within-bounds',
    reset(cluster: Cluster) {
      nowMs = cluster.now;
      deps.clear();
      rss.clear();
      pods.clear();
      dirty.clear();
      for (const kind of ['Deployment', 'ReplicaSet', 'Pod']) {
        for (const o of cluster.core.list(kind).items) apply({ type: 'ADDED', object: o, resourceVersion: 0 });
      }
      dirty.clear();
      if (!failureFree(cluster, nowMs, settleMs)) return;
      for (const dep of deps.values()) dep.armed = dep.rolling && judge(dep, rss) === null;
    },
    check({ cluster, changes, nowMs: at }) {
      nowMs = at;
      for (const ev of changes) apply(ev);
      if (!failureFree(cluster, nowMs, settleMs)) {
        for (const dep of deps.values()) dep.armed = false;
        dirty.clear();
        return null;
      }
      let reason: string | null = null;
      for (const uid of dirty) {
        const dep = deps.get(uid);
        if (dep === undefined || !dep.rolling) continue;
        const why = judge(dep, rss);
        if (why === null) dep.armed ||= nowMs >= dep.closedUntilMs;
        else if (dep.armed) reason ??= `deployment ${dep.key}: ${why}`;
      }
      dirty.clear();
      return reason;
    },
  };
}

/** Why the Deployment is out of bounds now, or null. */
function judge(dep: Dep, rss: ReadonlyMap<string, Rs>): string | null {
  let available = 0;
  let spec = 0;
  let active = 0;
  for (const uid of dep.rss) {
    const rs = rss.get(uid);
    if (rs === undefined) continue;
    available += rs.available;
    spec += rs.spec;
    active += rs.active;
  }
  const min = dep.replicas - dep.maxUnavailable;
  const max = dep.replicas + dep.maxSurge;
  if (available < min) return `${available} available < ${min} (replicas ${dep.replicas} − maxUnavailable ${dep.maxUnavailable})`;
  if (spec > max) return `Σ ReplicaSet spec.replicas ${spec} > ${max} (replicas ${dep.replicas} + maxSurge ${dep.maxSurge})`;
  if (active > max) return `${active} active pods > ${max} (replicas ${dep.replicas} + maxSurge ${dep.maxSurge})`;
  return null;
}

// The Deployment and ReplicaSet controllers compute their statuses and the new ReplicaSet's annotations without
// the copies upstream makes (kubernetes-behaviour.md §2.5, §2.6, §2.7): conditions are built only when they
// change, cached condition lists and annotation maps are shared when nothing changes. These properties compare
// the optimised functions with plain transcriptions of upstream (`calculateStatus`, `syncRolloutStatus`,
// `SetDeploymentCondition`, `SetNewReplicaSetAnnotations`, the ReplicaSet's `calculateStatus`) over deep-frozen
// inputs, as the store hands them out; and each property is shown to fail against a subtly wrong model.
import fc from 'fast-check';
import type { Deployment, DeploymentCondition, DeploymentStatus, ReplicaSet, ReplicaSetCondition, ReplicaSetStatus } from 'kubernetes-types/apps/v1.js';
import { describe, expect, it } from 'vitest';
import { timestamp } from '../../../src/controllers/_internal/pods.js';
import { newReplicaSetAnnotations } from '../../../src/controllers/deployment/new-rs.js';
import type { Run } from '../../../src/controllers/deployment/runtime.js';
import { calculateStatus, deploymentComplete, deploymentProgressing, deploymentTimedOut, hasProgressDeadline, rolloutStatus } from '../../../src/controllers/deployment/status.js';
import { actualReplicas, availableReplicas, maxSurge, maxUnavailable, replicasOf, specReplicas } from '../../../src/controllers/deployment/util.js';
import { calculateStatus as rsCalculateStatus } from '../../../src/controllers/replicaset/status.js';

function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v as object)) deepFreeze(x);
  }
  return v;
}

// ---- models: upstream's algorithms, copying as upstream does ----

type Model = { keepTransitionOnReasonChange: boolean };
const UPSTREAM: Model = { keepTransitionOnReasonChange: true };
/** Wrong on purpose: a reason change with the same status gets a new transition time. */
const WRONG: Model = { keepTransitionOnReasonChange: false };

function cond(type: string, status: string, reason: string, message: string, nowMs: number): DeploymentCondition {
  const t = timestamp(nowMs);
  return { type, status, reason, message, lastUpdateTime: t, lastTransitionTime: t };
}

function modelSet(m: Model, s: DeploymentStatus, c: DeploymentCondition): void {
  const cur = s.conditions?.find((x) => x.type === c.type);
  if (cur !== undefined && cur.status === c.status && cur.reason === c.reason) return;
  const next = cur !== undefined && cur.status === c.status && m.keepTransitionOnReasonChange ? { ...c, lastTransitionTime: cur.lastTransitionTime } : c;
  s.conditions = [...(s.conditions ?? []).filter((x) => x.type !== c.type), next as DeploymentCondition];
}

function modelRemove(s: DeploymentStatus, type: string): void {
  if (s.conditions !== undefined) s.conditions = s.conditions.filter((x) => x.type !== type);
}

function modelCalculate(m: Model, all: readonly ReplicaSet[], newRS: ReplicaSet | undefined, d: Deployment, nowMs: number): DeploymentStatus {
  const available = availableReplicas(all);
  const s: DeploymentStatus = {
    observedGeneration: d.metadata?.generation ?? 0,
    replicas: actualReplicas(all),
    updatedReplicas: newRS === undefined ? 0 : actualReplicas([newRS]),
    readyReplicas: all.reduce((n, rs) => n + (rs.status?.readyReplicas ?? 0), 0),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, specReplicas(all) - available),
    ...(d.status?.collisionCount !== undefined ? { collisionCount: d.status.collisionCount } : {}),
  };
  if (d.status?.conditions !== undefined) s.conditions = [...d.status.conditions];
  if (available >= replicasOf(d) - maxUnavailable(d)) modelSet(m, s, cond('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', nowMs));
  else modelSet(m, s, cond('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.', nowMs));
  return s;
}

function modelRollout(m: Model, all: readonly ReplicaSet[], newRS: ReplicaSet | undefined, d: Deployment, nowMs: number): DeploymentStatus {
  const s = modelCalculate(m, all, newRS, d, nowMs);
  if (!hasProgressDeadline(d)) modelRemove(s, 'Progressing');
  const current = d.status?.conditions?.find((x) => x.type === 'Progressing');
  const complete = s.replicas === s.updatedReplicas && current?.reason === 'NewReplicaSetAvailable';
  if (hasProgressDeadline(d) && !complete) {
    const who = newRS?.metadata?.name !== undefined ? `ReplicaSet "${newRS.metadata.name}"` : `Deployment "${d.metadata?.name ?? ''}"`;
    if (deploymentComplete(d, s)) modelSet(m, s, cond('Progressing', 'True', 'NewReplicaSetAvailable', `${who} has successfully progressed.`, nowMs));
    else if (deploymentProgressing(d, s)) {
      let c = cond('Progressing', 'True', 'ReplicaSetUpdated', `${who} is progressing.`, nowMs);
      if (current !== undefined) {
        if (current.status === 'True' && current.lastTransitionTime !== undefined) c = { ...c, lastTransitionTime: current.lastTransitionTime };
        modelRemove(s, 'Progressing');
      }
      modelSet(m, s, c);
    } else if (deploymentTimedOut(d, s, nowMs)) modelSet(m, s, cond('Progressing', 'False', 'ProgressDeadlineExceeded', `${who} has timed out progressing.`, nowMs));
  }
  const f = [...(newRS !== undefined ? [newRS] : []), ...all].flatMap((rs) => rs.status?.conditions ?? []).find((x) => x.type === 'ReplicaFailure' && x.status === 'True');
  if (f !== undefined) {
    const t = f.lastTransitionTime;
    modelSet(m, s, { type: 'ReplicaFailure', status: f.status, ...(f.reason !== undefined ? { reason: f.reason } : {}), ...(f.message !== undefined ? { message: f.message } : {}), ...(t !== undefined ? { lastUpdateTime: t, lastTransitionTime: t } : {}) });
  } else modelRemove(s, 'ReplicaFailure');
  return s;
}

// ---- generators ----

const T0 = 1_700_000_000_000;
const time = fc.integer({ min: 0, max: 1200 }).map((s) => timestamp(T0 + s * 1000));
const small = fc.integer({ min: 0, max: 5 });
const intOrPercent = fc.constantFrom<number | string>(0, 1, 2, '25%', '50%');

const deploymentCondition = fc.oneof(
  fc.record({ type: fc.constant('Available'), status: fc.constantFrom('True', 'False'), reason: fc.constantFrom('MinimumReplicasAvailable', 'MinimumReplicasUnavailable'), message: fc.constant('m'), lastUpdateTime: time, lastTransitionTime: time }),
  fc.record({
    type: fc.constant('Progressing'),
    status: fc.constantFrom('True', 'False', 'Unknown'),
    reason: fc.constantFrom('ReplicaSetUpdated', 'NewReplicaSetAvailable', 'NewReplicaSetCreated', 'FoundNewReplicaSet', 'ProgressDeadlineExceeded', 'DeploymentPaused'),
    message: fc.constant('m'),
    lastUpdateTime: time,
    lastTransitionTime: time,
  }),
  fc.record({ type: fc.constant('ReplicaFailure'), status: fc.constantFrom('True', 'False'), reason: fc.constant('FailedCreate'), message: fc.constant('quota'), lastUpdateTime: time, lastTransitionTime: time }),
);
/** Distinct types, in any order. */
const deploymentConditions = fc.uniqueArray(deploymentCondition, { selector: (c) => c.type, maxLength: 3 });

const deploymentArb = fc
  .record(
    {
      replicas: small,
      recreate: fc.boolean(),
      surge: intOrPercent,
      unavailable: intOrPercent,
      deadline: fc.constantFrom(undefined, 600, 2147483647),
      generation: fc.integer({ min: 1, max: 3 }),
      status: fc.option(
        fc.record(
          { observedGeneration: fc.integer({ min: 0, max: 3 }), replicas: small, updatedReplicas: small, readyReplicas: small, availableReplicas: small, collisionCount: fc.integer({ min: 0, max: 2 }), conditions: deploymentConditions },
          { requiredKeys: ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas'] },
        ),
        { nil: undefined },
      ),
    },
    { requiredKeys: ['replicas', 'recreate', 'surge', 'unavailable', 'generation'] },
  )
  .map(
    (x): Deployment => ({
      metadata: { name: 'web', generation: x.generation },
      spec: {
        replicas: x.replicas,
        selector: { matchLabels: { app: 'web' } },
        template: {},
        strategy: x.recreate ? { type: 'Recreate' } : { type: 'RollingUpdate', rollingUpdate: { maxSurge: x.surge, maxUnavailable: x.unavailable } },
        ...(x.deadline !== undefined ? { progressDeadlineSeconds: x.deadline } : {}),
      },
      ...(x.status !== undefined ? { status: x.status as DeploymentStatus } : {}),
    }),
  );

const rsFailure = fc.record({ type: fc.constant('ReplicaFailure'), status: fc.constantFrom('True', 'False'), reason: fc.constantFrom('FailedCreate', 'FailedDelete'), message: fc.constant('quota'), lastTransitionTime: time }, { requiredKeys: ['type', 'status'] });

const replicaSetArb = (name: string) =>
  fc.record({ spec: small, replicas: small, ready: small, available: small, failure: fc.option(rsFailure, { nil: undefined }), generation: fc.integer({ min: 1, max: 3 }), observed: fc.integer({ min: 0, max: 3 }) }).map(
    (x): ReplicaSet => ({
      metadata: { name, generation: x.generation },
      spec: { replicas: x.spec, selector: {} },
      status: { replicas: x.replicas, readyReplicas: x.ready, availableReplicas: x.available, observedGeneration: x.observed, ...(x.failure !== undefined ? { conditions: [x.failure as ReplicaSetCondition] } : {}) },
    }),
  );

const rolloutInput = fc.record({
  d: deploymentArb,
  rss: fc.tuple(replicaSetArb('web-a'), replicaSetArb('web-b'), replicaSetArb('web-c')).chain((all) => fc.integer({ min: 0, max: 3 }).map((n) => all.slice(0, n))),
  newIndex: fc.integer({ min: -1, max: 2 }),
  nowS: fc.integer({ min: 0, max: 2400 }),
});

function rolloutAgrees(m: Model) {
  return fc.property(rolloutInput, ({ d, rss, newIndex, nowS }) => {
    deepFreeze(d);
    deepFreeze(rss);
    const newRS = rss[newIndex];
    const now = T0 + nowS * 1000;
    expect(calculateStatus(rss, newRS, d, now)).toEqual(modelCalculate(m, rss, newRS, d, now));
    expect(rolloutStatus(rss, newRS, d, now)).toEqual(modelRollout(m, rss, newRS, d, now));
  });
}

describe('Deployment status without copies (§2.6)', () => {
  it('calculateStatus and rolloutStatus equal upstream’s copying algorithms, on frozen inputs', () => {
    fc.assert(rolloutAgrees(UPSTREAM), { numRuns: 2000 });
  });

  it('the property fails against a model that resets the transition time on a reason change', () => {
    expect(fc.check(rolloutAgrees(WRONG), { numRuns: 2000 }).failed).toBe(true);
  });

  it('an unchanged Available condition keeps its object; a flip gets now as both times', () => {
    const old = { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'm', lastUpdateTime: timestamp(T0), lastTransitionTime: timestamp(T0) };
    const d = deepFreeze<Deployment>({ metadata: { name: 'web', generation: 1 }, spec: { replicas: 10, selector: {}, template: {} }, status: { conditions: [old] } });
    const rs = (available: number) => deepFreeze<ReplicaSet>({ metadata: { name: 'web-a' }, spec: { replicas: 10, selector: {} }, status: { replicas: 10, availableReplicas: available } });
    // 10 replicas at 25%: Available needs 10 − 2 = 8
    expect(calculateStatus([rs(7)], undefined, d, T0 + 5000).conditions).toEqual([old]);
    const flipped = calculateStatus([rs(8)], undefined, d, T0 + 5000).conditions;
    expect(flipped).toEqual([{ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.', lastUpdateTime: timestamp(T0 + 5000), lastTransitionTime: timestamp(T0 + 5000) }]);
    expect(d.status?.conditions).toEqual([old]);
  });
});

// ---- SetNewReplicaSetAnnotations (§2.5) ----

const REV = 'deployment.kubernetes.io/revision';
const HISTORY = 'deployment.kubernetes.io/revision-history';
const SKIPPED = new Set(['kubectl.kubernetes.io/last-applied-configuration', REV, HISTORY, 'deployment.kubernetes.io/desired-replicas', 'deployment.kubernetes.io/max-replicas', 'deprecated.deployment.rollback.to']);

function modelAnnotations(historyLimit: number, d: Deployment, rs: ReplicaSet, newRevision: number, exists: boolean): { annotations: Record<string, string>; changed: boolean } {
  const a: Record<string, string> = { ...(rs.metadata?.annotations ?? {}) };
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata?.annotations ?? {})) {
    if (SKIPPED.has(k) || a[k] === v) continue;
    a[k] = v;
    changed = true;
  }
  const oldText = a[REV];
  if ((oldText === undefined ? 0 : Number(oldText)) < newRevision) {
    a[REV] = String(newRevision);
    changed = true;
    if (oldText !== undefined) {
      const history = a[HISTORY] ?? '';
      const parts = history === '' ? [] : history.split(',');
      let total = history.length + oldText.length + 1;
      while (total > historyLimit && parts.length > 0) total -= (parts.shift() ?? '').length + 1;
      a[HISTORY] = [...parts, oldText].join(',');
    }
  }
  if (!exists) {
    a['deployment.kubernetes.io/desired-replicas'] = String(replicasOf(d));
    a['deployment.kubernetes.io/max-replicas'] = String(replicasOf(d) + maxSurge(d));
    changed = true;
  }
  return { annotations: a, changed };
}

const annotationKey = fc.constantFrom('team', 'owner', REV, HISTORY, 'deployment.kubernetes.io/desired-replicas', 'kubectl.kubernetes.io/last-applied-configuration');
const annotationMap = fc.dictionary(annotationKey, fc.constantFrom('a', 'b', '1', '3', '7', '1,2'), { maxKeys: 4 });
const annotationsInput = fc.record({ dAnn: annotationMap, rsAnn: annotationMap, history: fc.constantFrom(0, 2, 250, 400, 800).map((n) => Array.from({ length: n }, (_, i) => String((i % 900) + 1))), newRevision: fc.integer({ min: 1, max: 9 }), exists: fc.boolean() });

function annotationsAgree(historyLimit: number) {
  return fc.property(annotationsInput, ({ dAnn, rsAnn, history, newRevision, exists }) => {
    const d = deepFreeze<Deployment>({ metadata: { name: 'web', annotations: dAnn }, spec: { replicas: 4, selector: {}, template: {} } });
    const own = history.length > 0 ? { ...rsAnn, [HISTORY]: history.join(',') } : rsAnn;
    const rs = deepFreeze({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-a', annotations: own } }) as Parameters<typeof newReplicaSetAnnotations>[1];
    const got = newReplicaSetAnnotations({ d } as Run, rs, newRevision, exists);
    const want = modelAnnotations(historyLimit, d, rs, newRevision, exists);
    expect(got.changed).toBe(want.changed);
    expect(got.annotations).toEqual(want.annotations);
    // nothing to write: the cached map itself, no copy
    if (!got.changed) expect(got.annotations).toBe(own);
  });
}

describe('SetNewReplicaSetAnnotations with copy-on-write (§2.5)', () => {
  it('equals upstream’s algorithm and returns the cached map when nothing changes', () => {
    fc.assert(annotationsAgree(2000), { numRuns: 1000 });
  });

  it('the property fails against a model with another revision-history bound', () => {
    expect(fc.check(annotationsAgree(1000), { numRuns: 1000 }).failed).toBe(true);
  });
});

// ---- ReplicaSet calculateStatus (§2.7) ----

function modelRsStatus(rs: ReplicaSet, counts: { replicas: number; fullyLabeled: number; ready: number; available: number }, error: string | undefined, nowMs: number): ReplicaSetStatus {
  let conditions: ReplicaSetCondition[] = [...(rs.status?.conditions ?? [])];
  const failure = conditions.find((c) => c.type === 'ReplicaFailure');
  if (error !== undefined && failure === undefined) {
    const diff = counts.replicas - (rs.spec?.replicas ?? 1);
    conditions.push({ type: 'ReplicaFailure', status: 'True', reason: diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : '', message: error, lastTransitionTime: timestamp(nowMs) });
  } else if (error === undefined && failure !== undefined) conditions = conditions.filter((c) => c.type !== 'ReplicaFailure');
  const status = { replicas: counts.replicas, fullyLabeledReplicas: counts.fullyLabeled, readyReplicas: counts.ready, availableReplicas: counts.available, observedGeneration: rs.metadata?.generation ?? 0 };
  return conditions.length > 0 ? { ...status, conditions } : status;
}

describe('ReplicaSet status without copies (§2.7)', () => {
  const input = fc.record({
    rs: replicaSetArb('web-a'),
    counts: fc.record({ replicas: small, fullyLabeled: small, ready: small, available: small }),
    error: fc.option(fc.constantFrom('quota exceeded', 'forbidden'), { nil: undefined }),
    nowS: fc.integer({ min: 0, max: 100 }),
  });

  it('calculateStatus equals upstream’s copying algorithm, on frozen inputs', () => {
    fc.assert(
      fc.property(input, ({ rs, counts, error, nowS }) => {
        deepFreeze(rs);
        const got = rsCalculateStatus(rs, counts, error === undefined ? {} : { error }, T0 + nowS * 1000);
        expect(got).toEqual(modelRsStatus(rs, counts, error, T0 + nowS * 1000));
      }),
      { numRuns: 1000 },
    );
  });

  it('the property fails against a model that keeps ReplicaFailure after a clean sync', () => {
    const keeps = (rs: ReplicaSet, counts: Parameters<typeof modelRsStatus>[1], error: string | undefined, nowMs: number) => {
      const s = modelRsStatus(rs, counts, error, nowMs);
      return error === undefined && rs.status?.conditions !== undefined ? { ...s, conditions: rs.status.conditions } : s;
    };
    const r = fc.check(
      fc.property(input, ({ rs, counts, error, nowS }) => {
        expect(rsCalculateStatus(deepFreeze(rs), counts, error === undefined ? {} : { error }, T0 + nowS * 1000)).toEqual(keeps(rs, counts, error, T0 + nowS * 1000));
      }),
      { numRuns: 1000 },
    );
    expect(r.failed).toBe(true);
  });
});

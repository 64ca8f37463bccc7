// The fault injector as a whole: faults are plain data, validated with field paths; they start and heal at exact
// virtual times, appear in the trace and the fingerprint (same plan and seed ⇒ same run); healAll ends them;
// drain behaves as `kubectl drain --ignore-daemonsets`.
import fc from 'fast-check';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api/errors.js';
import { createCluster } from '../../src/cluster/index.js';
import { type Fault, FaultError, type FaultPlan, faultProblems } from '../../src/faults/index.js';
import { cluster, deployment, pods } from './helpers.js';

const plan: FaultPlan = [
  { atMs: 20_000, fault: { type: 'partition', components: ['kube-scheduler'] }, durationMs: 30_000 },
  { atMs: 25_000, fault: { type: 'apiErrors', code: 500, probability: 0.5, match: { verbs: ['create'] } }, durationMs: 20_000 },
  { atMs: 30_000, fault: { type: 'watchChaos', drop: 0.2, duplicate: 0.2, reorder: 0.2, delayMs: 300 }, durationMs: 40_000 },
  { atMs: 40_000, fault: { type: 'nodeCrash', node: 'node-2' }, durationMs: 60_000 },
  { atMs: 50_000, fault: { type: 'watchCompaction' } },
];

function runPlan(p: FaultPlan, seed = 7) {
  const c = cluster(seed, { faults: p, trace: { capacity: 100_000, include: 'notes' } });
  c.runFor('5s');
  c.apply([deployment('web', 6)]);
  c.runFor('3m');
  return c;
}

describe('determinism and the trace', () => {
  it('the same plan and seed give the same fingerprint twice; a different plan a different one', () => {
    const a = runPlan(plan);
    expect(runPlan(plan).fingerprint).toBe(a.fingerprint);
    const moved = plan.map((e, i) => (i === 3 ? { ...e, atMs: 41_000 } : e));
    expect(runPlan(moved).fingerprint).not.toBe(a.fingerprint);
    expect(runPlan([]).fingerprint).not.toBe(a.fingerprint);
    // after the faults the Deployment converged anyway
    expect(pods(a, 'web').filter((p) => p.metadata?.deletionTimestamp === undefined && p.status?.phase === 'Running')).toHaveLength(6);
  });

  it('every start and heal is a trace note at its exact virtual time, and the history agrees', () => {
    const c = runPlan(plan);
    const notes = c.sim.trace().flatMap((t) => (t.kind === 'note' && t.actor === 'kubesim-faults' ? [`${t.time} ${t.what} ${t.detail ?? ''}`] : []));
    expect(notes).toEqual([
      '20000 fault start #1 {"type":"partition","components":["kube-scheduler"]} for 30000 ms',
      '25000 fault start #2 {"type":"apiErrors","code":500,"probability":0.5,"match":{"verbs":["create"]}} for 20000 ms',
      '30000 fault start #3 {"type":"watchChaos","drop":0.2,"duplicate":0.2,"reorder":0.2,"delayMs":300} for 40000 ms',
      '40000 fault start #4 {"type":"nodeCrash","node":"node-2"} for 60000 ms',
      '45000 fault heal #2 apiErrors',
      // same instant: the compaction was scheduled (at creation) before the partition's heal timer was set
      '50000 fault start #5 {"type":"watchCompaction"}',
      '50000 fault heal #1 partition',
      '70000 fault heal #3 watchChaos',
      '100000 fault heal #4 nodeCrash',
    ]);
    expect(c.faultHistory().map((r) => [r.id, r.startedAtMs, r.endedAtMs])).toEqual([
      [1, 20_000, 50_000],
      [2, 25_000, 45_000],
      [3, 30_000, 70_000],
      [4, 40_000, 100_000],
      [5, 50_000, 50_000],
    ]);
    expect(c.lastFaultActivityMs()).toBe(100_000);
    expect(c.activeFaults()).toEqual([]);
  });

  it('a cluster without faults has no injector actor and no fault activity', () => {
    const c = cluster(1);
    c.runFor('10s');
    expect(c.sim.actor('kubesim-faults')).toBeUndefined();
    expect(c.lastFaultActivityMs()).toBeUndefined();
  });
});

describe('heal and healAll', () => {
  it('healAll ends every active fault now: the crashed node reboots, the partition heals; later faults still start', () => {
    const c = cluster(3);
    c.runFor('10s');
    c.inject({ type: 'nodeCrash', node: 'node-1' });
    c.inject({ type: 'partition', components: ['replicaset-controller'] });
    const later = c.inject({ type: 'watchCompaction' }, { atMs: 60_000 });
    c.runFor('10s');
    expect(c.activeFaults().map((f) => [f.id, f.event.fault.type, f.startedAtMs])).toEqual([[1, 'nodeCrash', 10_000], [2, 'partition', 10_000]]);
    c.healAll();
    c.runFor('1m');
    expect(c.activeFaults()).toEqual([]);
    expect(c.faultHistory().map((r) => [r.id, r.endedAtMs])).toEqual([[1, 20_000], [2, 20_000], [later, 60_000]]);
    expect(c.sim.stateOf<{ mode: string }>('kubelet/node-1').mode).toBe('up');
  });

  it('activeFaults follows every start and heal (oldest id first), and what it returns cannot be edited', () => {
    const c = cluster(3);
    const a = c.inject({ type: 'partition', components: ['kube-scheduler'] }, { atMs: 10_000, durationMs: 30_000 });
    const b = c.inject({ type: 'apiSlowdown', extraLatencyMs: 100 }, { atMs: 20_000, durationMs: 5_000 });
    const ids = () => c.activeFaults().map((f) => f.id);
    c.runFor('15s');
    expect(ids()).toEqual([a]);
    expect(c.activeFaults()).toBe(c.activeFaults()); // nothing started or healed between: the same list
    expect(Object.isFrozen(c.activeFaults())).toBe(true);
    c.runFor('7s');
    expect(ids()).toEqual([a, b]);
    c.runFor('5s'); // b healed at 25 s
    expect(ids()).toEqual([a]);
    c.heal(a);
    c.runFor('1s');
    expect(ids()).toEqual([]);
    const d = c.inject({ type: 'partition', components: ['job-controller'] });
    c.runFor('1s');
    expect(ids()).toEqual([d]);
  });

  it('healing a fault that has not started cancels it; an unknown id is an error naming it', () => {
    const c = cluster(3);
    const id = c.inject({ type: 'nodeCrash', node: 'node-1' }, { atMs: 30_000 });
    c.heal(id);
    c.runFor('1m');
    expect(c.faultHistory()).toEqual([]);
    expect(() => c.heal(99)).toThrow('id: no fault #99 was injected');
  });

  it('kubelet partitions go through the kubelet: its node goes Unknown and comes back after the heal', () => {
    const c = cluster(4);
    c.runFor('10s');
    c.inject({ type: 'partition', components: ['kubelet/node-2'] }, { durationMs: 90_000 });
    c.runFor('70s');
    const ready = () => c.get<Node>('Node', '', 'node-2')?.status?.conditions?.find((x) => x.type === 'Ready')?.status;
    expect(ready()).toBe('Unknown');
    c.runFor('40s');
    expect(ready()).toBe('True');
  });
});

describe('validation', () => {
  it.each<[unknown, string[]]>([
    [{ type: 'apiErrors', code: 500, probability: 1.5 }, ['fault.probability: must be between 0 and 1']],
    [{ type: 'apiErrors', code: 404 }, ['fault.code: must be one of 409, 429, 500, 504']],
    [{ type: 'apiErrors' }, ['fault.code: Required value']],
    [{ type: 'explode' }, ['fault.type: Unsupported value: "explode": supported values: nodeCrash, kubeletStop, kubeletRestart, nodeRemove, partition, zoneOutage, watchChaos, apiSlowdown, apiErrors, watchCompaction, clockSkew, containerCrash, imagePullFailure']],
    [{ type: 'partition', components: [] }, ['fault.components: must name at least one']],
    [{ type: 'partition', components: ['kube-apiserver'] }, ['fault.components[0]: cannot partition kube-apiserver from the API server']],
    [{ type: 'apiSlowdown', extraLatencyMs: 10, match: { verbs: ['patch'] } }, ['fault.match.verbs[0]: Unsupported value: "patch": supported values: create, update, updateStatus, delete, get, list, bind, watch']],
    [{ type: 'watchChaos', eventTypes: ['BOOKMARK'], delayMs: -1 }, ['fault.eventTypes[0]: Unsupported value: "BOOKMARK": supported values: ADDED, MODIFIED, DELETED', 'fault.delayMs: must be an integer ≥ 0']],
    [{ type: 'zoneOutage', zone: 'a', mode: 'flood' }, ['fault.mode: Unsupported value: "flood": supported values: crash, partition']],
    [{ type: 'containerCrash', namespace: 'default', pod: 'p', exitCode: 300 }, ['fault.exitCode: must be an integer between 0 and 255']],
    [{ type: 'nodeCrash', node: 'n', zone: 'a' }, ['fault.zone: unknown field for a nodeCrash fault']],
    ['nodeCrash', ['fault: must be an object with a type']],
  ])('%j', (fault, problems) => {
    expect(faultProblems(fault).map((p) => `${p.path}: ${p.reason}`)).toEqual(problems);
  });

  it('inject throws a FaultError with every problem and injects nothing', () => {
    const c = cluster(1);
    let err: unknown;
    try {
      c.inject({ type: 'apiErrors', code: 500, probability: -1 }, { durationMs: 0 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FaultError);
    expect((err as Error).message).toBe('fault.probability: must be between 0 and 1\ndurationMs: must be an integer ≥ 1');
    c.runFor('10s');
    expect(() => c.inject({ type: 'watchCompaction' }, { atMs: 5000 })).toThrow('atMs: must not be before the current virtual time (10000 ms)');
    expect(() => c.schedule([{ atMs: 0, fault: { type: 'clockSkew', node: 'node-1' } as unknown as Fault }])).toThrow('plan[0].fault.offsetMs: Required value');
    expect(c.faultHistory()).toEqual([]);
  });

  it('property: a probability outside [0, 1] is always reported at its path; one inside never is', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), fc.constantFrom(409, 429, 500, 504), (p, code) => {
        const problems = faultProblems({ type: 'apiErrors', code, probability: p });
        expect(problems.length > 0).toBe(p < 0 || p > 1);
        for (const x of problems) expect(x).toEqual({ path: 'fault.probability', reason: 'must be between 0 and 1' });
      }),
    );
  });
});

describe('property: fault plans are deterministic', () => {
  const faultArb: fc.Arbitrary<Fault> = fc.oneof(
    fc.record({ type: fc.constant('nodeCrash' as const), node: fc.constantFrom('node-1', 'node-2', 'node-3') }),
    fc.record({ type: fc.constant('partition' as const), components: fc.subarray(['kube-scheduler', 'replicaset-controller', 'kubelet/node-1'], { minLength: 1 }) }),
    fc.record({ type: fc.constant('apiErrors' as const), code: fc.constantFrom(409 as const, 429 as const, 500 as const, 504 as const), probability: fc.double({ min: 0, max: 1, noNaN: true }) }),
    fc.record({ type: fc.constant('watchChaos' as const), drop: fc.double({ min: 0, max: 0.5, noNaN: true }), reorder: fc.double({ min: 0, max: 0.5, noNaN: true }), delayMs: fc.nat(2000) }),
    fc.constant({ type: 'watchCompaction' as const }),
  );
  const planArb = fc.array(fc.record({ atMs: fc.integer({ min: 0, max: 60_000 }), fault: faultArb, durationMs: fc.integer({ min: 1000, max: 60_000 }) }), { maxLength: 4 });

  it('any plan replays to the same fingerprint, and after healAll the Deployment converges', () => {
    fc.assert(
      fc.property(planArb, fc.integer({ min: 1, max: 1000 }), (p, seed) => {
        const run = () => {
          const c = createCluster({ seed, nodePools: [{ namePrefix: 'node', count: 3 }], faults: p });
          c.apply([deployment('web', 3)]);
          c.runFor('90s');
          c.healAll();
          c.runFor('5m');
          return c;
        };
        const a = run();
        expect(run().fingerprint).toBe(a.fingerprint);
        const live = a.list<Pod>('Pod').filter((x) => x.metadata?.deletionTimestamp === undefined && x.status?.phase === 'Running');
        expect(live).toHaveLength(3);
      }),
      { numRuns: 8, seed: 42 },
    );
  });
});

describe('drain', () => {
  it('cordons, deletes controller-owned pods with their grace period, skips DaemonSet, mirror and unowned pods', () => {
    const c = cluster(5);
    c.runFor('5s');
    c.apply([deployment('web', 6)]);
    c.runFor('1m');
    const pinned = (name: string, meta: object) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', ...meta }, spec: { nodeName: 'node-1', containers: [{ name: 'main', image: 'nginx:1.25' }] } });
    c.apply([
      pinned('lonely', {}),
      pinned('mirror', { annotations: { 'kubernetes.io/config.mirror': 'abc' } }),
      pinned('ds-pod', { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'ds', uid: 'u-1', controller: true }] }),
    ]);
    c.runFor('1m');
    const before = pods(c, 'web').filter((p) => p.spec?.nodeName === 'node-1').map((p) => `default/${p.metadata?.name ?? ''}`).sort();
    expect(before.length).toBeGreaterThan(0);
    const r = c.drain('node-1');
    expect([...r.deleted].sort()).toEqual(before);
    expect(r.skipped).toEqual([
      { pod: 'default/ds-pod', reason: 'ignoring DaemonSet-managed Pods' },
      { pod: 'default/lonely', reason: 'cannot delete Pods that declare no controller (use --force to override)' },
      { pod: 'default/mirror', reason: 'mirror pod (deleted only by its kubelet)' },
    ]);
    expect(c.get<Node>('Node', '', 'node-1')?.spec?.unschedulable).toBe(true);
    const deleting = c.get<Pod>('Pod', 'default', before[0]?.slice('default/'.length) ?? '');
    expect(deleting?.metadata?.deletionGracePeriodSeconds).toBe(30);
    c.runFor('1m');
    const web = pods(c, 'web');
    expect(web).toHaveLength(6);
    expect(web.every((p) => p.spec?.nodeName !== 'node-1' && p.status?.phase === 'Running')).toBe(true);
    expect(c.drain('node-1', { force: true }).deleted).toEqual(['default/lonely']);
    expect(() => c.drain('node-9')).toThrow(ApiError);
    expect(() => c.drain('node-9')).toThrow('nodes "node-9" not found');
  });
});

describe('the intercept option', () => {
  it('still fails requests alongside the fault hooks', () => {
    const c = createCluster({
      seed: 1,
      nodePools: [{ namePrefix: 'node', count: 1 }],
      apiServer: { intercept: (req) => (req.verb === 'create' && req.object.kind === 'ReplicaSet' ? new ApiError('Forbidden', 'no') : undefined) },
    });
    c.inject({ type: 'apiSlowdown', extraLatencyMs: 100 });
    c.apply([deployment('web', 1)]);
    c.runFor('30s');
    expect(c.list('ReplicaSet')).toEqual([]);
  });
});

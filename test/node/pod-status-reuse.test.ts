// The kubelet's pod status reuses the previous status's conditions and IP lists when they are unchanged
// (kubernetes-behaviour.md §7.2: conditions keep their lastTransitionTime while their status stays). The reuse must
// give exactly the status a fresh build gives, key order included: property-checked against a build from a previous
// status whose conditions cannot be reused (each carries an extra undefined-valued key, invisible in JSON).
import fc from 'fast-check';
import type { PodCondition, PodStatus } from 'kubernetes-types/core/v1.js';
import { describe, expect, it } from 'vitest';
import { type ContainerRun, type PodObject, type PodRun, podStatusOf } from '../../src/node/pod-run.js';

const stateArb = fc.oneof(
  fc.record({ kind: fc.constant('waiting' as const), reason: fc.constantFrom('ContainerCreating', 'PodInitializing') }),
  fc.record({ kind: fc.constant('running' as const), startedAtMs: fc.integer({ min: 0, max: 50_000 }) }),
  fc.record({
    kind: fc.constant('terminated' as const), exitCode: fc.constantFrom(0, 1), reason: fc.constantFrom('Completed', 'Error'),
    startedAtMs: fc.integer({ min: 0, max: 50_000 }), finishedAtMs: fc.integer({ min: 50_000, max: 60_000 }),
  }),
);

/** The changing part of a run: container states and flags, phase, sandbox. */
const snapshotArb = fc.record({
  containers: fc.array(fc.record({ state: stateArb, ready: fc.boolean(), started: fc.boolean() }), { minLength: 3, maxLength: 3 }),
  phase: fc.constantFrom('Pending', 'Running', 'Succeeded', 'Failed') as fc.Arbitrary<PodRun['phase']>,
  sandboxReady: fc.boolean(),
  gate: fc.boolean(),
  nowMs: fc.integer({ min: 60_000, max: 120_000 }),
});
type Snapshot = typeof snapshotArb extends fc.Arbitrary<infer T> ? T : never;

const ROLES: ContainerRun['role'][] = ['init', 'sidecar', 'app'];

function runOf(s: Snapshot, lastSent: PodStatus | undefined): PodRun {
  const scheduled: PodCondition = { type: 'PodScheduled', status: 'True', lastTransitionTime: '2024-01-01T00:00:00Z' };
  const pod = {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', uid: 'u1' },
    spec: { containers: [{ name: 'c2', image: 'img' }], ...(s.gate ? { readinessGates: [{ conditionType: 'example.com/gate' }] } : {}) },
    status: { phase: 'Pending', qosClass: 'BestEffort', conditions: [scheduled] },
  } as PodObject;
  const containers = s.containers.map((c, i): ContainerRun => ({
    name: `c${i}`, image: 'img', role: ROLES[i] as ContainerRun['role'], behaviour: {} as ContainerRun['behaviour'], state: c.state,
    lastState: undefined, restartCount: 0, ready: c.ready, started: c.started, busy: false, run: 1, backoff: undefined,
  }));
  return {
    uid: 'u1', namespace: 'default', name: 'p', pod, containers, startTimeMs: 1000, sandboxReady: s.sandboxReady, podIP: '10.0.0.5',
    phase: s.phase, reason: undefined, message: undefined, configError: undefined, terminating: false, released: false,
    finalDeleteSent: false, lastSent,
  };
}

/** `status` whose conditions and IP lists cannot be reused: each condition and IP entry gets an extra undefined-valued key. */
function unreusable(status: PodStatus): PodStatus {
  return {
    ...status,
    conditions: (status.conditions ?? []).map((c) => ({ ...c, extra: undefined }) as PodCondition),
    hostIPs: (status.hostIPs ?? []).map((h) => ({ ...h, extra: undefined })),
    podIPs: (status.podIPs ?? []).map((h) => ({ ...h, extra: undefined })),
  };
}

describe('podStatusOf reuse of the previous status', () => {
  it('equals a fresh build key for key, and reuses exactly the unchanged conditions', () => {
    let reused = 0;
    fc.assert(
      fc.property(snapshotArb, snapshotArb, (before, after) => {
        const prev = Object.freeze(podStatusOf(runOf(before, undefined), before.nowMs, '10.1.0.1'));
        const now = after.nowMs + before.nowMs;
        const got = podStatusOf(runOf(after, prev), now, '10.1.0.1');
        const fresh = podStatusOf(runOf(after, unreusable(prev)), now, '10.1.0.1');
        expect(JSON.stringify(got)).toBe(JSON.stringify(fresh));
        for (const c of got.conditions ?? []) {
          if (c.type === 'PodScheduled') continue; // the stored pod's, not the kubelet's
          const old = prev.conditions?.find((p) => p.type === c.type);
          if (old !== undefined && JSON.stringify(old) === JSON.stringify(c)) {
            expect(c).toBe(old);
            reused++;
          } else expect(c).not.toBe(old);
        }
        expect(got.hostIPs).toBe(prev.hostIPs);
        expect(got.podIPs).toBe(prev.podIPs);
      }),
      { numRuns: 300 },
    );
    expect(reused).toBeGreaterThan(0);
  });

  it('a condition whose reason or message changed is rebuilt with its transition time kept', () => {
    const s: Snapshot = {
      containers: [0, 1, 2].map(() => ({ state: { kind: 'waiting' as const, reason: 'ContainerCreating' }, ready: false, started: false })),
      phase: 'Pending', sandboxReady: true, gate: false, nowMs: 60_000,
    };
    const prev = podStatusOf(runOf(s, undefined), 60_000, '10.1.0.1');
    const init = prev.conditions?.find((c) => c.type === 'Initialized');
    expect(init?.message).toBe('containers with incomplete status: [c0 c1]');
    // the init container finished: the sidecar alone is still incomplete
    const later: Snapshot = { ...s, containers: [{ ...s.containers[0], state: { kind: 'terminated', exitCode: 0, reason: 'Completed', startedAtMs: 1, finishedAtMs: 2 }, ready: false, started: false }, s.containers[1], s.containers[2]] as Snapshot['containers'] };
    const next = podStatusOf(runOf(later, prev), 90_000, '10.1.0.1');
    const init2 = next.conditions?.find((c) => c.type === 'Initialized');
    expect(init2).not.toBe(init);
    expect(init2).toEqual({ type: 'Initialized', status: 'False', lastTransitionTime: init?.lastTransitionTime, reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [c1]' });
    expect(next.conditions?.find((c) => c.type === 'PodReadyToStartContainers')).toBe(prev.conditions?.find((c) => c.type === 'PodReadyToStartContainers'));
  });
});

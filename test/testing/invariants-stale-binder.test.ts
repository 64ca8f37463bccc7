// pods-fit-node-at-bind judges a bind against the binder's possible view (kubernetes-behaviour.md §1.4): within
// staleMs of the store normally, and — while a fault blinds the scheduler (a partition, broken watches, refused
// lists) and staleMs after it heals — against any node version since the fault started, as a real kube-scheduler
// keeps scheduling from its cache while its reflectors cannot reach the API server. Regression test of a false
// positive found by checkCluster (README property, seed 11), shrunk to this scenario.
import { fileURLToPath } from 'node:url';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { describe, expect, it } from 'vitest';
import { loadScenario, runScenario } from '../../src/scenario/index.js';
import { podsFitNodeAtBind } from '../../src/testing/index.js';
import { monitorInvariants } from '../../src/testing/monitor.js';

const file = fileURLToPath(new URL('./fixtures/stale-scheduler-after-partition.yaml', import.meta.url));

describe('pods-fit-node-at-bind and a blinded scheduler', () => {
  it('accepts a bind from the pre-partition view right after the heal, and still reports the same bind without the fault window', () => {
    const scenario = loadScenario(file);
    const r = runScenario(scenario);
    expect(r.expectations.find((e) => e.expectation === 'invariant pods-fit-node-at-bind')?.ok).toBe(true);
    // the bind did happen: a pod bound at the heal to a partitioned node, tainted unreachable meanwhile
    const late = r.cluster.list<Pod>('Pod').filter((p) => p.spec?.nodeName === 'node-2' || p.spec?.nodeName === 'node-4');
    expect(late.length).toBeGreaterThan(0);
    // the same run judged with a binder that no fault blinds: the stale bind is a violation
    let monitor: ReturnType<typeof monitorInvariants> | undefined;
    runScenario({ ...scenario, expect: [] }, { onCluster: (c) => { monitor = monitorInvariants(c, [podsFitNodeAtBind({ binder: 'someone-else' })], { stopOnViolation: false }); } });
    expect(monitor?.first?.reason).toMatch(/bound to node node-[24]: untolerated taint \{node\.kubernetes\.io\/unreachable:NoSchedule\}/);
  });
});

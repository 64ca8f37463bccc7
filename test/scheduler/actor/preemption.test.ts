// Preemption in the scheduler actor and nominated pods in filters (§1.1 step 5, §1.7): the preemptor is
// nominated (status.nominatedNodeName), its victims are deleted, and until it is bound the room it freed is
// held for it — filters run with nominated pods of equal or higher priority added (upstream
// RunFilterPluginsWithNominatedPods).
import { describe, expect, it } from 'vitest';
import { createFramework, kubeScheduler, PodInfo, schedulePod, type KubeSchedulerState } from '../../../src/scheduler/index.js';
import { cluster, node as snapNode, pod as snapPod } from '../helpers.js';
import { node, pod, setup } from './fixture.js';

const random = () => 0;

describe('nominated pods in filters (schedulePod)', () => {
  // n1: 4 cpu with 2 cpu used; a 2-cpu preemptor of priority 100 is nominated to n1.
  const make = () => {
    const c = cluster([snapNode('n1', { cpu: '4' })], [snapPod('used', { nodeName: 'n1', cpu: '2' })]);
    const fw = createFramework();
    fw.nominator.add(new PodInfo(snapPod('preemptor', { cpu: '2', priority: 100 })), 'n1');
    return { c, fw };
  };

  it('a lower-priority pod does not get the room held for a nominated pod: Insufficient cpu', () => {
    const { c, fw } = make();
    const r = schedulePod(fw, c.snapshot, snapPod('sneaky', { cpu: '2', priority: 10 }), { random });
    expect(r.selectedNode).toBeNull();
    expect(r.message).toMatch(/^0\/1 nodes are available: 1 Insufficient cpu\./);
  });

  it('an equal-priority pod does not get it either (nominated pods with priority ≥ the pod count)', () => {
    const { c, fw } = make();
    expect(schedulePod(fw, c.snapshot, snapPod('peer', { cpu: '2', priority: 100 }), { random }).selectedNode).toBeNull();
  });

  it('a higher-priority pod ignores the nomination, and so does the nominated pod itself', () => {
    const { c, fw } = make();
    expect(schedulePod(fw, c.snapshot, snapPod('vip', { cpu: '2', priority: 1000 }), { random }).selectedNode).toBe('n1');
    expect(schedulePod(fw, c.snapshot, snapPod('preemptor', { cpu: '2', priority: 100 }), { random }).selectedNode).toBe('n1');
  });

  it('a pod that fits beside the nominated pod still lands (the filters pass with it added and without it)', () => {
    const { c, fw } = make();
    expect(schedulePod(fw, c.snapshot, snapPod('small', { cpu: '0', priority: 0 }), { random }).selectedNode).toBe('n1');
  });

  it('a pod nominated to a node where a lower-priority pod is terminating does not preempt again', () => {
    const c = cluster([snapNode('n1', { cpu: '2' })]);
    c.addPod({ ...snapPod('victim', { nodeName: 'n1', cpu: '2', priority: 0 }), metadata: { name: 'victim', namespace: 'default', deletionTimestamp: '2026-01-01T00:00:00Z' } });
    const p = { ...snapPod('preemptor', { cpu: '2', priority: 100 }), status: { nominatedNodeName: 'n1' } };
    const r = schedulePod(createFramework(), c.snapshot, p, { random });
    expect(r.nominatedNodeName).toBeUndefined();
    expect(r.message).toBe('0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to a terminating pod on the nominated node.');
  });
});

describe('preemption in the scheduler actor', () => {
  it('nominates the preemptor, deletes the victim with a Preempted event, then binds the preemptor there', () => {
    const { sim, core, write, get, nodeOf } = setup();
    write(node('n1', '4'));
    write(pod('low-a', '2', { nodeName: 'n1', priority: 0, grace: 0 }));
    write(pod('low-b', '2', { nodeName: 'n1', priority: 0, grace: 0 }));
    sim.spawn('kube-scheduler', kubeScheduler({ cycleMs: 3 }));
    sim.runUntil(100);
    write(pod('high', '2', { priority: 100 }));
    sim.runUntil(150);
    expect(get('high')?.status?.nominatedNodeName).toBe('n1');
    const gone = ['low-a', 'low-b'].filter((n) => get(n) === undefined);
    expect(gone).toHaveLength(1); // one victim is enough: 2 + 2 ≤ 4 after it goes
    const preempted = core.list('Event').items.filter((e) => (e as { reason?: string }).reason === 'Preempted');
    expect(preempted).toHaveLength(1);
    expect((preempted[0] as { involvedObject?: { name?: string } }).involvedObject?.name).toBe(gone[0]);
    sim.runUntil(3_000);
    expect(nodeOf('high')).toBe('n1');
    expect(sim.stateOf<KubeSchedulerState>('kube-scheduler').nominator.size).toBe(0);
  });

  it('a lower-priority pod arriving while the preemptor backs off does not take the room it freed', () => {
    const { sim, core, write, nodeOf } = setup();
    write(node('n1', '2'));
    write(pod('victim', '2', { nodeName: 'n1', priority: 0, grace: 30 }));
    sim.spawn('kube-scheduler', kubeScheduler({ cycleMs: 3 }));
    sim.runUntil(100);
    write(pod('high', '2', { priority: 100 })); // preempts at ~103 ms, then backs off for 1 s
    sim.runUntil(300);
    // the victim is terminating (30 s grace, no kubelet here): finish it by hand, as a kubelet would
    core.delete('Pod', 'default', 'victim', { gracePeriodSeconds: 0 });
    sim.send('kube-apiserver', { type: 'api.flush' });
    sim.runUntil(400);
    write(pod('sneaky', '2', { priority: 50 })); // n1 is empty now, but held for `high`
    sim.runUntil(20_000);
    expect(nodeOf('high')).toBe('n1');
    expect(nodeOf('sneaky')).toBe('');
  });

  it('watches PodDisruptionBudgets: the victim is taken from the node whose pods no budget protects', () => {
    const { sim, core, write, get } = setup();
    write(node('n1', '2'));
    write(node('n2', '2'));
    const guarded = pod('guarded', '2', { nodeName: 'n1', priority: 0, grace: 0 });
    write({ ...guarded, metadata: { ...guarded.metadata, labels: { app: 'db' } } });
    write(pod('free', '2', { nodeName: 'n2', priority: 50, grace: 0 }));
    write({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'db', namespace: 'default' },
      spec: { minAvailable: 1, selector: { matchLabels: { app: 'db' } } } });
    sim.spawn('kube-scheduler', kubeScheduler({ cycleMs: 3 }));
    sim.runUntil(100);
    write(pod('high', '2', { priority: 100 }));
    sim.runUntil(150);
    // without the budget n1 (victim priority 0 < 50) would be chosen
    expect(get('high')?.status?.nominatedNodeName).toBe('n2');
    expect(get('free')).toBeUndefined();
    expect(core.get('Pod', 'default', 'guarded')).toBeDefined();
  });

  // Upstream pkg/scheduler/framework/preemption (prepareCandidate, TestPrepareCandidate): before deleting a
  // victim the scheduler patches its status with DisruptionTarget=True, reason PreemptionByScheduler, message
  // "<preemptor's schedulerName>: preempting to accommodate a higher priority pod" (§1.7; condition type §7).
  it('marks each victim DisruptionTarget (PreemptionByScheduler) before deleting it', () => {
    const { sim, core, write, get } = setup();
    write(node('n1', '2'));
    write(pod('victim', '2', { nodeName: 'n1', priority: 0, grace: 30 })); // stays Terminating: no kubelet here
    sim.spawn('kube-scheduler', kubeScheduler({ cycleMs: 3 }));
    sim.runUntil(100);
    write(pod('high', '2', { priority: 100 }));
    sim.runUntil(150);
    const victim = get('victim');
    expect(victim?.metadata?.deletionTimestamp).toBeDefined();
    const conds = (victim?.status?.conditions ?? []).filter((c) => c.type === 'DisruptionTarget');
    expect(conds).toHaveLength(1);
    expect(conds[0]).toMatchObject({
      status: 'True', reason: 'PreemptionByScheduler', message: 'default-scheduler: preempting to accommodate a higher priority pod',
    });
    expect(conds[0]?.lastTransitionTime).toBeDefined();
    expect(core.list('Event').items.filter((e) => (e as { reason?: string }).reason === 'Preempted')).toHaveLength(1);
  });
});

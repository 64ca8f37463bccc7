// Reserve / Permit / PreBind / Bind / PostBind in the scheduler actor, with small custom plugins (§1.1 steps
// 9–11, upstream schedule_one.go): a Reserve failure runs Unreserve on every Reserve plugin in reverse order
// and the pod goes back to the queue; Permit Wait holds the pod until allowed, or rejects it after the
// timeout; a PreBind failure unreserves; Bind plugins run in order until one does not Skip; PostBind follows.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { describe, expect, it } from 'vitest';
import {
  inTreeRegistry, kubeScheduler, newStatus, SKIP, SUCCESS, type FrameworkHandle, type KubeSchedulerState, type PodInfo,
  type SchedulerPlugin, type Status,
} from '../../../src/scheduler/index.js';
import { node, pod, setup } from './fixture.js';

const podName = (p: PodInfo) => p.pod.metadata?.name ?? '';

/** A plugin that logs every binding-cycle call as `<point> <plugin> <pod>`; `override` changes a point's result. */
function recorder(name: string, log: string[], override: Partial<Record<'reserve' | 'preBind' | 'bind', (p: PodInfo) => Status>> = {}) {
  return {
    name,
    reserve(_s, p) { log.push(`reserve ${name} ${podName(p)}`); return override.reserve?.(p) ?? SUCCESS; },
    unreserve(_s, p) { log.push(`unreserve ${name} ${podName(p)}`); },
    preBind(_s, p) { log.push(`preBind ${name} ${podName(p)}`); return override.preBind?.(p) ?? SUCCESS; },
    bind(_s, p) { log.push(`bind ${name} ${podName(p)}`); return override.bind?.(p) ?? SKIP; },
    postBind(_s, p) { log.push(`postBind ${name} ${podName(p)}`); },
  } satisfies SchedulerPlugin;
}

function config(plugins: { multiPoint?: string[]; bind?: string[]; disableBind?: string[] }): string {
  const names = (l: string[] | undefined) => `[${(l ?? []).map((n) => `{name: ${n}}`).join(', ')}]`;
  return `apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
profiles:
- schedulerName: default-scheduler
  plugins:
    multiPoint: {enabled: ${names(plugins.multiPoint)}}
    bind: {enabled: ${names(plugins.bind)}, disabled: ${names(plugins.disableBind)}}
`;
}

function run(plugins: Record<string, (h: FrameworkHandle) => SchedulerPlugin>, cfg: string) {
  const env = setup();
  const registry = inTreeRegistry();
  for (const [n, f] of Object.entries(plugins)) registry.register(n, (_args, h) => f(h));
  env.write(node('n1', '4'));
  env.sim.spawn('kube-scheduler', kubeScheduler({ cycleMs: 3, config: cfg, registry }));
  env.sim.runUntil(100);
  const state = () => env.sim.stateOf<KubeSchedulerState>('kube-scheduler');
  const condition = (name: string) => (env.get(name) as Pod | undefined)?.status?.conditions?.find((c) => c.type === 'PodScheduled');
  return { ...env, state, condition };
}

describe('Reserve', () => {
  it('a Reserve failure unreserves every Reserve plugin in reverse order, forgets the pod and requeues it', () => {
    const log: string[] = [];
    let failures = 1;
    const env = run({
      R1: () => recorder('R1', log),
      R2: () => recorder('R2', log, { reserve: () => (failures-- > 0 ? newStatus('Unschedulable', 'R2', 'no slot reserved') : SUCCESS) }),
      R3: () => recorder('R3', log),
    }, config({ multiPoint: ['R1', 'R2', 'R3'] }));
    env.write(pod('p', '1'));
    env.sim.runUntil(200);
    expect(log).toEqual(['reserve R1 p', 'reserve R2 p', 'unreserve R3 p', 'unreserve R2 p', 'unreserve R1 p']);
    expect(env.nodeOf('p')).toBe('');
    expect(env.state().cache.isAssumed('default/p')).toBe(false);
    expect(env.state().queue.has('default/p')).toBe(true);
    expect(env.condition('p')).toMatchObject({ status: 'False', reason: 'Unschedulable', message: 'no slot reserved' });
    // R2 registers no events, so any cluster event moves the pod back (after its 1 s backoff)
    env.write(node('n2', '4'));
    env.sim.runUntil(3_000);
    expect(env.nodeOf('p')).not.toBe('');
    // DefaultBinder, from the default multiPoint list, comes before R1–R3 at Bind and binds: theirs never runs
    expect(log.slice(5)).toEqual(['reserve R1 p', 'reserve R2 p', 'reserve R3 p', 'preBind R1 p', 'preBind R2 p', 'preBind R3 p',
      'postBind R1 p', 'postBind R2 p', 'postBind R3 p']);
  });
});

describe('Permit', () => {
  const waiter = (log: string[], timeoutMs: number) => (): SchedulerPlugin => ({
    ...recorder('W', log),
    permit: (_s, p) => { log.push(`permit W ${podName(p)}`); return { status: newStatus('Wait', 'W'), timeoutMs }; },
  });

  it('Wait with a timeout: nothing binds meanwhile, then the pod is rejected, unreserved and requeued', () => {
    const log: string[] = [];
    const env = run({ W: waiter(log, 5_000) }, config({ multiPoint: ['W'] }));
    env.write(pod('p', '1'));
    env.sim.runUntil(4_000);
    expect(log).toEqual(['reserve W p', 'permit W p']);
    expect(env.state().cache.isAssumed('default/p')).toBe(true); // the room stays reserved while it waits
    expect(env.state().frameworks.get('default-scheduler')?.getWaitingPod('default/p')?.pendingPlugins()).toEqual(['W']);
    env.sim.runUntil(5_200);
    expect(log).toEqual(['reserve W p', 'permit W p', 'unreserve W p']);
    expect(env.nodeOf('p')).toBe('');
    expect(env.state().cache.isAssumed('default/p')).toBe(false);
    expect(env.condition('p')?.message).toBe('rejected due to timeout after waiting 5s at plugin W');
  });

  it('Wait, then allowed by the plugin when the second pod of a pair arrives: both bind, none times out', () => {
    const log: string[] = [];
    const gang = (h: FrameworkHandle): SchedulerPlugin => ({
      name: 'Gang',
      permit: (_s, p) => {
        let waiting = 0;
        h.iterateOverWaitingPods(() => { waiting++; });
        if (waiting + 1 < 2) { log.push(`wait ${podName(p)}`); return { status: newStatus('Wait', 'Gang'), timeoutMs: 10_000 }; }
        h.iterateOverWaitingPods((w) => { log.push(`allow ${podName(w.pod)}`); w.allow('Gang'); });
        return { status: SUCCESS, timeoutMs: 0 };
      },
    });
    const env = run({ Gang: gang }, config({ multiPoint: ['Gang'] }));
    env.write(pod('a', '1'));
    env.sim.runUntil(1_000);
    expect(env.nodeOf('a')).toBe('');
    env.write(pod('b', '1'));
    env.sim.runUntil(1_100);
    expect(log).toEqual(['wait a', 'allow a']);
    expect([env.nodeOf('a'), env.nodeOf('b')]).toEqual(['n1', 'n1']);
    env.sim.runUntil(20_000);
    expect(env.condition('a')?.status).toBe('True');
  });

  it('a victim waiting at Permit is rejected by preemption ("preempted"), not deleted; the preemptor binds (upstream prepareCandidate)', () => {
    const log: string[] = [];
    // W holds priority-0 pods at Permit for a minute and lets the others through
    const holdLow = (): SchedulerPlugin => ({
      ...recorder('W', log),
      permit: (_s, p) => (p.priority === 0 ? { status: newStatus('Wait', 'W'), timeoutMs: 60_000 } : { status: SUCCESS, timeoutMs: 0 }),
    });
    const env = run({ W: holdLow }, config({ multiPoint: ['W'] }));
    env.write(pod('low', '4', { priority: 0 }));
    env.sim.runUntil(1_000);
    expect(env.state().cache.isAssumed('default/low')).toBe(true);
    env.write(pod('high', '4', { priority: 100 }));
    env.sim.runUntil(1_100);
    // the preemptor is nominated to n1; the waiting victim was rejected and its room unreserved
    expect((env.get('high') as Pod | undefined)?.status?.nominatedNodeName).toBe('n1');
    expect(env.state().waiting.has('default/low')).toBe(false);
    expect(log).toContain('unreserve W low');
    env.sim.runUntil(10_000);
    expect(env.get('low')).toBeDefined(); // not deleted
    expect(env.nodeOf('low')).toBe('');
    expect(env.nodeOf('high')).toBe('n1');
  });

  it('Unschedulable from Permit rejects at once and unreserves', () => {
    const log: string[] = [];
    const env = run({
      No: () => ({ ...recorder('No', log), permit: () => ({ status: newStatus('Unschedulable', 'No', 'not now'), timeoutMs: 0 }) }),
    }, config({ multiPoint: ['No'] }));
    env.write(pod('p', '1'));
    env.sim.runUntil(200);
    expect(log).toEqual(['reserve No p', 'unreserve No p']);
    expect(env.condition('p')?.message).toBe('not now');
  });
});

describe('PreBind and Bind', () => {
  it('a PreBind error unreserves and backs the pod off; the retry binds', () => {
    const log: string[] = [];
    let failures = 1;
    const env = run({
      P: () => recorder('P', log, { preBind: () => (failures-- > 0 ? newStatus('Error', 'P', 'volume not ready') : SUCCESS) }),
    }, config({ multiPoint: ['P'] }));
    env.write(pod('p', '1'));
    env.sim.runUntil(200);
    expect(log).toEqual(['reserve P p', 'preBind P p', 'unreserve P p']);
    expect(env.nodeOf('p')).toBe('');
    env.sim.runUntil(2_500); // backoff 1 s, flushed by the 1 s timer
    expect(env.nodeOf('p')).toBe('n1');
  });

  it('Bind plugins run in order until one does not Skip; that one binds, later ones are not called', () => {
    const log: string[] = [];
    const env = run({
      B1: () => recorder('B1', log),
      B2: () => recorder('B2', log, { bind: () => SUCCESS }),
      B3: () => recorder('B3', log, { bind: () => SUCCESS }),
    }, config({ multiPoint: ['B1', 'B2', 'B3'], disableBind: ['DefaultBinder'] }));
    env.write(pod('p', '1'));
    env.sim.runUntil(200);
    expect(log.filter((l) => l.startsWith('bind') || l.startsWith('postBind'))).toEqual(['bind B1 p', 'bind B2 p', 'postBind B1 p', 'postBind B2 p', 'postBind B3 p']);
    expect(env.nodeOf('p')).toBe('n1');
  });

  it('every Bind plugin skipping is an error: unreserve, and the pod is not bound', () => {
    const log: string[] = [];
    const env = run({ B1: () => recorder('B1', log) }, config({ multiPoint: ['B1'], disableBind: ['DefaultBinder'] }));
    env.write(pod('p', '1'));
    env.sim.runUntil(200);
    expect(log).toEqual(['reserve B1 p', 'preBind B1 p', 'bind B1 p', 'unreserve B1 p']);
    expect(env.nodeOf('p')).toBe('');
  });
});

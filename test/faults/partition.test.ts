// Network partitions between components and the API server (kubernetes-behaviour.md §1, §6, §8): a partitioned
// component's requests time out unserved and its watches break; after the heal its informers relist and it
// catches up.
import { describe, expect, it } from 'vitest';
import { cluster, deployment, ms, pods } from './helpers.js';

describe('partition', () => {
  it('a partitioned scheduler binds nothing for 2 m; pods stay Pending, then all bind after the heal', () => {
    const c = cluster(1);
    c.runFor('10s');
    const id = c.inject({ type: 'partition', components: ['kube-scheduler'] }, { durationMs: 120_000 });
    c.apply([deployment('web', 5)]);
    c.run(129_000);
    expect(pods(c, 'web')).toHaveLength(5);
    expect(pods(c, 'web').every((p) => (p.spec?.nodeName ?? '') === '' && p.status?.phase === 'Pending')).toBe(true);
    expect(c.activeFaults().map((f) => f.id)).toEqual([id]);
    c.run(130_000);
    expect(c.activeFaults()).toEqual([]);
    c.run(160_000);
    const bound = pods(c, 'web');
    expect(bound.every((p) => (p.spec?.nodeName ?? '') !== '')).toBe(true);
    for (const p of bound) {
      const scheduledAt = ms(p.status?.conditions?.find((x) => x.type === 'PodScheduled')?.lastTransitionTime);
      expect(scheduledAt).toBeGreaterThanOrEqual(130_000);
    }
    expect(c.faultHistory()).toEqual([{ id, fault: { type: 'partition', components: ['kube-scheduler'] }, startedAtMs: 10_000, endedAtMs: 130_000 }]);
  });
});

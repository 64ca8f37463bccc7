// PodTopologySpread's filter counts are cached per snapshot and refreshed by node generation; after pods are
// assumed, removed, relabelled and nodes move zones or go away, the cached counts must equal a fresh count
// over a freshly built cache (§1.4).
import type { Pod } from 'kubernetes-types/core/v1.js';
import { describe, expect, it } from 'vitest';
import { PodInfo, type SchedulerCache } from '../../../src/scheduler/index.js';
import { podConstraints } from '../../../src/scheduler/plugins/pod-topology-spread/common.js';
import { buildFilterState } from '../../../src/scheduler/plugins/pod-topology-spread/filtering.js';
import { buildScoreState, spreadScore } from '../../../src/scheduler/plugins/pod-topology-spread/scoring.js';
import { cluster, node, pod } from '../helpers.js';

const incoming = new PodInfo(pod('incoming', { labels: { app: 'web' }, spec: { topologySpreadConstraints: [
  { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } },
  { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } },
] } }));
const constraints = podConstraints(incoming, 'DoNotSchedule', [], undefined);
const zoned = (i: number, zone: string) => node(`n${i}`, { labels: { 'topology.kubernetes.io/zone': zone } });

function counts(c: SchedulerCache) {
  const s = buildFilterState(incoming, constraints, undefined, c.snapshot);
  return { counts: s.counts.map((m) => Object.fromEntries([...m].sort())), min: s.min };
}

describe('PodTopologySpread cached counts', () => {
  it('follow every change of the cache exactly', () => {
    const nodes = [zoned(0, 'a'), zoned(1, 'a'), zoned(2, 'b'), zoned(3, 'c'), node('unlabelled')];
    const live = cluster(nodes);
    const pods: Pod[] = [];
    const fresh = () => cluster(live.snapshot.list().map((n) => n.node), pods);
    const step = (what: string, f: () => void) => { f(); expect(counts(live), what).toEqual(counts(fresh())); };
    expect(counts(live)).toEqual(counts(fresh()));
    for (let i = 0; i < 12; i++) {
      const p = pod(`p${i}`, { nodeName: `n${i % 4}`, labels: { app: i % 3 === 0 ? 'db' : 'web' } });
      step(`add p${i}`, () => { live.addPod(p); pods.push(p); });
    }
    step('remove p1', () => { live.removePod('default/p1'); pods.splice(pods.findIndex((p) => p.metadata?.name === 'p1'), 1); });
    step('relabel p2', () => {
      const i = pods.findIndex((p) => p.metadata?.name === 'p2');
      const p = { ...pods[i], metadata: { ...pods[i]?.metadata, labels: { app: 'db' } } } as Pod;
      live.updatePod(p);
      pods[i] = p;
    });
    step('n2 moves to zone a', () => live.updateNode(zoned(2, 'a')));
    step('n3 (the only node of zone c) is removed', () => {
      live.removeNode('n3');
      for (let i = pods.length - 1; i >= 0; i--) if (pods[i]?.spec?.nodeName === 'n3') pods.splice(i, 1);
    });
    // web pods left: p4, p8 (n0), p5 (n1), p10 (n2) — all zone a now; b and c have no node left
    expect(counts(live).counts[0]).toEqual({ a: 4 });
  });

  it('stay exact when the snapshot\'s change log started over since the last count (a full recount)', () => {
    const nodes = [zoned(0, 'a'), zoned(1, 'b'), zoned(2, 'c')];
    const live = cluster(nodes);
    const pods: Pod[] = [];
    const fresh = () => cluster(live.snapshot.list().map((n) => n.node), pods);
    expect(counts(live)).toEqual(counts(fresh()));
    // 2 log entries per assume + forget: far more than the log keeps, then a few lasting changes
    const churn = pod('churn', { labels: { app: 'web' } });
    for (let i = 0; i < 40_000; i++) { live.assumePod(churn, `n${i % 3}`); live.forgetPod(churn); }
    for (let i = 0; i < 5; i++) {
      const p = pod(`p${i}`, { nodeName: `n${i % 3}`, labels: { app: 'web' } });
      live.addPod(p);
      pods.push(p);
    }
    expect(live.snapshot.changeLog.base).toBeGreaterThan(0);
    expect(counts(live)).toEqual(counts(fresh()));
    expect(counts(live).counts[0]).toEqual({ a: 2, b: 2, c: 1 });
  });

  // PreScore's per-domain counts (§1.5.6) come from the same incremental cache when node inclusion does not
  // depend on the pod; with the system defaults (requireAll false) a node without the key counts as domain ''.
  it('Score counts follow every change of the cache exactly, with and without requireAll', () => {
    const scoreConstraints = podConstraints(incoming, 'DoNotSchedule', [], undefined); // zone + hostname
    const scoreCounts = (c: SchedulerCache, requireAll: boolean) => {
      const feasible = c.snapshot.list();
      const st = buildScoreState(incoming, scoreConstraints, requireAll, undefined, feasible, c.snapshot);
      // the raw per-node scores too: the hostname count a node remembers must follow its pods
      const raw = feasible.map((n) => [n.name, spreadScore(st, incoming, n)]);
      return [...st.counts.map((m) => Object.fromEntries([...m].sort())), Object.fromEntries(raw)];
    };
    const nodes = [zoned(0, 'a'), zoned(1, 'a'), zoned(2, 'b'), node('bare')];
    const live = cluster(nodes);
    const pods: Pod[] = [];
    const fresh = () => cluster(live.snapshot.list().map((n) => n.node), pods);
    const step = (what: string, f: () => void) => {
      f();
      for (const requireAll of [true, false]) expect(scoreCounts(live, requireAll), `${what} (requireAll ${requireAll})`).toEqual(scoreCounts(fresh(), requireAll));
    };
    step('empty', () => undefined);
    for (let i = 0; i < 8; i++) {
      const p = pod(`p${i}`, { nodeName: i % 4 === 3 ? 'bare' : `n${i % 3}`, labels: { app: i % 3 === 0 ? 'db' : 'web' } });
      step(`add p${i}`, () => { live.addPod(p); pods.push(p); });
    }
    step('remove p1', () => { live.removePod('default/p1'); pods.splice(pods.findIndex((p) => p.metadata?.name === 'p1'), 1); });
    step('n2 moves to zone a', () => live.updateNode(zoned(2, 'a')));
    // web pods: p2 (n2), p5 (n2), p7 (bare), p4 (n1); bare has no zone → '' without requireAll
    expect(scoreCounts(live, false)[0]).toEqual({ '': 1, a: 3 });
    expect(scoreCounts(live, true)[0]).toEqual({ a: 3 });
  });
});

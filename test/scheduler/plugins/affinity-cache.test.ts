// InterPodAffinity's PreFilter pair counts are cached per snapshot and refreshed by node generation; after pods
// with (anti-)affinity are added, removed and relabelled and nodes move or go, they must equal upstream's
// walk over every existing pod (buildAffinityFilterStateUncached) (§1.4).
import type { Pod } from 'kubernetes-types/core/v1.js';
import { describe, expect, it } from 'vitest';
import { PodInfo, type SchedulerCache } from '../../../src/scheduler/index.js';
import {
  buildAffinityFilterState, buildAffinityFilterStateUncached, type PairCounts,
} from '../../../src/scheduler/plugins/inter-pod-affinity/filtering.js';
import { cluster, node, pod } from '../helpers.js';

const ZONE = 'topology.kubernetes.io/zone';
const HOST = 'kubernetes.io/hostname';
const term = (key: string, app: string) => ({ labelSelector: { matchLabels: { app } }, topologyKey: key });
const withAffinity = (name: string, app: string, o: { nodeName?: string; anti?: string; aff?: string; key?: string } = {}): Pod =>
  pod(name, { labels: { app }, ...(o.nodeName !== undefined ? { nodeName: o.nodeName } : {}), spec: { affinity: {
    ...(o.anti !== undefined ? { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term(o.key ?? HOST, o.anti)] } } : {}),
    ...(o.aff !== undefined ? { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term(o.key ?? ZONE, o.aff)] } } : {}),
  } } });

const plain = (m: PairCounts) => Object.fromEntries([...m].map(([k, v]) => [k, Object.fromEntries([...v].sort())]).sort());
const view = (s: ReturnType<typeof buildAffinityFilterState>) =>
  s === undefined ? undefined : { existingAnti: plain(s.existingAnti), affinity: plain(s.affinity), anti: plain(s.anti) };

const incoming = [
  new PodInfo(withAffinity('web-new', 'web', { anti: 'web' })),
  new PodInfo(withAffinity('db-new', 'db', { aff: 'web', anti: 'db', key: ZONE })),
  new PodInfo(pod('plain-new', { labels: { app: 'web' } })),
];
const same = (c: SchedulerCache, what: string) => {
  for (const p of incoming) expect(view(buildAffinityFilterState(p, c.snapshot)), `${what}: ${p.name}`).toEqual(view(buildAffinityFilterStateUncached(p, c.snapshot)));
};

describe('InterPodAffinity cached pair counts', () => {
  it('equal the full walk after every change', () => {
    const zoned = (i: number, z: string) => node(`n${i}`, { labels: { [ZONE]: z } });
    const c = cluster([zoned(0, 'a'), zoned(1, 'a'), zoned(2, 'b'), zoned(3, 'c')]);
    same(c, 'empty');
    for (let i = 0; i < 10; i++) {
      const app = ['web', 'db', 'cache'][i % 3] as string;
      c.addPod(withAffinity(`p${i}`, app, { nodeName: `n${i % 4}`, ...(i % 2 === 0 ? { anti: app } : { aff: 'web' }) }));
      same(c, `add p${i}`);
    }
    c.removePod('default/p0');
    same(c, 'remove p0 (anti)');
    c.updatePod(withAffinity('p2', 'db', { nodeName: 'n2' }));
    same(c, 'p2 loses its anti-affinity and changes app');
    c.updateNode(node('n1', { labels: { [ZONE]: 'b' } }));
    same(c, 'n1 moves to zone b');
    c.removeNode('n3');
    same(c, 'n3 removed');
    // of the web pods with anti-affinity to web, only p6 (on n2) is left
    expect(view(buildAffinityFilterState(incoming[0] as PodInfo, c.snapshot))?.existingAnti).toEqual({ [HOST]: { n2: 1 } });
  });

  it('equal the full walk with namespaceSelector terms when namespace labels change (the caches key on their version)', () => {
    const nsTerm = (app: string, team: string) => ({ labelSelector: { matchLabels: { app } }, namespaceSelector: { matchLabels: { team } }, topologyKey: HOST });
    const c = cluster([node('n0'), node('n1'), node('n2')]);
    c.setNamespaceLabels('default', { team: 'x' });
    c.setNamespaceLabels('prod', { team: 'a' });
    c.addPod(pod('db-prod', { ns: 'prod', nodeName: 'n1', labels: { app: 'db' } }));
    c.addPod(pod('guard', { ns: 'prod', nodeName: 'n2', labels: { app: 'guard' }, spec: { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [nsTerm('web', 'x')] } } } }));
    const wantsDb = new PodInfo(pod('web-1', { labels: { app: 'web' }, spec: { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [nsTerm('db', 'a')] } } } }));
    const check = (what: string) => expect(view(buildAffinityFilterState(wantsDb, c.snapshot)), what).toEqual(view(buildAffinityFilterStateUncached(wantsDb, c.snapshot)));
    check('prod is team a, default team x');
    expect(view(buildAffinityFilterState(wantsDb, c.snapshot))).toEqual({ existingAnti: { [HOST]: { n2: 1 } }, affinity: { [HOST]: { n1: 1 } }, anti: {} });
    c.setNamespaceLabels('prod', { team: 'b' }); // db-prod no longer in a selected namespace
    check('prod relabelled team b');
    expect(view(buildAffinityFilterState(wantsDb, c.snapshot))?.affinity).toEqual({});
    c.setNamespaceLabels('default', { team: 'y' }); // the guard's anti-affinity no longer selects default's pods
    check('default relabelled team y');
    expect(view(buildAffinityFilterState(wantsDb, c.snapshot))?.existingAnti).toEqual({});
  });
});

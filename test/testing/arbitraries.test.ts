// The arbitraries produce plain data that the API server accepts, refer only to what exists, stay within their
// bounds, and shrink to small readable counterexamples.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../src/cluster/index.js';
import type { Fault, FaultType } from '../../src/faults/types.js';
import { parseScenario } from '../../src/scenario/index.js';
import { scenarioToYaml } from '../../src/scenario/serialize.js';
import type { TimedAction } from '../../src/scenario/types.js';
import { loadSchedulerConfiguration } from '../../src/scheduler/config/load.js';
import {
  ARB_COMPONENTS, coherentTimeline, DEFAULT_FAULT_TYPES, deploymentArb, describeScenario, faultPlanArb, nodeNames, nodePoolsArb,
  poolZones, scenarioArb, schedulerConfigArb, timelineArb, UNDO_AFTER_MS, workloadsArb,
} from '../../src/testing/arbitraries/index.js';

const isPlain = (v: unknown): boolean =>
  v === null || ['string', 'number', 'boolean'].includes(typeof v) ||
  (Array.isArray(v) ? v.every(isPlain) : typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype && Object.values(v as object).every(isPlain));

describe('nodePoolsArb', () => {
  it('stays within maxNodes and maxPools, with distinct names and address ranges', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 4 }), fc.gen(), (maxNodes, maxPools, gen) => {
      const pools = gen(nodePoolsArb, { maxNodes, maxPools });
      const names = nodeNames(pools);
      expect(names.length).toBeGreaterThanOrEqual(1);
      expect(names.length).toBeLessThanOrEqual(maxNodes);
      expect(pools.length).toBeLessThanOrEqual(maxPools);
      expect(new Set(names).size).toBe(names.length);
      let next = 0;
      for (const p of pools) {
        expect(p.indexBase ?? 0).toBe(next);
        next += p.count;
      }
      expect(isPlain(pools)).toBe(true);
    }));
  });

  it('builds nodes that register, in the zones it reports', () => {
    const [pools] = fc.sample(nodePoolsArb({ maxNodes: 6, maxPools: 3 }), { seed: 3, numRuns: 1 });
    const cluster = createCluster({ seed: 1, nodePools: pools ?? [] });
    cluster.runFor('5s');
    const nodes = cluster.list<{ metadata: { name: string; labels: Record<string, string> } }>('Node');
    expect(nodes.map((n) => n.metadata.name).sort()).toEqual(nodeNames(pools ?? []).sort());
    expect([...new Set(nodes.map((n) => n.metadata.labels['topology.kubernetes.io/zone']))].sort()).toEqual(poolZones(pools ?? []));
  });
});

describe('workloadsArb', () => {
  it('produces Deployments that the API server admits (validation, defaults) as plain data', () => {
    const cluster = createCluster({ seed: 1, nodePools: [{ namePrefix: 'node', count: 1 }] });
    let i = 0;
    fc.assert(fc.property(workloadsArb({ maxDeployments: 3, maxReplicas: 7 }), (ds) => {
      expect(isPlain(ds)).toBe(true);
      expect(ds.map((d) => d.metadata?.name)).toEqual(['web', 'api', 'worker'].slice(0, ds.length));
      // each run in its own namespace so names do not collide
      const ns = `t${i++}`;
      cluster.apply([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }, ...ds.map((d) => ({ ...d, metadata: { ...d.metadata, namespace: ns } }))]);
      for (const d of ds) expect(d.spec?.replicas).toBeLessThanOrEqual(7);
    }), { numRuns: 150 });
  });

  it('covers both strategies, placement rules, probes and behaviour annotations', () => {
    const ds = fc.sample(deploymentArb('web'), { seed: 11, numRuns: 300 });
    const has = (f: (d: (typeof ds)[number]) => unknown) => ds.some((d) => Boolean(f(d)));
    expect(has((d) => d.spec?.strategy?.type === 'Recreate')).toBe(true);
    expect(has((d) => d.spec?.strategy?.rollingUpdate?.maxSurge === '25%')).toBe(true);
    expect(has((d) => d.spec?.template.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution)).toBe(true);
    expect(has((d) => d.spec?.template.spec?.topologySpreadConstraints?.[0]?.whenUnsatisfiable === 'DoNotSchedule')).toBe(true);
    expect(has((d) => d.spec?.template.spec?.tolerations)).toBe(true);
    expect(has((d) => d.spec?.template.spec?.containers[0]?.readinessProbe)).toBe(true);
    expect(has((d) => d.spec?.template.metadata?.annotations?.['kubesim.io/crash-after'])).toBe(true);
    // never both maxSurge and maxUnavailable zero
    expect(has((d) => d.spec?.strategy?.rollingUpdate?.maxSurge === 0 && d.spec.strategy.rollingUpdate.maxUnavailable === 0)).toBe(false);
  });
});

describe('timelineArb', () => {
  const opts = { deployments: ['web', 'api'], nodes: ['node-0', 'node-1', 'node-2'], horizonMs: 300_000, maxActions: 8 };
  it('is ordered, inside the horizon, and refers only to existing objects', () => {
    fc.assert(fc.property(timelineArb(opts), (tl) => {
      expect(tl.length).toBeLessThanOrEqual(8);
      const deleted = new Set<string>();
      let last = 0;
      for (const a of tl) {
        expect(a.atMs).toBeGreaterThanOrEqual(last);
        expect(a.atMs).toBeGreaterThanOrEqual(1000);
        expect(a.atMs).toBeLessThan(300_000);
        last = a.atMs;
        if ('node' in a) expect(opts.nodes).toContain(a.node);
        if ('deployment' in a) {
          expect(opts.deployments).toContain(a.deployment);
          expect(deleted.has(a.deployment)).toBe(false);
        }
        if (a.action === 'delete') {
          expect(deleted.has(a.name)).toBe(false);
          deleted.add(a.name);
        }
      }
    }));
  });

  it('deletes once, and rolls back only once a Deployment has a second revision', () => {
    const undo = (atMs: number): TimedAction => ({ action: 'rolloutUndo', deployment: 'web', namespace: 'default', atMs });
    const set = (image: string, atMs: number): TimedAction => ({ action: 'setImage', deployment: 'web', namespace: 'default', container: 'main', image, atMs });
    expect(coherentTimeline([undo(0), set('web:v1', 1000), undo(60_000)])).toEqual([set('web:v1', 1000)]);
    const del = (atMs: number): TimedAction => ({ action: 'delete', kind: 'Deployment', name: 'web', namespace: 'default', atMs });
    expect(coherentTimeline([del(1000), del(1000), set('web:v2', 2000)])).toEqual([del(1000)]);
    expect(coherentTimeline([set('web:v2', 1000), undo(1000 + UNDO_AFTER_MS - 1), undo(1000 + UNDO_AFTER_MS)])).toEqual([
      set('web:v2', 1000), undo(1000 + UNDO_AFTER_MS),
    ]);
  });
});

describe('faultPlanArb', () => {
  const nodes = ['node-0', 'node-1'];
  const plan = faultPlanArb({ nodes, zones: ['zone-a'], images: ['web:v2'], horizonMs: 120_000, maxFaults: 4, pods: ['default/web-1'], types: [...DEFAULT_FAULT_TYPES, 'containerCrash'] });

  it('starts every fault inside the horizon, aimed at what exists', () => {
    const targets = new Set<string>([...ARB_COMPONENTS, ...nodes.map((n) => `kubelet/${n}`)]);
    fc.assert(fc.property(plan, (p) => {
      expect(isPlain(p)).toBe(true);
      expect(p.length).toBeLessThanOrEqual(4);
      for (const e of p) {
        expect(e.atMs).toBeGreaterThanOrEqual(0);
        expect(e.atMs).toBeLessThan(120_000);
        expect(e.atMs % 1000).toBe(0);
        if (e.durationMs !== undefined) expect(e.durationMs).toBeGreaterThan(0);
        const f = e.fault as Fault & { node?: string; components?: string[]; zone?: string; image?: string };
        if (f.node !== undefined) expect(nodes).toContain(f.node);
        for (const c of f.components ?? []) expect(targets.has(c)).toBe(true);
        if (f.zone !== undefined) expect(f.zone).toBe('zone-a');
        if (f.image !== undefined) expect(f.image).toBe('web:v2');
      }
    }));
  });

  it('generates every fault type', () => {
    const seen = new Set<FaultType>(fc.sample(plan, { seed: 5, numRuns: 300 }).flat().map((e) => e.fault.type));
    expect([...seen].sort()).toEqual([...DEFAULT_FAULT_TYPES, 'containerCrash'].sort());
  });

  it('only the requested types; none when nothing can be aimed at', () => {
    fc.assert(fc.property(faultPlanArb({ nodes, horizonMs: 60_000, types: ['nodeCrash', 'zoneOutage'] }), (p) => p.every((e) => e.fault.type === 'nodeCrash')));
    expect(() => faultPlanArb({ nodes: [], horizonMs: 60_000, types: ['nodeCrash'] })).toThrow(/no target for fault types nodeCrash/);
  });
});

describe('schedulerConfigArb', () => {
  it('gives configurations the scheduler loads, covering every scoring strategy', () => {
    const seen = new Set<string>();
    fc.assert(fc.property(schedulerConfigArb(), (cfg) => {
      const { config } = loadSchedulerConfiguration(cfg);
      const args = config.profiles[0]?.pluginConfig?.find((c) => c.name === 'NodeResourcesFit')?.args as { scoringStrategy: { type: string } };
      seen.add(args.scoringStrategy.type);
    }));
    expect([...seen].sort()).toEqual(['LeastAllocated', 'MostAllocated', 'RequestedToCapacityRatio']);
  });
});

describe('scenarioArb', () => {
  it('respects its bounds and targets the nodes, zones and Deployments it generated', () => {
    fc.assert(fc.property(scenarioArb({ maxNodes: 4, maxDeployments: 2, maxActions: 3, maxFaults: 2, horizon: '5m' }), (s) => {
      const nodes = nodeNames(s.nodePools);
      const deps = s.manifests.map((m) => (m as { metadata: { name: string } }).metadata.name);
      expect(nodes.length).toBeLessThanOrEqual(4);
      expect(deps.length).toBeLessThanOrEqual(2);
      expect(s.horizonMs).toBe(300_000);
      const actions = s.timeline.filter((a) => (a.action as string) !== 'fault');
      expect(actions.length).toBeLessThanOrEqual(3);
      expect(s.timeline.length - actions.length).toBeLessThanOrEqual(2);
      const text = JSON.stringify(s.timeline);
      expect(text).not.toContain('@');
      for (const m of text.matchAll(/"(?:node|name|deployment)":"([^"]+)"/g)) expect([...nodes, ...deps]).toContain(m[1]);
      for (const m of text.matchAll(/kubelet\/([^"]+)"/g)) expect(nodes).toContain(m[1]);
      for (const m of text.matchAll(/"zone":"([^"]+)"/g)) expect(poolZones(s.nodePools)).toContain(m[1]);
      // node affinity names only zones that some node is in
      const manifests = JSON.stringify(s.manifests);
      expect(manifests).not.toContain('@');
      for (const m of manifests.matchAll(/"key":"topology.kubernetes.io\/zone","operator":"In","values":\[([^\]]*)\]/g)) {
        for (const z of JSON.parse(`[${m[1] ?? ''}]`) as string[]) expect(poolZones(s.nodePools)).toContain(z);
      }
    }));
  });

  it('healable: nothing a healed cluster could not converge on', () => {
    fc.assert(fc.property(scenarioArb({ healable: true, maxFaults: 3 }), (s) => {
      const text = JSON.stringify(s);
      for (const banned of ['"cordon"', '"drain"', '"nodeRemove"', 'taints', 'affinity', 'topologySpreadConstraints', 'kubesim.io/']) expect(text).not.toContain(banned);
      for (const m of text.matchAll(/"cpu":"(\d+m?)"/g)) if (m[1]?.endsWith('m') === true) expect(Number(m[1].slice(0, -1))).toBeLessThanOrEqual(100);
    }));
  });

  it('shrinks a failure to one node, one Deployment and the one action that matters', () => {
    // a "bug" that needs a scale to zero
    const out = fc.check(fc.property(scenarioArb({ faults: false }), (s) => !s.timeline.some((a) => a.action === 'scale' && a.replicas === 0)), { seed: 1 });
    expect(out.failed).toBe(true);
    const [s] = out.counterexample ?? [];
    expect(s).toBeDefined();
    expect(describeScenario(s!)).toBe('1 node, 1 manifest, 1 action, 0 faults, 10m');
    expect(s!.timeline).toEqual([{ action: 'scale', deployment: 'web', namespace: 'default', replicas: 0, atMs: 1000 }]);
    expect(s!.seed).toBe(0);
    expect(s!.schedulerConfig).toBeUndefined();
    // and it prints as a short file
    expect(scenarioToYaml(s!).split('\n').length).toBeLessThan(45);
    expect(parseScenario(scenarioToYaml(s!))).toEqual(s);
  });
});

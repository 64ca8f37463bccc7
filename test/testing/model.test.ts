// Model-based testing over a cluster, as a user would write it: fast-check generates sequences of commands
// (scale, set image, crash a node, heal), each one updates a small model of what the user asked for and acts on the
// cluster, and after each command the cluster must converge to the model. fc.modelRun drives it; clusterCommand
// wraps "act, then run until the cluster matches the model, or fail with the reason".
//
// The model here is what a user of `kubectl` knows: the desired replicas and image of one Deployment and which
// nodes are down. The cluster converges when the Deployment's status shows exactly that many up-to-date available
// replicas, every pod of it runs the model's image, and no Running pod of it sits on a crashed node.
import fc from 'fast-check';
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { describe, expect, it } from 'vitest';
import { type Cluster, createCluster } from '../../src/cluster/index.js';
import { clusterCommand, ModelDivergenceError } from '../../src/testing/check-cluster.js';
import { deploymentManifest } from '../fixtures/manifests.js';

interface Model {
  replicas: number;
  image: string;
  crashed: string[];
}

const NODES = ['node-0', 'node-1', 'node-2', 'node-3'];

const web = (replicas: number, image: string) =>
  deploymentManifest('web', replicas, { image, requests: { cpu: '500m', memory: '256Mi' }, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } } });

/** Why the cluster does not (yet) match the model, or null. */
function converged(m: Readonly<Model>, c: Cluster): string | null {
  const d = c.get<Deployment>('Deployment', 'default', 'web');
  const s = d?.status;
  if (s?.observedGeneration !== d?.metadata?.generation) return 'the controller has not observed the latest spec';
  const counts = [s?.replicas ?? 0, s?.updatedReplicas ?? 0, s?.availableReplicas ?? 0];
  if (counts.some((n) => n !== m.replicas)) return `replicas/updated/available ${counts.join('/')}, want ${m.replicas}`;
  // The status alone can match for a moment after a scale: the Deployment controller writes observedGeneration
  // while its ReplicaSets' status still counts the old size, as upstream's does. Their spec says what it decided.
  const wanted = c.list<ReplicaSet>('ReplicaSet', { namespace: 'default' }).reduce((n, rs) => n + (rs.spec?.replicas ?? 0), 0);
  if (wanted !== m.replicas) return `its ReplicaSets want ${wanted} pods, want ${m.replicas}`;
  const pods = c.list<Pod>('Pod', { namespace: 'default' }).filter((p) => p.metadata?.deletionTimestamp === undefined);
  const stale = pods.filter((p) => p.spec?.containers[0]?.image !== m.image);
  if (stale.length > 0) return `${stale.length} pods still run an old image`;
  const onCrashed = pods.filter((p) => p.status?.phase === 'Running' && m.crashed.includes(p.spec?.nodeName ?? ''));
  return onCrashed.length > 0 ? `${onCrashed.length} pods counted Running on crashed nodes` : null;
}

// A node crash takes 50 s to notice and 300 s (the default toleration) to evict: allow 8 minutes.
const WITHIN = '8m';
const scale = (n: number) => clusterCommand<Model>({ name: `scale(${n})`, within: WITHIN, converged, run: (m, c) => { m.replicas = n; c.apply(web(n, m.image)); } });
const setImage = (image: string) => clusterCommand<Model>({ name: `setImage(${image})`, within: WITHIN, converged, run: (m, c) => { m.image = image; c.apply(web(m.replicas, image)); } });
const crash = (node: string) =>
  clusterCommand<Model>({
    name: `nodeCrash(${node})`,
    within: WITHIN,
    converged,
    // keep two nodes up: 4 × 500m fits on two 4-cpu nodes
    check: (m) => m.crashed.length < 2 && !m.crashed.includes(node),
    run: (m, c) => {
      m.crashed.push(node);
      c.inject({ type: 'nodeCrash', node });
    },
  });
const healAll = clusterCommand<Model>({ name: 'healAll', within: WITHIN, converged, run: (m, c) => { m.crashed = []; c.healAll(); } });

const commands = [
  fc.integer({ min: 0, max: 4 }).map(scale),
  fc.constantFrom('nginx:1.25', 'nginx:1.26').map(setImage),
  fc.constantFrom(...NODES).map(crash),
  fc.constant(healAll),
];

function setup(): { model: Model; real: Cluster } {
  const real = createCluster({ seed: 1, nodePools: [{ namePrefix: 'node', count: NODES.length, capacity: { cpu: '4', memory: '8Gi' } }] });
  real.apply(web(2, 'nginx:1.24'));
  real.runFor('1m');
  return { model: { replicas: 2, image: 'nginx:1.24', crashed: [] }, real };
}

describe('model-based testing over a cluster', () => {
  it('converges to the model after every command', () => {
    fc.assert(fc.property(fc.commands(commands, { maxCommands: 6 }), (cmds) => fc.modelRun(setup, cmds)), { numRuns: 15, seed: 4 });
  });

  it('reports the command, the virtual time and the reason when the cluster does not converge', () => {
    // a model that wrongly expects pods to keep running on a crashed node's replacement… within 10 s
    const hasty = clusterCommand<Model>({ name: 'nodeCrash(node-0) then expect convergence in 10s', within: '10s', converged: (m, c) => (c.now > 0 ? converged({ ...m, replicas: m.replicas + 1 }, c) : null), run: (m, c) => { m.crashed.push('node-0'); c.inject({ type: 'nodeCrash', node: 'node-0' }); } });
    const { model, real } = setup();
    let err: unknown;
    try {
      hasty.run(model, real);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ModelDivergenceError);
    expect((err as Error).message).toBe('after nodeCrash(node-0) then expect convergence in 10s: the cluster did not converge to the model by t=1m10s: replicas/updated/available 2/2/2, want 3');
    expect(hasty.toString()).toBe('nodeCrash(node-0) then expect convergence in 10s');
  });

  it('finds and shrinks a wrong model: a scale that the model forgets to record', () => {
    const forgetful = (n: number) => clusterCommand<Model>({ name: `scale(${n})`, within: '3m', converged, run: (_m, c) => { c.apply(web(n, 'nginx:1.24')); } });
    const out = fc.check(fc.property(fc.commands([fc.integer({ min: 0, max: 4 }).map(forgetful)], { maxCommands: 4 }), (cmds) => fc.modelRun(setup, cmds)), { numRuns: 30, seed: 1 });
    expect(out.failed).toBe(true);
    // shrunk to at most two commands (fast-check prints the commands it ran and the replay path). `converged`
    // also reads the ReplicaSets' spec: without it a forgetful scale passed at the instant the Deployment's status
    // showed the new generation with the old counts, and whether any run failed depended on event timing.
    const printed = String(out.counterexample?.[0]);
    expect(printed).toMatch(/^scale\(\d\)(,scale\(\d\))? \/\*replayPath="[^"]*"\*\/$/);
    expect(String(out.errorInstance)).toMatch(/did not converge to the model by t=\S+: replicas\/updated\/available \d\/\d\/\d, want 2/);
  });
});

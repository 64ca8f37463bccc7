// explain works on the real-world manifests in ../shared/manifests that hold pods (Pods, or workloads whose
// pod template is explained), against a small generated cluster of four nodes in two zones.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Node } from 'kubernetes-types/core/v1.js';
import { describe, expect, it } from 'vitest';
import { parseManifests } from '../../../src/api/apply/index.js';
import { explainPod, podFromManifests } from '../../../src/scheduler/index.js';
import { node, pod } from '../helpers.js';

const dir = fileURLToPath(new URL('../../../../shared/manifests/', import.meta.url));
const WORKLOADS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicationController', 'CronJob']);
const kindsOf = (objs: unknown[]): string[] => objs.map((o) => String((o as { kind?: unknown }).kind));

/** Files with a Pod, or with a workload carrying a pod template. */
const withPods = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().flatMap((f) => {
  const objs = parseManifests(readFileSync(dir + f, 'utf8'), f);
  const kinds = kindsOf(objs);
  return kinds.includes('Pod') || kinds.some((k) => WORKLOADS.has(k)) ? [[f, objs] as const] : [];
});

/** node-0…2 linux (node-2 also labelled label-2=key-2), node-3 windows; zones a/b; 4 cpu, 8Gi each. */
function nodes(): Node[] {
  return [0, 1, 2, 3].map((i) => node(`node-${i}`, {
    labels: {
      'kubernetes.io/os': i === 3 ? 'windows' : 'linux', 'topology.kubernetes.io/zone': i % 2 === 0 ? 'zone-a' : 'zone-b',
      ...(i === 2 ? { 'label-2': 'key-2' } : {}),
    },
  }));
}
/** One bound pod per node, 500m / 512Mi, so the nodes are not all alike. */
const bound = [0, 1, 2, 3].map((i) => pod(`filler-${i}`, { cpu: `${(i + 1) * 250}m`, memory: '512Mi', nodeName: `node-${i}` }));

describe('explain on ../shared/manifests', () => {
  it('finds the Pod manifests (six kubernetes.io examples and the kubectl test pod) and the workloads', () => {
    const podFiles = withPods.filter(([, objs]) => kindsOf(objs).includes('Pod')).map(([f]) => f);
    expect(podFiles).toEqual(expect.arrayContaining([
      'kubernetes-kubernetes__hack__testdata__pod-with-metadata-and-probes.yaml',
      'kubernetes-website__content__en__examples__pods__init-containers.yaml',
      'kubernetes-website__content__en__examples__pods__lifecycle-events.yaml',
      'kubernetes-website__content__en__examples__pods__pod-with-affinity-anti-affinity.yaml',
      'kubernetes-website__content__en__examples__pods__pod-with-toleration.yaml',
      'kubernetes-website__content__en__examples__pods__storage__pv-pod.yaml',
      'kubernetes-website__content__en__examples__pods__topology-spread-constraints__one-constraint.yaml',
    ]));
    expect(withPods.length).toBeGreaterThan(10);
  });

  it.each(withPods.map(([f, objs]) => [f, objs] as const))('%s: every node explained, the choice is a best feasible node', (f, objs) => {
    const p = podFromManifests(objs, f);
    // templates naming another scheduler (none today) are explained with the default profile
    const spec = p.spec === undefined ? undefined : { ...p.spec, schedulerName: 'default-scheduler' };
    const r = explainPod({ nodes: nodes(), pods: bound, pod: { ...p, ...(spec !== undefined ? { spec } : {}) } });
    expect(Object.keys(r.nodes)).toEqual(['node-0', 'node-1', 'node-2', 'node-3']);
    const feasible = Object.entries(r.nodes).filter(([, n]) => n.feasible);
    if (r.selectedNode === null) {
      expect(feasible).toEqual([]);
      expect(r.message).toMatch(/^0\/4 nodes are available: /);
    } else {
      const best = Math.max(...feasible.map(([, n]) => n.total));
      expect(r.nodes[r.selectedNode]?.total).toBe(best);
      for (const [, n] of feasible) expect(Object.values(n.filter).every((v) => v.code === 'Success' || v.code === 'Skip')).toBe(true);
    }
  });

  it('pod-with-affinity-anti-affinity: required os In [linux, macOs] rejects node-3; preferred label-2 (weight 50) wins node-2', () => {
    const entry = withPods.find(([f]) => f.endsWith('pod-with-affinity-anti-affinity.yaml'));
    const r = explainPod({ nodes: nodes(), pods: bound, pod: podFromManifests(entry?.[1] ?? []) });
    expect(r.pod).toBe('default/with-affinity-anti-affinity');
    expect(r.nodes['node-3']?.filter['NodeAffinity']).toEqual({
      code: 'UnschedulableAndUnresolvable', reasons: ["node(s) didn't match Pod's node affinity/selector"],
    });
    // §1.5.4: raw Σ matching preference weights = 50 on node-2, 0 elsewhere; normalized to 100; weight 2
    expect(r.nodes['node-2']?.scores['NodeAffinity']).toEqual({ raw: 50, normalized: 100, weight: 2, weighted: 200 });
    expect(r.nodes['node-0']?.scores['NodeAffinity']).toEqual({ raw: 0, normalized: 0, weight: 2, weighted: 0 });
    expect(r.selectedNode).toBe('node-2');
  });
});

// The ReplicaSet deletion ranking is upstream's ActivePodsWithRanks.Less (kubernetes-behaviour.md §2.7): unassigned
// before assigned, Pending < Unknown < Running, not Ready before Ready, lower pod-deletion-cost first, doubled-up
// nodes first, ready more recently first and newer first in log2 buckets (equal buckets by UID), more restarts first.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { describe, expect, it } from 'vitest';
import { rankPodsForDeletion } from '../../../src/controllers/replicaset/index.js';
import { formatTimestamp } from '../../../src/api/store/_internal/timestamp.js';

const NOW = 10_000_000; // ms

interface Spec {
  node?: string;
  phase?: string;
  ready?: boolean;
  readyAtMs?: number;
  cost?: string;
  restarts?: number;
  createdAtMs?: number;
  uid?: string;
}

function pod(name: string, s: Spec): Pod {
  return {
    metadata: {
      name,
      uid: s.uid ?? name,
      creationTimestamp: formatTimestamp(s.createdAtMs ?? 0),
      ...(s.cost !== undefined ? { annotations: { 'controller.kubernetes.io/pod-deletion-cost': s.cost } } : {}),
    },
    spec: { containers: [{ name: 'c' }], ...(s.node !== undefined ? { nodeName: s.node } : {}) },
    status: {
      phase: s.phase ?? 'Running',
      conditions: [{ type: 'Ready', status: s.ready === false ? 'False' : 'True', lastTransitionTime: formatTimestamp(s.readyAtMs ?? 0) }],
      containerStatuses: [{ name: 'c', image: 'i', imageID: '', ready: true, restartCount: s.restarts ?? 0 }],
    },
  };
}

const base: Spec = { node: 'n1', phase: 'Running', ready: true };

describe('rankPodsForDeletion (first = deleted first)', () => {
  it.each<[string, Spec, Spec]>([
    ['unassigned before assigned', { ...base, node: undefined as unknown as string, phase: 'Pending' }, { ...base, phase: 'Pending' }],
    ['Pending before Running', { ...base, phase: 'Pending', ready: false }, { ...base, ready: false }],
    ['Pending before Unknown', { ...base, phase: 'Pending' }, { ...base, phase: 'Unknown' }],
    ['Unknown before Running', { ...base, phase: 'Unknown' }, { ...base }],
    ['not Ready before Ready', { ...base, ready: false }, { ...base }],
    ['lower deletion cost first', { ...base, cost: '-5' }, { ...base, cost: '0' }],
    ['an unparsable deletion cost counts as 0', { ...base, cost: 'abc' }, { ...base, cost: '1' }],
    ['deletion cost beats readiness time', { ...base, cost: '1', readyAtMs: 9_000_000 }, { ...base, cost: '2', readyAtMs: 1000 }],
    ['ready more recently first (different log2 buckets)', { ...base, readyAtMs: 9_000_000 }, { ...base, readyAtMs: 1_000_000 }],
    ['same ready bucket: lower UID first', { ...base, readyAtMs: 9_000_000, uid: 'b' }, { ...base, readyAtMs: 8_999_000, uid: 'c' }],
    ['more restarts first', { ...base, restarts: 3 }, { ...base, restarts: 1 }],
    ['newer first (different log2 buckets)', { ...base, createdAtMs: 9_000_000 }, { ...base, createdAtMs: 1_000_000 }],
    ['same creation bucket: lower UID first', { ...base, createdAtMs: 9_000_000, uid: 'a' }, { ...base, createdAtMs: 8_000_000, uid: 'z' }],
    ['readiness time beats restarts', { ...base, readyAtMs: 9_000_000 }, { ...base, readyAtMs: 1000, restarts: 5 }],
  ])('%s', (_name, first, second) => {
    const a = pod('first', first);
    const b = pod('second', second);
    // both input orders give the same ranking
    expect(rankPodsForDeletion([a, b], [a, b], NOW).map((p) => p.metadata?.name)).toEqual(['first', 'second']);
    expect(rankPodsForDeletion([b, a], [b, a], NOW).map((p) => p.metadata?.name)).toEqual(['first', 'second']);
  });

  it('doubled-up pods (more related pods on the same node) go first', () => {
    const a = pod('alone', { ...base, node: 'n1' });
    const b = pod('doubled', { ...base, node: 'n2' });
    const sibling = pod('sibling', { ...base, node: 'n2' }); // a pod of another ReplicaSet of the same Deployment
    expect(rankPodsForDeletion([a, b], [a, b, sibling], NOW).map((p) => p.metadata?.name)).toEqual(['doubled', 'alone']);
  });

  it('ranks a mixed set in the full upstream order', () => {
    const pods = [
      pod('old-ready', { ...base, readyAtMs: 1000, createdAtMs: 0 }),
      pod('running-not-ready', { ...base, ready: false }),
      pod('pending-unassigned', { phase: 'Pending', ready: false }),
      pod('pending-assigned', { ...base, phase: 'Pending', ready: false }),
      pod('fresh-ready', { ...base, readyAtMs: 9_990_000, createdAtMs: 9_980_000 }),
      pod('costly', { ...base, cost: '100', readyAtMs: 9_990_000 }),
    ];
    expect(rankPodsForDeletion(pods, pods, NOW).map((p) => p.metadata?.name)).toEqual([
      'pending-unassigned',
      'pending-assigned',
      'running-not-ready',
      'fresh-ready',
      'old-ready',
      'costly',
    ]);
  });
});

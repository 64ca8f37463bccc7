// The scheduling queue's requeue rules (kubernetes-behaviour.md §1.2; upstream scheduling_queue.go
// AddUnschedulableIfNotPresent and the queueing hints): a pod rejected by no plugin — "no nodes available to
// schedule pods" — goes to backoffQ (1 s), not to the unschedulable pool, and so does a pod whose attempt missed an
// event that may have helped it (in-flight events). Before the fix, a pod applied before the nodes registered
// waited for the 5-minute leftover flush.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../../src/cluster/index.js';

describe('scheduling queue requeue', () => {
  it('a pod created before any node registers is bound within seconds, not after the 5-minute flush', () => {
    const c = createCluster({ seed: 1, nodePools: [{ namePrefix: 'node', count: 3 }] });
    c.apply({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'early', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    c.run(500);
    expect(c.get<Pod>('Pod', 'default', 'early')?.status?.conditions?.[0]?.message).toBe('no nodes available to schedule pods');
    c.run(5_000);
    expect(c.get<Pod>('Pod', 'default', 'early')?.spec?.nodeName).toMatch(/^node-\d$/);
  });
});

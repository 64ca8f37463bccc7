// activeQ order (kubernetes-behaviour.md §1.1 step 2): PrioritySort pops the highest spec.priority first, then the
// earliest queue timestamp, then (kubesim's tie-break) the pod added first. The scheduler's fast comparison —
// used when every profile sorts with PrioritySort — must pop exactly what the general path through the
// profile's QueueSort plugin pops.
import fc from 'fast-check';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { describe, expect, it } from 'vitest';
import { SchedulingQueue } from '../../../src/scheduler/actor/scheduling-queue.js';
import { createFramework } from '../../../src/scheduler/framework/profile.js';

const fw = createFramework();
const pod = (i: number, priority: number): Pod => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `p-${i}`, namespace: 'default', uid: `u-${i}` }, spec: { priority, containers: [{ name: 'c', image: 'x' }] } });

function popOrder(fast: boolean, adds: readonly { priority: number; atMs: number }[], pops: number): string[] {
  const q = new SchedulingQueue(() => fw, fast);
  const out: string[] = [];
  adds.forEach((a, i) => q.add(pod(i, a.priority), a.atMs));
  for (let i = 0; i < pops; i++) out.push(q.pop()?.podInfo.pod.metadata?.name ?? '-');
  return out;
}

describe('activeQ order', () => {
  it('pops by priority, then queue timestamp, then insertion order', () => {
    const order = popOrder(true, [{ priority: 0, atMs: 5 }, { priority: 10, atMs: 9 }, { priority: 0, atMs: 1 }, { priority: 10, atMs: 9 }, { priority: 0, atMs: 1 }], 6);
    expect(order).toEqual(['p-1', 'p-3', 'p-2', 'p-4', 'p-0', '-']);
  });

  it('property: the PrioritySort fast path pops the same pods in the same order as the profile’s QueueSort', () => {
    const add = fc.record({ priority: fc.integer({ min: -3, max: 3 }), atMs: fc.integer({ min: 0, max: 5 }) });
    fc.assert(
      fc.property(fc.array(add, { maxLength: 60 }), fc.nat(70), (adds, pops) => {
        expect(popOrder(true, adds, pops)).toEqual(popOrder(false, adds, pops));
      }),
      { numRuns: 300 },
    );
  });
});

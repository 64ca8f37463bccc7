// The node conditions a kubelet posts (kubernetes-behaviour.md §6: node status) built in their final frozen form
// must be exactly what the former construction made: healthyNodeConditions at now, then Ready's transition at
// readySince and MemoryPressure's at the eviction manager's last change (True under pressure).
import fc from 'fast-check';
import type { NodeCondition } from 'kubernetes-types/core/v1.js';
import { describe, expect, it } from 'vitest';
import { healthyNodeConditions } from '../../src/node/node-pool.js';
import { postedConditions } from '../../src/node/kubelet-sync.js';
import { timestamp } from '../../src/node/_internal/time.js';

type Pressure = { memory: boolean; lastObservedMs: number; changedMs: number | undefined };

/** The former construction, kept here as the reference. */
function reference(nowMs: number, readySinceMs: number, skewMs: number, p: Pressure): NodeCondition[] {
  const conditions = healthyNodeConditions(nowMs + skewMs);
  const ready = conditions[3] as NodeCondition;
  ready.lastTransitionTime = timestamp(readySinceMs + skewMs);
  const memory = conditions[0] as NodeCondition;
  if (p.changedMs !== undefined) {
    memory.lastTransitionTime = timestamp(p.changedMs + skewMs);
    if (p.memory) Object.assign(memory, { status: 'True', reason: 'KubeletHasInsufficientMemory', message: 'kubelet has insufficient memory available' });
  }
  return conditions;
}

const ms = fc.integer({ min: 0, max: 10 * 86_400_000 });

describe('postedConditions', () => {
  it('a healthy node: four conditions, Ready since its registration', () => {
    const c = postedConditions(timestamp(300_000), timestamp(10_000), { memory: false, lastObservedMs: 0, changedMs: undefined }, 0);
    expect(c.map((x) => `${x.type}=${x.status}`)).toEqual(['MemoryPressure=False', 'DiskPressure=False', 'PIDPressure=False', 'Ready=True']);
    expect(c[3]?.lastTransitionTime).toBe('1970-01-01T00:00:10Z');
    expect(c[3]?.lastHeartbeatTime).toBe('1970-01-01T00:05:00Z');
    expect(Object.isFrozen(c) && c.every((x) => Object.isFrozen(x))).toBe(true);
  });

  it('equals the former construction, key order included, for any instants, skew and pressure', () => {
    fc.assert(
      fc.property(ms, ms, fc.integer({ min: -60_000, max: 60_000 }), fc.boolean(), fc.option(ms, { nil: undefined }), (now, readySince, skew, memory, changedMs) => {
        const p: Pressure = { memory, lastObservedMs: now, changedMs };
        const got = postedConditions(timestamp(now + skew), timestamp(readySince + skew), p, skew);
        const want = reference(now, readySince, skew, p);
        expect(JSON.stringify(got)).toBe(JSON.stringify(want));
        expect(got).toStrictEqual(want);
      }),
      { numRuns: 500 },
    );
  });

  it('can fail: memory pressure shows as True with its own transition time', () => {
    const p: Pressure = { memory: true, lastObservedMs: 50_000, changedMs: 40_000 };
    const c = postedConditions(timestamp(60_000), timestamp(0), p, 0);
    expect(c[0]).toMatchObject({ status: 'True', reason: 'KubeletHasInsufficientMemory', lastTransitionTime: '1970-01-01T00:00:40Z' });
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(reference(60_000, 0, 0, { ...p, memory: false })));
  });
});

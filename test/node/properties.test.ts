// Properties of the kubelet over random pods (kubernetes-behaviour.md §7.1 and §7.2): the requests of the pods it
// runs never exceed the node's allocatable (admission rejects the rest with OutOf<resource>), and a pod's phase
// never leaves Succeeded or Failed; the back-off delays are 0, 10, 20, 40, 80, 160, 300, 300 s, reset after 10 min.
import fc from 'fast-check';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { describe, expect, it } from 'vitest';
import { nextBackoff, type BackoffEntry } from '../../src/node/backoff.js';
import { podRequests } from '../../src/node/admission.js';
import { simplePod, testCluster } from './helpers.js';

const podArb = fc.record({
  cpuMilli: fc.integer({ min: 0, max: 1500 }),
  policy: fc.constantFrom('Always', 'OnFailure', 'Never'),
  exitAfterS: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
  exitCode: fc.integer({ min: 0, max: 2 }),
  at: fc.integer({ min: 0, max: 20_000 }),
  deleteAt: fc.option(fc.integer({ min: 0, max: 60_000 }), { nil: undefined }),
});

describe('kubelet properties', () => {
  it('never runs more than allocatable; phases never leave Succeeded/Failed', () => {
    fc.assert(
      fc.property(fc.array(podArb, { maxLength: 12 }), fc.integer(), (pods, seed) => {
        const c = testCluster({ seed, pool: { capacity: { cpu: '2', pods: '8' } } });
        const ops = pods.flatMap((p, i) => {
          const out: { at: number; run: () => void }[] = [];
          const ann: Record<string, string> = p.exitAfterS === undefined ? {} : { 'kubesim.io/exit-after': `${p.exitAfterS}s`, 'kubesim.io/exit-code': String(p.exitCode) };
          const spec: Pod = simplePod(`p${i}`, ['app'], { restartPolicy: p.policy, containers: [{ name: 'app', image: 'img', resources: { requests: { cpu: `${p.cpuMilli}m` } } }] }, ann);
          out.push({ at: p.at, run: () => c.createPod(spec, 'node-0') });
          if (p.deleteAt !== undefined) out.push({ at: p.at + p.deleteAt, run: () => c.pod(`p${i}`) !== undefined && c.deletePod(`p${i}`) });
          return out;
        }).sort((a, b) => a.at - b.at);
        const terminal = new Map<string, string>();
        const check = () => {
          let cpu = 0;
          let count = 0;
          for (const obj of c.core.list('Pod').items) {
            const p = obj as Pod;
            const name = p.metadata?.name ?? '';
            const phase = p.status?.phase ?? '';
            const was = terminal.get(name);
            if (was !== undefined) expect(phase).toBe(was);
            if (phase === 'Succeeded' || phase === 'Failed') terminal.set(name, phase);
            if (phase === 'Running' || (phase === 'Pending' && p.status?.startTime !== undefined)) {
              cpu += podRequests(p).cpu ?? 0;
              count++;
            }
          }
          expect(cpu).toBeLessThanOrEqual(2000);
          expect(count).toBeLessThanOrEqual(8);
        };
        for (const op of ops) {
          c.sim.runUntil(Math.max(c.sim.now, op.at));
          check();
          op.run();
        }
        for (let t = c.sim.now; t < 150_000; t += 5_000) {
          c.sim.runUntil(t);
          check();
        }
      }),
      { numRuns: 25 },
    );
  });

  it('back-off delays: 0, 10, 20, 40, 80, 160, 300, 300 s, and 0 again after 10 min without a failure', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 599_000 }), { minLength: 8, maxLength: 8 }), (gaps) => {
        let e: BackoffEntry | undefined;
        let t = 0;
        const delays: number[] = [];
        for (const g of gaps) {
          t += g;
          const r = nextBackoff(e, t);
          e = r.entry;
          delays.push(r.delayMs / 1000);
        }
        expect(delays).toEqual([0, 10, 20, 40, 80, 160, 300, 300]);
        expect(nextBackoff(e, t + 600_001).delayMs).toBe(0);
      }),
    );
  });
});

// Demonstrates Events as client-go's recorder writes them: named `<object>.<16 hex of the Unix-nanosecond
// instant>` in the object's namespace (default for cluster-scoped objects), count 1 with first/lastTimestamp,
// and an identical repeat within 10 minutes counted on the same Event instead of creating a new one.
import { describe, expect, it } from 'vitest';
import { EVENT_DEDUP_WINDOW_MS, objectReference, recordEvent } from '../../../src/api/events/index.js';
import { formatTable } from '../../../src/api/tables/index.js';
import { ApiServerCore } from '../../../src/api/server/core.js';
import type { KubeObject } from '../../../src/api/store/types.js';

function setup(): { core: ApiServerCore; at: (ms: number) => void; pod: KubeObject } {
  let now = 0;
  const core = new ApiServerCore({ now: () => now });
  const pod = core.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec: { containers: [{ name: 'a', image: 'nginx' }] } });
  return { core, at: (ms) => (now = ms), pod };
}

const backOff: { type: 'Warning'; reason: string; message: string; source: { component: string; host: string } } = {
  type: 'Warning', reason: 'BackOff', message: 'Back-off restarting failed container a', source: { component: 'kubelet', host: 'n1' },
};

describe('recordEvent', () => {
  it('creates an Event as client-go does', () => {
    const { core, pod, at } = setup();
    at(1_500);
    const ev = recordEvent(core, { ...backOff, involvedObject: objectReference(pod), nowMs: 1_500 });
    expect(ev.metadata?.name).toBe('web.0000000059682f00');
    expect(ev).toMatchObject({
      metadata: { namespace: 'default' },
      involvedObject: { kind: 'Pod', name: 'web', namespace: 'default', uid: pod.metadata.uid },
      type: 'Warning', reason: 'BackOff', count: 1,
      firstTimestamp: '1970-01-01T00:00:01Z', lastTimestamp: '1970-01-01T00:00:01Z',
      source: { component: 'kubelet', host: 'n1' }, reportingComponent: 'kubelet', reportingInstance: 'n1',
    });
  });

  const CASES: readonly { name: string; laterMs: number; change?: Partial<typeof backOff>; events: number; count: number }[] = [
    { name: 'an identical repeat within 10 minutes increments count', laterMs: 60_000, events: 1, count: 2 },
    { name: 'exactly at the window edge still counts', laterMs: EVENT_DEDUP_WINDOW_MS, events: 1, count: 2 },
    { name: 'after the window a new Event is created', laterMs: EVENT_DEDUP_WINDOW_MS + 1_000, events: 2, count: 1 },
    { name: 'a different message is a different Event', laterMs: 1_000, change: { message: 'other' }, events: 2, count: 1 },
    { name: 'a different reason is a different Event', laterMs: 1_000, change: { reason: 'Failed' }, events: 2, count: 1 },
    { name: 'a different source host is a different Event', laterMs: 1_000, change: { source: { component: 'kubelet', host: 'n2' } }, events: 2, count: 1 },
  ];
  it.each(CASES)('$name', (c) => {
    const { core, pod, at } = setup();
    recordEvent(core, { ...backOff, involvedObject: objectReference(pod), nowMs: 0 });
    at(c.laterMs);
    const second = recordEvent(core, { ...backOff, ...c.change, involvedObject: objectReference(pod), nowMs: c.laterMs });
    expect(core.list('Event').items.length).toBe(c.events);
    expect(second.count).toBe(c.count);
  });

  it('a repeat moves lastTimestamp and LAST SEEN, keeping firstTimestamp', () => {
    const { core, pod, at } = setup();
    for (const ms of [0, 30_000, 90_000]) {
      at(ms);
      recordEvent(core, { ...backOff, involvedObject: objectReference(pod), nowMs: ms });
    }
    const [ev] = core.list('Event').items;
    expect(ev).toMatchObject({ count: 3, firstTimestamp: '1970-01-01T00:00:00Z', lastTimestamp: '1970-01-01T00:01:30Z' });
    expect(formatTable('Event', core.list('Event').items, { nowMs: 120_000 })).toBe(
      'LAST SEEN   TYPE      REASON    OBJECT    MESSAGE\n30s         Warning   BackOff   pod/web   Back-off restarting failed container a\n',
    );
  });

  it('events about cluster-scoped objects go to the default namespace; same-millisecond events get distinct names', () => {
    const { core } = setup();
    const node = core.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } });
    const a = recordEvent(core, { involvedObject: objectReference(node), type: 'Normal', reason: 'Starting', message: 'Starting kubelet.', source: { component: 'kubelet', host: 'n1' }, nowMs: 0 });
    const b = recordEvent(core, { involvedObject: objectReference(node), type: 'Normal', reason: 'NodeReady', message: 'Node n1 status is now: NodeReady', source: { component: 'kubelet', host: 'n1' }, nowMs: 0 });
    expect([a.metadata?.namespace, a.metadata?.name, b.metadata?.name]).toEqual(['default', 'n1.0000000000000000', 'n1.0000000000000001']);
  });
});

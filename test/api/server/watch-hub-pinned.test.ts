// A kubelet's pod watch (`fieldSelector=spec.nodeName=<node>`, nothing else) is indexed by node and selected by
// comparing node names; it must see exactly what the general selector path gives: ADDED when a pod enters the
// selection (created on, or bound to, the node), MODIFIED while it stays, DELETED when it leaves or is deleted
// (kubernetes-behaviour.md §8, watch semantics of a selector).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Delivery, WatchHub } from '../../../src/api/server/watch-hub.js';
import type { KubeObject, WatchEvent } from '../../../src/api/store/types.js';

const pod = (nodeName: string | undefined): KubeObject =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: nodeName === undefined ? { containers: [] } : { nodeName, containers: [] } }) as KubeObject;

describe('watch hub: node-pinned watches', () => {
  it('property: a watch pinned by spec.nodeName alone delivers what the general selector path delivers', () => {
    const node = fc.constantFrom(undefined, '', 'n1', 'n2');
    const ev = fc.record({ type: fc.constantFrom('ADDED' as const, 'MODIFIED' as const, 'DELETED' as const), now: node, old: node });
    fc.assert(
      fc.property(fc.array(ev, { maxLength: 20 }), (events) => {
        const hub = new WatchHub();
        const pinned = hub.open('Pod', 'kubelet/n1', { fieldSelector: 'spec.nodeName=n1' });
        // a second, always-true term makes the same selection go through the general path
        const general = hub.open('Pod', 'other', { fieldSelector: 'spec.nodeName=n1,metadata.name!=never' });
        expect(pinned.nodeOnly).toBe(true);
        expect(general.nodeOnly).toBe(false);
        const got = new Map<number, string[]>([[pinned.id, []], [general.id, []]]);
        events.forEach((e, i) => {
          const w: WatchEvent = e.type === 'ADDED' ? { type: 'ADDED', object: pod(e.now), resourceVersion: i + 1 } : { type: e.type, object: pod(e.now), oldObject: pod(e.old), resourceVersion: i + 1 };
          hub.fanOut(w, (d: Delivery) => got.get(d.watch.id)?.push(d.eventType));
        });
        expect(got.get(pinned.id)).toEqual(got.get(general.id));
      }),
      { numRuns: 300 },
    );
  });

  it('a pod bound to the node arrives as ADDED and leaves as DELETED when it moves away', () => {
    const hub = new WatchHub();
    const w = hub.open('Pod', 'kubelet/n1', { fieldSelector: 'spec.nodeName=n1' });
    const seen: string[] = [];
    const deliver = (d: Delivery) => seen.push(`${d.watch.id === w.id ? 'n1' : '?'} ${d.eventType}`);
    hub.fanOut({ type: 'ADDED', object: pod(undefined), resourceVersion: 1 }, deliver);
    hub.fanOut({ type: 'MODIFIED', object: pod('n1'), oldObject: pod(undefined), resourceVersion: 2 }, deliver);
    hub.fanOut({ type: 'MODIFIED', object: pod('n1'), oldObject: pod('n1'), resourceVersion: 3 }, deliver);
    hub.fanOut({ type: 'MODIFIED', object: pod('n2'), oldObject: pod('n1'), resourceVersion: 4 }, deliver);
    expect(seen).toEqual(['n1 ADDED', 'n1 MODIFIED', 'n1 DELETED']);
  });
});

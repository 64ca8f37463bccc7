// An update stores the request's value with every unchanged subtree replaced by the stored one: equal to the
// request, the stored object itself when nothing changed, and sharing exactly the subtrees that are equal.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deepEqual } from '../../../src/api/store/_internal/deep-equal.js';
import { deepFreeze, shareOrCopy } from '../../../src/api/store/_internal/objects.js';
import { shareUnchanged } from '../../../src/api/store/_internal/prepare-update.js';

const leaf = fc.oneof(fc.constantFrom('a', 'b', ''), fc.integer({ min: 0, max: 2 }), fc.boolean(), fc.constant(null));
const { value: json } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 3 }),
  object: fc.dictionary(fc.constantFrom('x', 'y', 'z'), tie('value'), { maxKeys: 3 }),
}));

/** Freezes some of the object nodes of `v` (each with probability ½, from the leaves up), deeply when `all`. */
function freezeSome(v: unknown, pick: () => number, all: boolean): unknown {
  if (typeof v !== 'object' || v === null) return v;
  for (const x of Object.values(v)) freezeSome(x, pick, all);
  if (all || pick() < 0.5) Object.freeze(v);
  return v;
}

const isObject = (v: unknown): v is object => typeof v === 'object' && v !== null;

/**
 * Walks the request `v`, the result `o` and the stored `s` together: a node of the result that is neither the
 * request's nor the stored one (a copy) must differ from the request's in one of its keys (a part replaced by a
 * stored one, or an undefined-valued key dropped), or be needed because the request's node is not frozen; a node
 * of the request kept in the result where a stored object stood must be frozen.
 */
function checkKept(v: unknown, o: unknown, s: unknown): void {
  if (!isObject(v) || !isObject(o)) return;
  const sameShape = isObject(s) && Array.isArray(s) === Array.isArray(v);
  if (o === v && sameShape) expect(Object.isFrozen(v)).toBe(true);
  if (o !== v && o !== s && Object.isFrozen(v)) {
    const keys = Object.keys(v);
    const replaced = keys.some((k) => (v as Record<string, unknown>)[k] !== (o as Record<string, unknown>)[k]);
    expect(replaced).toBe(true);
  }
  for (const k of Object.keys(o)) {
    checkKept((v as Record<string, unknown>)[k], (o as Record<string, unknown>)[k], isObject(s) ? (s as Record<string, unknown>)[k] : undefined);
  }
}

/** A value near `v`: mostly the same, with some leaves or keys changed. */
function mutate(v: unknown, pick: () => number): unknown {
  const r = pick();
  if (r < 0.1) return 'changed';
  if (Array.isArray(v)) return r < 0.15 ? [...v, 1] : v.map((x) => mutate(x, pick));
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (pick() > 0.05) out[k] = mutate(x, pick);
    if (r < 0.15) out['w'] = r < 0.125 ? 0 : { x: [0] };
    return out;
  }
  return v;
}

describe('shareUnchanged', () => {
  it('equals the new value, is the stored value exactly when equal, and keeps the new value\'s key order', () => {
    fc.assert(
      fc.property(json, fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })), (stored, stream) => {
        const it = stream[Symbol.iterator]();
        const value = mutate(stored, () => it.next().value as number);
        const copy = JSON.parse(JSON.stringify(value)) as unknown;
        const out = shareUnchanged(copy, stored);
        expect(deepEqual(out, value)).toBe(true);
        expect(out === stored).toBe(deepEqual(value, stored));
        if (typeof out === 'object' && out !== null && out !== stored && !Array.isArray(out)) {
          expect(Object.keys(out)).toEqual(Object.keys(copy as object));
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('frozen parts of the request are kept, not copied, unless a stored part replaced something in them', () => {
    fc.assert(
      fc.property(json, fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })), fc.boolean(), (stored, stream, all) => {
        const it = stream[Symbol.iterator]();
        const pick = () => it.next().value as number;
        deepFreeze(stored);
        const value = freezeSome(JSON.parse(JSON.stringify(mutate(stored, pick))), pick, all);
        const out = shareUnchanged(value, stored);
        expect(JSON.stringify(out)).toBe(JSON.stringify(value));
        expect(out === stored).toBe(deepEqual(value, stored));
        checkKept(value, out, stored);
        // as the store seals it: the freeze stops at frozen parts, yet the whole result ends up frozen
        deepFreeze(out);
        const unfrozen = (x: unknown): boolean => isObject(x) && (!Object.isFrozen(x) || Object.values(x).some(unfrozen));
        expect(unfrozen(out)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('a frozen request whose changed key comes before a part equal to the stored one keeps the change', () => {
    const stored = deepFreeze({ x: 'old', y: { z: 1 }, w: [1, { v: 2 }] });
    const value = Object.freeze({ x: 'new', y: Object.freeze({ z: 1 }), w: Object.freeze(['changed', { v: 2 }]) });
    const out = shareUnchanged(value, stored) as Record<string, unknown>;
    expect(out).toEqual({ x: 'new', y: { z: 1 }, w: ['changed', { v: 2 }] });
    expect(out['y']).toBe(stored.y);
    expect((out['w'] as unknown[])[1]).toBe(stored.w[1]);
  });

  it('a frozen request holding a new, unfrozen part is copied, so that sealing the result freezes that part', () => {
    const stored = deepFreeze({ a: 1 });
    const value = Object.freeze({ a: 2, added: { b: 1 } });
    const out = deepFreeze(shareUnchanged(value, stored) as typeof value);
    expect(out).not.toBe(value);
    expect(Object.isFrozen(out.added)).toBe(true);
  });

  it('a frozen pod status keeps its changed conditions and container statuses; unchanged ones are the stored ones', () => {
    const cond = (type: string, status: string) => ({ type, status, lastTransitionTime: '2025-01-01T00:00:00Z' });
    const stored = deepFreeze({
      phase: 'Pending', hostIP: '10.0.0.1',
      conditions: [cond('PodScheduled', 'True'), cond('Initialized', 'True'), cond('Ready', 'False')],
      containerStatuses: [{ name: 'c', ready: false, state: { waiting: { reason: 'ContainerCreating' } } }],
    });
    const sent = deepFreeze({
      phase: 'Running', hostIP: '10.0.0.1',
      conditions: [cond('PodScheduled', 'True'), stored.conditions[1], cond('Ready', 'True')],
      containerStatuses: [{ name: 'c', ready: true, state: { running: { startedAt: '2025-01-01T00:00:01Z' } } }],
    });
    const out = shareUnchanged(sent, stored) as typeof sent;
    // the PodScheduled condition equal to the stored one is replaced by it, so the status and its list are copies
    expect(out).not.toBe(sent);
    expect(out.conditions).not.toBe(sent.conditions);
    expect(out.conditions[0]).toBe(stored.conditions[0]);
    expect(out.conditions[1]).toBe(stored.conditions[1]);
    expect(out.conditions[2]).toBe(sent.conditions[2]);
    expect(out.containerStatuses).toBe(sent.containerStatuses);
    // not frozen: copied as before
    const thawed = JSON.parse(JSON.stringify(sent)) as typeof sent;
    const copied = shareUnchanged(thawed, stored) as typeof sent;
    expect(copied.containerStatuses).not.toBe(thawed.containerStatuses);
    expect(copied.containerStatuses).toEqual(thawed.containerStatuses);
  });

  it('keeps an unchanged nested subtree when a sibling changes (a ReplicaSet scale keeps its template)', () => {
    const stored = Object.freeze({ replicas: 3, selector: Object.freeze({ matchLabels: Object.freeze({ app: 'web' }) }), template: Object.freeze({ spec: Object.freeze({ containers: Object.freeze([Object.freeze({ name: 'c' })]) }) }) });
    const request = JSON.parse(JSON.stringify({ ...stored, replicas: 4 })) as typeof stored;
    const out = shareUnchanged(request, stored) as typeof stored;
    expect(out).not.toBe(stored);
    expect(out.replicas).toBe(4);
    expect(out.selector).toBe(stored.selector);
    expect(out.template).toBe(stored.template);
    expect(Object.keys(out)).toEqual(['replicas', 'selector', 'template']);
  });

  it('shareOrCopy: equal to the new value, the stored value exactly when equal, never the caller\'s objects', () => {
    const objectsOf = (v: unknown, out: Set<unknown>): Set<unknown> => {
      if (typeof v === 'object' && v !== null) {
        out.add(v);
        for (const x of Object.values(v)) objectsOf(x, out);
      }
      return out;
    };
    fc.assert(
      fc.property(json, fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })), (stored, stream) => {
        const it = stream[Symbol.iterator]();
        const value = JSON.parse(JSON.stringify(mutate(stored, () => it.next().value as number))) as unknown;
        const out = shareOrCopy(value, stored);
        expect(deepEqual(out, value)).toBe(true);
        expect(out === stored).toBe(deepEqual(value, stored));
        const callers = objectsOf(value, new Set());
        for (const o of objectsOf(out, new Set())) expect(callers.has(o)).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });
});

/**
 * The dependents index: owner uid → cells whose `metadata.ownerReferences` name it, across kinds.
 *
 * @internal
 * @packageDocumentation
 */
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { compareStrings } from '../../selectors/_internal/compare.js';
import type { KubeObject } from '../types.js';
import { type Cell, compareCells } from './kind-table.js';

type Refs = readonly OwnerReference[] | undefined;

/** Owner uid → dependents, maintained on every write. */
export class OwnerIndex {
  private readonly byOwner = new Map<string, Set<Cell>>();

  /** Moves a cell from the owners in `before` to those in `after` (same reference: nothing to do). */
  move(cell: Cell, before: Refs, after: Refs): void {
    if (before === after) return;
    if (before !== undefined) {
      for (const ref of before) {
        if (after?.some((r) => r.uid === ref.uid) === true) continue;
        const set = this.byOwner.get(ref.uid);
        if (set === undefined) continue;
        set.delete(cell);
        if (set.size === 0) this.byOwner.delete(ref.uid);
      }
    }
    if (after !== undefined) {
      for (const ref of after) {
        const set = this.byOwner.get(ref.uid);
        if (set === undefined) this.byOwner.set(ref.uid, new Set([cell]));
        else set.add(cell);
      }
    }
  }

  /** The dependents of an owner, ordered by kind then key. */
  dependents(ownerUid: string): KubeObject[] {
    const set = this.byOwner.get(ownerUid);
    if (set === undefined) return [];
    return [...set]
      .sort((a, b) => compareStrings(a.kind, b.kind) || compareCells(a, b))
      .map((c) => c.obj);
  }
}

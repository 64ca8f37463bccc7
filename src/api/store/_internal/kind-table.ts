/**
 * One kind's objects and their incrementally maintained indexes (namespace, labels, indexed fields),
 * plus the query planner that picks the most selective index for a list.
 *
 * @internal
 * @packageDocumentation
 */
import { compareStrings } from '../../selectors/_internal/compare.js';
import type { FieldGetter } from '../../selectors/field-value.js';
import type { FieldSelector } from '../../selectors/field-selector.js';
import type { CompiledSelector } from '../../selectors/label-selector.js';
import type { KubeObject } from '../types.js';

/**
 * A stored object's slot; indexes hold cells so an update that moves no index touches none. Cells sort in
 * etcd key order, `namespace/name` (or `name` for cluster-scoped kinds), see {@link compareCells}.
 */
export interface Cell {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  obj: KubeObject;
  /** Set when the object left the store (a stale reference to the cell must not find it). */
  removed: boolean;
}

/** One indexed label key; kept (possibly empty) once built, so it is never rebuilt. */
interface LabelKeyIndex {
  /** Objects carrying the key, whatever the value (for `exists`). */
  total: number;
  readonly byValue: Map<string, Set<Cell>>;
}

/** A list query, already parsed and checked. */
export interface Query {
  readonly namespace: string | undefined;
  readonly labels: CompiledSelector | undefined;
  readonly fields: FieldSelector | undefined;
  readonly getters: Readonly<Record<string, FieldGetter>>;
}

type Labels = Readonly<Record<string, string>> | undefined;
/** A collection of cells a list reads: an index bucket, a namespace's map, or the sorted array. */
type Source = ReadonlySet<Cell> | ReadonlyMap<string, Cell> | readonly Cell[];

function addTo<K>(map: Map<K, Set<Cell>>, k: K, cell: Cell): void {
  const set = map.get(k);
  if (set === undefined) map.set(k, new Set<Cell>().add(cell));
  else set.add(cell);
}

function removeFrom<K>(map: Map<K, Set<Cell>>, k: K, cell: Cell): void {
  const set = map.get(k);
  if (set === undefined) return;
  set.delete(cell);
  if (set.size === 0) map.delete(k);
}

/**
 * The order of the cells' etcd keys `namespace/name`, without building them: the namespaces decide unless equal,
 * a namespace that is a prefix of the other continuing with '/' (namespaces never contain '/').
 */
export function compareCells(a: Cell, b: Cell): number {
  const x = a.namespace;
  const y = b.namespace;
  if (x === y) return compareStrings(a.name, b.name);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const d = x.charCodeAt(i) - y.charCodeAt(i);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  const slash = 0x2f;
  const next = x.length < y.length ? y.charCodeAt(n) : x.charCodeAt(n);
  if (next === slash) return compareStrings(`${x}/${a.name}`, `${y}/${b.name}`);
  const sign = x.length < y.length ? 1 : -1;
  return slash < next ? -sign : sign;
}

const byKey = compareCells;

/** The objects of one kind with their indexes. */
export class KindTable {
  /** namespace → name → cell; cluster-scoped kinds use namespace `''`. */
  private readonly byNamespace = new Map<string, Map<string, Cell>>();
  private readonly byLabel = new Map<string, LabelKeyIndex>();
  private readonly byField = new Map<string, Map<string, Set<Cell>>>();
  private sorted: Cell[] | undefined;
  size = 0;

  constructor(
    readonly kind: string,
    readonly apiVersion: string,
    private readonly indexed: readonly (readonly [string, FieldGetter])[],
  ) {
    for (const [path] of indexed) this.byField.set(path, new Map());
  }

  get(namespace: string, name: string): Cell | undefined {
    return this.byNamespace.get(namespace)?.get(name);
  }

  countIn(namespace: string | undefined): number {
    return namespace === undefined ? this.size : (this.byNamespace.get(namespace)?.size ?? 0);
  }

  insert(cell: Cell): void {
    let names = this.byNamespace.get(cell.namespace);
    if (names === undefined) this.byNamespace.set(cell.namespace, (names = new Map()));
    names.set(cell.name, cell);
    this.size++;
    this.sorted = undefined;
    this.moveLabels(cell, undefined, cell.obj.metadata.labels);
    for (const [path, get] of this.indexed) addTo(this.byField.get(path) as Map<string, Set<Cell>>, get(cell.obj), cell);
  }

  remove(cell: Cell): void {
    const names = this.byNamespace.get(cell.namespace);
    if (names?.delete(cell.name) !== true) return;
    if (names.size === 0) this.byNamespace.delete(cell.namespace);
    this.size--;
    this.sorted = undefined;
    this.moveLabels(cell, cell.obj.metadata.labels, undefined);
    for (const [path, get] of this.indexed) removeFrom(this.byField.get(path) as Map<string, Set<Cell>>, get(cell.obj), cell);
  }

  /** Replaces a cell's object, moving it only in the indexes whose value changed. */
  replace(cell: Cell, next: KubeObject): void {
    const prev = cell.obj;
    cell.obj = next;
    const oldLabels = prev.metadata.labels;
    const newLabels = next.metadata.labels;
    if (oldLabels !== newLabels) this.moveLabels(cell, oldLabels, newLabels);
    for (const [path, get] of this.indexed) {
      const before = get(prev);
      const after = get(next);
      if (before === after) continue;
      const index = this.byField.get(path) as Map<string, Set<Cell>>;
      removeFrom(index, before, cell);
      addTo(index, after, cell);
    }
  }

  /**
   * Moves a cell between label buckets, for the label keys that are indexed (a key is indexed from the first
   * list that selects on it: writes of a store nobody lists by label maintain no label index).
   */
  private moveLabels(cell: Cell, before: Labels, after: Labels): void {
    if (this.byLabel.size === 0) return;
    if (before !== undefined) {
      for (const k in before) {
        const v = before[k] as string;
        if (after !== undefined && after[k] === v) continue;
        const idx = this.byLabel.get(k);
        if (idx === undefined) continue;
        removeFrom(idx.byValue, v, cell);
        idx.total--;
      }
    }
    if (after !== undefined) {
      for (const k in after) {
        const v = after[k] as string;
        if (before !== undefined && before[k] === v) continue;
        const idx = this.byLabel.get(k);
        if (idx === undefined) continue;
        idx.total++;
        addTo(idx.byValue, v, cell);
      }
    }
  }

  /** The index of one label key, built from every stored object the first time a list selects on it. */
  private labelIndex(key: string): LabelKeyIndex {
    let idx = this.byLabel.get(key);
    if (idx === undefined) {
      idx = { total: 0, byValue: new Map() };
      for (const names of this.byNamespace.values()) {
        for (const c of names.values()) {
          const v = c.obj.metadata.labels?.[key];
          if (v === undefined) continue;
          idx.total++;
          addTo(idx.byValue, v, c);
        }
      }
      this.byLabel.set(key, idx);
    }
    return idx;
  }

  /** Every cell in key order (cached until the next insert or remove). */
  allSorted(): readonly Cell[] {
    if (this.sorted === undefined) {
      const all: Cell[] = [];
      for (const names of this.byNamespace.values()) for (const c of names.values()) all.push(c);
      this.sorted = all.sort(byKey);
    }
    return this.sorted;
  }

  /** The matching objects in key order, read from the most selective index. */
  select(q: Query): KubeObject[] {
    if (q.labels?.nothing === true) return [];
    const plan = this.plan(q);
    const out: Cell[] = [];
    if (plan === undefined || plan.size >= this.size) {
      collect(this.allSorted(), q, 'full', out);
    } else {
      for (const source of plan.sources) collect(source, q, plan.check, out);
      out.sort(byKey);
    }
    const objs = new Array<KubeObject>(out.length);
    for (let i = 0; i < out.length; i++) objs[i] = (out[i] as Cell).obj;
    return objs;
  }

  /** The most selective index for a query (`undefined`: none applies, scan everything). */
  private plan(q: Query): Plan | undefined {
    let best: Plan | undefined;
    const noLabels = q.labels === undefined || q.labels.empty;
    const noFields = q.fields === undefined || q.fields.empty;
    if (q.namespace !== undefined) {
      const names = this.byNamespace.get(q.namespace);
      best = better(best, names?.size ?? 0, names === undefined ? [] : [names], noLabels && noFields ? 'all' : 'full');
    }
    if (q.fields !== undefined) {
      const check = noLabels && q.fields.requirements.length === 1 ? namespaceCheck(q) : 'full';
      for (const [path, index] of this.byField) {
        const v = q.fields.requiresExactMatch(path);
        if (v === undefined) continue;
        const bucket = index.get(v);
        best = better(best, bucket?.size ?? 0, bucket === undefined ? [] : [bucket], check);
      }
    }
    if (q.labels !== undefined) {
      const check = noFields && q.labels.requirements.length === 1 ? namespaceCheck(q) : 'full';
      best = this.considerLabels(q.labels, best, check);
    }
    return best;
  }

  private considerLabels(sel: CompiledSelector, best: Plan | undefined, check: Check): Plan | undefined {
    for (const r of sel.requirements) {
      if (r.operator === 'exists') {
        const idx = this.labelIndex(r.key);
        best = better(best, idx.total, [...idx.byValue.values()], check);
      } else if (r.operator === '=' || r.operator === '==' || r.operator === 'in') {
        const idx = this.labelIndex(r.key);
        const buckets: Set<Cell>[] = [];
        let size = 0;
        for (const v of r.values) {
          const b = idx.byValue.get(v);
          if (b === undefined) continue;
          buckets.push(b);
          size += b.size;
        }
        best = better(best, size, buckets, check);
      }
    }
    return best;
  }
}

/**
 * What a plan's cells still need checked: nothing (`all`: the buckets are exactly the selection), only the
 * namespace (read from the cell, not the object), or the whole query.
 */
type Check = 'all' | 'namespace' | 'full';

/** A list plan: index buckets holding every match, and what their cells still need checked. */
interface Plan {
  readonly size: number;
  readonly sources: readonly Source[];
  readonly check: Check;
}

/** `namespace` when the query also pins a namespace, else `all` (for a bucket that is exactly the rest). */
function namespaceCheck(q: Query): Check {
  return q.namespace === undefined ? 'all' : 'namespace';
}

/** The smaller of a plan and a candidate (the earlier on ties). */
function better(best: Plan | undefined, size: number, sources: readonly Source[], check: Check): Plan {
  return best === undefined || size < best.size ? { size, sources, check } : best;
}

function keeps(c: Cell, q: Query, check: Check): boolean {
  if (check === 'all') return true;
  if (check === 'namespace') return c.namespace === q.namespace;
  return objectMatches(c.obj, q);
}

/**
 * Appends a source's cells that pass `check`. One loop per concrete collection: a for-of over mixed iterables
 * goes megamorphic, and a callback would be a closure per list.
 */
function collect(source: Source, q: Query, check: Check, out: Cell[]): void {
  if (source instanceof Set) {
    for (const c of source) if (keeps(c, q, check)) out.push(c);
  } else if (source instanceof Map) {
    for (const c of source.values()) if (keeps(c, q, check)) out.push(c);
  } else {
    const cells = source as readonly Cell[];
    for (let i = 0; i < cells.length; i++) {
      const c = cells[i] as Cell;
      if (keeps(c, q, check)) out.push(c);
    }
  }
}

/** Whether an object satisfies a query's namespace, label and field constraints. */
export function objectMatches(obj: KubeObject, q: Query): boolean {
  if (q.namespace !== undefined && obj.metadata.namespace !== q.namespace) return false;
  if (q.labels !== undefined && !q.labels.empty && !q.labels.matches(obj.metadata.labels)) return false;
  if (q.fields !== undefined && !q.fields.empty && !q.fields.matches(obj, q.getters)) return false;
  return true;
}

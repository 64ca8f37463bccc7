/**
 * The API server's registry of open watches, indexed so that one change reaches only the watches it concerns.
 *
 * @remarks
 * At 5,000 nodes every kubelet watches `pods` with `fieldSelector=spec.nodeName=<its node>`. Scanning every
 * watch per change would cost 5,000 checks per pod write; instead watches pinned to one node name are indexed by
 * it, and a change is offered only to the watches of its old and new node plus the unindexed ones. A watch with a
 * selector sees an object entering its selection as ADDED and leaving it as DELETED, as kube-apiserver's
 * filtered watches do.
 *
 * @internal
 */
import { type FieldSelector, parseFieldSelector } from '../selectors/field-selector.js';
import { selectableFields } from '../selectors/field-value.js';
import { type CompiledSelector, parseLabelSelector } from '../selectors/label-selector.js';
import type { KubeObject, WatchEvent } from '../store/types.js';
import type { Selection } from './messages.js';

/** One open watch. @internal */
export interface Watch {
  readonly id: number;
  readonly kind: string;
  /** The watching actor. */
  readonly actor: string;
  readonly namespace: string | undefined;
  readonly labels: CompiledSelector | undefined;
  readonly fields: FieldSelector | undefined;
  /** The node name this watch is pinned to (indexed), if any. */
  readonly nodeName: string | undefined;
  /** The pin is the whole selection (a kubelet's watch): selecting is comparing the node name. */
  readonly nodeOnly: boolean;
  /** Delivery time of the last event sent, so events never overtake each other. */
  lastDeliveryMs: number;
}

interface KindWatches {
  readonly unindexed: Watch[];
  readonly byNodeName: Map<string, Watch[]>;
}

/** A change as one watch sees it. @internal */
export interface Delivery {
  readonly watch: Watch;
  readonly eventType: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly object: KubeObject;
}

/** @internal */
export class WatchHub {
  private readonly byKind = new Map<string, KindWatches>();
  private readonly byId = new Map<number, Watch>();
  private nextId = 1;

  /** Compiles a selection (throws ApiError BadRequest for bad selectors). */
  open(kind: string, actor: string, sel: Selection | undefined): Watch {
    const fields = sel?.fieldSelector ? parseFieldSelector(sel.fieldSelector) : undefined;
    const nodeName = kind === 'Pod' ? fields?.requiresExactMatch('spec.nodeName') : undefined;
    const namespace = sel?.namespace === '' ? undefined : sel?.namespace;
    const labels = sel?.labelSelector ? parseLabelSelector(sel.labelSelector) : undefined;
    const w: Watch = {
      id: this.nextId++,
      kind,
      actor,
      namespace,
      labels,
      fields: fields?.empty === true ? undefined : fields,
      nodeName,
      nodeOnly: nodeName !== undefined && namespace === undefined && labels === undefined && fields?.requirements.length === 1,
      lastDeliveryMs: 0,
    };
    let kw = this.byKind.get(kind);
    if (kw === undefined) {
      kw = { unindexed: [], byNodeName: new Map() };
      this.byKind.set(kind, kw);
    }
    if (nodeName === undefined) kw.unindexed.push(w);
    else {
      const list = kw.byNodeName.get(nodeName);
      if (list === undefined) kw.byNodeName.set(nodeName, [w]);
      else list.push(w);
    }
    this.byId.set(w.id, w);
    return w;
  }

  /** Closes a watch; returns whether it was open. */
  close(id: number): boolean {
    const w = this.byId.get(id);
    if (w === undefined) return false;
    this.byId.delete(id);
    const kw = this.byKind.get(w.kind) as KindWatches;
    const list = w.nodeName === undefined ? kw.unindexed : (kw.byNodeName.get(w.nodeName) as Watch[]);
    list.splice(list.indexOf(w), 1);
    if (w.nodeName !== undefined && list.length === 0) kw.byNodeName.delete(w.nodeName);
    return true;
  }

  /** The open watch with this id, or `undefined`. */
  get(id: number): Watch | undefined {
    return this.byId.get(id);
  }

  /** Every open watch, in opening order. */
  all(): Watch[] {
    return [...this.byId.values()];
  }

  /** Closes every watch of an actor (it stopped). */
  closeAll(actor: string): void {
    for (const w of [...this.byId.values()]) if (w.actor === actor) this.close(w.id);
  }

  /** Calls `deliver` for every watch that sees `ev`, in watch-open order within each index. */
  fanOut(ev: WatchEvent, deliver: (d: Delivery) => void): void {
    const kw = this.byKind.get(ev.object.kind);
    if (kw === undefined) return;
    for (const w of kw.unindexed) offer(w, ev, deliver);
    if (kw.byNodeName.size === 0) return;
    const newNode = nodeNameOf(ev.object);
    const oldNode = ev.oldObject === undefined ? newNode : nodeNameOf(ev.oldObject);
    const a = kw.byNodeName.get(newNode);
    if (a !== undefined) for (const w of a) offer(w, ev, deliver);
    if (oldNode !== newNode) {
      const b = kw.byNodeName.get(oldNode);
      if (b !== undefined) for (const w of b) offer(w, ev, deliver);
    }
  }

  /** Whether an object is in a watch's selection. */
  static selects(w: Pick<Watch, 'kind' | 'namespace' | 'labels' | 'fields'>, obj: KubeObject): boolean {
    if (w.namespace !== undefined && obj.metadata.namespace !== w.namespace) return false;
    if (w.labels !== undefined && !w.labels.matches(obj.metadata.labels)) return false;
    if (w.fields !== undefined && !w.fields.matches(obj, selectableFields(w.kind))) return false;
    return true;
  }
}

function nodeNameOf(obj: KubeObject): string {
  const spec = obj.spec as { nodeName?: string } | undefined;
  return spec?.nodeName ?? '';
}

function selected(w: Watch, obj: KubeObject): boolean {
  return w.nodeOnly ? nodeNameOf(obj) === w.nodeName : WatchHub.selects(w, obj);
}

function offer(w: Watch, ev: WatchEvent, deliver: (d: Delivery) => void): void {
  const now = selected(w, ev.object);
  if (ev.type === 'ADDED') {
    if (now) deliver({ watch: w, eventType: 'ADDED', object: ev.object });
    return;
  }
  const before = ev.oldObject === undefined ? now : selected(w, ev.oldObject);
  if (ev.type === 'DELETED') {
    if (before || now) deliver({ watch: w, eventType: 'DELETED', object: ev.object });
  } else if (before && now) deliver({ watch: w, eventType: 'MODIFIED', object: ev.object });
  else if (now) deliver({ watch: w, eventType: 'ADDED', object: ev.object });
  else if (before) deliver({ watch: w, eventType: 'DELETED', object: ev.object });
}

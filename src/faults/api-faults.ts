/**
 * The API-server-level faults: the rules the fault injector sets and the API server consults through its
 * {@link ApiFaultHooks}.
 *
 * @packageDocumentation
 */
import type { ApiFaultHooks, RequestFate, WatchDeliveryInfo, WatchFate } from '../api/server/api-server.js';
import { kindOf } from '../api/server/injected-errors.js';
import type { ApiRequest } from '../api/server/messages.js';
import type { Rng } from '../engine/random.js';
import type { Fault, RequestMatch } from './types.js';

type WatchChaos = Extract<Fault, { type: 'watchChaos' }>;
type ApiSlowdown = Extract<Fault, { type: 'apiSlowdown' }>;
type ApiErrors = Extract<Fault, { type: 'apiErrors' }>;

function matches(m: RequestMatch | undefined, req: ApiRequest): boolean {
  if (m === undefined) return true;
  if (m.verbs !== undefined && !(m.verbs as readonly string[]).includes(req.verb)) return false;
  if (m.components !== undefined && !m.components.includes(req.replyTo) && (req.component === undefined || !m.components.includes(req.component))) return false;
  if (m.kinds !== undefined && !m.kinds.includes(kindOf(req))) return false;
  return true;
}

function chaosMatches(f: WatchChaos, d: WatchDeliveryInfo, aliases: ReadonlyMap<string, string>): boolean {
  if (f.components !== undefined && !f.components.some((c) => (aliases.get(c) ?? c) === d.actor)) return false;
  if (f.kinds !== undefined && !f.kinds.includes(d.kind)) return false;
  if (f.eventTypes !== undefined && !f.eventTypes.includes(d.eventType)) return false;
  return true;
}

/** Draws `p`, without a draw when `p` is 0 or 1 (so certain rules do not move the stream). */
function chance(p: number | undefined, rng: Rng): boolean {
  if (p === undefined || p <= 0) return false;
  return p >= 1 || rng.next() < p;
}

/**
 * The active API-level fault rules of one cluster, keyed by fault id; implements the API server's hooks.
 *
 * @remarks
 * Partitions are counted per component, so two overlapping partitions of one component end only when both
 * heal. Several rules may match one request: a partition wins (the request is not served), then the first
 * matching error rule in fault-id order, and the extra latencies of every matching slowdown add up. For a watch
 * event, the matching `watchChaos` rules are consulted in fault-id order: a drop ends the decision; delays add
 * up; duplicate and reorder hold if any rule draws them.
 *
 * @example
 * ```ts
 * const faults = new ApiFaultState();
 * sim.spawn('kube-apiserver', apiServer(core, { faults }));
 * faults.add(1, { type: 'apiErrors', code: 500, match: { verbs: ['create'], kinds: ['Pod'] } });
 * ```
 */
export class ApiFaultState implements ApiFaultHooks {
  /** Whether any rule or partition is active (the API server's one check). */
  active = false;
  private readonly partitioned = new Map<string, number>();
  private readonly errors = new Map<number, ApiErrors>();
  private readonly slowdowns = new Map<number, ApiSlowdown>();
  private readonly chaos = new Map<number, WatchChaos>();
  /** Components whose watches are another actor's (a controller hosted in kube-controller-manager). */
  private readonly aliases = new Map<string, string>();

  /**
   * Says that `component`'s watches are `actor`'s: a `watchChaos` naming the component acts on that actor's
   * watches (a controller in kube-controller-manager reads the manager's informers). Its requests carry its own
   * name, so partitions and request rules still name it alone.
   */
  alias(component: string, actor: string): void {
    this.aliases.set(component, actor);
  }

  /** Starts an API-level rule (`apiErrors`, `apiSlowdown`, `watchChaos`). */
  add(id: number, fault: Fault): void {
    if (fault.type === 'apiErrors') this.errors.set(id, fault);
    else if (fault.type === 'apiSlowdown') this.slowdowns.set(id, fault);
    else if (fault.type === 'watchChaos') this.chaos.set(id, fault);
    this.refresh();
  }

  /** Ends the rule of fault `id`. */
  remove(id: number): void {
    this.errors.delete(id);
    this.slowdowns.delete(id);
    this.chaos.delete(id);
    this.refresh();
  }

  /** Cuts a component off the API server (once more, if it already is). */
  partition(actor: string): void {
    this.partitioned.set(actor, (this.partitioned.get(actor) ?? 0) + 1);
    this.refresh();
  }

  /** Ends one partition of a component. */
  heal(actor: string): void {
    const n = (this.partitioned.get(actor) ?? 0) - 1;
    if (n > 0) this.partitioned.set(actor, n);
    else this.partitioned.delete(actor);
    this.refresh();
  }

  /** Whether a component is cut off the API server. */
  isPartitioned(actor: string): boolean {
    return this.partitioned.has(actor);
  }

  /** @internal */
  request(req: ApiRequest, _nowMs: number, rng: Rng): RequestFate | undefined {
    let extra = 0;
    for (const f of this.slowdowns.values()) if (matches(f.match, req)) extra += f.extraLatencyMs;
    if (this.partitioned.has(req.replyTo) || (req.component !== undefined && this.partitioned.has(req.component))) return extra > 0 ? { unreachable: true, extraLatencyMs: extra } : { unreachable: true };
    if (req.verb !== 'unwatch') {
      for (const f of this.errors.values()) {
        if (matches(f.match, req) && chance(f.probability ?? 1, rng)) return extra > 0 ? { errorCode: f.code, extraLatencyMs: extra } : { errorCode: f.code };
      }
    }
    return extra > 0 ? { extraLatencyMs: extra } : undefined;
  }

  /** @internal */
  watch(d: WatchDeliveryInfo, _nowMs: number, rng: Rng): WatchFate | undefined {
    if (this.partitioned.has(d.actor)) return { drop: true };
    if (this.chaos.size === 0) return undefined;
    let delay = 0;
    let duplicate = false;
    let reorder = false;
    let any = false;
    for (const f of this.chaos.values()) {
      if (!chaosMatches(f, d, this.aliases)) continue;
      any = true;
      if (chance(f.drop, rng)) return { drop: true };
      if (f.delayMs !== undefined && f.delayMs > 0) delay += rng.int(0, f.delayMs);
      if (chance(f.duplicate, rng)) duplicate = true;
      if (chance(f.reorder, rng)) reorder = true;
    }
    return any ? { extraDelayMs: delay, duplicate, reorder } : undefined;
  }

  private refresh(): void {
    this.active = this.partitioned.size > 0 || this.errors.size > 0 || this.slowdowns.size > 0 || this.chaos.size > 0;
  }
}

/**
 * The record of a cluster's faults: which are scheduled, which are active, and every start and heal so far.
 *
 * @packageDocumentation
 */
import type { Fault, FaultEvent } from './types.js';

/** A fault that has started and not yet healed. */
export interface ActiveFault {
  /** The id `cluster.inject` returned. */
  readonly id: number;
  readonly event: FaultEvent;
  /** When it started, virtual ms. */
  readonly startedAtMs: number;
}

/** One fault that started: when, and when it ended (`endedAtMs = startedAtMs` for instantaneous faults). */
export interface FaultRecord {
  readonly id: number;
  readonly fault: Fault;
  readonly startedAtMs: number;
  /** When it healed; absent while active (or for a fault never healed, such as `nodeRemove`). */
  readonly endedAtMs?: number;
}

/**
 * Shared by a cluster and its fault injector (one thread, so sharing is deterministic): the injector writes it as
 * faults start and heal, the cluster reads it for `activeFaults()`, `faultHistory()` and `lastFaultActivityMs()`.
 *
 * @example
 * ```ts
 * const log = new FaultLog();
 * const id = log.schedule({ atMs: 0, fault: { type: 'watchCompaction' } });
 * log.started(id, 0, true);
 * log.history(); // [{ id: 1, fault: { type: 'watchCompaction' }, startedAtMs: 0, endedAtMs: 0 }]
 * ```
 */
export class FaultLog {
  private nextId = 1;
  private readonly scheduled = new Map<number, FaultEvent>();
  private readonly active = new Map<number, ActiveFault>();
  private readonly records: FaultRecord[] = [];
  private readonly recordIndex = new Map<number, number>();
  private lastMs: number | undefined;
  private activeList: readonly ActiveFault[] | undefined;

  /** Registers a fault to start later; returns its id. */
  schedule(event: FaultEvent): number {
    const id = this.nextId++;
    this.scheduled.set(id, event);
    return id;
  }

  /** How many ids were handed out (ids run from 1 to this). */
  get issued(): number {
    return this.nextId - 1;
  }

  /** The scheduled event of `id`, if it has not started (or been cancelled). */
  pending(id: number): FaultEvent | undefined {
    return this.scheduled.get(id);
  }

  /** Cancels a fault that has not started yet; returns whether it was pending. */
  cancel(id: number): boolean {
    return this.scheduled.delete(id);
  }

  /** The fault started at `nowMs`; an instantaneous one ends at once. */
  started(id: number, nowMs: number, instantaneous: boolean): void {
    const event = this.scheduled.get(id);
    if (event === undefined) return;
    this.scheduled.delete(id);
    this.lastMs = nowMs;
    this.recordIndex.set(id, this.records.length);
    if (instantaneous) {
      this.records.push({ id, fault: event.fault, startedAtMs: nowMs, endedAtMs: nowMs });
      return;
    }
    this.records.push({ id, fault: event.fault, startedAtMs: nowMs });
    this.active.set(id, { id, event, startedAtMs: nowMs });
    this.activeList = undefined;
  }

  /** The fault healed at `nowMs`; returns whether it was active. */
  healed(id: number, nowMs: number): boolean {
    if (!this.active.delete(id)) return false;
    this.activeList = undefined;
    this.lastMs = nowMs;
    const i = this.recordIndex.get(id) as number;
    const r = this.records[i] as FaultRecord;
    this.records[i] = { ...r, endedAtMs: nowMs };
    return true;
  }

  /** The active fault of `id`. */
  get(id: number): ActiveFault | undefined {
    return this.active.get(id);
  }

  /** Ids of the active faults, oldest first. */
  activeIds(): number[] {
    return [...this.active.keys()].sort((a, b) => a - b);
  }

  /** The active faults, oldest id first (one frozen array until a fault starts or heals: invariants ask at every check). */
  activeFaults(): readonly ActiveFault[] {
    this.activeList ??= Object.freeze(this.activeIds().map((id) => this.active.get(id) as ActiveFault));
    return this.activeList;
  }

  /** Every fault that started, in start order. */
  history(): readonly FaultRecord[] {
    return [...this.records];
  }

  /** Virtual time of the latest start or heal, if any. */
  get lastActivityMs(): number | undefined {
    return this.lastMs;
  }
}

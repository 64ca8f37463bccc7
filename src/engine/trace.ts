/**
 * Typed trace entries and a bounded recorder.
 *
 * @remarks
 * Recording is off by default and then costs nothing: the engine checks one field per event. When on, the
 * recorder keeps either the last `capacity` entries (`ring`, for post-mortems of long runs) or the first
 * `capacity` entries (`head`, for comparing two runs from their start).
 *
 * @packageDocumentation
 */
import type { TimeMs } from './time.js';

/** Fields common to every trace entry. */
export interface TraceBase {
  /** Virtual time of the entry. */
  readonly time: TimeMs;
  /** The actor concerned (receiver, spawned, stopped or tracing). */
  readonly actor: string;
  /** The run's fingerprint just after this entry. */
  readonly fingerprint: string;
}

/** One thing that happened in a run. */
export type TraceEntry =
  | (TraceBase & { readonly kind: 'deliver'; readonly seq: number; readonly from: string | null; readonly message: string })
  | (TraceBase & { readonly kind: 'timer'; readonly seq: number; readonly key: string })
  | (TraceBase & { readonly kind: 'dropped'; readonly seq: number; readonly from: string | null })
  | (TraceBase & { readonly kind: 'spawn'; readonly behavior: string })
  | (TraceBase & { readonly kind: 'stop' })
  | (TraceBase & { readonly kind: 'note'; readonly what: string; readonly detail?: string });

/** How the trace is recorded. */
export interface TraceOptions {
  /** How many entries to keep. */
  readonly capacity: number;
  /**
   * `ring` keeps the most recent entries; `head` keeps the first ones and ignores the rest.
   * @defaultValue 'ring'
   */
  readonly mode?: 'ring' | 'head';
  /**
   * Which entries to record: `all`, or only what actors and the engine say about themselves (`notes`: notes,
   * spawns and stops — no message deliveries), which keeps a long run's story in a small buffer.
   * @defaultValue 'all'
   */
  readonly include?: 'all' | 'notes';
}

/** A bounded recorder of trace entries. @internal */
export class TraceRecorder {
  private readonly buf: TraceEntry[] = [];
  private start = 0;
  /** Entries not kept because the recorder was full. */
  discarded = 0;
  private readonly capacity: number;
  private readonly ring: boolean;

  constructor(opts: TraceOptions) {
    if (!Number.isInteger(opts.capacity) || opts.capacity <= 0) {
      throw new RangeError(`trace capacity must be a positive integer, got ${opts.capacity}`);
    }
    this.capacity = opts.capacity;
    this.ring = (opts.mode ?? 'ring') === 'ring';
  }

  record(e: TraceEntry): void {
    if (this.buf.length < this.capacity) {
      this.buf.push(e);
      return;
    }
    this.discarded++;
    if (!this.ring) return;
    this.buf[this.start] = e;
    this.start = (this.start + 1) % this.capacity;
  }

  entries(): TraceEntry[] {
    return this.buf.slice(this.start).concat(this.buf.slice(0, this.start));
  }
}

/** A one-line rendering of an entry, e.g. `t=1500 kubelet/n1 <- scheduler: bind`. */
export function formatTraceEntry(e: TraceEntry): string {
  const head = `t=${e.time} ${e.actor}`;
  switch (e.kind) {
    case 'deliver':
      return `${head} <- ${e.from ?? '(outside)'}: ${e.message} #${e.seq}`;
    case 'timer':
      return `${head} timer ${e.key} #${e.seq}`;
    case 'dropped':
      return `${head} (stopped) dropped message from ${e.from ?? '(outside)'} #${e.seq}`;
    case 'spawn':
      return `${head} spawned (${e.behavior})`;
    case 'stop':
      return `${head} stopped`;
    case 'note':
      return `${head} ${e.what}${e.detail !== undefined ? `: ${e.detail}` : ''}`;
  }
}

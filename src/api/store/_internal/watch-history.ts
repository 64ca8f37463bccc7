/**
 * The bounded watch history: a ring buffer of the latest events, compacted from the oldest end.
 *
 * @internal
 * @packageDocumentation
 */
import { ApiError, gone } from '../../errors.js';
import type { WatchEvent } from '../types.js';

/** Ring buffer of watch events in revision order; revisions at or below `compactedRevision` are gone. */
export class WatchHistory {
  private readonly buffer: (WatchEvent | undefined)[];
  private start = 0;
  private length = 0;
  /** Every event with a revision above this one is retained. */
  compactedRevision = 0;

  constructor(private readonly capacity: number) {
    this.buffer = new Array<WatchEvent | undefined>(capacity).fill(undefined);
  }

  push(ev: WatchEvent): void {
    if (this.capacity === 0) {
      this.compactedRevision = ev.resourceVersion;
      return;
    }
    if (this.length < this.capacity) {
      this.buffer[(this.start + this.length) % this.capacity] = ev;
      this.length++;
      return;
    }
    this.compactedRevision = (this.buffer[this.start] as WatchEvent).resourceVersion;
    this.buffer[this.start] = ev;
    this.start = (this.start + 1) % this.capacity;
  }

  /** Drops every event with a revision at or below `revision`. */
  compact(revision: number): void {
    while (this.length > 0) {
      const first = this.at(0);
      if (first.resourceVersion > revision) break;
      this.buffer[this.start] = undefined;
      this.start = (this.start + 1) % this.capacity;
      this.length--;
    }
    if (revision > this.compactedRevision) this.compactedRevision = revision;
  }

  /**
   * Visits the events after `revision`, in order.
   * @throws {@link ApiError} 410 Gone when `revision` was compacted; 504 Timeout when it is in the future.
   */
  forEachSince(revision: number, current: number, visit: (ev: WatchEvent) => void): void {
    if (revision < this.compactedRevision) throw gone(revision, this.compactedRevision);
    if (revision > current) {
      throw new ApiError('Timeout', `Too large resource version: ${revision}, current: ${current}`);
    }
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.at(mid).resourceVersion <= revision) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.length; i++) visit(this.at(i));
  }

  private at(i: number): WatchEvent {
    return this.buffer[(this.start + i) % this.capacity] as WatchEvent;
  }
}

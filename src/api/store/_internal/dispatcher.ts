/**
 * Synchronous, ordered fan-out of watch events to listeners.
 *
 * @internal
 * @packageDocumentation
 */
import type { WatchEvent } from '../types.js';

type Listener = (ev: WatchEvent) => void;

/**
 * Delivers each event to every listener; events raised by a listener (a write inside a callback) are
 * queued and delivered after the current one, so every listener sees revisions in order.
 */
export class Dispatcher {
  private listeners: readonly Listener[] = [];
  private readonly pending: WatchEvent[] = [];
  private dispatching = false;

  subscribe(listener: Listener): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  /** Delivers one event; a listener's exception propagates to the writer and drops the queued rest. */
  deliver(ev: WatchEvent): void {
    if (this.listeners.length === 0) return;
    this.pending.push(ev);
    if (this.dispatching) return;
    this.dispatching = true;
    try {
      for (let i = 0; i < this.pending.length; i++) {
        const next = this.pending[i] as WatchEvent;
        for (const l of this.listeners) l(next);
      }
    } finally {
      this.pending.length = 0;
      this.dispatching = false;
    }
  }
}

/**
 * How a filtered watch sees an event (upstream watch cache `cacheWatcher.convertToWatchEvent`).
 *
 * @internal
 * @packageDocumentation
 */
import type { WatchEvent } from '../types.js';
import { objectMatches, type Query } from './kind-table.js';

/**
 * The event a watcher with this filter receives, or `undefined` for none: an object entering the
 * selection is `ADDED`, one leaving it `DELETED` (carrying the new state), one staying `MODIFIED`.
 */
export function filterWatchEvent(ev: WatchEvent, q: Query): WatchEvent | undefined {
  const before = ev.oldObject !== undefined && objectMatches(ev.oldObject, q);
  if (ev.type === 'DELETED') return before ? ev : undefined;
  const now = objectMatches(ev.object, q);
  if (ev.type === 'ADDED') return now ? ev : undefined;
  if (now && before) return ev;
  if (now) return { type: 'ADDED', object: ev.object, resourceVersion: ev.resourceVersion };
  if (before) return { ...ev, type: 'DELETED' };
  return undefined;
}

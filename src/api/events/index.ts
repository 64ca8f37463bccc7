/**
 * core/v1 Events as Kubernetes components record them.
 *
 * @packageDocumentation
 */
export { EVENT_DEDUP_WINDOW_MS, objectReference, recordEvent, type EventRecord } from './record-event.js';

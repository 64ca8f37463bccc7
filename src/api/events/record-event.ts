/**
 * core/v1 Events as Kubernetes components emit them (client-go's legacy `EventRecorder`).
 *
 * @packageDocumentation
 */
import type { Event, EventSource, ObjectReference } from 'kubernetes-types/core/v1.js';

import type { ApiServerCore } from '../server/core.js';
import { formatTimestamp, parseTimestamp } from '../store/_internal/timestamp.js';
import type { KubeObject } from '../store/types.js';

/** How long an identical event keeps being counted on the same Event object (client-go aggregation window). */
export const EVENT_DEDUP_WINDOW_MS = 10 * 60 * 1000;

/**
 * One event occurrence to record.
 *
 * @example
 * ```ts
 * const ev: EventRecord = { involvedObject: objectReference(pod), type: 'Normal', reason: 'Scheduled',
 *   message: 'Successfully assigned default/web-1 to node-1', source: { component: 'default-scheduler' }, nowMs: 1_000 };
 * ```
 */
export interface EventRecord {
  /** The object the event is about (see {@link objectReference}). */
  readonly involvedObject: ObjectReference;
  readonly type: 'Normal' | 'Warning';
  /** UpperCamelCase machine-readable reason, e.g. `FailedScheduling`. */
  readonly reason: string;
  readonly message: string;
  /** The emitting component (`kubelet` with `host` = node name, `default-scheduler`, `deployment-controller`, …). */
  readonly source: { readonly component: string; readonly host?: string };
  /** Virtual now, ms (the store's clock: timestamps are formatted from it). */
  readonly nowMs: number;
}

/**
 * The reference client-go's `reference.GetReference` builds for an object.
 *
 * @example
 * ```ts
 * objectReference(pod); // { apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'web-1', uid: '…', resourceVersion: '12' }
 * ```
 */
export function objectReference(obj: KubeObject): ObjectReference {
  const m = obj.metadata;
  return {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    ...(m.namespace !== undefined && m.namespace !== '' ? { namespace: m.namespace } : {}),
    ...(m.name !== undefined ? { name: m.name } : {}),
    ...(m.uid !== undefined ? { uid: m.uid } : {}),
    ...(m.resourceVersion !== undefined ? { resourceVersion: m.resourceVersion } : {}),
  };
}

/** Where the recorder remembers the Event each aggregation key was last written to (client-go's event cache). */
const caches = new WeakMap<ApiServerCore, Map<string, { readonly namespace: string; readonly name: string }>>();

function aggregationKey(r: EventRecord): string {
  const o = r.involvedObject;
  return JSON.stringify([r.source.component, r.source.host ?? '', o.kind, o.namespace, o.name, o.uid, o.apiVersion, o.fieldPath, r.type, r.reason, r.message]);
}

/** `<name>.<16 hex digits>`: the recording instant in Unix nanoseconds, as client-go names events. */
function eventName(core: ApiServerCore, namespace: string, objectName: string, nowMs: number): string {
  let nanos = BigInt(Math.max(0, Math.trunc(nowMs))) * 1_000_000n;
  for (;;) {
    const name = `${objectName}.${nanos.toString(16).padStart(16, '0')}`;
    if (core.get('Event', namespace, name) === undefined) return name;
    nanos += 1n; // two events in the same virtual millisecond: the next nanosecond, deterministically
  }
}

/**
 * Records an event: creates a core/v1 Event, or counts a repeat on the Event already written.
 *
 * @remarks
 * The Event lives in the involved object's namespace (`default` for cluster-scoped objects such as Nodes),
 * is named `<object name>.<16 hex digits>` (the virtual instant in Unix nanoseconds, as client-go does; a
 * second event in the same millisecond takes the next nanosecond) and carries `count: 1`,
 * `firstTimestamp = lastTimestamp = now`, `source`, `reportingComponent`/`reportingInstance`.
 * A repeat with the same aggregation key (involved object, type, reason, message, source) whose last
 * occurrence was at most {@link EVENT_DEDUP_WINDOW_MS} ago increments `count` and moves `lastTimestamp`.
 *
 * Simplified from client-go's `EventCorrelator`: the dedup cache is unbounded rather than a 4096-entry LRU;
 * the 10-minute window here bounds the exact-repeat dedup (upstream bounds only similar-event aggregation);
 * similar events with different messages are not combined into `(combined from similar events)`; the
 * spam filter (token bucket of 25 per source+object, refilled every 5 minutes) is not applied.
 *
 * @param core - the API server to write to
 * @param record - what happened
 * @returns the stored Event
 * @throws ApiError when the Event cannot be stored (e.g. the namespace is gone)
 *
 * @example
 * ```ts
 * recordEvent(core, { involvedObject: objectReference(pod), type: 'Warning', reason: 'BackOff',
 *   message: 'Back-off restarting failed container app', source: { component: 'kubelet', host: 'node-1' }, nowMs });
 * ```
 */
export function recordEvent(core: ApiServerCore, record: EventRecord): Event {
  const cache = caches.get(core) ?? new Map<string, { readonly namespace: string; readonly name: string }>();
  caches.set(core, cache);
  const key = aggregationKey(record);
  const now = formatTimestamp(record.nowMs);
  const seen = cache.get(key);
  const previous = seen === undefined ? undefined : (core.get('Event', seen.namespace, seen.name) as (Event & KubeObject) | undefined);
  const lastMs = previous?.lastTimestamp === undefined ? undefined : parseTimestamp(previous.lastTimestamp);
  if (previous !== undefined && lastMs !== undefined && record.nowMs - lastMs <= EVENT_DEDUP_WINDOW_MS) {
    const next = { ...previous, count: (previous.count ?? 1) + 1, lastTimestamp: now } as KubeObject;
    return core.update(next) as unknown as Event;
  }
  const namespace = record.involvedObject.namespace ?? 'default';
  const ns = namespace === '' ? 'default' : namespace;
  const source: EventSource = { component: record.source.component, ...(record.source.host !== undefined ? { host: record.source.host } : {}) };
  const event = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: eventName(core, ns, record.involvedObject.name ?? '', record.nowMs), namespace: ns },
    involvedObject: record.involvedObject,
    type: record.type,
    reason: record.reason,
    message: record.message,
    source,
    count: 1,
    firstTimestamp: now,
    lastTimestamp: now,
    reportingComponent: record.source.component,
    reportingInstance: record.source.host ?? '',
  };
  const stored = core.create(event as KubeObject);
  cache.set(key, { namespace: ns, name: stored.metadata.name ?? '' });
  return stored as unknown as Event;
}


/**
 * The core/v1 Event kind: involved-object namespace must agree with the event's namespace.
 *
 * @packageDocumentation
 */
import type { Event } from 'kubernetes-types/core/v1.js';
import type { FieldError } from '../errors.js';
import { invalid } from './field.js';
import { validateObjectMeta } from './meta.js';
import type { KindInfo } from './registry.js';

/**
 * Validates a legacy Event: metadata, and (for events without `eventTime`) `involvedObject.namespace`
 * equal to `metadata.namespace` — or empty when the event lives in `default`.
 */
export function validateEvent(ev: Event, old: Event | undefined): FieldError[] {
  const errs = validateObjectMeta(ev, eventKind, old);
  const ns = ev.metadata?.namespace ?? '';
  const involved = ev.involvedObject.namespace ?? '';
  if (ev.eventTime === undefined || ev.eventTime === '') {
    const ok = involved === '' ? ns === '' || ns === 'default' : ns === involved;
    if (!ok) errs.push(invalid('involvedObject.namespace', involved, 'does not match event.namespace'));
  }
  return errs;
}

/** The core/v1 Event kind. */
export const eventKind: KindInfo<Event> = {
  apiVersion: 'v1',
  group: '',
  kind: 'Event',
  plural: 'events',
  scope: 'Namespaced',
  nameRule: 'DNS1123Subdomain',
  hasStatus: false,
  validate: validateEvent,
};

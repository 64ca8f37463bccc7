// Shared test helpers: run an object through the same steps kube-apiserver runs on create/update.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { formatFieldError } from '../../../src/api/errors.js';
import type { KindInfo } from '../../../src/api/kinds/index.js';
import { defaultPodPriority, defaultRegistry, defaultTolerationSeconds } from '../../../src/api/kinds/index.js';

export const registry = defaultRegistry();

/** A deep, unfrozen copy (tests only; src never JSON-clones). */
export function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

function infoOf(obj: { apiVersion?: string; kind?: string }): KindInfo {
  return registry.lookup(obj.apiVersion ?? '', obj.kind ?? '');
}

/** default → (pod admission) → uid → prepareForCreate; returns the prepared copy. */
export function prepareCreate<T extends { apiVersion?: string; kind?: string }>(obj: T, uid = 'uid-1'): T {
  const info = infoOf(obj);
  const draft = clone(obj) as T & { metadata?: { uid?: string } };
  info.default?.(draft);
  if (info.kind === 'Pod') {
    defaultTolerationSeconds(draft as Pod);
    defaultPodPriority(draft as Pod);
  }
  (draft.metadata ??= {}).uid ??= uid;
  info.prepareForCreate?.(draft);
  return draft;
}

/** The formatted errors of creating `obj` (empty when valid). */
export function createErrors(obj: { apiVersion?: string; kind?: string }): string[] {
  const info = infoOf(obj);
  const prepared = prepareCreate(obj);
  return (info.validate?.(prepared, undefined) ?? []).map(formatFieldError);
}

/** The formatted errors of updating `old` (already created) to `next`. */
export function updateErrors<T extends { apiVersion?: string; kind?: string }>(old: T, next: T): string[] {
  const info = infoOf(next);
  const draft = clone(next);
  info.default?.(draft);
  return (info.validate?.(draft, old) ?? []).map(formatFieldError);
}

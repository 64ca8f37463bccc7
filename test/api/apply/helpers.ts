// Shared helpers for the apply tests: a fresh API server core and a "manifest ⊆ stored object" check.
import { ApiServerCore } from '../../../src/api/server/core.js';

/** A fresh API server on a fixed virtual clock (system namespaces exist). */
export function newCore(nowMs = 1_000): ApiServerCore {
  return new ApiServerCore({ now: () => nowMs });
}

/**
 * Paths where `manifest` is not contained in `stored`: every non-null field of the manifest must be present
 * with the same value. Maps may have more keys (API defaults); lists match element by element and may have more
 * elements at the end (admission appends, e.g. DefaultTolerationSeconds' two NoExecute tolerations).
 */
export function missingFields(manifest: unknown, stored: unknown, path = ''): string[] {
  if (manifest === null || manifest === undefined) return [];
  if (Array.isArray(manifest)) {
    if (!Array.isArray(stored) || stored.length < manifest.length) return [`${path}: ${JSON.stringify(stored)}`];
    return manifest.flatMap((m, i) => missingFields(m, stored[i], `${path}[${i}]`));
  }
  if (typeof manifest === 'object') {
    if (typeof stored !== 'object' || stored === null) return [`${path}: ${JSON.stringify(stored)}`];
    const s = stored as Record<string, unknown>;
    return Object.entries(manifest).flatMap(([k, v]) => missingFields(v, s[k], path === '' ? k : `${path}.${k}`));
  }
  return manifest === stored ? [] : [`${path}: ${JSON.stringify(manifest)} ≠ ${JSON.stringify(stored)}`];
}

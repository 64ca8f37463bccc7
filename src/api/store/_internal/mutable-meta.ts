/**
 * A writable view of `ObjectMeta` (kubernetes-types marks the server-set fields `readonly`), for
 * building metadata before it is frozen.
 *
 * @internal
 * @packageDocumentation
 */
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';

/** `ObjectMeta` with every field writable. */
export type MutableMeta = { -readonly [K in keyof ObjectMeta]: ObjectMeta[K] };

/**
 * What admission made of recent pod specs, so that the pods of one template (a ReplicaSet's, a Job's) are
 * admitted once per template rather than once per pod.
 *
 * @remarks
 * Defaulting, DefaultTolerationSeconds, Priority, the QoS class of `PrepareForCreate` and the validation of a
 * pod's spec depend on the spec alone (and, for Priority, on the PriorityClasses, which the caller versions).
 * A spec equal to one admitted before, `spec.nodeName` aside, is therefore admitted to the same result: the memo
 * returns it frozen, to be stored as is with the request's `nodeName` put back. Equal means {@link deepEqual}
 * (keys holding `undefined` count as absent, key order is ignored, as after a JSON round trip); shared parts
 * keep the key order of the first request that produced them.
 *
 * Contract for later admission steps: one that reads anything besides the spec and the PriorityClasses (a
 * LimitRange's defaults, a namespace's ServiceAccount, a ResourceQuota) must either be versioned into the lookup,
 * as `classesVersion` versions the PriorityClasses, or run outside the memo on every pod.
 *
 * @internal
 * @packageDocumentation
 */
import { deepEqual } from '../store/_internal/deep-equal.js';
import { copyJson, deepFreeze } from '../store/_internal/objects.js';

/** One admitted spec: the request's spec (without `nodeName`), what admission made of it, and its status. */
interface Entry extends AdmittedSpec {
  readonly input: Readonly<Record<string, unknown>>;
  readonly classesVersion: number;
}

/** Images remembered (distinct first-container images); the memo is cleared when full (bounded, deterministic). */
const MAX_IMAGES = 1024;
/** Specs remembered per first-container image, newest first. */
const PER_IMAGE = 4;

/** A memoized admission: the stored spec's parts and the status `PrepareForCreate` sets. */
export interface AdmittedSpec {
  /** The admitted spec without `nodeName`, deeply frozen. */
  readonly spec: Readonly<Record<string, unknown>>;
  /** The keys of {@link AdmittedSpec.spec}, in order. */
  readonly keys: readonly string[];
  /** The admitted status (`phase: Pending` and the QoS class), deeply frozen. */
  readonly status: unknown;
  /** The labels of the last pod stored with this spec, frozen: the next pod of the template may share them. */
  labels: Readonly<Record<string, string>> | undefined;
}

/** The first container's image: the bucket a spec is looked up in (`undefined`: not memoizable). */
function bucketOf(spec: unknown): string | undefined {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) return undefined;
  const containers = (spec as { containers?: unknown }).containers;
  if (!Array.isArray(containers) || containers.length === 0) return undefined;
  const first = containers[0] as { image?: unknown } | null | undefined;
  const image = typeof first === 'object' && first !== null ? first.image : undefined;
  return typeof image === 'string' ? image : undefined;
}

/** Whether a request's spec equals a remembered input, ignoring the request's `nodeName`. */
function sameInput(spec: Readonly<Record<string, unknown>>, input: Readonly<Record<string, unknown>>): boolean {
  let count = 0;
  for (const k in spec) {
    const v = spec[k];
    if (v === undefined || k === 'nodeName') continue;
    count++;
    if (!deepEqual(v, input[k])) return false;
  }
  let inputCount = 0;
  for (const k in input) if (input[k] !== undefined) inputCount++;
  return count === inputCount;
}

/** Whether a JSON-like value and everything in it is frozen. */
function isDeepFrozen(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return true;
  if (!Object.isFrozen(v)) return false;
  if (Array.isArray(v)) return v.every(isDeepFrozen);
  for (const k in v) if (!isDeepFrozen((v as Record<string, unknown>)[k])) return false;
  return true;
}

/** Recently admitted pod specs by first-container image. */
export class PodSpecMemo {
  private readonly byImage = new Map<string, Entry[]>();

  /** What admission made of a spec equal to `spec` (nodeName aside) under `classesVersion`, or `undefined`. */
  lookup(spec: unknown, classesVersion: number): AdmittedSpec | undefined {
    const image = bucketOf(spec);
    if (image === undefined) return undefined;
    const entries = this.byImage.get(image);
    if (entries === undefined) return undefined;
    for (const e of entries) {
      if (e.classesVersion !== classesVersion) continue;
      // a controller passes its (frozen) template spec itself: the same object every time
      if (spec === e.input || sameInput(spec as Record<string, unknown>, e.input)) return e;
    }
    return undefined;
  }

  /**
   * Remembers that `request` (the spec as the client sent it, read before admission) was admitted to `stored`
   * (the stored pod's spec, frozen) with `status` (frozen).
   */
  record(request: unknown, stored: Readonly<Record<string, unknown>>, status: unknown, classesVersion: number): void {
    const image = bucketOf(request);
    if (image === undefined || !Object.isFrozen(stored)) return;
    const given = request as Readonly<Record<string, unknown>>;
    // kept as is when nothing can change it (a stored template's spec), else copied
    let input = given['nodeName'] === undefined && isDeepFrozen(given) ? given : undefined;
    if (input === undefined) {
      const copy: Record<string, unknown> = {};
      for (const k in given) {
        const v = given[k];
        if (v !== undefined && k !== 'nodeName') copy[k] = copyJson(v);
      }
      input = copy;
    }
    const spec: Record<string, unknown> = {};
    for (const k in stored) if (k !== 'nodeName' && stored[k] !== undefined) spec[k] = stored[k];
    const entry: Entry = {
      input: deepFreeze(input),
      spec: Object.freeze(spec),
      keys: Object.keys(spec),
      status: deepFreeze(status),
      labels: undefined,
      classesVersion,
    };
    let entries = this.byImage.get(image);
    if (entries === undefined) {
      if (this.byImage.size >= MAX_IMAGES) this.byImage.clear();
      this.byImage.set(image, (entries = []));
    }
    entries.unshift(entry);
    if (entries.length > PER_IMAGE) entries.length = PER_IMAGE;
  }
}

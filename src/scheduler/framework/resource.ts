/**
 * Resource arithmetic: the scheduler's numeric view of requests and allocatable (upstream `framework.Resource`).
 *
 * @packageDocumentation
 */
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { milli, value } from '../_internal/quantity.js';

/** Default CPU request counted for scoring when a container has none (`DefaultMilliCPURequest`, §1.5). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
/** Default memory request counted for scoring when a container has none (`DefaultMemoryRequest`, 200 MiB, §1.5). */
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

/**
 * A mutable bag of resource amounts as numbers: CPU in millicores, memory and storage in bytes.
 *
 * @remarks
 * Scalar (extended) resources such as `nvidia.com/gpu` or `hugepages-2Mi` live in `scalar`, which stays null
 * until one is used, so the common case allocates nothing.
 *
 * @example
 * ```ts
 * const r = Resource.fromList({ cpu: '500m', memory: '1Gi' });
 * r.milliCPU; // 500
 * ```
 */
export class Resource {
  milliCPU = 0;
  memory = 0;
  ephemeralStorage = 0;
  allowedPodNumber = 0;
  scalar: Map<string, number> | null = null;

  /** Parses a `ResourceList` (e.g. node allocatable or container requests). */
  static fromList(list: Readonly<Record<string, string | number>> | undefined): Resource {
    const r = new Resource();
    if (list !== undefined) r.addList(list, 1);
    return r;
  }

  /** Adds (sign 1) or subtracts (sign -1) a `ResourceList`. */
  addList(list: Readonly<Record<string, string | number>>, sign: 1 | -1): void {
    for (const name in list) {
      const q = list[name];
      if (q === undefined) continue;
      this.addNamed(name, name === 'cpu' ? milli(q) : value(q), sign);
    }
  }

  /** Adds `amount × sign` of the named resource. */
  addNamed(name: string, amount: number, sign: 1 | -1): void {
    const d = amount * sign;
    switch (name) {
      case 'cpu': this.milliCPU += d; break;
      case 'memory': this.memory += d; break;
      case 'ephemeral-storage': this.ephemeralStorage += d; break;
      case 'pods': this.allowedPodNumber += d; break;
      default: {
        this.scalar ??= new Map();
        this.scalar.set(name, (this.scalar.get(name) ?? 0) + d);
      }
    }
  }

  /** The amount of a named resource (0 when absent). */
  get(name: string): number {
    switch (name) {
      case 'cpu': return this.milliCPU;
      case 'memory': return this.memory;
      case 'ephemeral-storage': return this.ephemeralStorage;
      case 'pods': return this.allowedPodNumber;
      default: return this.scalar?.get(name) ?? 0;
    }
  }

  /** Adds (sign 1) or subtracts (sign -1) another resource. */
  add(o: Resource, sign: 1 | -1): void {
    this.milliCPU += o.milliCPU * sign;
    this.memory += o.memory * sign;
    this.ephemeralStorage += o.ephemeralStorage * sign;
    this.allowedPodNumber += o.allowedPodNumber * sign;
    if (o.scalar !== null) for (const [k, v] of o.scalar) this.addNamed(k, v, sign);
  }

  /** Raises each amount to at least `o`'s. */
  setMax(o: Resource): void {
    this.milliCPU = Math.max(this.milliCPU, o.milliCPU);
    this.memory = Math.max(this.memory, o.memory);
    this.ephemeralStorage = Math.max(this.ephemeralStorage, o.ephemeralStorage);
    if (o.scalar !== null) {
      this.scalar ??= new Map();
      for (const [k, v] of o.scalar) this.scalar.set(k, Math.max(this.scalar.get(k) ?? 0, v));
    }
  }

  /** A deep copy. */
  clone(): Resource {
    const r = new Resource();
    r.add(this, 1);
    return r;
  }
}

function containerRequests(c: Container, nonZero: boolean): Resource {
  const req = (c.resources?.requests ?? {}) as Readonly<Record<string, string | number>>;
  const r = Resource.fromList(req);
  if (nonZero) {
    if (req['cpu'] === undefined) r.milliCPU = DEFAULT_MILLI_CPU_REQUEST;
    if (req['memory'] === undefined) r.memory = DEFAULT_MEMORY_REQUEST;
  }
  return r;
}

/**
 * The pod's effective request (upstream `resourcehelper.PodRequests`, §1.4): regular containers plus
 * restartable init (sidecar) containers, at least the largest init container (with the sidecars started
 * before it), plus `spec.overhead`.
 *
 * @remarks
 * With `nonZero`, containers without a cpu / memory request count 100m / 200 MiB (scoring only, §1.5).
 *
 * @example
 * ```ts
 * podRequests({ spec: { containers: [{ name: 'a', resources: { requests: { cpu: '1' } } }] } }, false).milliCPU; // 1000
 * ```
 */
export function podRequests(pod: Pod, nonZero: boolean): Resource {
  const spec = pod.spec;
  const reqs = new Resource();
  if (spec === undefined) return reqs;
  for (const c of spec.containers) reqs.add(containerRequests(c, nonZero), 1);
  const restartable = new Resource();
  const initMax = new Resource();
  for (const c of spec.initContainers ?? []) {
    const cr = containerRequests(c, nonZero);
    if (c.restartPolicy === 'Always') {
      reqs.add(cr, 1);
      restartable.add(cr, 1);
      initMax.setMax(restartable);
    } else {
      cr.add(restartable, 1);
      initMax.setMax(cr);
    }
  }
  reqs.setMax(initMax);
  if (spec.overhead !== undefined) reqs.addList(spec.overhead as Readonly<Record<string, string | number>>, 1);
  return reqs;
}

/**
 * The requests of a pod without init containers or overhead whose containers request at most cpu and memory
 * (the common case), with the non-zero scoring values, in one pass and one allocation; null for any other pod
 * (use {@link podRequests}). Same numbers as `podRequests(pod, false)` / `podRequests(pod, true)`.
 *
 * @internal
 */
export function simpleRequests(pod: Pod): { requests: Resource; nonZeroMilliCPU: number; nonZeroMemory: number } | null {
  const spec = pod.spec;
  if (spec === undefined || spec.overhead !== undefined || (spec.initContainers !== undefined && spec.initContainers.length > 0)) return null;
  const r = new Resource();
  let nzCpu = 0;
  let nzMem = 0;
  for (const c of spec.containers) {
    const req = c.resources?.requests as Readonly<Record<string, string | number>> | undefined;
    let cpu: string | number | undefined;
    let mem: string | number | undefined;
    if (req !== undefined) {
      for (const name in req) {
        if (name === 'cpu') cpu = req[name];
        else if (name === 'memory') mem = req[name];
        else if (req[name] !== undefined) return null;
      }
    }
    const mc = cpu === undefined ? 0 : milli(cpu);
    const mm = mem === undefined ? 0 : value(mem);
    r.milliCPU += mc;
    r.memory += mm;
    nzCpu += cpu === undefined ? DEFAULT_MILLI_CPU_REQUEST : mc;
    nzMem += mem === undefined ? DEFAULT_MEMORY_REQUEST : mm;
  }
  return { requests: r, nonZeroMilliCPU: nzCpu, nonZeroMemory: nzMem };
}

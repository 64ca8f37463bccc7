/**
 * Resource-allocation scoring shared by NodeResourcesFit and NodeResourcesBalancedAllocation (§1.5.1–1.5.2).
 *
 * @internal
 * @packageDocumentation
 */
import type { NodeInfo } from '../framework/node-info.js';
import type { PodInfo } from '../framework/pod-info.js';

/** A resource with its scoring weight. */
export interface ResourceSpec {
  readonly name: string;
  readonly weight: number;
}

/** A point of the RequestedToCapacityRatio shape, already scaled (score × 10). */
export interface ShapePoint {
  readonly utilization: number;
  readonly score: number;
}

/** Requested and allocatable per configured resource; allocatable 0 marks a skipped resource. */
export interface Usage {
  readonly requested: Float64Array;
  readonly allocatable: Float64Array;
}

function isScalar(name: string): boolean {
  return name !== 'cpu' && name !== 'memory' && name !== 'ephemeral-storage' && name !== 'pods';
}

/** The pod's request per configured resource (non-zero defaults for cpu / memory unless `useRequested`). */
export function podRequestsFor(pod: PodInfo, resources: readonly ResourceSpec[], useRequested: boolean): Float64Array {
  const out = new Float64Array(resources.length);
  resources.forEach((r, i) => {
    if (!useRequested && r.name === 'cpu') out[i] = pod.nonZeroMilliCPU;
    else if (!useRequested && r.name === 'memory') out[i] = pod.nonZeroMemory;
    else out[i] = pod.requests.get(r.name);
  });
  return out;
}

/** Fills `u` for one node (upstream `calculateResourceAllocatableRequest`). */
export function fillUsage(u: Usage, node: NodeInfo, resources: readonly ResourceSpec[], podReq: Float64Array, useRequested: boolean): void {
  for (let i = 0; i < resources.length; i++) {
    const name = (resources[i] as ResourceSpec).name;
    const pr = podReq[i] as number;
    u.allocatable[i] = 0;
    u.requested[i] = 0;
    if (pr === 0 && isScalar(name)) continue;
    const alloc = node.allocatable.get(name);
    if (alloc === 0) continue;
    let nodeReq: number;
    if (!useRequested && name === 'cpu') nodeReq = node.nonZeroMilliCPU;
    else if (!useRequested && name === 'memory') nodeReq = node.nonZeroMemory;
    else nodeReq = node.requested.get(name);
    u.allocatable[i] = alloc;
    u.requested[i] = nodeReq + pr;
  }
}

/** LeastAllocated per resource: `(alloc − req) × 100 / alloc`, 0 when over capacity. */
export function leastRequested(req: number, alloc: number): number {
  if (alloc === 0 || req > alloc) return 0;
  return Math.trunc(((alloc - req) * 100) / alloc);
}

/** MostAllocated per resource: `min(req, alloc) × 100 / alloc`. */
export function mostRequested(req: number, alloc: number): number {
  if (alloc === 0) return 0;
  return Math.trunc((Math.min(req, alloc) * 100) / alloc);
}

/** Weighted integer mean of a per-resource scorer over non-skipped resources. */
export function weightedMean(u: Usage, resources: readonly ResourceSpec[], f: (req: number, alloc: number) => number): number {
  let sum = 0;
  let wsum = 0;
  for (let i = 0; i < resources.length; i++) {
    const a = u.allocatable[i] as number;
    if (a === 0) continue;
    const w = (resources[i] as ResourceSpec).weight;
    sum += f(u.requested[i] as number, a) * w;
    wsum += w;
  }
  return wsum === 0 ? 0 : Math.trunc(sum / wsum);
}

/** Upstream `buildBrokenLinearFunction` over scaled shape points. */
export function brokenLinear(shape: readonly ShapePoint[], p: number): number {
  for (let i = 0; i < shape.length; i++) {
    const cur = shape[i] as ShapePoint;
    if (p <= cur.utilization) {
      if (i === 0) return cur.score;
      const prev = shape[i - 1] as ShapePoint;
      return prev.score + Math.trunc(((cur.score - prev.score) * (p - prev.utilization)) / (cur.utilization - prev.utilization));
    }
  }
  return (shape[shape.length - 1] as ShapePoint).score;
}

/** RequestedToCapacityRatio node score: `round(Σ f·w / Σ w)` over resources with f > 0. */
export function requestedToCapacityRatio(u: Usage, resources: readonly ResourceSpec[], shape: readonly ShapePoint[]): number {
  let sum = 0;
  let wsum = 0;
  for (let i = 0; i < resources.length; i++) {
    const a = u.allocatable[i] as number;
    if (a === 0) continue;
    const r = u.requested[i] as number;
    const s = r > a ? brokenLinear(shape, 100) : brokenLinear(shape, Math.trunc((r * 100) / a));
    if (s > 0) { const w = (resources[i] as ResourceSpec).weight; sum += s * w; wsum += w; }
  }
  if (wsum === 0) return 0;
  const q = sum / wsum;
  return q < 0 ? -Math.round(-q) : Math.round(q);
}

/** BalancedAllocation: `int((1 − std) × 100)` over the fractions min(req/alloc, 1). */
export function balancedScore(u: Usage): number {
  let n = 0;
  let total = 0;
  let f0 = 0;
  let f1 = 0;
  const fr: number[] = [];
  for (let i = 0; i < u.allocatable.length; i++) {
    const a = u.allocatable[i] as number;
    if (a === 0) continue;
    const f = Math.min((u.requested[i] as number) / a, 1);
    if (n === 0) f0 = f; else if (n === 1) f1 = f;
    fr.push(f);
    total += f;
    n++;
  }
  let std = 0;
  if (n === 2) std = Math.abs((f0 - f1) / 2);
  else if (n > 2) {
    const mean = total / n;
    let s = 0;
    for (const f of fr) s += (f - mean) * (f - mean);
    std = Math.sqrt(s / n);
  }
  return Math.trunc((1 - std) * 100);
}

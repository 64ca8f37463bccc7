/**
 * The pod nominator: pods that preemption nominated to a node (`status.nominatedNodeName`) and that are not
 * bound yet (upstream `PodNominator` in the scheduling queue).
 *
 * @packageDocumentation
 */
import type { PodInfo } from './pod-info.js';

const NONE: readonly PodInfo[] = Object.freeze([]);

/**
 * Nominated pods per node. Filters take the room of nominated pods of equal or higher priority into account
 * (§1.1 step 5), so the space preemption freed is not taken by a less important pod meanwhile.
 *
 * @example
 * ```ts
 * const nom = new Nominator();
 * nom.add(new PodInfo(preemptor), 'node-3');
 * nom.nominatedPodsForNode('node-3').length; // 1
 * ```
 */
export class Nominator {
  private readonly byNode = new Map<string, PodInfo[]>();
  private readonly nodeOfPod = new Map<string, string>();

  /** Number of nominated pods. */
  get size(): number {
    return this.nodeOfPod.size;
  }

  /** Nominates `pod` to `nodeName`, replacing an earlier nomination of the same pod. */
  add(pod: PodInfo, nodeName: string): void {
    this.delete(pod.key);
    if (nodeName === '') return;
    let list = this.byNode.get(nodeName);
    if (list === undefined) { list = []; this.byNode.set(nodeName, list); }
    list.push(pod);
    this.nodeOfPod.set(pod.key, nodeName);
  }

  /** Drops the nomination of a pod (`namespace/name`), if any. */
  delete(key: string): void {
    const node = this.nodeOfPod.get(key);
    if (node === undefined) return;
    this.nodeOfPod.delete(key);
    const list = this.byNode.get(node) ?? [];
    const i = list.findIndex((p) => p.key === key);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.byNode.delete(node);
  }

  /** The node a pod is nominated to. */
  nodeOf(key: string): string | undefined {
    return this.nodeOfPod.get(key);
  }

  /** @internal The nodes with nominated pods. */
  nodeNames(): IterableIterator<string> {
    return this.byNode.keys();
  }

  /** Pods nominated to `nodeName`, in nomination order. */
  nominatedPodsForNode(nodeName: string): readonly PodInfo[] {
    return this.byNode.get(nodeName) ?? NONE;
  }
}

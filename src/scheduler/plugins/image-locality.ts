/**
 * ImageLocality: favours nodes that already hold the pod's images (§1.5.5).
 *
 * @packageDocumentation
 */
import { stateKey, type CycleState } from '../framework/cycle-state.js';
import type { SchedulerPlugin } from '../framework/interface.js';
import { normalizedImageName, type NodeInfo } from '../framework/node-info.js';
import type { PodInfo } from '../framework/pod-info.js';
import type { Snapshot } from '../framework/snapshot.js';
import { SUCCESS, type Status } from '../framework/status.js';
import { Names } from './names.js';

const MiB = 1024 * 1024;
/** `minThreshold` (23 MiB). */
export const IMAGE_MIN_THRESHOLD = 23 * MiB;
/** `maxContainerThreshold` (1000 MiB per container). */
export const IMAGE_MAX_CONTAINER_THRESHOLD = 1000 * MiB;

interface PreScoreState {
  readonly images: readonly string[];
  readonly totalNodes: number;
  readonly counts: ReadonlyMap<string, number>;
  /** The score of a node holding none of the images. */
  readonly base: number;
  /** The images, one string (the per-node score cache's key) and the snapshot's image epoch. */
  readonly key: string;
  readonly epoch: number;
}
const PRE_SCORE = stateKey<PreScoreState>('PreScoreImageLocality');

/** Upstream `calculatePriority`: clamp the sum into [23 MiB, 1000 MiB × containers] and scale to [0, 100]. */
export function imageScore(sum: number, numContainers: number): number {
  const max = IMAGE_MAX_CONTAINER_THRESHOLD * numContainers;
  const s = Math.min(Math.max(sum, IMAGE_MIN_THRESHOLD), max);
  return Math.trunc((100 * (s - IMAGE_MIN_THRESHOLD)) / (max - IMAGE_MIN_THRESHOLD));
}

/**
 * Score: Σ over init and regular containers of `size × nodesHavingImage / totalNodes`, clamped and scaled.
 *
 * @example
 * ```ts
 * imageScore(0, 1); // 0
 * ```
 */
export const imageLocality = {
  name: Names.ImageLocality,
  preScore(state: CycleState, pod: PodInfo, _nodes: readonly NodeInfo[], snapshot: Snapshot): Status {
    const spec = pod.pod.spec;
    const images: string[] = [];
    for (const c of spec?.initContainers ?? []) images.push(normalizedImageName(c.image ?? ''));
    for (const c of spec?.containers ?? []) images.push(normalizedImageName(c.image ?? ''));
    state.write(PRE_SCORE, {
      images, totalNodes: snapshot.numNodes, counts: snapshot.imageNodeCount, base: images.length === 0 ? 0 : imageScore(0, images.length),
      key: images.join('\n'), epoch: snapshot.imageEpoch,
    });
    return SUCCESS;
  },
  score(state: CycleState, _pod: PodInfo, node: NodeInfo): number {
    const st = state.read(PRE_SCORE);
    if (st === undefined) return 0;
    if (node.imageCount === 0) return st.base;
    // the score depends only on the pod's images, this node's images and every node's image counts: the same
    // as last time while the epoch (any node added, removed or with new images) and the image list are the same
    if (node.imageScoreEpoch === st.epoch && node.imageScoreKey === st.key) return node.imageScore;
    let sum = 0;
    for (const img of st.images) {
      const size = node.imageSizes.get(img);
      if (size !== undefined) sum += Math.trunc((size * (st.counts.get(img) ?? 0)) / st.totalNodes);
    }
    const score = imageScore(sum, st.images.length);
    node.imageScoreEpoch = st.epoch;
    node.imageScoreKey = st.key;
    node.imageScore = score;
    return score;
  },
  // no node reports an image: every node scores the base (the score of a node holding none)
  constantScore(_s: CycleState, _p: PodInfo, snapshot: Snapshot): boolean {
    return snapshot.imageNodeCount.size === 0;
  },
} satisfies SchedulerPlugin;

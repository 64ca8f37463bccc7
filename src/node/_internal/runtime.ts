/**
 * What the pod lifecycle shares between its files: the step timers, the runtime interface the kubelet provides,
 * probe arithmetic and the memory model of a container.
 *
 * @internal
 * @packageDocumentation
 */
import type { Container, Probe } from 'kubernetes-types/core/v1.js';
import { parseValue } from '../../api/quantity.js';
import type { ActorContext } from '../../engine/actor.js';
import type { Rng } from '../../engine/random.js';
import type { DurationRange } from '../behaviour.js';
import type { ContainerRun, PodRun } from '../pod-run.js';

/** A timer of the pod lifecycle, delivered to the kubelet itself. */
export interface StepMessage {
  readonly type: 'kubelet.step';
  /** The kubelet incarnation that set the timer (a crash makes older timers stale). */
  readonly epoch: number;
  readonly uid: string;
  readonly step: 'sandbox' | 'pulled' | 'pull-failed' | 'pull-backoff' | 'started' | 'post-start' | 'ready' | 'probe' | 'exit' | 'restart' | 'kill';
  readonly container: string;
  /** The container run the timer belongs to. */
  readonly run: number;
  readonly exitCode?: number;
  readonly reason?: string;
}

/** An image as the kubelet's runtime knows it. */
export interface ImageInfo {
  /** Bytes to pull. */
  readonly sizeBytes: number;
  /** Pulls fail (ErrImagePull → ImagePullBackOff), e.g. a typo in the tag. */
  readonly missing: boolean;
  /** Pulls fail because the registry cannot be reached (an injected fault); they work again once it heals. */
  readonly unreachable?: boolean;
}

/** What the lifecycle needs from its kubelet. @internal */
export interface Runtime {
  readonly ctx: ActorContext<never>;
  readonly epoch: number;
  readonly rng: Rng;
  readonly sandbox: DurationRange;
  readonly pullBase: DurationRange;
  readonly pullBytesPerSecond: number;
  readonly sigtermExit: DurationRange;
  /** The node's wall clock (the virtual clock plus the node's skew): for the timestamps the kubelet writes. */
  wallMs(): number;
  hasImage(image: string): boolean;
  image(image: string): ImageInfo;
  addImage(image: string, sizeBytes: number): void;
  /** The node's running processes' memory, kept as they start and stop (the kubelet's, across restarts). */
  readonly memory: MemoryTally;
  dirty(run: PodRun): void;
  /** Records a core/v1 Event about the pod (a container's when `container` is given), as the kubelet does. */
  event(run: PodRun, type: 'Normal' | 'Warning', reason: string, message: string, container?: ContainerRun): void;
}

/** A uniform integer draw from a range. @internal */
export function draw(r: DurationRange, rng: Rng): number {
  return r.minMs === r.maxMs ? r.minMs : rng.int(r.minMs, r.maxMs);
}

export function timer(rt: Runtime, run: PodRun, c: ContainerRun | undefined, step: StepMessage['step'], delayMs: number, extra?: Partial<StepMessage>): void {
  const name = c?.name ?? '';
  const msg: StepMessage = { type: 'kubelet.step', epoch: rt.epoch, uid: run.uid, step, container: name, run: c?.run ?? 0 };
  if (extra !== undefined) Object.assign(msg, extra); // as a spread would: new keys appended, existing ones in place
  rt.ctx.setTimer(`${run.uid}/${name}/${step}`, Math.max(0, Math.round(delayMs)), msg as never);
}

export function spec(run: PodRun, c: ContainerRun): Container | undefined {
  const list = c.role === 'app' ? run.pod.spec?.containers : run.pod.spec?.initContainers;
  return list?.find((x) => x.name === c.name);
}

export function periodMs(p: Probe | undefined): number {
  return (p?.periodSeconds ?? 10) * 1000;
}

/** First probe instant ≥ `atMs` of a probe started at `fromMs` (initialDelaySeconds, then every periodSeconds). */
export function firstProbeAt(p: Probe, fromMs: number, atMs: number): number {
  const first = fromMs + (p.initialDelaySeconds ?? 0) * 1000;
  if (atMs <= first) return first;
  return first + Math.ceil((atMs - first) / periodMs(p)) * periodMs(p);
}

export const STOP_TIMERS = ['exit', 'ready', 'kill', 'post-start', 'probe'] as const;

/** The container has no process any more: not ready, not started, its memory no longer counted. */
export function processGone(rt: Runtime, c: ContainerRun): void {
  c.ready = false;
  c.started = false;
  c.postStartSinceMs = undefined;
  c.processSinceMs = undefined;
  rt.memory.stop(c);
  c.flap = undefined;
}

/** When the container's process started (node wall clock), if it has one now (running, or in its postStart hook). */
export function processStartedAt(c: ContainerRun): number | undefined {
  return c.state.kind === 'running' ? c.state.startedAtMs : c.postStartSinceMs;
}

/** The container's working set at its process start, bytes: its `kubesim.io/memory`, default its memory request. */
function baseMemory(run: PodRun, c: ContainerRun): number {
  return c.behaviour.memoryBytes ?? memoryOf(spec(run, c)?.resources?.requests);
}

/** The container's working set now, bytes: its `kubesim.io/memory` (default its request) plus the growth so far. */
export function memoryUsage(run: PodRun, c: ContainerRun, nowMs: number): number {
  if (c.processSinceMs === undefined) return 0;
  return baseMemory(run, c) + Math.floor((c.behaviour.memoryGrowthBytesPerSecond * (nowMs - c.processSinceMs)) / 1000);
}

/**
 * The summed {@link memoryUsage} of the processes of a node's unreleased runs, kept as processes start and stop
 * and runs are released, so that the eviction manager's pass does not visit every pod: the working sets that do
 * not grow are one running sum (integers, exact in any order), the growing ones are computed at each reading.
 *
 * @remarks Every change of a container's `processSinceMs` and every release is followed by {@link MemoryTally.start}
 * or {@link MemoryTally.stop}; both are idempotent.
 */
export class MemoryTally {
  /** Bytes of the counted processes that do not grow. */
  private steady = 0;
  /** The counted processes that grow, with their runs (made at the first: most nodes have none). */
  private growing: Map<ContainerRun, PodRun> | undefined;

  /** Counts `c`'s process if it has one and its run is not released (no-op when already counted). */
  start(run: PodRun, c: ContainerRun): void {
    if (c.memoryCounted !== undefined || c.processSinceMs === undefined || run.released) return;
    const base = baseMemory(run, c);
    c.memoryCounted = base;
    if (c.behaviour.memoryGrowthBytesPerSecond === 0) this.steady += base;
    else (this.growing ??= new Map()).set(c, run);
  }

  /** Stops counting `c` (its process ended or its run was released; no-op when not counted). */
  stop(c: ContainerRun): void {
    const base = c.memoryCounted;
    if (base === undefined) return;
    c.memoryCounted = undefined;
    if (this.growing?.delete(c) !== true) this.steady -= base;
  }

  /** Forgets every process (the kubelet crashed: its runs are gone). */
  clear(): void {
    this.steady = 0;
    this.growing = undefined;
  }

  /** The summed working sets now, bytes. */
  used(nowMs: number): number {
    let used = this.steady;
    if (this.growing !== undefined) for (const [c, run] of this.growing) used += memoryUsage(run, c, nowMs);
    return used;
  }
}

export function memoryOf(list: Readonly<Record<string, string | number>> | undefined): number {
  const q = list?.memory;
  return q === undefined ? 0 : parseValue(q);
}

/** With memory growth and a memory limit: ms from the process start until the working set reaches the limit. */
export function growthOomMs(run: PodRun, c: ContainerRun, nowMs: number): number | undefined {
  const g = c.behaviour.memoryGrowthBytesPerSecond;
  const limit = memoryOf(spec(run, c)?.resources?.limits);
  if (g <= 0 || limit === 0) return undefined;
  const base = baseMemory(run, c);
  return Math.max(0, (c.processSinceMs ?? nowMs) + Math.ceil(((limit - base) * 1000) / g) - nowMs);
}

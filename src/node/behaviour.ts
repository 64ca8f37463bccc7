/**
 * Application behaviour: how a simulated container behaves, declared per image or through `kubesim.io/`
 * pod annotations so that real manifests stay valid.
 *
 * @packageDocumentation
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import { parseDuration } from '../engine/time.js';

/** A duration drawn uniformly between two bounds (equal bounds: a fixed duration), in ms. */
export interface DurationRange {
  readonly minMs: number;
  readonly maxMs: number;
}

/** How one container's process behaves once the runtime starts it. */
export interface AppBehaviour {
  /** From "start container" to the process running (ContainerCreating → Running). */
  readonly startup: DurationRange;
  /** From running to answering readiness (the container is Ready no earlier). */
  readonly readyAfter: DurationRange;
  /** The process exits on its own after this long running, with {@link AppBehaviour.exitCode}. */
  readonly exitAfter?: DurationRange;
  /** The exit code of an exit after {@link AppBehaviour.exitAfter}. */
  readonly exitCode: number;
  /** The process crashes (exit code 1) after this long running. */
  readonly crashAfter?: DurationRange;
  /** The process exceeds its memory limit after this long running: OOMKilled, exit code 137. */
  readonly oomAfter?: DurationRange;
  /** The process stops answering liveness probes after this long running (it hangs). */
  readonly livenessFailAfter?: DurationRange;
}

/** The `kubesim.io/` annotation names (without the prefix) and what each sets. */
export const BEHAVIOUR_ANNOTATIONS = ['startup', 'ready-after', 'exit-after', 'exit-code', 'crash-after', 'oom-after', 'liveness-fail-after'] as const;

/** One behaviour annotation name. */
export type BehaviourKey = (typeof BEHAVIOUR_ANNOTATIONS)[number];

/** Behaviour settings in annotation form (`{ 'exit-after': '30s', 'exit-code': '0' }`), e.g. per image. */
export type BehaviourSpec = Readonly<Partial<Record<BehaviourKey, string>>>;

/** The default: starts in 1–3 s, ready as soon as it runs, runs until deleted. */
export const DEFAULT_BEHAVIOUR: AppBehaviour = { startup: { minMs: 1000, maxMs: 3000 }, readyAfter: { minMs: 0, maxMs: 0 }, exitCode: 0 };

/** The annotation prefix. */
export const BEHAVIOUR_PREFIX = 'kubesim.io/';

function range(text: string): DurationRange | undefined {
  const parts = text.split('..');
  if (parts.length > 2) return undefined;
  try {
    const minMs = parseDuration(parts[0] ?? '');
    const maxMs = parts.length === 2 ? parseDuration(parts[1] ?? '') : minMs;
    return minMs >= 0 && maxMs >= minMs ? { minMs, maxMs } : undefined;
  } catch {
    return undefined;
  }
}

type Mutable = { -readonly [K in keyof AppBehaviour]: AppBehaviour[K] };

/** Applies one setting; returns an error message, or undefined. */
function apply(b: Mutable, key: BehaviourKey, value: string, where: string): string | undefined {
  if (key === 'exit-code') {
    if (!/^[0-9]{1,3}$/.test(value) || Number(value) > 255) return `${where}: "${value}" is not an exit code (an integer 0–255)`;
    b.exitCode = Number(value);
    return undefined;
  }
  const r = range(value);
  if (r === undefined) return `${where}: "${value}" is not a duration (e.g. 30s) or a range of durations (e.g. 1s..3s)`;
  if (key === 'startup') b.startup = r;
  else if (key === 'ready-after') b.readyAfter = r;
  else if (key === 'exit-after') b.exitAfter = r;
  else if (key === 'crash-after') b.crashAfter = r;
  else if (key === 'oom-after') b.oomAfter = r;
  else b.livenessFailAfter = r;
  return undefined;
}

/** The behaviour of each container of a pod, and the problems found in its `kubesim.io/` annotations. */
export interface PodBehaviour {
  /** Per container name (init containers included). */
  readonly containers: ReadonlyMap<string, AppBehaviour>;
  /** One message per unknown or malformed `kubesim.io/` annotation, naming it. */
  readonly errors: readonly string[];
}

/**
 * Reads the behaviour of a pod's containers: the default, then the image's settings, then the pod's
 * `kubesim.io/` annotations (pod-wide, then per container).
 *
 * @remarks
 * Annotations, each optional (`<d>` is a Go duration such as `500ms`, `30s`, `2m`; `<d>..<d>` a uniform range):
 *
 * | annotation | value | effect |
 * |---|---|---|
 * | `kubesim.io/startup` | `<d>` or `<d>..<d>` | time from container start to Running (default `1s..3s`) |
 * | `kubesim.io/ready-after` | `<d>` or range | not ready for this long after Running (default `0s`) |
 * | `kubesim.io/exit-after` | `<d>` or range | exits after running this long, with `exit-code` (batch work) |
 * | `kubesim.io/exit-code` | `0`–`255` | exit code for `exit-after` (default `0`) |
 * | `kubesim.io/crash-after` | `<d>` or range | crashes (exit code 1, reason Error) after running this long |
 * | `kubesim.io/oom-after` | `<d>` or range | exceeds its memory limit: OOMKilled, exit code 137 |
 * | `kubesim.io/liveness-fail-after` | `<d>` or range | stops answering liveness probes (hangs) |
 *
 * A key applies to every container; `kubesim.io/<key>.<container>` applies to one container and wins. An unknown
 * key, an unknown container or a malformed value is reported in `errors`, naming the annotation; the kubelet
 * then refuses to start the pod's containers (`CreateContainerConfigError` with that message).
 *
 * @example
 * ```ts
 * // a batch pod: starts in 2 s, works for 30–60 s, then exits 0; its sidecar-less container is "worker"
 * const pod = { metadata: { annotations: {
 *   'kubesim.io/startup': '2s', 'kubesim.io/exit-after': '30s..60s', 'kubesim.io/exit-code.worker': '0',
 * } }, spec: { containers: [{ name: 'worker', image: 'batch:1' }] } };
 * podBehaviour(pod).containers.get('worker')?.exitAfter; // { minMs: 30000, maxMs: 60000 }
 * ```
 */
export function podBehaviour(pod: Pod, images: (image: string) => BehaviourSpec | undefined = () => undefined): PodBehaviour {
  const errors: string[] = [];
  const all = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  const names = new Set(all.map((c) => c.name));
  const podWide: [BehaviourKey, string, string][] = [];
  const perContainer: [string, BehaviourKey, string, string][] = [];
  for (const [ann, value] of Object.entries(pod.metadata?.annotations ?? {})) {
    if (!ann.startsWith(BEHAVIOUR_PREFIX)) continue;
    const rest = ann.slice(BEHAVIOUR_PREFIX.length);
    const dot = rest.indexOf('.');
    const key = (dot < 0 ? rest : rest.slice(0, dot)) as BehaviourKey;
    if (!(BEHAVIOUR_ANNOTATIONS as readonly string[]).includes(key)) {
      errors.push(`unknown annotation ${ann}: known keys are ${BEHAVIOUR_ANNOTATIONS.map((k) => BEHAVIOUR_PREFIX + k).join(', ')}`);
      continue;
    }
    if (dot < 0) podWide.push([key, value, ann]);
    else if (!names.has(rest.slice(dot + 1))) errors.push(`annotation ${ann}: the pod has no container "${rest.slice(dot + 1)}"`);
    else perContainer.push([rest.slice(dot + 1), key, value, ann]);
  }
  const containers = new Map<string, AppBehaviour>();
  for (const c of all) {
    const b: Mutable = { ...DEFAULT_BEHAVIOUR };
    for (const [key, value] of Object.entries(images(c.image ?? '') ?? {})) {
      const err = apply(b, key as BehaviourKey, value, `image ${c.image ?? ''} behaviour ${key}`);
      if (err !== undefined) errors.push(err);
    }
    for (const [key, value, ann] of podWide) {
      const err = apply(b, key, value, `annotation ${ann}`);
      if (err !== undefined && c === all[0]) errors.push(err);
    }
    for (const [name, key, value, ann] of perContainer) {
      if (name !== c.name) continue;
      const err = apply(b, key, value, `annotation ${ann}`);
      if (err !== undefined) errors.push(err);
    }
    containers.set(c.name, b);
  }
  return { containers, errors: [...new Set(errors)] };
}

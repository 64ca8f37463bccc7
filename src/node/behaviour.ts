/**
 * Application behaviour: how a simulated container behaves, declared per image or through `kubesim.io/`
 * pod annotations so that real manifests stay valid.
 *
 * @packageDocumentation
 */
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { parseDuration } from '../engine/time.js';
import { quantityValue, tryParseQuantity } from '../api/quantity.js';

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
  /** How long the container's `lifecycle.postStart` handler runs (the container is not Running before it returns). */
  readonly postStart: DurationRange;
  /** The `lifecycle.postStart` handler fails when it returns: the container is killed (`FailedPostStartHook`). */
  readonly postStartFails: boolean;
  /** How long the container's `lifecycle.preStop` handler runs (counted inside the termination grace period). */
  readonly preStop: DurationRange;
  /** Readiness answers alternate once the app is ready: ready for `everyMs − notReadyMs`, then not for `notReadyMs`. */
  readonly readyFlap?: ReadyFlap;
  /** Memory the process uses (working set), bytes. Undefined: the container's memory request (0 without one). */
  readonly memoryBytes?: number;
  /** Growth of the working set while running, bytes per second (reaching the memory limit: OOMKilled). */
  readonly memoryGrowthBytesPerSecond: number;
}

/** A flapping readiness answer (`kubesim.io/ready-flap`). */
export interface ReadyFlap {
  /** How long each not-ready spell lasts. */
  readonly notReadyMs: number;
  /** The length of one ready + not-ready cycle. */
  readonly everyMs: number;
}

/** The `kubesim.io/` annotation names (without the prefix) and what each sets. */
export const BEHAVIOUR_ANNOTATIONS = [
  'startup', 'ready-after', 'exit-after', 'exit-code', 'crash-after', 'oom-after', 'liveness-fail-after',
  'post-start', 'post-start-fails', 'pre-stop', 'ready-flap', 'memory', 'memory-growth',
] as const;

/** One behaviour annotation name. */
export type BehaviourKey = (typeof BEHAVIOUR_ANNOTATIONS)[number];

/** Behaviour settings in annotation form (`{ 'exit-after': '30s', 'exit-code': '0' }`), e.g. per image. */
export type BehaviourSpec = Readonly<Partial<Record<BehaviourKey, string>>>;

/** The default: starts in 1–3 s, ready as soon as it runs, runs until deleted. */
export const DEFAULT_BEHAVIOUR: AppBehaviour = Object.freeze({
  startup: Object.freeze({ minMs: 1000, maxMs: 3000 }), readyAfter: Object.freeze({ minMs: 0, maxMs: 0 }), exitCode: 0,
  postStart: Object.freeze({ minMs: 0, maxMs: 0 }), postStartFails: false, preStop: Object.freeze({ minMs: 0, maxMs: 0 }),
  memoryGrowthBytesPerSecond: 0,
});

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
  if (key === 'post-start-fails') {
    if (value !== 'true' && value !== 'false') return `${where}: "${value}" is not "true" or "false"`;
    b.postStartFails = value === 'true';
    return undefined;
  }
  if (key === 'ready-flap') return readyFlap(b, value, where);
  if (key === 'memory' || key === 'memory-growth') return memory(b, key, value, where);
  const r = range(value);
  if (r === undefined) return `${where}: "${value}" is not a duration (e.g. 30s) or a range of durations (e.g. 1s..3s)`;
  if (key === 'startup') b.startup = r;
  else if (key === 'ready-after') b.readyAfter = r;
  else if (key === 'exit-after') b.exitAfter = r;
  else if (key === 'crash-after') b.crashAfter = r;
  else if (key === 'oom-after') b.oomAfter = r;
  else if (key === 'post-start') b.postStart = r;
  else if (key === 'pre-stop') b.preStop = r;
  else b.livenessFailAfter = r;
  return undefined;
}

function duration(text: string): number | undefined {
  try {
    return parseDuration(text);
  } catch {
    return undefined;
  }
}

/** `<period>` (not ready for a period, ready for the next) or `<notReadyFor>/<every>`. */
function readyFlap(b: Mutable, value: string, where: string): string | undefined {
  const parts = value.split('/');
  const a = duration(parts[0] ?? '');
  const every = parts.length === 1 ? (a === undefined ? undefined : 2 * a) : parts.length === 2 ? duration(parts[1] ?? '') : undefined;
  if (a === undefined || every === undefined || a <= 0 || every <= a) {
    return `${where}: "${value}" is not a flap period (e.g. 30s) or <notReadyFor>/<every> with 0 < notReadyFor < every (e.g. 10s/1m)`;
  }
  b.readyFlap = { notReadyMs: a, everyMs: every };
  return undefined;
}

/** `memory: <quantity>` (e.g. 300Mi); `memory-growth: <quantity>/s` (e.g. 10Mi/s). */
function memory(b: Mutable, key: 'memory' | 'memory-growth', value: string, where: string): string | undefined {
  const growth = key === 'memory-growth';
  const text = growth ? (value.endsWith('/s') ? value.slice(0, -2) : undefined) : value;
  const q = text === undefined ? undefined : tryParseQuantity(text);
  const bytes = q === undefined ? Number.NaN : quantityValue(q);
  if (!Number.isSafeInteger(bytes) || bytes < 0) {
    return growth ? `${where}: "${value}" is not a memory growth rate (a quantity per second, e.g. 10Mi/s)` : `${where}: "${value}" is not a memory quantity (e.g. 300Mi)`;
  }
  if (growth) b.memoryGrowthBytesPerSecond = bytes;
  else b.memoryBytes = bytes;
  return undefined;
}

/** Keys that act only through a handler or probe the container must declare. */
const NEEDS: Partial<Record<BehaviourKey, [string, (c: Container) => boolean]>> = {
  'post-start': ['lifecycle.postStart', (c) => c.lifecycle?.postStart !== undefined],
  'post-start-fails': ['lifecycle.postStart', (c) => c.lifecycle?.postStart !== undefined],
  'pre-stop': ['lifecycle.preStop', (c) => c.lifecycle?.preStop !== undefined],
  'ready-flap': ['readinessProbe', (c) => c.readinessProbe !== undefined],
};

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
 * | `kubesim.io/post-start` | `<d>` or range | how long the `lifecycle.postStart` handler runs; the container is not Running (and its probes and own timings do not start) until it returns (default `0s`) |
 * | `kubesim.io/post-start-fails` | `true` / `false` | the postStart handler fails: Warning event `FailedPostStartHook`, the container is killed (preStop, SIGTERM, SIGKILL at the grace period) and restarted per restart policy with back-off |
 * | `kubesim.io/pre-stop` | `<d>` or range | how long the `lifecycle.preStop` handler runs on deletion, before SIGTERM, inside `terminationGracePeriodSeconds`; SIGKILL at the end of the grace period (at least 2 s after SIGTERM when the hook used it up, as upstream) |
 * | `kubesim.io/ready-flap` | `<d>` or `<d>/<d>` | readiness answers alternate once the app is ready: `30s` = ready 30 s, not ready 30 s, …; `10s/1m` = not ready 10 s of every minute. Ready flips through the readiness probe's `failureThreshold` and `successThreshold`, probe by probe |
 * | `kubesim.io/memory` | quantity | working-set memory the process uses (default: its memory request, 0 without one); read by node-pressure eviction |
 * | `kubesim.io/memory-growth` | quantity`/s` | the working set grows by this much per second running; at the memory limit: OOMKilled, exit code 137 |
 *
 * The hook keys need the matching handler (`lifecycle.postStart`, `lifecycle.preStop`) and `ready-flap` a
 * `readinessProbe` on the container(s) they apply to, else they are reported as errors.
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
 *
 * // a web pod: a 2 s postStart hook, a 10 s preStop hook, readiness flapping 30 s on / 30 s off, a leak
 * const web = { metadata: { annotations: {
 *   'kubesim.io/post-start': '2s', 'kubesim.io/pre-stop': '10s', 'kubesim.io/ready-flap': '30s',
 *   'kubesim.io/memory': '300Mi', 'kubesim.io/memory-growth': '1Mi/s',
 * } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27',
 *   lifecycle: { postStart: { exec: { command: ['warm-up'] } }, preStop: { exec: { command: ['drain'] } } },
 *   readinessProbe: { httpGet: { path: '/ready', port: 80 } } }] } };
 * podBehaviour(web).containers.get('web')?.readyFlap; // { notReadyMs: 30000, everyMs: 60000 }
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
    const fromImage = images(c.image ?? '');
    if (fromImage === undefined && podWide.length === 0 && !perContainer.some(([name]) => name === c.name)) {
      // nothing to apply: share the (frozen) defaults, one object for every plain container instead of a copy each
      containers.set(c.name, DEFAULT_BEHAVIOUR);
      continue;
    }
    const b: Mutable = { ...DEFAULT_BEHAVIOUR };
    for (const [key, value] of Object.entries(fromImage ?? {})) {
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
  for (const [key, , ann] of podWide) {
    const need = NEEDS[key];
    if (need !== undefined && !all.some((c) => need[1](c))) errors.push(`annotation ${ann}: no container declares ${need[0]}`);
  }
  for (const [name, key, , ann] of perContainer) {
    const need = NEEDS[key];
    const c = all.find((x) => x.name === name);
    if (need !== undefined && c !== undefined && !need[1](c)) errors.push(`annotation ${ann}: container "${name}" declares no ${need[0]}`);
  }
  return { containers, errors: [...new Set(errors)] };
}

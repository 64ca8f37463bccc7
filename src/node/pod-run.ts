/**
 * What the kubelet knows about one pod it runs, and the `PodStatus` it reports from that
 * (upstream `kubelet_pods.go` `generateAPIPodStatus`, `status/generate.go`, `getPhase`).
 *
 * @packageDocumentation
 */
import type { ContainerState, ContainerStatus, Pod, PodCondition, PodStatus } from 'kubernetes-types/core/v1.js';
import { podQOSClass } from '../api/kinds/pod.js';
import type { KubeObject } from '../api/store/types.js';
import { timestamp } from './_internal/time.js';
import type { BackoffEntry } from './backoff.js';
import type { AppBehaviour } from './behaviour.js';

/** A pod as the kubelet receives it from its informer. */
export type PodObject = Pod & KubeObject;

/** One container's state as the runtime sees it. */
export type RunState =
  | { readonly kind: 'waiting'; readonly reason: string; readonly message?: string }
  | { readonly kind: 'running'; readonly startedAtMs: number }
  | {
      readonly kind: 'terminated';
      readonly exitCode: number;
      readonly reason: string;
      readonly startedAtMs: number;
      readonly finishedAtMs: number;
      readonly message?: string;
    };

/** One container of a pod run. @internal fields are mutated by the kubelet only. */
export interface ContainerRun {
  readonly name: string;
  readonly image: string;
  /** `init`: a regular init container; `sidecar`: an init container with restartPolicy Always; `app`. */
  readonly role: 'init' | 'sidecar' | 'app';
  readonly behaviour: AppBehaviour;
  state: RunState;
  lastState: RunState | undefined;
  restartCount: number;
  ready: boolean;
  started: boolean;
  /** An operation is under way (pull, start, back-off wait); no second one starts. */
  busy: boolean;
  /** Incremented at every start; timers of an older run are ignored. */
  run: number;
  backoff: BackoffEntry | undefined;
  /** The process runs while its postStart hook does (node wall clock of the process start); else undefined. */
  postStartSinceMs?: number | undefined;
  /** Virtual instant the process started (memory growth counts from it). */
  processSinceMs?: number | undefined;
  /** While the node's memory tally counts this process: the bytes it counted at its start. */
  memoryCounted?: number | undefined;
  /** Readiness probing of a flapping container: the last answer, how many in a row, and when the app is first ready. */
  flap?: { last: boolean | undefined; count: number; readyFromMs: number; firstProbeMs: number } | undefined;
}

/** One pod on the node. */
export interface PodRun {
  readonly uid: string;
  readonly namespace: string;
  readonly name: string;
  pod: PodObject;
  readonly containers: ContainerRun[];
  readonly startTimeMs: number;
  sandboxReady: boolean;
  podIP: string | undefined;
  /** `Pending`/`Running` while it runs; a terminal phase is final. */
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  /** Admission refusal or configuration error: reported as the pod's reason and message. */
  reason: string | undefined;
  message: string | undefined;
  /** Why containers cannot be created (malformed kubesim.io/ annotations): `CreateContainerConfigError`. */
  configError: string | undefined;
  terminating: boolean;
  /** Resources were released (terminal or gone). */
  released: boolean;
  /** The pod object was deleted with grace 0 (or that request is in flight). */
  finalDeleteSent: boolean;
  /**
   * The last status sent, to skip no-op writes (the status manager's cache); once the write is acknowledged, the
   * API server's stored copy, which shares its memory with the store.
   */
  lastSent: PodStatus | undefined;
  /** The Ready condition's status in the last status sent (the status manager's cache of what the API holds). */
  lastReady?: string | undefined;
  /** The DisruptionTarget condition of a pod the kubelet evicted. */
  disruption?: PodCondition | undefined;
  /** The requests accounted when the run was admitted, to release them exactly (none for a rejected pod). */
  requests?: Readonly<Record<string, number>> | undefined;
  /** `status.startTime`, the text of {@link PodRun.startTimeMs}, once formatted. */
  startTime?: string | undefined;
}

/** Containers whose turn has come: the init sequence is complete. */
export function initialized(run: PodRun): boolean {
  for (const c of run.containers) {
    if (c.role === 'init' && !(c.state.kind === 'terminated' && c.state.exitCode === 0)) return false;
    if (c.role === 'sidecar' && !c.started) return false;
  }
  return true;
}

function stateOf(s: RunState | undefined, cid: string): ContainerState {
  if (s === undefined) return {};
  if (s.kind === 'waiting') return { waiting: s.message === undefined ? { reason: s.reason } : { reason: s.reason, message: s.message } };
  if (s.kind === 'running') return { running: { startedAt: timestamp(s.startedAtMs) } };
  const t: NonNullable<ContainerState['terminated']> = {
    exitCode: s.exitCode, reason: s.reason, startedAt: timestamp(s.startedAtMs), finishedAt: timestamp(s.finishedAtMs), containerID: cid,
  };
  if (s.message !== undefined) t.message = s.message;
  return { terminated: t };
}

function containerStatus(run: PodRun, c: ContainerRun): ContainerStatus {
  const cid = ['containerd://', run.uid, '-', c.name, '-', String(c.run)].join(''); // flat: the stored status keeps it
  const s: ContainerStatus = {
    name: c.name, image: c.image, imageID: c.run > 0 ? c.image : '', ready: c.ready, restartCount: c.restartCount,
    started: c.started, state: stateOf(c.state, cid),
  };
  if (c.run > 0 && c.state.kind !== 'waiting') s.containerID = cid;
  if (c.lastState !== undefined) s.lastState = stateOf(c.lastState, `containerd://${run.uid}-${c.name}-${c.run - 1}`);
  return s;
}

/** An init container the pod still waits for: a regular one not yet terminated with 0, a sidecar not yet started. */
function incomplete(c: ContainerRun): boolean {
  return (c.role === 'init' && !(c.state.kind === 'terminated' && c.state.exitCode === 0)) || (c.role === 'sidecar' && !c.started);
}

/** A container that counts for readiness (sidecar or app) and is not ready. */
function unready(c: ContainerRun): boolean {
  return c.role !== 'init' && !c.ready;
}

/** Whether some container is `test`. */
function some(cs: readonly ContainerRun[], test: (c: ContainerRun) => boolean): boolean {
  for (const c of cs) if (test(c)) return true;
  return false;
}

/** The names of the containers that are `test`, as the kubelet lists them in a message: `[a b]`. */
function listNames(cs: readonly ContainerRun[], test: (c: ContainerRun) => boolean): string {
  const names: string[] = [];
  for (const c of cs) if (test(c)) names.push(c.name);
  return `[${names.join(' ')}]`;
}

/** The first condition of a type (upstream `GetPodCondition`). */
function findCondition(list: readonly PodCondition[] | undefined, type: string): PodCondition | undefined {
  if (list === undefined) return undefined;
  for (const c of list) if (c.type === type) return c;
  return undefined;
}

const CONDITION_KEYS = ['type', 'status', 'lastTransitionTime', 'reason', 'message'] as const;

/**
 * Whether `c` has exactly the keys a kubelet condition with this reason and message gets, in that order, and
 * that reason and message (its type, status and time are checked by the caller).
 */
function hasExactly(c: PodCondition, reason: string | undefined, message: string | undefined): boolean {
  if (c.reason !== reason || c.message !== message) return false;
  const n = reason === undefined ? (message === undefined ? 3 : -1) : message === undefined ? 4 : 5;
  let i = 0;
  for (const k in c) {
    if (i >= n || k !== CONDITION_KEYS[i]) return false;
    i++;
  }
  return i === n;
}

/**
 * One kubelet-owned condition, `prev` the status manager's old one of its type. Upstream
 * `updateLastTransitionTime`: the time is kept while the status stays, now when it changes. `reason` and
 * `message` are only set on a false condition. When the result would equal `prev` key for key, it is `prev`
 * itself: an unchanged condition is then the object the API server stores, and comparing it costs nothing.
 */
function condition(prev: PodCondition | undefined, type: string, ok: boolean, nowMs: number, reason?: string, message?: string): PodCondition {
  const status = ok ? 'True' : 'False';
  const kept = prev !== undefined && prev.status === status ? prev.lastTransitionTime : undefined;
  if (kept !== undefined && hasExactly(prev as PodCondition, ok ? undefined : reason, ok ? undefined : message)) return prev as PodCondition;
  const c: PodCondition = { type, status, lastTransitionTime: kept !== undefined ? kept : timestamp(nowMs) };
  if (!ok && reason !== undefined) c.reason = reason;
  if (!ok && message !== undefined) c.message = message;
  return c;
}

/** The first readiness gate whose condition is not True in the stored pod, or undefined. */
function unmetGate(pod: PodObject): string | undefined {
  const gates = pod.spec?.readinessGates;
  if (gates === undefined) return undefined;
  for (const g of gates) if (findCondition(pod.status?.conditions, g.conditionType)?.status !== 'True') return g.conditionType;
  return undefined;
}

/**
 * Appends the pod conditions the kubelet owns (`status/generate.go`) to `out`, with transition times kept per
 * condition. Messages are built only for the false conditions that carry them.
 */
function appendConditions(out: PodCondition[], run: PodRun, nowMs: number): void {
  // the status manager's old status: what was sent last, else what the API server holds (after a restart)
  const before = (run.lastSent ?? run.pod.status)?.conditions;
  const terminal = run.phase === 'Succeeded' || run.phase === 'Failed';
  const cs = run.containers;
  out.push(condition(findCondition(before, 'PodReadyToStartContainers'), 'PodReadyToStartContainers', run.sandboxReady && !terminal, nowMs));
  const initOk = !some(cs, incomplete) || (terminal && run.phase === 'Succeeded');
  const initMessage = initOk ? undefined : `containers with incomplete status: ${listNames(cs, incomplete)}`;
  out.push(condition(findCondition(before, 'Initialized'), 'Initialized', initOk, nowMs, 'ContainersNotInitialized', initMessage));
  const allReady = !some(cs, unready);
  const reason = terminal && run.phase === 'Succeeded' ? 'PodCompleted' : 'ContainersNotReady';
  const message = allReady || reason === 'PodCompleted' ? undefined : `containers with unready status: ${listNames(cs, unready)}`;
  out.push(condition(findCondition(before, 'ContainersReady'), 'ContainersReady', allReady, nowMs, reason, message));
  const gate = allReady ? unmetGate(run.pod) : undefined;
  const prevReady = findCondition(before, 'Ready');
  if (gate === undefined) out.push(condition(prevReady, 'Ready', allReady, nowMs, reason, message));
  else out.push(condition(prevReady, 'Ready', false, nowMs, 'ReadinessGatesNotReady', `corresponding condition of pod readiness gate "${gate}" does not exist.`));
}

/**
 * The phase from the containers (upstream `getPhase`), never leaving a terminal phase.
 *
 * @remarks Pending while initializing or while an app container waits for its first start; Running while one
 * runs or will restart; Succeeded/Failed when every app container has terminated and none will restart.
 */
export function computePhase(run: PodRun): PodRun['phase'] {
  if (run.phase === 'Succeeded' || run.phase === 'Failed') return run.phase;
  const policy = run.pod.spec?.restartPolicy ?? 'Always';
  const initFailed = run.containers.some((c) => c.role === 'init' && c.state.kind === 'terminated' && c.state.exitCode !== 0 && policy === 'Never');
  if (initFailed) return 'Failed';
  if (!initialized(run)) return 'Pending';
  let running = 0, waiting = 0, stopped = 0, failed = 0;
  for (const c of run.containers) {
    if (c.role !== 'app') continue;
    if (c.state.kind === 'running') running++;
    else if (c.state.kind === 'terminated') {
      stopped++;
      if (c.state.exitCode !== 0) failed++;
    } else if (c.lastState !== undefined) {
      // waiting to restart: stopped, and not a success (upstream getPhase counts only terminated exit 0 as
      // succeeded), so an OnFailure pod in CrashLoopBackOff stays Running instead of turning Succeeded
      stopped++;
      failed++;
    } else waiting++;
  }
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped === 0) return 'Pending';
  if (policy === 'Always' || (policy === 'OnFailure' && failed > 0)) {
    return run.terminating ? (failed > 0 ? 'Failed' : 'Succeeded') : 'Running';
  }
  return failed > 0 ? 'Failed' : 'Succeeded';
}

const OWN = new Set(['PodScheduled', 'PodReadyToStartContainers', 'Initialized', 'ContainersReady', 'Ready']);

/**
 * The `PodStatus` of a run at `nowMs`, keeping the fields the kubelet does not own (PodScheduled, qosClass,
 * other controllers' conditions) from the stored pod.
 */
export function podStatusOf(run: PodRun, nowMs: number, hostIP: string): PodStatus {
  const prev = run.pod.status;
  const conditions: PodCondition[] = [];
  const scheduled = findCondition(prev?.conditions, 'PodScheduled');
  if (scheduled !== undefined) conditions.push(scheduled);
  appendConditions(conditions, run, nowMs);
  for (const c of prev?.conditions ?? []) {
    if (!OWN.has(c.type) && (run.disruption === undefined || c.type !== 'DisruptionTarget')) conditions.push(c);
  }
  if (run.disruption !== undefined) conditions.push(run.disruption);
  const last = run.lastSent ?? prev;
  const status: PodStatus = {
    phase: run.phase,
    conditions,
    hostIP,
    hostIPs: ipList(last?.hostIPs, hostIP),
    startTime: (run.startTime ??= timestamp(run.startTimeMs)),
  };
  // the API server sets it at creation; a pod that reached the kubelet without one gets it computed here
  status.qosClass = prev?.qosClass ?? (run.pod.spec === undefined ? 'BestEffort' : podQOSClass(run.pod.spec));
  if (run.podIP !== undefined) {
    status.podIP = run.podIP;
    status.podIPs = ipList(last?.podIPs, run.podIP);
  }
  if (run.reason !== undefined) status.reason = run.reason;
  if (run.message !== undefined) status.message = run.message;
  let inits: ContainerStatus[] | undefined;
  const apps: ContainerStatus[] = [];
  for (const c of run.containers) {
    if (c.role === 'app') apps.push(containerStatus(run, c));
    else (inits ??= []).push(containerStatus(run, c));
  }
  if (inits !== undefined) status.initContainerStatuses = inits;
  status.containerStatuses = apps;
  return status;
}

/** `[{ ip }]`: `prev` itself when it is exactly that (the list the API server holds), else a new list. */
function ipList(prev: readonly { readonly ip?: string }[] | undefined, ip: string): { ip: string }[] {
  if (prev !== undefined && prev.length === 1) {
    const only = prev[0] as { readonly ip?: string };
    let keys = 0;
    for (const k in only) keys += k === 'ip' ? 1 : 2;
    if (keys === 1 && only.ip === ip) return prev as { ip: string }[];
  }
  return [{ ip }];
}

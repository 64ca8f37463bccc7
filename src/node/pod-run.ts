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

function listNames(cs: readonly ContainerRun[]): string {
  return `[${cs.map((c) => c.name).join(' ')}]`;
}

/** The pod conditions the kubelet owns (`status/generate.go`), with transition times kept per condition. */
function conditions(run: PodRun, nowMs: number, scheduled: PodCondition | undefined): PodCondition[] {
  const out: PodCondition[] = [];
  // the status manager's old status: what was sent last, else what the API server holds (after a restart)
  const before = (run.lastSent ?? run.pod.status)?.conditions;
  const cond = (type: string, ok: boolean, reason?: string, message?: string): void => {
    const status = ok ? 'True' : 'False';
    const prev = before?.find((c) => c.type === type);
    // upstream updateLastTransitionTime: kept while the status stays, now when it changes
    const since = prev !== undefined && prev.status === status && prev.lastTransitionTime !== undefined ? prev.lastTransitionTime : timestamp(nowMs);
    const c: PodCondition = { type, status, lastTransitionTime: since };
    if (!ok && reason !== undefined) c.reason = reason;
    if (!ok && message !== undefined) c.message = message;
    out.push(c);
  };
  const terminal = run.phase === 'Succeeded' || run.phase === 'Failed';
  cond('PodReadyToStartContainers', run.sandboxReady && !terminal);
  const incomplete = run.containers.filter((c) => (c.role === 'init' && !(c.state.kind === 'terminated' && c.state.exitCode === 0)) || (c.role === 'sidecar' && !c.started));
  const initOk = incomplete.length === 0 || (terminal && run.phase === 'Succeeded');
  cond('Initialized', initOk, 'ContainersNotInitialized', `containers with incomplete status: ${listNames(incomplete)}`);
  const unready = run.containers.filter((c) => c.role !== 'init' && !c.ready);
  const reason = terminal && run.phase === 'Succeeded' ? 'PodCompleted' : 'ContainersNotReady';
  const message = reason === 'PodCompleted' ? undefined : `containers with unready status: ${listNames(unready)}`;
  cond('ContainersReady', unready.length === 0, reason, message);
  const gates = (run.pod.spec?.readinessGates ?? []).filter(
    (g) => run.pod.status?.conditions?.find((c) => c.type === g.conditionType)?.status !== 'True',
  );
  if (unready.length > 0 || gates.length === 0) cond('Ready', unready.length === 0, reason, message);
  else cond('Ready', false, 'ReadinessGatesNotReady', `corresponding condition of pod readiness gate "${gates[0]?.conditionType ?? ''}" does not exist.`);
  if (scheduled !== undefined) out.unshift(scheduled);
  return out;
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
  const scheduled = prev?.conditions?.find((c) => c.type === 'PodScheduled');
  const foreign = (prev?.conditions ?? []).filter((c) => !OWN.has(c.type) && (run.disruption === undefined || c.type !== 'DisruptionTarget'));
  if (run.disruption !== undefined) foreign.push(run.disruption);
  const status: PodStatus = {
    phase: run.phase,
    conditions: [...conditions(run, nowMs, scheduled), ...foreign],
    hostIP,
    hostIPs: [{ ip: hostIP }],
    startTime: timestamp(run.startTimeMs),
  };
  // the API server sets it at creation; a pod that reached the kubelet without one gets it computed here
  status.qosClass = prev?.qosClass ?? (run.pod.spec === undefined ? 'BestEffort' : podQOSClass(run.pod.spec));
  if (run.podIP !== undefined) {
    status.podIP = run.podIP;
    status.podIPs = [{ ip: run.podIP }];
  }
  if (run.reason !== undefined) status.reason = run.reason;
  if (run.message !== undefined) status.message = run.message;
  const inits = run.containers.filter((c) => c.role !== 'app');
  if (inits.length > 0) status.initContainerStatuses = inits.map((c) => containerStatus(run, c));
  status.containerStatuses = run.containers.filter((c) => c.role === 'app').map((c) => containerStatus(run, c));
  return status;
}

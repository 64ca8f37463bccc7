/**
 * The pod lifecycle the kubelet drives: sandbox, image pulls, init containers in order, sidecars, app
 * containers, lifecycle hooks, probes, restarts with back-off (kubernetes-behaviour.md §7); stopping containers is
 * in `pod-termination.ts`.
 *
 * @packageDocumentation
 */
import { nextBackoff } from './backoff.js';
import {
  type ImageInfo, type Runtime, type StepMessage, STOP_TIMERS, draw, firstProbeAt, growthOomMs, periodMs, processGone, processStartedAt, spec, timer,
} from './_internal/runtime.js';
import type { ContainerRun, PodRun } from './pod-run.js';
import { computePhase, initialized } from './pod-run.js';
import { stopContainer } from './pod-termination.js';

export type { ImageInfo, Runtime, StepMessage } from './_internal/runtime.js';
export { memoryUsage } from './_internal/runtime.js';
export { evictPod, terminatePod } from './pod-termination.js';

/** Starts a pod the kubelet admitted: the sandbox first (or a config error that blocks every container). */
export function startPod(rt: Runtime, run: PodRun): void {
  if (run.configError !== undefined) {
    for (const c of run.containers) c.state = { kind: 'waiting', reason: 'CreateContainerConfigError', message: run.configError };
    rt.dirty(run);
    return;
  }
  timer(rt, run, undefined, 'sandbox', draw(rt.sandbox, rt.rng));
}

/** Starts whatever may start now: init containers one at a time, sidecars in order, then every app container. */
export function advance(rt: Runtime, run: PodRun): void {
  if (run.terminating || !run.sandboxReady || run.phase === 'Succeeded' || run.phase === 'Failed') return;
  for (const c of run.containers) {
    if (c.role === 'app') break;
    if (c.role === 'sidecar') {
      if (c.state.kind === 'waiting' && !c.busy) startContainer(rt, run, c);
      if (!c.started) return;
      continue;
    }
    if (c.state.kind === 'terminated' && c.state.exitCode === 0) continue;
    if (c.state.kind === 'waiting' && !c.busy) startContainer(rt, run, c);
    return;
  }
  for (const c of run.containers) if (c.role === 'app' && c.state.kind === 'waiting' && !c.busy) startContainer(rt, run, c);
}

/** Pulls the image as the pull policy says, then creates the container. */
function startContainer(rt: Runtime, run: PodRun, c: ContainerRun): void {
  c.busy = true;
  c.run++;
  const policy = spec(run, c)?.imagePullPolicy ?? 'IfNotPresent';
  const present = rt.hasImage(c.image);
  if (policy === 'Never' && !present) {
    c.state = { kind: 'waiting', reason: 'ErrImageNeverPull', message: `Container image "${c.image}" is not present with pull policy of Never` };
    c.busy = false;
    rt.dirty(run);
    return;
  }
  // a retried pull keeps showing its error until it succeeds; anything else is being created
  if (c.state.kind !== 'waiting' || !(c.state.reason === 'ErrImagePull' || c.state.reason === 'ImagePullBackOff' || c.state.reason === 'ContainerCreating')) {
    c.state = { kind: 'waiting', reason: 'ContainerCreating' };
    rt.dirty(run);
  }
  // the container is created at once (no event of its own): its start takes the behaviour's startup time
  if (present && policy === 'IfNotPresent') timer(rt, run, c, 'started', draw(c.behaviour.startup, rt.rng));
  else if (present) timer(rt, run, c, 'pulled', draw(rt.pullBase, rt.rng)); // Always: a manifest check
  else {
    const info = rt.image(c.image);
    const base = draw(rt.pullBase, rt.rng);
    if (info.missing || info.unreachable === true) timer(rt, run, c, 'pull-failed', base);
    else timer(rt, run, c, 'pulled', base + (info.sizeBytes * 1000) / rt.pullBytesPerSecond);
  }
}

/** Handles one lifecycle timer of a live pod. */
export function onStep(rt: Runtime, run: PodRun, m: StepMessage): void {
  if (m.step === 'sandbox') {
    // No status write of its own: upstream's SyncPod creates the sandbox and goes on to pull and start the
    // containers in the same call, so PodReadyToStartContainers=True reaches the API with the next change
    // (a container running, a pull error), not alone. A pod whose sandbox is all that changed writes nothing.
    run.sandboxReady = true;
    advance(rt, run);
    return;
  }
  const c = run.containers.find((x) => x.name === m.container);
  if (c === undefined || m.run !== c.run) return;
  if (run.terminating && m.step !== 'exit' && m.step !== 'kill') return;
  switch (m.step) {
    case 'pulled':
      rt.addImage(c.image, rt.image(c.image).sizeBytes);
      timer(rt, run, c, 'started', draw(c.behaviour.startup, rt.rng));
      return;
    case 'pull-failed': return pullFailed(rt, run, c);
    case 'pull-backoff':
      c.state = { kind: 'waiting', reason: 'ImagePullBackOff', message: `Back-off pulling image "${c.image}"` };
      rt.dirty(run);
      return;
    case 'started':
      if (spec(run, c)?.lifecycle?.postStart !== undefined) return postStart(rt, run, c);
      return started(rt, run, c);
    case 'post-start':
      if (c.postStartSinceMs === undefined) return;
      if (c.behaviour.postStartFails) return postStartFailed(rt, run, c);
      return started(rt, run, c, c.postStartSinceMs);
    case 'probe': return probe(rt, run, c);
    case 'ready':
      c.ready = true;
      if (!c.started) c.started = true;
      rt.dirty(run);
      if (c.role === 'sidecar') advance(rt, run);
      return;
    case 'exit':
    case 'kill':
      return exited(rt, run, c, m.exitCode ?? 0, m.reason ?? 'Completed');
    case 'restart':
      c.busy = false;
      if (c.state.kind === 'waiting' && c.state.reason === 'CrashLoopBackOff') c.restartCount++;
      startContainer(rt, run, c);
      return;
  }
}

function pullFailed(rt: Runtime, run: PodRun, c: ContainerRun): void {
  const b = nextBackoff(c.backoff, rt.ctx.now);
  c.backoff = b.entry;
  c.state = { kind: 'waiting', reason: 'ErrImagePull', message: pullErrorMessage(c.image, rt.image(c.image)) };
  rt.dirty(run);
  // the next pod sync (about a second later) finds the pull in back-off; the retry waits the back-off
  const delay = Math.max(b.delayMs, 1000);
  timer(rt, run, c, 'pull-backoff', Math.min(1000, delay - 1));
  c.busy = true;
  const msg: StepMessage = { type: 'kubelet.step', epoch: rt.epoch, uid: run.uid, step: 'restart', container: c.name, run: c.run };
  rt.ctx.setTimer(`${run.uid}/${c.name}/restart`, delay, msg as never);
}

/** containerd's wording of a failed pull, as the kubelet reports it in ErrImagePull. */
function pullErrorMessage(image: string, info: ImageInfo): string {
  const ref = image.includes('/') ? image : `docker.io/library/${image}`;
  const body = `failed to pull and unpack image "${ref}": failed to resolve reference "${ref}"`;
  if (info.missing) return `rpc error: code = NotFound desc = ${body}: ${ref}: not found`;
  return `rpc error: code = Unknown desc = ${body}: failed to do request: dial tcp: i/o timeout`;
}


/**
 * The process runs and the kubelet runs its postStart handler (`startContainer`): the pod worker waits for it, so
 * the container is reported Running only once the hook returns; `startedAt` is still the process start.
 */
function postStart(rt: Runtime, run: PodRun, c: ContainerRun): void {
  c.postStartSinceMs = rt.wallMs();
  c.processSinceMs = rt.ctx.now;
  rt.memory.start(run, c);
  timer(rt, run, c, 'post-start', draw(c.behaviour.postStart, rt.rng));
}

/**
 * The postStart handler failed: a Warning `FailedPostStartHook` event ("PostStartHook failed": upstream keeps the
 * handler's output out of the event), then `killContainer` with message `FailedPostStartHook` (preStop, SIGTERM,
 * SIGKILL at the grace period); the exit goes through the restart policy and back-off like any other.
 */
function postStartFailed(rt: Runtime, run: PodRun, c: ContainerRun): void {
  rt.ctx.trace('kubelet postStart failed', `${run.namespace}/${run.name}/${c.name}`);
  rt.event(run, 'Warning', 'FailedPostStartHook', 'PostStartHook failed', c);
  rt.event(run, 'Normal', 'Killing', 'FailedPostStartHook', c);
  const grace = run.pod.metadata?.deletionGracePeriodSeconds ?? run.pod.spec?.terminationGracePeriodSeconds ?? 30;
  stopContainer(rt, run, c, grace, true);
}

/** The process runs (since `startedAtWallMs`): schedule its exit, its startup/readiness/liveness outcomes. */
function started(rt: Runtime, run: PodRun, c: ContainerRun, startedAtWallMs = rt.wallMs()): void {
  const now = rt.ctx.now;
  c.busy = false;
  c.state = { kind: 'running', startedAtMs: startedAtWallMs };
  c.postStartSinceMs = undefined;
  c.processSinceMs ??= now;
  rt.memory.start(run, c);
  const s = spec(run, c);
  const b = c.behaviour;
  const exits: [number, number, string][] = [];
  if (b.exitAfter !== undefined) exits.push([draw(b.exitAfter, rt.rng), b.exitCode, b.exitCode === 0 ? 'Completed' : 'Error']);
  if (b.crashAfter !== undefined) exits.push([draw(b.crashAfter, rt.rng), 1, 'Error']);
  if (b.oomAfter !== undefined) exits.push([draw(b.oomAfter, rt.rng), 137, 'OOMKilled']);
  const oomMs = growthOomMs(run, c, now);
  if (oomMs !== undefined) exits.push([oomMs, 137, 'OOMKilled']);
  if (s?.livenessProbe !== undefined && b.livenessFailAfter !== undefined) {
    const p = s.livenessProbe;
    const hangAt = now + draw(b.livenessFailAfter, rt.rng);
    const from = s.startupProbe === undefined ? now : firstProbeAt(s.startupProbe, now, now);
    const killAt = firstProbeAt(p, from, hangAt) + ((p.failureThreshold ?? 3) - 1) * periodMs(p);
    exits.push([killAt - now, 137, 'Error']);
  }
  exits.sort((x, y) => x[0] - y[0]);
  const first = exits[0];
  if (first !== undefined) timer(rt, run, c, 'exit', first[0], { exitCode: first[1], reason: first[2] });
  // started: immediately without a startup probe; else at its first probe (the app answers once running)
  const startedAt = s?.startupProbe === undefined ? now : firstProbeAt(s.startupProbe, now, now);
  c.started = startedAt === now;
  if (c.role === 'init') {
    rt.dirty(run);
    return;
  }
  const rp = s?.readinessProbe;
  if (rp !== undefined && b.readyFlap !== undefined) {
    // probe by probe: the first at the instant the container counts as started, then from initialDelaySeconds
    c.flap = { last: undefined, count: 0, readyFromMs: now + draw(b.readyAfter, rt.rng), firstProbeMs: firstProbeAt(rp, startedAt, startedAt) };
    if (startedAt > now) timer(rt, run, c, 'probe', startedAt - now);
    else probe(rt, run, c);
    rt.dirty(run);
    if (c.role === 'sidecar' && c.started) advance(rt, run);
    return;
  }
  const readyAt = rp === undefined ? startedAt : firstProbeAt(rp, startedAt, Math.max(startedAt, now + draw(b.readyAfter, rt.rng)));
  if (readyAt === now && c.started) c.ready = true;
  else timer(rt, run, c, 'ready', readyAt - now);
  rt.dirty(run);
  if (c.role === 'sidecar' && c.started) advance(rt, run);
}

/** The process ended: record it, then restart per policy (with back-off) or let the pod finish. */
function exited(rt: Runtime, run: PodRun, c: ContainerRun, exitCode: number, reason: string): void {
  const since = processStartedAt(c);
  if (since === undefined) return;
  const now = rt.ctx.now;
  c.state = { kind: 'terminated', exitCode, reason, startedAtMs: since, finishedAtMs: rt.wallMs() };
  processGone(rt, c);
  for (const step of STOP_TIMERS) rt.ctx.cancelTimer(`${run.uid}/${c.name}/${step}`);
  rt.dirty(run);
  if (run.terminating) return;
  const policy = run.pod.spec?.restartPolicy ?? 'Always';
  const restart =
    c.role === 'sidecar' ||
    (c.role === 'init' ? exitCode !== 0 && policy !== 'Never' : policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0));
  if (restart) {
    const b = nextBackoff(c.backoff, now);
    c.backoff = b.entry;
    c.lastState = c.state;
    c.busy = true;
    if (b.delayMs === 0) {
      c.busy = false;
      c.restartCount++;
      startContainer(rt, run, c);
    } else {
      const pod = `${run.name}_${run.namespace}(${run.uid})`;
      c.state = { kind: 'waiting', reason: 'CrashLoopBackOff', message: `back-off ${b.delayMs / 1000}s restarting failed container=${c.name} pod=${pod}` };
      timer(rt, run, c, 'restart', b.delayMs);
    }
  } else if (c.role === 'init' && exitCode === 0) advance(rt, run);
  const phase = computePhase(run);
  if (phase === 'Succeeded' || phase === 'Failed') finishPod(rt, run, phase);
}

/** A terminal phase: the remaining (sidecar) containers stop and the phase is final. */
function finishPod(rt: Runtime, run: PodRun, phase: 'Succeeded' | 'Failed'): void {
  run.phase = phase;
  for (const c of run.containers) {
    if (c.state.kind === 'running') {
      c.state = { kind: 'terminated', exitCode: 0, reason: 'Completed', startedAtMs: c.state.startedAtMs, finishedAtMs: rt.wallMs() };
      c.ready = false;
    }
  }
  rt.dirty(run);
}


/**
 * One readiness probe of a flapping container (upstream prober `worker.doProbe`): the app's answer at this instant
 * extends or starts a run of equal answers, and Ready changes only once the run reaches `successThreshold` or
 * `failureThreshold`. The first call marks the container started (its startup probe passed).
 */
function probe(rt: Runtime, run: PodRun, c: ContainerRun): void {
  const f = c.flap;
  const rp = spec(run, c)?.readinessProbe;
  if (f === undefined || rp === undefined) return;
  const now = rt.ctx.now;
  if (!c.started) {
    c.started = true;
    rt.dirty(run);
    if (c.role === 'sidecar') advance(rt, run);
  }
  if (now < f.firstProbeMs) {
    timer(rt, run, c, 'probe', f.firstProbeMs - now);
    return;
  }
  const flap = c.behaviour.readyFlap;
  const into = now - f.readyFromMs;
  const ok = into >= 0 && (flap === undefined || into % flap.everyMs < flap.everyMs - flap.notReadyMs);
  if (f.last === ok) f.count++;
  else {
    f.last = ok;
    f.count = 1;
  }
  const threshold = ok ? (rp.successThreshold ?? 1) : (rp.failureThreshold ?? 3);
  if (f.count >= threshold && c.ready !== ok) {
    c.ready = ok;
    rt.dirty(run);
    if (ok && c.role === 'sidecar') advance(rt, run);
  }
  timer(rt, run, c, 'probe', periodMs(rp));
}

/**
 * Crashes running containers now (an injected fault): the named one, or every running one, exits with
 * `exitCode` (reason `Error`, or `Completed` for 0) and the restart policy and back-off apply as for any exit.
 */
export function crashContainers(rt: Runtime, run: PodRun, container: string | undefined, exitCode: number): void {
  for (const c of run.containers) {
    if (container !== undefined && c.name !== container) continue;
    if (c.state.kind === 'running') exited(rt, run, c, exitCode, exitCode === 0 ? 'Completed' : 'Error');
  }
}

/** Whether a terminating pod has no running container left. */
export function allStopped(run: PodRun): boolean {
  return run.containers.every((c) => c.state.kind !== 'running');
}

export { initialized };
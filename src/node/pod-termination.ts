/**
 * Stopping containers: graceful termination with preStop hooks, and node-pressure eviction
 * (kubernetes-behaviour.md §7.4 and §7.5).
 *
 * @packageDocumentation
 */
import { type Runtime, STOP_TIMERS, draw, processGone, processStartedAt, spec, timer } from './_internal/runtime.js';
import { timestamp } from './_internal/time.js';
import type { ContainerRun, PodRun } from './pod-run.js';

/**
 * Graceful termination: every running container (one in its postStart hook too) is stopped as
 * {@link stopContainer} says; containers not yet running are abandoned.
 */
export function terminatePod(rt: Runtime, run: PodRun, graceSeconds: number): void {
  if (run.terminating) return;
  run.terminating = true;
  for (const c of run.containers) {
    c.busy = false;
    if (processStartedAt(c) === undefined) continue;
    stopContainer(rt, run, c, graceSeconds);
  }
  rt.dirty(run);
}

/**
 * Stops a container (upstream `killContainer`, kubernetes-behaviour.md §7.4): the preStop handler first when the
 * container declares one, for its `kubesim.io/pre-stop` duration but at most the grace period; then SIGTERM, and
 * the process exits after its own stop time (exit 0, Completed) or is killed with SIGKILL (137, Error) when the
 * grace period ends first. The grace period counts from the hook's start; what the hook leaves (in whole seconds,
 * as upstream subtracts them) is at least 2 s (`minimumGracePeriodInSeconds`). `alwaysMinimum`: the 2 s floor applies
 * without a hook too (a kill the kubelet decides itself, with no grace-period override, e.g. after a failed postStart).
 */
export function stopContainer(rt: Runtime, run: PodRun, c: ContainerRun, graceSeconds: number, alwaysMinimum = false): void {
  const graceMs = graceSeconds * 1000;
  const stopMs = draw(rt.sigtermExit, rt.rng);
  let hookMs = 0;
  let leftMs = alwaysMinimum ? Math.max(graceMs, 2000) : graceMs;
  if (spec(run, c)?.lifecycle?.preStop !== undefined) {
    hookMs = Math.min(draw(c.behaviour.preStop, rt.rng), graceMs);
    leftMs = Math.max(graceMs - Math.floor(hookMs / 1000) * 1000, 2000);
  }
  if (stopMs <= leftMs) timer(rt, run, c, 'exit', hookMs + stopMs, { exitCode: 0, reason: 'Completed' });
  else timer(rt, run, c, 'kill', hookMs + leftMs, { exitCode: 137, reason: 'Error' });
}

/**
 * Node-pressure eviction of a pod (hard threshold: grace period 0): every container is killed now (137, Error)
 * and the pod ends Failed with reason `Evicted`, the eviction message, and a DisruptionTarget condition
 * (`TerminationByKubelet`).
 */
export function evictPod(rt: Runtime, run: PodRun, message: string): void {
  for (const c of run.containers) {
    c.busy = false;
    const since = processStartedAt(c);
    for (const step of STOP_TIMERS) rt.ctx.cancelTimer(`${run.uid}/${c.name}/${step}`);
    for (const step of ['restart', 'started', 'pulled', 'pull-failed', 'pull-backoff'] as const) rt.ctx.cancelTimer(`${run.uid}/${c.name}/${step}`);
    processGone(rt, c);
    if (since !== undefined) c.state = { kind: 'terminated', exitCode: 137, reason: 'Error', startedAtMs: since, finishedAtMs: rt.wallMs() };
  }
  run.phase = 'Failed';
  run.reason = 'Evicted';
  run.message = message;
  run.disruption = { type: 'DisruptionTarget', status: 'True', reason: 'TerminationByKubelet', message, lastTransitionTime: timestamp(rt.wallMs()) };
  rt.event(run, 'Warning', 'Evicted', message);
  rt.dirty(run);
}

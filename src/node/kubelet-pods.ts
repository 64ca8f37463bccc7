/**
 * The kubelet's pod work: admission, pod runs, IPs, status and final deletion.
 *
 * @packageDocumentation
 */
import type { ContainerStatus, PodStatus } from 'kubernetes-types/core/v1.js';
import type { ActorContext } from '../engine/actor.js';
import { accountPod, admitPod, podRequests } from './admission.js';
import { podBehaviour } from './behaviour.js';
import { pressureRejects } from './eviction.js';
import { type KubeletState, reconcileLater } from './kubelet-sync.js';
import { allStopped, startPod, terminatePod } from './pod-lifecycle.js';
import { type ContainerRun, type PodObject, type PodRun, computePhase, podStatusOf } from './pod-run.js';

/** Handles a pod from the informer: admit and start a new one, or follow an update (deletion) of a known one. */
export function syncPod(state: KubeletState, pod: PodObject, ctx: ActorContext<never>): void {
  const uid = pod.metadata.uid ?? '';
  const run = state.runs.get(uid);
  if (run !== undefined) {
    run.pod = pod;
    // someone else rewrote the pod's readiness (the node lifecycle controller's MarkPodsNotReady while the node was
    // unreachable): the status manager notices at its next sync that the API differs from its cache, and resends
    if (run.lastReady !== undefined && readyOf(pod.status) !== run.lastReady) reconcileLater(state, run);
    if (pod.metadata.deletionTimestamp !== undefined && !run.terminating) {
      terminatePod(state.runtime, run, pod.metadata.deletionGracePeriodSeconds ?? 30);
    }
    return;
  }
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return;
  if (pod.metadata.deletionTimestamp !== undefined) {
    finalDelete(state, pod.metadata.namespace ?? '', pod.metadata.name ?? '', uid, ctx);
    return;
  }
  admit(state, pod, ctx);
}

function newContainer(pod: PodObject, name: string, image: string, role: ContainerRun['role'], behaviour: ContainerRun['behaviour']): ContainerRun {
  // after a reboot the containers are new instances: the restart count carries on from the last report
  const prev = statusNamed(pod.status?.initContainerStatuses, name) ?? statusNamed(pod.status?.containerStatuses, name);
  const ranBefore = prev?.state?.running !== undefined || prev?.state?.terminated !== undefined;
  return {
    name, image, role, behaviour, restartCount: (prev?.restartCount ?? 0) + (ranBefore ? 1 : 0),
    state: { kind: 'waiting', reason: role === 'app' && (pod.spec?.initContainers?.length ?? 0) > 0 ? 'PodInitializing' : 'ContainerCreating' },
    lastState: undefined, ready: false, started: false, busy: false, run: 0, backoff: undefined, memoryCounted: undefined,
  };
}

/** The first container status of that name in a list. */
function statusNamed(list: readonly ContainerStatus[] | undefined, name: string): ContainerStatus | undefined {
  if (list === undefined) return undefined;
  for (const s of list) if (s.name === name) return s;
  return undefined;
}

function admit(state: KubeletState, pod: PodObject, ctx: ActorContext<never>): void {
  const uid = pod.metadata.uid ?? '';
  const catalog = state.opts.images ?? {};
  const beh = podBehaviour(pod, (image) => catalog[image]?.behaviour);
  const containers: ContainerRun[] = [];
  for (const c of pod.spec?.initContainers ?? []) {
    containers.push(newContainer(pod, c.name, c.image ?? '', c.restartPolicy === 'Always' ? 'sidecar' : 'init', beh.containers.get(c.name) as ContainerRun['behaviour']));
  }
  for (const c of pod.spec?.containers ?? []) containers.push(newContainer(pod, c.name, c.image ?? '', 'app', beh.containers.get(c.name) as ContainerRun['behaviour']));
  const run: PodRun = {
    uid, namespace: pod.metadata.namespace ?? '', name: pod.metadata.name ?? '', pod, containers, startTimeMs: ctx.now + state.skewMs,
    sandboxReady: false, podIP: undefined, phase: 'Pending', reason: undefined, message: undefined,
    configError: beh.errors.length > 0 ? beh.errors.join('; ') : undefined,
    terminating: false, released: false, finalDeleteSent: false, lastSent: undefined, requests: undefined,
  };
  state.runs.set(uid, run);
  const request = podRequests(pod);
  const rejection = pressureRejects(state, pod)
    ? { reason: 'Evicted', message: 'The node had condition: [MemoryPressure]. ' }
    : admitPod(request, state.allocatable, state.used);
  if (rejection !== undefined) {
    run.phase = 'Failed';
    run.reason = rejection.reason;
    run.message = rejection.message;
    run.released = true;
    ctx.trace('kubelet rejected pod', `${run.namespace}/${run.name}: ${rejection.reason}`);
    state.dirty.add(run);
    return;
  }
  accountPod(state.used, request, 1);
  state.mayPressure = true;
  run.requests = request;
  run.podIP = pod.spec?.hostNetwork === true ? state.hostIP : allocateIp(state);
  startPod(state.runtime, run);
  state.dirty.add(run);
}

function allocateIp(state: KubeletState): string {
  for (let i = 0; i < 253; i++) {
    const host = state.nextIp;
    state.nextIp = host >= 254 ? 2 : host + 1;
    if (!state.ipsInUse.has(host)) {
      state.ipsInUse.add(host);
      return `${state.cidrPrefix}${host}`;
    }
  }
  return `${state.cidrPrefix}254`;
}

function release(state: KubeletState, run: PodRun): void {
  if (run.released) return;
  run.released = true;
  for (const c of run.containers) state.memory.stop(c);
  const req = run.requests;
  if (req !== undefined) accountPod(state.used, req, -1);
  if (run.podIP !== undefined && run.podIP !== state.hostIP && run.podIP.startsWith(state.cidrPrefix)) {
    state.ipsInUse.delete(Number(run.podIP.slice(state.cidrPrefix.length)));
  }
}

/** The pod left the API (deleted): forget it and free what it held. */
export function removePod(state: KubeletState, uid: string, _ctx: ActorContext<never>): void {
  const run = state.runs.get(uid);
  if (run === undefined) return;
  release(state, run);
  state.runs.delete(uid);
  state.dirty.delete(run);
}

/** The status to report for a run (the phase is recomputed first; a rejected pod reports only the rejection). */
export function podStatusFor(state: KubeletState, run: PodRun, nowMs: number): PodStatus {
  if (run.reason !== undefined && run.podIP === undefined) {
    const prev = run.pod.status;
    const s: PodStatus = { phase: 'Failed', reason: run.reason };
    if (run.message !== undefined) s.message = run.message;
    if (prev?.qosClass !== undefined) s.qosClass = prev.qosClass;
    if (prev?.conditions !== undefined) s.conditions = prev.conditions;
    return s;
  }
  run.phase = computePhase(run);
  return podStatusOf(run, nowMs, state.hostIP);
}

/** After a status write: release a terminal pod's resources; delete a terminated pod with grace 0. */
export function finishRun(state: KubeletState, run: PodRun, ctx: ActorContext<never>): void {
  if (run.phase === 'Succeeded' || run.phase === 'Failed') release(state, run);
  if (run.terminating && allStopped(run) && !run.finalDeleteSent) {
    run.finalDeleteSent = true;
    release(state, run);
    finalDelete(state, run.namespace, run.name, run.uid, ctx);
  }
}

function finalDelete(state: KubeletState, namespace: string, name: string, uid: string, ctx: ActorContext<never>): void {
  state.client.delete(ctx, 'Pod', namespace, name, { gracePeriodSeconds: 0, preconditions: { uid } }, (res) => {
    if (res.ok || res.error.reason === 'NotFound' || res.error.reason === 'Conflict') return; // gone, or replaced
    // the API server refused (e.g. a 500): the status manager deletes it again at its next sync
    const run = state.runs.get(uid);
    if (run === undefined) return;
    run.finalDeleteSent = false;
    reconcileLater(state, run);
  });
}

/** The status of the Ready condition in a pod status (`''` when absent). */
export function readyOf(status: PodStatus | undefined): string {
  const conditions = status?.conditions;
  if (conditions === undefined) return '';
  for (const c of conditions) if (c.type === 'Ready') return c.status;
  return '';
}

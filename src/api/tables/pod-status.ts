/**
 * The READY / STATUS / RESTARTS cells of `kubectl get pods`, computed as kubectl's `printPod` computes them.
 *
 * @packageDocumentation
 */
import type { Container, ContainerStatus, Pod } from 'kubernetes-types/core/v1.js';
import { parseTimestamp } from '../store/_internal/timestamp.js';

/**
 * The summary kubectl prints for a pod.
 *
 * @example
 * ```ts
 * const s: PodSummary = { ready: '1/1', status: 'Running', restarts: 2, lastRestart: '2024-01-01T00:00:00Z' };
 * ```
 */
export interface PodSummary {
  /** `ready/total` containers (restartable init containers, i.e. sidecars, count in both). */
  readonly ready: string;
  /** STATUS: phase, `status.reason`, a container's waiting/terminated reason, `Init:1/2`, `Terminating`, … */
  readonly status: string;
  /** Total restarts counted for the RESTARTS column. */
  readonly restarts: number;
  /** The latest `lastState.terminated.finishedAt` among counted containers, when known. */
  readonly lastRestart?: string;
}

const isSidecar = (c: Container | undefined): boolean => c?.restartPolicy === 'Always';

/** Tracks the latest finishedAt. */
class Latest {
  at: string | undefined;
  ms = Number.NEGATIVE_INFINITY;
  see(cs: ContainerStatus): void {
    const t = cs.lastState?.terminated?.finishedAt;
    const ms = t === undefined ? undefined : parseTimestamp(t);
    if (t !== undefined && ms !== undefined && ms > this.ms) {
      this.at = t;
      this.ms = ms;
    }
  }
}

function terminatedText(prefix: string, t: { reason?: string; signal?: number; exitCode: number }): string {
  if (t.reason !== undefined && t.reason !== '') return `${prefix}${t.reason}`;
  return t.signal !== undefined && t.signal !== 0 ? `${prefix}Signal:${t.signal}` : `${prefix}ExitCode:${t.exitCode}`;
}

/**
 * Summarises a pod as kubectl's `printPod` does.
 *
 * @remarks
 * STATUS starts as the phase (or `status.reason`, e.g. `Evicted`), becomes `SchedulingGated` when the
 * PodScheduled condition says so, `Init:<reason>` / `Init:ExitCode:N` / `Init:i/n` while init containers
 * run, then the last container's waiting or terminated reason (`CrashLoopBackOff`, `Completed`,
 * `ExitCode:1`, …); `Completed` with a container still running reads `Running` (or `NotReady`).
 * A pod with `deletionTimestamp` reads `Terminating` (`Unknown` when the node is unreachable), unless
 * its phase is terminal. RESTARTS adds the containers' restart counts (sidecars' too once initialised).
 *
 * @example
 * ```ts
 * podSummary(pod); // { ready: '0/1', status: 'CrashLoopBackOff', restarts: 5, lastRestart: '...' }
 * ```
 */
export function podSummary(pod: Pod): PodSummary {
  const spec = pod.spec;
  const status = pod.status ?? {};
  const inits = new Map((spec?.initContainers ?? []).map((c) => [c.name, c] as const));
  const total = (spec?.containers ?? []).length + [...inits.values()].filter(isSidecar).length;
  let ready = 0;
  let reason = status.reason !== undefined && status.reason !== '' ? status.reason : (status.phase ?? '');
  if ((status.conditions ?? []).some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) reason = 'SchedulingGated';

  let restarts = 0;
  let sidecarRestarts = 0;
  const last = new Latest();
  const sidecarLast = new Latest();
  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (const [i, cs] of initStatuses.entries()) {
    restarts += cs.restartCount;
    last.see(cs);
    const sidecar = isSidecar(inits.get(cs.name));
    if (sidecar) {
      sidecarRestarts += cs.restartCount;
      sidecarLast.see(cs);
    }
    const st = cs.state ?? {};
    if (st.terminated !== undefined && st.terminated.exitCode === 0) continue;
    if (sidecar && cs.started === true) {
      if (cs.ready) ready++;
      continue;
    }
    if (st.terminated !== undefined) reason = terminatedText('Init:', st.terminated);
    else if (st.waiting?.reason !== undefined && st.waiting.reason !== '' && st.waiting.reason !== 'PodInitializing') reason = `Init:${st.waiting.reason}`;
    else reason = `Init:${i}/${inits.size}`;
    initializing = true;
    break;
  }

  let lastRestart = last.at;
  const initialized = (status.conditions ?? []).some((c) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initialized) {
    restarts = sidecarRestarts;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    const latest = sidecarLast;
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i];
      if (cs === undefined) continue;
      restarts += cs.restartCount;
      latest.see(cs);
      const st = cs.state ?? {};
      if (st.waiting?.reason !== undefined && st.waiting.reason !== '') reason = st.waiting.reason;
      else if (st.terminated !== undefined) reason = terminatedText('', st.terminated);
      else if (cs.ready && st.running !== undefined) {
        hasRunning = true;
        ready++;
      }
    }
    lastRestart = latest.at;
    if (reason === 'Completed' && hasRunning) {
      reason = (status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
    }
  }

  if (pod.metadata?.deletionTimestamp !== undefined) {
    if (status.reason === 'NodeLost') reason = 'Unknown';
    else if (status.phase !== 'Succeeded' && status.phase !== 'Failed') reason = 'Terminating';
  }
  return { ready: `${ready}/${total}`, status: reason, restarts, ...(lastRestart !== undefined ? { lastRestart } : {}) };
}

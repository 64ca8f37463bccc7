/**
 * `no-pod-lost`: a pod leaves the store only through a deletion someone asked for.
 *
 * @packageDocumentation
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { ApiServerCore } from '../../api/server/core.js';
import type { KubeObject } from '../../api/store/types.js';
import { formatDuration } from '../../engine/time.js';
import type { Cluster } from '../../cluster/create-cluster.js';
import type { Invariant } from '../invariant-types.js';
import { keyOf } from './_internal.js';

/** How a pod's removal from the store was accounted for. */
interface Removal {
  readonly how: string;
}

/**
 * Records, per API server core, the pods removed while a delete request was being served, or whose deletion had
 * been requested before (they carry a `deletionTimestamp`). Installed once per core, by wrapping its `delete`
 * and `finalizeNamespace` entry points (it observes; it changes no result).
 */
class DeletionLedger {
  private depth = 0;
  private current = '';
  /** uid → how it went, for removals not yet read by an invariant (bounded). */
  readonly removals = new Map<string, Removal>();

  constructor(core: ApiServerCore) {
    const del = core.delete.bind(core);
    const fin = core.finalizeNamespace.bind(core);
    core.delete = (kind, namespace, name, opts) =>
      this.during(`delete ${kind} ${namespace === '' ? name : `${namespace}/${name}`}`, () => del(kind, namespace, name, opts));
    core.finalizeNamespace = (name) => this.during(`finalize Namespace ${name}`, () => fin(name));
    core.subscribe((ev) => {
      if (ev.type !== 'DELETED' || ev.object.kind !== 'Pod') return;
      const old = ev.oldObject ?? ev.object;
      let how: string | undefined;
      if (old.metadata.deletionTimestamp !== undefined) how = `graceful deletion requested (deletionTimestamp ${old.metadata.deletionTimestamp})`;
      else if (this.depth > 0) how = `API request: ${this.current}`;
      if (how === undefined) return;
      if (this.removals.size >= 100_000) this.removals.clear();
      this.removals.set(ev.object.metadata.uid ?? '', { how });
    });
  }

  private during<T>(what: string, f: () => T): T {
    const outer = this.current;
    this.depth++;
    this.current = what;
    try {
      return f();
    } finally {
      this.depth--;
      this.current = outer;
    }
  }
}

const ledgers = new WeakMap<ApiServerCore, DeletionLedger>();

function ledgerOf(core: ApiServerCore): DeletionLedger {
  let l = ledgers.get(core);
  if (l === undefined) {
    l = new DeletionLedger(core);
    ledgers.set(core, l);
  }
  return l;
}

const PHASES: ReadonlySet<string> = new Set(['Pending', 'Running', 'Succeeded', 'Failed']);

/**
 * No pod lost: every pod that ever existed is pending, running, terminating, succeeded or failed, or was deleted
 * through a request (a user's `delete`, a controller's scale-down, the garbage collector's cascade, the node
 * lifecycle controller's eviction, the pod GC, the kubelet finishing a graceful deletion).
 *
 * @remarks
 * A pod's removal counts as requested when the pod already carried a `deletionTimestamp` (a graceful deletion was
 * asked for through the API) or when it happened while the API server core was serving a `delete` (every
 * component and `cluster.delete` go through it). A pod that vanishes from the store any other way — a write
 * straight to the store, a bug that drops it — is lost. A stored pod whose `status.phase` is none of Pending,
 * Running, Succeeded, Failed is also reported. The first check installs a small observer on the core's delete
 * entry points (once per cluster; it changes no result and adds no event).
 * Reason: `pod default/web-1 (uid 00000000-…) vanished without a delete request (last phase Running, node node-2)`.
 *
 * @example
 * ```ts
 * monitorInvariants(cluster, [noPodLost()]);
 * cluster.core.store.delete('Pod', 'default', 'web-1'); // a write around the API server: lost at the next check
 * ```
 */
export function noPodLost(): Invariant {
  let ledger: DeletionLedger | undefined;
  return {
    name: 'no-pod-lost',
    reset(cluster: Cluster) {
      ledger = ledgerOf(cluster.core);
    },
    check({ cluster, changes, nowMs }) {
      const l = (ledger ??= ledgerOf(cluster.core));
      let reason: string | null = null;
      for (const ev of changes) {
        if (ev.object.kind !== 'Pod') continue;
        const uid = ev.object.metadata.uid ?? '';
        if (ev.type === 'DELETED') {
          if (l.removals.delete(uid)) continue;
          reason ??= lost(ev.oldObject ?? ev.object, nowMs);
        } else {
          const phase = (ev.object as Pod).status?.phase ?? 'Pending';
          if (!PHASES.has(phase)) reason ??= `pod ${keyOf(ev.object)} has phase ${phase} (not Pending, Running, Succeeded or Failed)`;
        }
      }
      return reason;
    },
  };
}

function lost(last: KubeObject, nowMs: number): string {
  const pod = last as Pod;
  const node = pod.spec?.nodeName ?? '';
  const where = node === '' ? 'unscheduled' : `node ${node}`;
  return `pod ${keyOf(last)} (uid ${last.metadata.uid ?? '?'}) vanished without a delete request by t=${formatDuration(nowMs)} (last phase ${pod.status?.phase ?? 'Pending'}, ${where})`;
}

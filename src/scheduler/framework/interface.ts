/**
 * The extension points of the scheduling framework: one optional method of {@link SchedulerPlugin} per point.
 *
 * @remarks
 * Mirrors kube-scheduler's `framework/interface.go` (§1.1). Each method's comment says when the point runs,
 * which {@link Code}s are legal and what the framework does with each. A plugin implements only the points
 * it needs; the profile decides, per point, whether it is enabled. Plugins receive a {@link PodInfo} (the pod
 * plus derived data computed once per pod) and must not mutate NodeInfos, the snapshot or the pod.
 *
 * @packageDocumentation
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { CycleState } from './cycle-state.js';
import type { NodeInfo } from './node-info.js';
import type { PodInfo } from './pod-info.js';
import type { Snapshot } from './snapshot.js';
import { SKIP, SUCCESS, type Status } from './status.js';
import type { WaitingPod } from './waiting-pod.js';

/** The highest score a Score plugin may return after normalization (`MaxNodeScore`). */
export const MAX_NODE_SCORE = 100;
/** The lowest normalized score (`MinNodeScore`). */
export const MIN_NODE_SCORE = 0;

/** A pod waiting in the scheduling queue, as QueueSort sees it. */
export interface QueuedPodInfo {
  readonly podInfo: PodInfo;
  /** When the pod was (re-)added to the queue, in virtual ms. */
  readonly timestampMs: number;
  /** Scheduling attempts so far. */
  readonly attempts: number;
}

/** The result of PreFilter: a status and, optionally, the only nodes worth filtering. */
export interface PreFilterResult {
  readonly status: Status;
  /** When set, only these nodes are evaluated (intersection over plugins); undefined means all nodes. */
  readonly nodeNames?: ReadonlySet<string>;
}

/** Shared `{status: Success}` PreFilter result. */
export const PRE_FILTER_SUCCESS: PreFilterResult = Object.freeze({ status: SUCCESS });
/** Shared `{status: Skip}` PreFilter result. */
export const PRE_FILTER_SKIP: PreFilterResult = Object.freeze({ status: SKIP });

/** The result of PostFilter (preemption). */
export interface PostFilterResult {
  /** Success when a node was nominated; Unschedulable otherwise. */
  readonly status: Status;
  /** The node the pod should be nominated to. */
  readonly nominatedNodeName?: string;
  /** Pods to evict so that the pod fits on the nominated node. */
  readonly victims?: readonly Pod[];
}

/** A cluster event a plugin cares about (upstream `ClusterEvent`). */
export interface ClusterEvent {
  readonly resource: 'Pod' | 'AssignedPod' | 'UnscheduledPod' | 'Node' | 'PersistentVolume' | 'PersistentVolumeClaim' | 'StorageClass' | 'Namespace' | '*';
  readonly actionType: 'Add' | 'Update' | 'Delete' | 'UpdateNodeLabel' | 'UpdateNodeTaint' | 'UpdateNodeAllocatable' | 'UpdateNodeCondition' | 'UpdatePodLabel' | 'UpdatePodScaleDown' | 'UpdatePodSchedulingGatesEliminated' | 'All';
}

/** A cluster event plus an optional queueing hint: `true` means "this event may make the pod schedulable". */
export interface ClusterEventWithHint {
  readonly event: ClusterEvent;
  readonly hint?: (pod: Pod, oldObj: unknown, newObj: unknown) => boolean;
}

/** What a Permit plugin decided. */
export interface PermitResult {
  /** Success, Wait (with `timeoutMs`), or Unschedulable / Error (the pod is rejected and unreserved). */
  readonly status: Status;
  readonly timeoutMs: number;
}

/** Services the framework offers to plugins (upstream `framework.Handle`). */
export interface FrameworkHandle {
  /** The profile's scheduler name. */
  readonly profileName: string;
  /** Runs every enabled Filter plugin on one node with the given state; first failure wins. */
  runFilterPlugins(state: CycleState, pod: PodInfo, node: NodeInfo): Status;
  /**
   * Upstream `RunFilterPluginsWithNominatedPods`: when pods of equal or higher priority are nominated to
   * `node`, the filters run first with them added (on copies of `state` and `node`), then, if that passes,
   * without them; the pod fits only if both pass. Without such nominated pods it is {@link runFilterPlugins}.
   */
  runFilterPluginsWithNominatedPods(state: CycleState, pod: PodInfo, node: NodeInfo): Status;
  /** Calls every PreFilter plugin's `addPod` (what-if: `added` runs on `node`). */
  runPreFilterAddPod(state: CycleState, pod: PodInfo, added: PodInfo, node: NodeInfo): Status;
  /** Calls every PreFilter plugin's `removePod` (what-if: `removed` leaves `node`). */
  runPreFilterRemovePod(state: CycleState, pod: PodInfo, removed: PodInfo, node: NodeInfo): Status;
  /** The pod (`namespace/name`) waiting at Permit in this profile, if any. */
  getWaitingPod(key: string): WaitingPod | undefined;
  /** Calls `fn` for every pod waiting at Permit in this profile. */
  iterateOverWaitingPods(fn: (w: WaitingPod) => void): void;
}

/**
 * A scheduler plugin: a name plus any subset of the extension points.
 *
 * @example
 * ```ts
 * const alwaysFits = { name: 'AlwaysFits', filter: () => SUCCESS } satisfies SchedulerPlugin;
 * ```
 */
export interface SchedulerPlugin {
  /** Unique plugin name, as used in configuration. */
  readonly name: string;

  /**
   * PreEnqueue: runs before a pod enters activeQ. Legal: Success (enqueue), UnschedulableAndUnresolvable
   * (park the pod until an event re-evaluates it), Error.
   */
  preEnqueue?(pod: PodInfo): Status;

  /** QueueSort: true if `a` must be popped before `b`. Exactly one QueueSort plugin is enabled per profile. */
  less?(a: QueuedPodInfo, b: QueuedPodInfo): boolean;

  /**
   * PreFilter: once per cycle, before Filter. Precompute per-pod state into `state`. Legal: Success (optionally
   * with `nodeNames`), Skip (this plugin's Filter is not run for the pod), Unschedulable /
   * UnschedulableAndUnresolvable (the pod is rejected for every node; PostFilter runs), Error (cycle aborts).
   */
  preFilter?(state: CycleState, pod: PodInfo, snapshot: Snapshot): PreFilterResult;

  /**
   * PreFilter extension, used by preemption and nominated pods: update the PreFilter state as if `added`
   * were placed on `node`. Legal: Success, Error.
   */
  addPod?(state: CycleState, pod: PodInfo, added: PodInfo, node: NodeInfo): Status;

  /** PreFilter extension: update the PreFilter state as if `removed` left `node`. Legal: Success, Error. */
  removePod?(state: CycleState, pod: PodInfo, removed: PodInfo, node: NodeInfo): Status;

  /**
   * Filter: per node, until enough feasible nodes are found (§1.6). Read only `node` and `state`, never the
   * snapshot's other nodes. Legal: Success (node feasible), Unschedulable (preemption may help),
   * UnschedulableAndUnresolvable (preemption will not help on this node), Error (cycle aborts).
   */
  filter?(state: CycleState, pod: PodInfo, node: NodeInfo): Status;

  /**
   * PostFilter: runs only if no node is feasible, in order, until one returns Success. `statuses` holds each
   * rejected node's filter status. Legal: Success (with a nominated node), Unschedulable, Error.
   */
  postFilter?(state: CycleState, pod: PodInfo, snapshot: Snapshot, statuses: ReadonlyMap<string, Status>): PostFilterResult;

  /**
   * PreScore: once per cycle with the feasible nodes (only when more than one). Legal: Success, Skip (this
   * plugin's Score is not run), Error (cycle aborts).
   */
  preScore?(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], snapshot: Snapshot): Status;

  /**
   * Score: per feasible node, a raw integer score. Plugins without `normalizeScore` must return a value in
   * [0, {@link MAX_NODE_SCORE}]. Throwing aborts the cycle with Error.
   */
  score?(state: CycleState, pod: PodInfo, node: NodeInfo): number;

  /**
   * NormalizeScore: rewrite `scores` (index-aligned with `nodes`) in place into [0, 100]. Legal: Success, Error.
   */
  normalizeScore?(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], scores: number[]): Status;

  /**
   * @internal True when the plugin's Filter would return Success on every node for this pod in this cycle
   * (e.g. NodeUnschedulable when no node is cordoned). The framework's filter loop then leaves it out (explain
   * mode still runs it); the verdicts are the same.
   */
  alwaysPasses?(state: CycleState, pod: PodInfo, snapshot: Snapshot): boolean;

  /**
   * @internal True when, after this cycle's PreScore, the plugin's normalized score is provably the same on
   * every node (e.g. TaintToleration when no node has a PreferNoSchedule taint). Outside explain mode the
   * framework then leaves the plugin out of the totals: adding one constant to every node's total changes
   * neither the highest total nor the ties, so selectHost picks the same node with the same draws.
   */
  constantScore?(state: CycleState, pod: PodInfo, snapshot: Snapshot): boolean;

  /**
   * Reserve: after a node is selected and the pod assumed on it, in plugin order. Legal: Success; Error /
   * Unschedulable (the pod is forgotten, Unreserve runs, the pod goes back to the queue).
   */
  reserve?(state: CycleState, pod: PodInfo, nodeName: string): Status;

  /**
   * Unreserve: rolls back Reserve after a failure at Reserve, Permit, PreBind or Bind; it runs on every Reserve
   * plugin (also those whose Reserve never ran) in reverse order, so it must be idempotent.
   */
  unreserve?(state: CycleState, pod: PodInfo, nodeName: string): void;

  /**
   * Permit: after Reserve. Success approves; Wait holds the pod (binding does not start) until every waiting
   * plugin calls {@link WaitingPod.allow}, or rejects it with `rejected due to timeout after waiting <d> at
   * plugin <name>` after `timeoutMs` (capped at 15 min); Unschedulable / Error rejects at once. A rejection
   * runs Unreserve and sends the pod back to the queue.
   */
  permit?(state: CycleState, pod: PodInfo, nodeName: string): PermitResult;

  /**
   * PreBind: in the binding cycle, after Permit allowed the pod (e.g. volume binding). Legal: Success; Error /
   * Unschedulable (Unreserve runs, the pod goes back to the queue).
   */
  preBind?(state: CycleState, pod: PodInfo, nodeName: string): Status;

  /**
   * Bind: plugins run in order until one does not return Skip. Success means this plugin takes the binding:
   * kubesim's plugins have no API client, so the scheduler actor then POSTs `pods/binding` on its behalf
   * (DefaultBinder is exactly that). Error (or every plugin skipping) runs Unreserve and requeues the pod.
   */
  bind?(state: CycleState, pod: PodInfo, nodeName: string): Status;

  /** PostBind: informational, after the API server accepted the binding. */
  postBind?(state: CycleState, pod: PodInfo, nodeName: string): void;

  /** EnqueueExtensions: the cluster events that may make a pod this plugin rejected schedulable again. */
  eventsToRegister?(): readonly ClusterEventWithHint[];
}

/** Builds a plugin from its configuration args and the framework handle. */
export type PluginFactory = (args: unknown, handle: FrameworkHandle) => SchedulerPlugin;

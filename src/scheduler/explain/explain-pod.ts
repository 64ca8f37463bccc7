/**
 * `explainPod`: why a pod lands where it lands — every node's filter verdicts, every score, the choice.
 *
 * @packageDocumentation
 */
import type { Namespace, Node, Pod } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { Rng } from '../../engine/random.js';
import { createFrameworks, parseSchedulerConfiguration } from '../config/load.js';
import type { KubeSchedulerConfiguration } from '../config/types.js';
import { podKey, SchedulerCache } from '../framework/cache.js';
import type { Framework } from '../framework/framework.js';
import type { NodeInfo } from '../framework/node-info.js';
import { prioritizeNodes, type NodeExplain, type ScoreExplain } from '../framework/prioritize.js';
import type { Registry } from '../framework/registry.js';
import { schedulePod, type ScheduleResult } from '../framework/schedule-one.js';
import type { Code } from '../framework/status.js';
import { inTreeRegistry } from '../plugins/registry.js';
import { ExplainError } from './explain-error.js';

/**
 * What {@link explainPod} needs: the cluster (nodes and bound pods), the pod, and optionally a configuration.
 *
 * @example
 * ```ts
 * const input: ExplainInput = { nodes, pods, pod, config: readFileSync('scheduler-config.yaml', 'utf8'), seed: 42 };
 * explainPod(input);
 * ```
 *
 * @category Explain
 */
export interface ExplainInput {
  /** The cluster's nodes. A node without `status.allocatable` uses `status.capacity` (as a kubelet reports). */
  readonly nodes: readonly Node[];
  /** Pods already bound (`spec.nodeName` set); unbound pods and the explained pod itself are ignored. */
  readonly pods: readonly Pod[];
  /** PodDisruptionBudgets that preemption respects (when no node fits). @defaultValue none */
  readonly pdbs?: readonly PodDisruptionBudget[];
  /** Namespaces, whose labels pod (anti-)affinity `namespaceSelector` terms match. @defaultValue none (no namespace has labels) */
  readonly namespaces?: readonly Namespace[];
  /** The pod to explain; its `spec.schedulerName` picks the profile. */
  readonly pod: Pod;
  /** A `KubeSchedulerConfiguration` (YAML text or object). @defaultValue the default profile (§1.3) */
  readonly config?: string | object;
  /** Plugin factories, including out-of-tree plugins the configuration names. @defaultValue {@link inTreeRegistry}() */
  readonly registry?: Registry;
  /** Seed of selectHost's tie-break stream: same seed, same choice among equal totals. @defaultValue 0 */
  readonly seed?: string | number;
}

/**
 * One filter plugin's verdict on one node (`Skip`: its PreFilter opted out, so it did not run).
 *
 * @example
 * ```ts
 * const v: FilterVerdict = { code: 'UnschedulableAndUnresolvable', reasons: ['node(s) had untolerated taint {dedicated: gpu}'] };
 * ```
 *
 * @category Explain
 */
export interface FilterVerdict {
  readonly code: Code;
  readonly reasons?: readonly string[];
}

/**
 * Everything explain says about one node.
 *
 * @example
 * ```ts
 * const n: NodeExplanation = {
 *   feasible: true, filter: { NodeResourcesFit: { code: 'Success' } },
 *   scores: { NodeResourcesFit: { raw: 81, normalized: 81, weight: 1, weighted: 81 } }, total: 81,
 * };
 * ```
 *
 * @category Explain
 */
export interface NodeExplanation {
  /** True if every filter plugin returned Success (or Skip). */
  readonly feasible: boolean;
  /** Filter plugin → verdict, in the profile's filter order; a PreFilter rejection appears under its plugin. */
  readonly filter: Readonly<Record<string, FilterVerdict>>;
  /** Score plugin → raw / normalized / weight / weighted; empty for infeasible nodes. */
  readonly scores: Readonly<Record<string, ScoreExplain>>;
  /** Σ weighted scores (0 for infeasible nodes). */
  readonly total: number;
}

/**
 * The answer of {@link explainPod}, the JSON `kubesim explain` prints.
 *
 * @example
 * ```ts
 * const r: ExplainResult = explainPod({ nodes, pods, pod });
 * JSON.stringify(r); // '{"pod":"default/web","selectedNode":"node-2","nodes":{"node-1":{"feasible":true,…}}}'
 * ```
 *
 * @category Explain
 */
export interface ExplainResult {
  /** `namespace/name`. */
  readonly pod: string;
  /** The node the scheduler picks, or null when none is feasible. */
  readonly selectedNode: string | null;
  /** Every node, in input order. */
  readonly nodes: Readonly<Record<string, NodeExplanation>>;
  /** The FailedScheduling event message, when no node is selected. */
  readonly message?: string;
  /** When no node fits and preemption found one: the node the pod would be nominated to. */
  readonly nominatedNodeName?: string;
  /** With {@link ExplainResult.nominatedNodeName}: the pods (`namespace/name`) preemption would evict. */
  readonly victims?: readonly string[];
}

/** The configuration with percentageOfNodesToScore forced to 100, so every node is filtered and scored. */
function everyNode(cfg: KubeSchedulerConfiguration): KubeSchedulerConfiguration {
  return {
    ...cfg, percentageOfNodesToScore: 100,
    profiles: cfg.profiles.map((p) => ({ ...p, percentageOfNodesToScore: 100 })),
  };
}

function pickFramework(input: ExplainInput): Framework {
  const cfg = everyNode(parseSchedulerConfiguration(input.config ?? { apiVersion: 'kubescheduler.config.k8s.io/v1', kind: 'KubeSchedulerConfiguration' }));
  const frameworks = createFrameworks(cfg, input.registry ?? inTreeRegistry());
  const name = input.pod.spec?.schedulerName ?? 'default-scheduler';
  const fw = frameworks.get(name === '' ? 'default-scheduler' : name);
  if (fw === undefined) {
    throw new ExplainError(`no profile for schedulerName ${JSON.stringify(name)} (profiles: ${[...frameworks.keys()].join(', ')})`);
  }
  return fw;
}

function buildCache(input: ExplainInput): SchedulerCache {
  const cache = new SchedulerCache();
  for (const n of input.nodes) {
    const capacity = n.status?.capacity;
    cache.addNode(n.status?.allocatable !== undefined || capacity === undefined ? n : { ...n, status: { ...n.status, allocatable: capacity } });
  }
  const self = podKey(input.pod);
  for (const p of input.pods) {
    if (p.spec?.nodeName !== undefined && p.spec.nodeName !== '' && podKey(p) !== self) cache.addPod(p);
  }
  for (const ns of input.namespaces ?? []) {
    if (ns.metadata?.name !== undefined) cache.setNamespaceLabels(ns.metadata.name, ns.metadata.labels ?? {});
  }
  cache.snapshot.pdbs = input.pdbs ?? [];
  return cache;
}

/**
 * kube-scheduler skips scoring when exactly one node is feasible; explain scores that node anyway, for
 * information (the choice does not depend on it).
 */
function scoreLoneNode(fw: Framework, r: ScheduleResult, cache: SchedulerCache, rec: Record<string, NodeExplain>): void {
  if (r.selectedNode === null || r.feasibleNodes !== 1) return;
  const node = cache.snapshot.get(r.selectedNode);
  if (node !== undefined) prioritizeNodes(fw, r.state, r.podInfo, [node as NodeInfo], cache.snapshot, rec);
}

function nodeExplanation(fw: Framework, r: ScheduleResult, name: string, rec: NodeExplain | undefined): NodeExplanation {
  const filter: Record<string, FilterVerdict> = {};
  const pre = r.diagnosis.nodeToStatus.get(name);
  if (rec === undefined && pre !== undefined) {
    // Rejected before Filter ran on this node: by a PreFilter plugin, or outside a PreFilter's node set.
    filter[pre.plugin === '' ? 'PreFilter' : pre.plugin] = { code: pre.code, reasons: pre.reasons };
    return { feasible: false, filter, scores: {}, total: 0 };
  }
  for (const p of fw.points.filter) {
    const v = rec?.filter[p.name];
    if (v !== undefined) filter[p.name] = v;
    else if (r.state.skipFilterPlugins.has(p.name)) filter[p.name] = { code: 'Skip' };
  }
  if (rec === undefined) return { feasible: false, filter, scores: {}, total: 0 };
  return { feasible: rec.feasible, filter, scores: rec.feasible ? { ...rec.scores } : {}, total: rec.feasible ? rec.total : 0 };
}

/**
 * Schedules `input.pod` once against the given cluster, in explain mode, and reports why each node was
 * rejected or how it scored, and which node wins.
 *
 * @remarks
 * Runs the same cycle as the scheduler actor ({@link schedulePod}): PreFilter, every Filter plugin on every
 * node (percentageOfNodesToScore is forced to 100 so no node is left out; all filters run on each node, and
 * the first failing one is what the scheduler would report), PreScore / Score / NormalizeScore with weights,
 * selectHost with a tie-break drawn from the stream `explain:select-host` of `seed`. When no node fits, the
 * PostFilter (preemption) runs as usual and `message` is the FailedScheduling event text. Nothing is bound;
 * the inputs are not modified.
 *
 * @example
 * ```ts
 * const r = explainPod({
 *   nodes: [{ metadata: { name: 'node-1' }, status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' } } }],
 *   pods: [],
 *   pod: { metadata: { name: 'web', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
 * });
 * r.selectedNode;                                   // 'node-1'
 * r.nodes['node-1']?.filter['NodeResourcesFit'];    // { code: 'Success' }
 * ```
 *
 * @category Explain
 */
export function explainPod(input: ExplainInput): ExplainResult {
  const fw = pickFramework(input);
  const cache = buildCache(input);
  const rng = Rng.derive(input.seed ?? 0, 'explain:select-host');
  const r = schedulePod(fw, cache.snapshot, input.pod, { random: () => rng.next(), explain: true, percentageOfNodesToScore: 100 });
  const rec = r.explain?.nodes ?? {};
  scoreLoneNode(fw, r, cache, rec);
  const nodes: Record<string, NodeExplanation> = {};
  for (const n of input.nodes) {
    const name = n.metadata?.name ?? '';
    nodes[name] = nodeExplanation(fw, r, name, rec[name]);
  }
  return {
    pod: podKey(input.pod),
    selectedNode: r.selectedNode,
    nodes,
    ...(r.selectedNode === null && r.message !== undefined ? { message: r.message } : {}),
    ...(r.nominatedNodeName !== undefined ? { nominatedNodeName: r.nominatedNodeName, victims: (r.victims ?? []).map(podKey) } : {}),
  };
}

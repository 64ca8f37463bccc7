/**
 * PodInfo: a pod with everything the scheduler derives from it once (requests, affinity terms, host ports).
 *
 * @packageDocumentation
 */
import type { Container, Pod, PodAffinityTerm, WeightedPodAffinityTerm } from 'kubernetes-types/core/v1.js';
import { compileSelector, EVERYTHING, NOTHING, type Selector } from '../_internal/selector.js';
import { podRequests, simpleRequests, type Resource } from './resource.js';

/**
 * A required (anti-)affinity term with its selectors compiled (upstream `framework.AffinityTerm`).
 *
 * @remarks
 * An empty `namespaces` list with no `namespaceSelector` means the owning pod's own namespace (§1.4).
 */
export interface AffinityTerm {
  readonly namespaces: ReadonlySet<string>;
  /** Selector over namespace labels; one that matches nothing when absent. */
  readonly namespaceSelector: Selector;
  readonly selector: Selector;
  readonly topologyKey: string;
}

/** A preferred term with its weight (negative for anti-affinity is applied by the scorer). */
export interface WeightedAffinityTerm extends AffinityTerm {
  readonly weight: number;
}

/** A host port a pod uses (`hostIP` defaults to 0.0.0.0, protocol to TCP). */
export interface HostPort {
  readonly ip: string;
  readonly protocol: string;
  readonly port: number;
}

/** Namespace labels by namespace name, for `namespaceSelector` (empty map: no namespace has labels). */
export type NamespaceLabels = ReadonlyMap<string, Readonly<Record<string, string>>>;

/** True if `term` (owned by a pod) selects `pod` (upstream `AffinityTerm.Matches`). */
export function termMatches(term: AffinityTerm, pod: PodInfo, nsLabels: NamespaceLabels): boolean {
  if (term.namespaces.has(pod.namespace) || term.namespaceSelector.matches(nsLabels.get(pod.namespace))) {
    return term.selector.matches(pod.labels);
  }
  return false;
}

function compileTerm(owner: Pod, t: PodAffinityTerm): AffinityTerm {
  const ns = owner.metadata?.namespace ?? 'default';
  const labels = owner.metadata?.labels ?? {};
  const extra: Record<string, string> = {};
  for (const k of t.matchLabelKeys ?? []) { const v = labels[k]; if (v !== undefined) extra[k] = v; }
  let selector = compileSelector(t.labelSelector, extra);
  const mismatch = (t.mismatchLabelKeys ?? []).filter((k) => labels[k] !== undefined);
  if (mismatch.length > 0) {
    const base = selector;
    selector = { empty: false, matches: (l) => base.matches(l) && mismatch.every((k) => l?.[k] !== labels[k]) };
  }
  const nsSel = t.namespaceSelector === undefined ? NOTHING : compileSelector(t.namespaceSelector);
  const namespaces = new Set(t.namespaces ?? []);
  if (namespaces.size === 0 && t.namespaceSelector === undefined) namespaces.add(ns);
  return { namespaces, namespaceSelector: nsSel === EVERYTHING ? EVERYTHING : nsSel, selector, topologyKey: t.topologyKey };
}

const NO_TERMS: readonly never[] = Object.freeze([]);

function compileTerms(owner: Pod, ts: readonly PodAffinityTerm[] | undefined): readonly AffinityTerm[] {
  return ts === undefined || ts.length === 0 ? NO_TERMS : ts.map((t) => compileTerm(owner, t));
}

function compileWeighted(owner: Pod, ts: readonly WeightedPodAffinityTerm[] | undefined): readonly WeightedAffinityTerm[] {
  return ts === undefined || ts.length === 0 ? NO_TERMS : ts.map((w) => ({ ...compileTerm(owner, w.podAffinityTerm), weight: w.weight }));
}

const EMPTY_LABELS: Readonly<Record<string, string>> = Object.freeze({});

/** Appends the container's host ports (sidecars first, then regular containers, as upstream lists them). */
function addHostPorts(ports: HostPort[] | null, c: Container): HostPort[] | null {
  const ps = c.ports;
  if (ps === undefined) return ports;
  for (const p of ps) {
    if (p.hostPort !== undefined && p.hostPort > 0) {
      // upstream sanitizes an empty hostIP to 0.0.0.0 (HostPortInfo.Add)
      (ports ??= []).push({ ip: p.hostIP === undefined || p.hostIP === '' ? '0.0.0.0' : p.hostIP, protocol: p.protocol ?? 'TCP', port: p.hostPort });
    }
  }
  return ports;
}

/**
 * A pod plus its derived scheduling data, computed once and shared by every plugin (upstream `PodInfo`).
 *
 * @example
 * ```ts
 * const pi = new PodInfo({ metadata: { name: 'p' }, spec: { containers: [{ name: 'c' }] } });
 * pi.nonZeroMilliCPU; // 100 (the scoring default)
 * ```
 */
export class PodInfo {
  /** The pod (a status write of a bound pod may replace it with its newer version, same spec and labels). */
  readonly pod: Pod;
  readonly key: string;
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly priority: number;
  /** Real requests (Filter, BalancedAllocation). */
  readonly requests: Resource;
  /** CPU with the 100m default per container (scoring). */
  readonly nonZeroMilliCPU: number;
  /** Memory with the 200 MiB default per container (scoring). */
  readonly nonZeroMemory: number;
  readonly requiredAffinityTerms: readonly AffinityTerm[];
  readonly requiredAntiAffinityTerms: readonly AffinityTerm[];
  readonly preferredAffinityTerms: readonly WeightedAffinityTerm[];
  readonly preferredAntiAffinityTerms: readonly WeightedAffinityTerm[];
  readonly hostPorts: readonly HostPort[];
  /** True if the pod has any (anti-)affinity term. */
  readonly hasAffinity: boolean;

  constructor(pod: Pod) {
    this.pod = pod;
    const md = pod.metadata ?? {};
    this.name = md.name ?? '';
    this.namespace = md.namespace ?? 'default';
    this.key = `${this.namespace}/${this.name}`;
    this.labels = md.labels ?? EMPTY_LABELS;
    this.priority = pod.spec?.priority ?? 0;
    const simple = simpleRequests(pod);
    if (simple !== null) {
      this.requests = simple.requests;
      this.nonZeroMilliCPU = simple.nonZeroMilliCPU;
      this.nonZeroMemory = simple.nonZeroMemory;
    } else {
      this.requests = podRequests(pod, false);
      const nz = podRequests(pod, true);
      this.nonZeroMilliCPU = nz.milliCPU;
      this.nonZeroMemory = nz.memory;
    }
    const a = pod.spec?.affinity;
    this.requiredAffinityTerms = compileTerms(pod, a?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution);
    this.requiredAntiAffinityTerms = compileTerms(pod, a?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution);
    this.preferredAffinityTerms = compileWeighted(pod, a?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution);
    this.preferredAntiAffinityTerms = compileWeighted(pod, a?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution);
    this.hasAffinity = this.requiredAffinityTerms.length + this.requiredAntiAffinityTerms.length +
      this.preferredAffinityTerms.length + this.preferredAntiAffinityTerms.length > 0;
    let ports: HostPort[] | null = null;
    for (const c of pod.spec?.initContainers ?? []) if (c.restartPolicy === 'Always') ports = addHostPorts(ports, c);
    for (const c of pod.spec?.containers ?? []) ports = addHostPorts(ports, c);
    this.hostPorts = ports ?? NO_TERMS;
  }

  /** @internal Holds a newer version of the same pod whose spec, labels and deletionTimestamp are the same objects. */
  swapPod(pod: Pod): void {
    (this as { pod: Pod }).pod = pod;
  }

  /** True when the pod is being deleted (has a deletionTimestamp). */
  get terminating(): boolean {
    return this.pod.metadata?.deletionTimestamp !== undefined;
  }
}

// The acceptance suite's harness: table cases transcribed from kube-scheduler's own plugin unit tests
// (kubernetes/kubernetes pkg/scheduler/framework/plugins/<plugin>/*_test.go), each named after the upstream
// test function and case, expressed as Node / Pod manifests and run through the `kubesim explain` path:
// YAML text → parseManifests → clusterFromManifests / podFromManifests → explainPod (what the CLI runs), with
// the default profile, or the KubeSchedulerConfiguration a case carries (what `--config` reads) when the upstream
// test sets plugin args. Namespace objects a case carries go into the cluster file (their labels are what
// `namespaceSelector` matches). A few cases per file also run through the CLI process itself (cli.test.ts).
//
// Upstream's unit tests call one plugin on a bare NodeInfo; here the whole default profile runs, so nodes
// without `status.allocatable` or `status.capacity` get a roomy one (4 cpu, 8Gi, 110 pods) that no case is about;
// a node with capacity only is read as explain reads it (allocatable = capacity).
import type { Namespace, Node, Pod } from 'kubernetes-types/core/v1.js';
import { stringify } from 'yaml';
import { expect } from 'vitest';
import { parseManifests } from '../../../src/api/apply/index.js';
import { clusterFromManifests, explainPod, podFromManifests, type Code, type ExplainResult } from '../../../src/scheduler/index.js';

/** One upstream table case. */
export interface AcceptanceCase {
  /** `<file> <TestFunction>`, e.g. `tainttoleration/taint_toleration_test.go TestTaintTolerationFilter`. */
  readonly upstream: string;
  /** The upstream case's `name` (or `desc`), verbatim. */
  readonly name: string;
  readonly nodes: readonly Node[];
  /** Pods already on the nodes (`spec.nodeName` set). */
  readonly pods?: readonly Pod[];
  /** Namespace objects (their labels are what affinity `namespaceSelector` matches). */
  readonly namespaces?: readonly Namespace[];
  /** The incoming pod. */
  readonly pod: Pod;
  /**
   * A `KubeSchedulerConfiguration` (what `kubesim explain --config` reads), for cases whose upstream test sets
   * plugin args (e.g. a NodeResourcesFit scoring strategy). @defaultValue the default profile
   */
  readonly config?: object;
}

/** A filter expectation: the plugin's code (and, when upstream asserts it, the reason). */
export interface FilterWant {
  readonly plugin: string;
  /** Per node: Success, Skip (PreFilter returned Skip) or a rejection code. */
  readonly nodes: Readonly<Record<string, { readonly code: Code; readonly reason?: string | RegExp }>>;
}

const ROOMY = { cpu: '4', memory: '8Gi', pods: '110' };

function nodeManifest(n: Node): Node {
  const status = n.status?.allocatable === undefined && n.status?.capacity === undefined ? { ...n.status, allocatable: ROOMY } : n.status;
  return { apiVersion: 'v1', kind: 'Node', ...n, status };
}

function podManifest(p: Pod, fallbackName: string): Pod {
  return {
    apiVersion: 'v1', kind: 'Pod', ...p,
    metadata: { name: fallbackName, namespace: 'default', ...p.metadata },
    spec: { containers: [], ...p.spec },
  };
}

/** YAML 1.1 quoting (as Kubernetes reads YAML): `n`, `no`, `on` stay strings. */
const yaml11 = (o: unknown): string => stringify(o, { version: '1.1' });

/** Writes the case as multi-document YAML (cluster file, pod file), as a user would hand them to the CLI. */
export function caseYaml(c: AcceptanceCase): { cluster: string; pod: string } {
  const docs = [
    ...(c.namespaces ?? []).map((n) => ({ apiVersion: 'v1', kind: 'Namespace', ...n })),
    ...c.nodes.map(nodeManifest), ...(c.pods ?? []).map((p, i) => podManifest(p, `existing-${i}`)),
  ];
  return { cluster: docs.map(yaml11).join('---\n'), pod: yaml11(podManifest(c.pod, 'incoming')) };
}

/** Runs the case the way `kubesim explain -f cluster.yaml --pod pod.yaml` does (without the process). */
export function explainCase(c: AcceptanceCase): ExplainResult {
  const y = caseYaml(c);
  const cluster = clusterFromManifests(parseManifests(y.cluster, 'cluster.yaml'));
  const pod = podFromManifests(parseManifests(y.pod, 'pod.yaml'), 'pod.yaml');
  return explainPod({ ...cluster, pod, ...(c.config !== undefined ? { config: c.config } : {}) });
}

/**
 * A `KubeSchedulerConfiguration` with one profile: `pluginConfig` args per plugin, and the Filter points of
 * `disabledFilters` turned off — upstream's Score tests call Score on nodes a Filter would reject (requests
 * over capacity), and explain scores only feasible nodes.
 */
export function schedulerConfig(pluginConfig: Readonly<Record<string, object>>, disabledFilters: readonly string[] = []): object {
  return {
    apiVersion: 'kubescheduler.config.k8s.io/v1', kind: 'KubeSchedulerConfiguration',
    profiles: [{
      schedulerName: 'default-scheduler',
      ...(disabledFilters.length > 0 ? { plugins: { filter: { disabled: disabledFilters.map((name) => ({ name })) } } } : {}),
      pluginConfig: Object.entries(pluginConfig).map(([name, args]) => ({ name, args })),
    }],
  };
}

/** Asserts upstream's filter status for `plugin` on every listed node. */
export function expectFilter(r: ExplainResult, want: FilterWant): void {
  for (const [name, w] of Object.entries(want.nodes)) {
    const v = r.nodes[name]?.filter[want.plugin];
    expect(v?.code, `${want.plugin} on ${name}`).toBe(w.code);
    if (w.reason !== undefined) {
      const reason = v?.reasons?.join(', ') ?? '';
      if (typeof w.reason === 'string') expect(reason).toBe(w.reason);
      else expect(reason).toMatch(w.reason);
    }
    if (w.code === 'Success' || w.code === 'Skip') expect(r.nodes[name]?.feasible, `${name} feasible`).toBe(true);
    else expect(r.nodes[name]?.feasible, `${name} feasible`).toBe(false);
  }
}

/** Asserts upstream's normalized scores for `plugin` (the NodeScoreList after NormalizeScore). */
export function expectScores(r: ExplainResult, plugin: string, want: Readonly<Record<string, number>>): void {
  const got: Record<string, number | undefined> = {};
  for (const name of Object.keys(want)) got[name] = r.nodes[name]?.scores[plugin]?.normalized;
  expect(got).toEqual(want);
}

/**
 * Asserts upstream's status for `plugin` on every listed node, and nothing about the other filters: upstream's
 * unit test runs one plugin, so a node it passes may still be rejected in explain by another filter (NodeAffinity,
 * TaintToleration — upstream's own comments say "in real case, it's false"). Explain runs every filter on every
 * node, so the plugin's own verdict is still there.
 */
export function expectPluginFilter(r: ExplainResult, want: FilterWant): void {
  for (const [name, w] of Object.entries(want.nodes)) {
    const v = r.nodes[name]?.filter[want.plugin];
    expect(v?.code, `${want.plugin} on ${name}`).toBe(w.code);
    if (w.reason !== undefined) {
      const reason = v?.reasons?.join(', ') ?? '';
      if (typeof w.reason === 'string') expect(reason, `${want.plugin} reason on ${name}`).toBe(w.reason);
      else expect(reason, `${want.plugin} reason on ${name}`).toMatch(w.reason);
    }
  }
}

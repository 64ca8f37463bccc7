/**
 * Workloads as fast-check arbitraries: Deployment manifests with requests, node affinity, topology spread,
 * readiness probes, `kubesim.io/` behaviour annotations and both update strategies.
 *
 * @packageDocumentation
 */
import fc from 'fast-check';
import type { Deployment } from 'kubernetes-types/apps/v1.js';
import type { PodSpec, Taint, TopologySpreadConstraint } from 'kubernetes-types/core/v1.js';
import { ARB_NODE_LABELS, ARB_TAINTS, ARB_ZONES } from './nodes.js';

/** Names of generated Deployments, in order (then `app-<i>`). */
export const ARB_DEPLOYMENT_NAMES = ['web', 'api', 'worker', 'cache', 'batch'] as const;

/** The name of generated Deployment `i`. */
export function deploymentName(i: number): string {
  return ARB_DEPLOYMENT_NAMES[i] ?? `app-${i}`;
}

/** The single container of every generated Deployment. */
export const ARB_CONTAINER = 'main';

/** Options of {@link deploymentArb} and {@link workloadsArb}. */
export interface WorkloadArbOptions {
  /** Most replicas of one Deployment. @defaultValue 5 */
  readonly maxReplicas?: number;
  /** Most Deployments ({@link workloadsArb}). @defaultValue 2 */
  readonly maxDeployments?: number;
  /** Generate node affinity, topology spread and tolerations. @defaultValue true */
  readonly placement?: boolean;
  /** Generate `kubesim.io/` behaviour annotations (slow start, late readiness, crashes). @defaultValue true */
  readonly behaviour?: boolean;
  /** Zones node affinity may name. @defaultValue {@link ARB_ZONES} */
  readonly zones?: readonly string[];
  /** Requests of at most 100m cpu and 64Mi memory, so that every pod fits on any generated node. @defaultValue false */
  readonly smallRequests?: boolean;
}

/** An IntOrString for `maxSurge` / `maxUnavailable`. */
const intOrPercent = fc.constantFrom<number | string>(1, '25%', 0, 2, '50%');

const strategyArb = fc.oneof(
  fc.record({ maxSurge: intOrPercent, maxUnavailable: intOrPercent }).map(({ maxSurge, maxUnavailable }) => ({
    type: 'RollingUpdate' as const,
    // both 0 is invalid (upstream: "may not be 0 when `maxSurge` is 0")
    rollingUpdate: { maxSurge, maxUnavailable: isZero(maxSurge) && isZero(maxUnavailable) ? 1 : maxUnavailable },
  })),
  fc.constant({ type: 'Recreate' as const }),
);

function isZero(v: number | string): boolean {
  return v === 0 || v === '0%';
}

const behaviourArb = fc.record(
  {
    'kubesim.io/startup': fc.constantFrom('1s..3s', '5s', '500ms'),
    'kubesim.io/ready-after': fc.constantFrom('5s', '0s', '10s..20s'),
    'kubesim.io/crash-after': fc.constantFrom('2m', '30s', '5m..10m'),
  },
  { requiredKeys: [], noNullPrototype: true },
);

const probeArb = fc.record({ initialDelaySeconds: fc.constantFrom(0, 5, 10), periodSeconds: fc.constantFrom(10, 5, 1) }).map((p) => ({
  httpGet: { path: '/healthz', port: 8080 },
  ...p,
}));

const labelKeys = Object.keys(ARB_NODE_LABELS);

const affinityExprArb = (zoneNames: readonly string[]) => fc.oneof(
  fc.subarray([...zoneNames], { minLength: 1 }).map((zones) => ({ key: 'topology.kubernetes.io/zone', operator: 'In', values: zones })),
  fc.constantFrom(...labelKeys).chain((key) =>
    fc.subarray([...(ARB_NODE_LABELS[key] ?? [])], { minLength: 1 }).map((values) => ({ key, operator: 'In', values })),
  ),
);

const spreadArb = fc.record({
  maxSkew: fc.integer({ min: 1, max: 2 }),
  topologyKey: fc.constantFrom('topology.kubernetes.io/zone', 'kubernetes.io/hostname'),
  whenUnsatisfiable: fc.constantFrom('ScheduleAnyway', 'DoNotSchedule'),
});

const placementArb = (zoneNames: readonly string[]) => fc.record(
    {
      required: affinityExprArb(zoneNames),
      preferred: fc.record({ weight: fc.integer({ min: 1, max: 100 }), expr: affinityExprArb(zoneNames) }),
    spread: spreadArb,
    tolerations: fc.subarray([...ARB_TAINTS], { minLength: 1 }),
  },
  { requiredKeys: [], noNullPrototype: true },
);

/**
 * One Deployment manifest (plain data) in namespace `default`, with one container named `main`, image `<name>:v1`.
 *
 * @remarks
 * Shrinks toward 1 replica, a RollingUpdate of maxSurge 1 / maxUnavailable 1, requests of 100m / 64Mi, and no
 * probe, placement rules or behaviour annotations.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(deploymentArb('web'), (d) => d.metadata?.name === 'web'));
 * ```
 */
export function deploymentArb(name: string, opts: WorkloadArbOptions = {}): fc.Arbitrary<Deployment> {
  return shapeArb(opts).map((g) => buildDeployment(name, g));
}

type Shape = ReturnType<typeof shapeArb> extends fc.Arbitrary<infer S> ? S : never;

function shapeArb(opts: WorkloadArbOptions) {
  const maxReplicas = Math.max(1, opts.maxReplicas ?? 5);
  return fc.record({
    replicas: fc.integer({ min: 1, max: maxReplicas }),
    strategy: strategyArb,
    cpu: opts.smallRequests === true ? fc.constantFrom('100m', '50m') : fc.constantFrom('100m', '250m', '500m', '1', '50m'),
    memory: opts.smallRequests === true ? fc.constantFrom('64Mi', '32Mi') : fc.constantFrom('64Mi', '256Mi', '1Gi', '32Mi'),
    probe: fc.option(probeArb, { nil: undefined }),
    behaviour: opts.behaviour === false ? fc.constant({}) : fc.option(behaviourArb, { nil: undefined }).map((b) => b ?? {}),
    placement: opts.placement === false ? fc.constant({}) : fc.option(placementArb(opts.zones ?? ARB_ZONES), { nil: undefined }).map((p) => p ?? {}),
  });
}

function buildDeployment(name: string, g: Shape): Deployment {
  const spec: PodSpec = {
    containers: [{
      name: ARB_CONTAINER,
      image: `${name}:v1`,
      resources: { requests: { cpu: g.cpu, memory: g.memory } },
      ...(g.probe !== undefined ? { readinessProbe: g.probe } : {}),
    }],
  };
  const p: { required?: object; preferred?: { weight: number; expr: object }; spread?: Omit<TopologySpreadConstraint, 'labelSelector'>; tolerations?: readonly Taint[] } = g.placement;
  if (p.required !== undefined || p.preferred !== undefined) {
    spec.affinity = {
      nodeAffinity: {
        ...(p.required !== undefined ? { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [p.required] }] } } : {}),
        ...(p.preferred !== undefined
          ? { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: p.preferred.weight, preference: { matchExpressions: [p.preferred.expr] } }] }
          : {}),
      },
    } as NonNullable<PodSpec['affinity']>;
  }
  if (p.spread !== undefined) spec.topologySpreadConstraints = [{ ...p.spread, labelSelector: { matchLabels: { app: name } } }];
  if (p.tolerations !== undefined) {
    spec.tolerations = p.tolerations.map((t) => ({
      key: t.key, operator: t.value === undefined ? 'Exists' : 'Equal', ...(t.value !== undefined ? { value: t.value } : {}), effect: t.effect,
    }));
  }
  const behaviour: Record<string, string> = g.behaviour;
  const annotations = Object.keys(behaviour).length > 0 ? { annotations: { ...behaviour } } : {};
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas: g.replicas,
      selector: { matchLabels: { app: name } },
      strategy: g.strategy,
      template: { metadata: { labels: { app: name }, ...annotations }, spec },
    },
  };
}

/**
 * Between 1 and `maxDeployments` Deployments named {@link deploymentName}(0), (1) …; shrinks toward one.
 *
 * @example
 * ```ts
 * fc.sample(workloadsArb({ maxDeployments: 3 }), 1)[0]?.map((d) => d.metadata?.name); // e.g. ['web', 'api']
 * ```
 */
export function workloadsArb(opts: WorkloadArbOptions = {}): fc.Arbitrary<Deployment[]> {
  const max = Math.max(1, opts.maxDeployments ?? 2);
  return fc.array(shapeArb(opts), { minLength: 1, maxLength: max }).map((shapes) => shapes.map((g, i) => buildDeployment(deploymentName(i), g)));
}

/**
 * The fault injector actor (`kubesim-faults`): starts and heals faults at exact virtual times, maps each fault to
 * its mechanism, and records every start and heal in the trace.
 *
 * @packageDocumentation
 */
import { ApiClient } from '../api/client/api-client.js';
import type { ApiClientMessage, ApiServerMessage } from '../api/server/messages.js';
import { type ActorContext, type Behavior, Priority } from '../engine/actor.js';
import type { KubeletFault } from '../node/kubelet-options.js';
import type { ApiFaultState } from './api-faults.js';
import type { FaultLog } from './fault-log.js';
import type { Fault, FaultEvent } from './types.js';

/** The fault injector's actor id. */
export const FAULT_INJECTOR_ID = 'kubesim-faults';

/** What the injector needs from its cluster. */
export interface FaultEnvironment {
  /** The API-level rules the API server consults. */
  readonly api: ApiFaultState;
  /** The record shared with the cluster. */
  readonly log: FaultLog;
  /** The API server actor's id. @defaultValue `'kube-apiserver'` */
  readonly apiServer?: string;
  /** Whether an actor is alive (messages go only to live kubelets). */
  hasActor(id: string): boolean;
  /** Names of the nodes whose `topology.kubernetes.io/zone` label is `zone`, sorted. */
  nodesInZone(zone: string): string[];
  /** Names of every node with a kubelet, sorted. */
  nodeNames(): string[];
  /** The node a pod is bound to, if any. */
  podNode(namespace: string, name: string): string | undefined;
}

/** Messages of the fault injector. */
export type FaultInjectorMessage =
  | { readonly type: 'faults.start'; readonly id: number }
  | { readonly type: 'faults.heal'; readonly id: number }
  | { readonly type: 'faults.healAll' }
  /** Stops a removed node's kubelet, once the API server has forgotten its watches. */
  | { readonly type: 'faults.stopActor'; readonly actor: string }
  | ApiClientMessage;

/** What healing one started fault takes. @internal */
interface Undo {
  /** Messages to kubelets, by actor id. */
  readonly kubelets: [string, KubeletFault][];
  /** Components cut off at the API server. */
  readonly partitioned: string[];
  /** An API-level rule to remove. */
  apiRule: boolean;
}

/** The injector's state. */
export interface FaultInjectorState {
  /** @internal */ readonly client: ApiClient;
  /** @internal how to heal each active fault */ readonly undo: Map<number, Undo>;
}

const INSTANT = new Set<Fault['type']>(['kubeletRestart', 'nodeRemove', 'watchCompaction', 'containerCrash']);

/** Whether a fault happens once (it has no heal). */
export function isInstantaneous(fault: Fault): boolean {
  return INSTANT.has(fault.type);
}

/**
 * The fault injector actor; `createCluster` spawns it as `kubesim-faults` on the first fault.
 *
 * @remarks
 * A `faults.start` message starts the scheduled fault of that id (see {@link FaultLog.schedule}); a lasting fault
 * with a duration sets a heal timer. Mechanisms: `nodeCrash` → `kubelet.crash` (heal: `kubelet.restart`, a
 * reboot); `kubeletStop` → `kubelet.stop` (heal: restart); `kubeletRestart` → `kubelet.restart`; `nodeRemove`
 * deletes the Node through the API server and stops the kubelet actor; `partition` of `kubelet/<node>` →
 * `kubelet.partition` / `kubelet.heal`, of any other component → the API server's cut (requests time out, open
 * watches end, events withheld); `zoneOutage` → crash or partition of every node of the zone at that moment;
 * `watchChaos`, `apiSlowdown`, `apiErrors` → API server rules; `watchCompaction` → `api.compact`; `clockSkew`,
 * `containerCrash`, `imagePullFailure` → the kubelet messages of the same names. Every start and heal is traced
 * (`fault start`, `fault heal`), so it is part of the fingerprint.
 *
 * @example
 * ```ts
 * const log = new FaultLog();
 * const env = { api, log, hasActor: (id) => sim.actor(id) !== undefined, nodesInZone, nodeNames, podNode };
 * sim.spawn(FAULT_INJECTOR_ID, faultInjector(env));
 * const id = log.schedule({ atMs: 60_000, fault: { type: 'nodeCrash', node: 'node-1' }, durationMs: 120_000 });
 * sim.send(FAULT_INJECTOR_ID, { type: 'faults.start', id }, { delayMs: 60_000 });
 * ```
 */
export function faultInjector(env: FaultEnvironment): Behavior<FaultInjectorState, FaultInjectorMessage> {
  return {
    kind: 'fault-injector',
    init() {
      return { client: new ApiClient(env.apiServer ?? 'kube-apiserver', 'system:admin'), undo: new Map() };
    },
    receive(state, msg, ctx) {
      const c = ctx as ActorContext<never>;
      if (state.client.handle(msg, c)) return state;
      const m = msg as Exclude<FaultInjectorMessage, ApiClientMessage>;
      if (m.type === 'faults.start') start(env, state, m.id, ctx);
      else if (m.type === 'faults.heal') heal(env, state, m.id, ctx);
      else if (m.type === 'faults.stopActor') {
        if (env.hasActor(m.actor)) ctx.stop(m.actor);
      } else for (const id of env.log.activeIds()) heal(env, state, id, ctx);
      return state;
    },
  };
}

function start(env: FaultEnvironment, state: FaultInjectorState, id: number, ctx: ActorContext<FaultInjectorMessage>): void {
  const event = env.log.pending(id);
  if (event === undefined) return; // healed (cancelled) before it started
  const instant = isInstantaneous(event.fault);
  const undo: Undo = { kubelets: [], partitioned: [], apiRule: false };
  ctx.trace('fault start', describe(id, event));
  apply(env, state, id, event.fault, undo, ctx);
  env.log.started(id, ctx.now, instant);
  if (instant) return;
  state.undo.set(id, undo);
  if (event.durationMs !== undefined) ctx.setTimer(`heal/${id}`, event.durationMs, { type: 'faults.heal', id }, Priority.Urgent);
}

function heal(env: FaultEnvironment, state: FaultInjectorState, id: number, ctx: ActorContext<FaultInjectorMessage>): void {
  if (env.log.cancel(id)) {
    ctx.trace('fault cancelled', `#${id}`);
    return;
  }
  const active = env.log.get(id);
  const undo = state.undo.get(id);
  if (active === undefined || undo === undefined) return;
  ctx.cancelTimer(`heal/${id}`);
  state.undo.delete(id);
  ctx.trace('fault heal', `#${id} ${active.event.fault.type}`);
  for (const [actor, m] of undo.kubelets) toKubelet(env, actor, m, ctx);
  for (const actor of undo.partitioned) env.api.heal(actor);
  if (undo.apiRule) env.api.remove(id);
  env.log.healed(id, ctx.now);
}

function describe(id: number, e: FaultEvent): string {
  return `#${id} ${JSON.stringify(e.fault)}${e.durationMs === undefined ? '' : ` for ${e.durationMs} ms`}`;
}

function toKubelet(env: FaultEnvironment, actor: string, m: KubeletFault, ctx: ActorContext<FaultInjectorMessage>): boolean {
  if (!env.hasActor(actor)) {
    ctx.trace('fault target missing', `${actor} ${m.type}`);
    return false;
  }
  ctx.send(actor, m, 0, Priority.Urgent);
  return true;
}

/** Starts a kubelet fault now and remembers its heal message. */
function nodeFault(env: FaultEnvironment, undo: Undo, node: string, m: KubeletFault, healMsg: KubeletFault | undefined, ctx: ActorContext<FaultInjectorMessage>): void {
  const actor = `kubelet/${node}`;
  if (toKubelet(env, actor, m, ctx) && healMsg !== undefined) undo.kubelets.push([actor, healMsg]);
}

const CRASH: KubeletFault = { type: 'kubelet.crash' };
const STOP: KubeletFault = { type: 'kubelet.stop' };
const RESTART: KubeletFault = { type: 'kubelet.restart' };
const PARTITION: KubeletFault = { type: 'kubelet.partition' };
const HEAL: KubeletFault = { type: 'kubelet.heal' };

function apply(env: FaultEnvironment, state: FaultInjectorState, id: number, f: Fault, undo: Undo, ctx: ActorContext<FaultInjectorMessage>): void {
  const server = env.apiServer ?? 'kube-apiserver';
  switch (f.type) {
    case 'nodeCrash': return nodeFault(env, undo, f.node, CRASH, RESTART, ctx);
    case 'kubeletStop': return nodeFault(env, undo, f.node, STOP, RESTART, ctx);
    case 'kubeletRestart': return nodeFault(env, undo, f.node, RESTART, undefined, ctx);
    case 'nodeRemove': {
      state.client.delete(ctx as ActorContext<never>, 'Node', '', f.node, undefined, (res, c) => {
        if (!res.ok) c.trace('fault nodeRemove failed', `${f.node}: ${res.error.message}`);
      });
      // the machine dies now; its watches are closed; its actor stops a millisecond later, after the API server
      // has forgotten it (so nothing is ever sent to a stopped actor)
      const actor = `kubelet/${f.node}`;
      if (toKubelet(env, actor, CRASH, ctx)) {
        ctx.send<ApiServerMessage>(server, { type: 'api.forget', actors: [actor] }, 0, Priority.Urgent);
        ctx.setTimer(`stop/${actor}`, 1, { type: 'faults.stopActor', actor }, Priority.Urgent);
      }
      return;
    }
    case 'partition': {
      const cut: string[] = [];
      for (const c of f.components) {
        if (c.startsWith('kubelet/')) nodeFault(env, undo, c.slice('kubelet/'.length), PARTITION, HEAL, ctx);
        else {
          env.api.partition(c);
          undo.partitioned.push(c);
          cut.push(c);
        }
      }
      if (cut.length > 0) ctx.send<ApiServerMessage>(server, { type: 'api.sever', actors: cut }, 0, Priority.Urgent);
      return;
    }
    case 'zoneOutage': {
      const [m, h] = f.mode === 'partition' ? [PARTITION, HEAL] : [CRASH, RESTART];
      for (const node of env.nodesInZone(f.zone)) nodeFault(env, undo, node, m, h, ctx);
      return;
    }
    case 'watchChaos':
    case 'apiSlowdown':
    case 'apiErrors':
      env.api.add(id, f);
      undo.apiRule = true;
      return;
    case 'watchCompaction':
      ctx.send<ApiServerMessage>(server, { type: 'api.compact' }, 0, Priority.Urgent);
      return;
    case 'clockSkew':
      return nodeFault(env, undo, f.node, { type: 'kubelet.clockSkew', offsetMs: f.offsetMs }, { type: 'kubelet.clockSkew', offsetMs: 0 }, ctx);
    case 'containerCrash': {
      const node = env.podNode(f.namespace, f.pod);
      if (node === undefined) {
        ctx.trace('fault target missing', `pod ${f.namespace}/${f.pod} is not bound to a node`);
        return;
      }
      const m: KubeletFault = { type: 'kubelet.crashContainer', namespace: f.namespace, pod: f.pod, ...(f.container !== undefined ? { container: f.container } : {}), ...(f.exitCode !== undefined ? { exitCode: f.exitCode } : {}) };
      return nodeFault(env, undo, node, m, undefined, ctx);
    }
    case 'imagePullFailure':
      for (const node of f.nodes ?? env.nodeNames()) {
        nodeFault(env, undo, node, { type: 'kubelet.imagePullFailure', image: f.image, failing: true }, { type: 'kubelet.imagePullFailure', image: f.image, failing: false }, ctx);
      }
  }
}

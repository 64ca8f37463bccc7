// Shared fixtures for the store tests: a store on a settable virtual clock and small object builders.
import { ObjectStore, type KubeObject, type StoreOptions, type WatchEvent } from '../../../src/api/store/index.js';

export interface Fixture {
  readonly store: ObjectStore;
  readonly events: WatchEvent[];
  /** Sets the virtual clock, in ms. */
  at(ms: number): void;
}

export function fixture(opts: Partial<StoreOptions> = {}): Fixture {
  let nowMs = 0;
  const store = new ObjectStore({
    scopeOf: (kind) => (kind === 'Node' || kind === 'Namespace' ? 'Cluster' : 'Namespaced'),
    now: () => nowMs,
    ...opts,
  });
  const events: WatchEvent[] = [];
  store.subscribe((ev) => events.push(ev));
  return { store, events, at: (ms) => (nowMs = ms) };
}

export function pod(name: string, extra: { ns?: string; labels?: Record<string, string>; nodeName?: string; finalizers?: string[] } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: extra.ns ?? 'default',
      ...(extra.labels !== undefined ? { labels: extra.labels } : {}),
      ...(extra.finalizers !== undefined ? { finalizers: extra.finalizers } : {}),
    },
    spec: { containers: [{ name: 'app', image: 'nginx' }], ...(extra.nodeName !== undefined ? { nodeName: extra.nodeName } : {}) },
  };
}

export function deployment(name: string, replicas: number): KubeObject {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'default' }, spec: { replicas } };
}

// Demonstrates, by model-based testing against a plain Map, that create / update / conflicting update /
// status update / delete / list / eventsSince keep the store consistent (kubernetes-behaviour.md §8).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/api/errors.js';
import type { KubeObject, ObjectStore } from '../../../src/api/store/index.js';
import { fixture } from './helpers.js';

interface Entry {
  labels: Record<string, string>;
  replicas: number;
  status: number | undefined;
  generation: number;
  guarded: boolean;
  terminating: boolean;
}
interface Model {
  readonly objects: Map<string, Entry>;
  revision: number;
}
type Real = ObjectStore;
type Cmd = fc.Command<Model, Real>;

const NAMES = ['a', 'b', 'c', 'd'];
const GUARD = 'example.com/guard';

function current(r: Real, name: string): KubeObject {
  return r.mustGet('Deployment', 'default', name);
}

function reason(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e.reason;
    throw e;
  }
  return 'none';
}

function checkObject(m: Model, r: Real, name: string): void {
  const e = m.objects.get(name);
  const o = r.get('Deployment', 'default', name);
  if (e === undefined) return void expect(o).toBeUndefined();
  expect(o?.metadata.labels ?? {}).toEqual(e.labels);
  expect(o?.['spec']).toEqual({ replicas: e.replicas });
  expect(o?.['status']).toEqual(e.status === undefined ? undefined : { ready: e.status });
  expect(o?.metadata.generation).toBe(e.generation);
  expect(o?.metadata.deletionTimestamp !== undefined).toBe(e.terminating);
  expect(r.resourceVersion).toBe(m.revision);
}

class Create implements Cmd {
  constructor(readonly name: string, readonly app: string, readonly guarded: boolean) {}
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    const obj: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: this.name, namespace: 'default', labels: { app: this.app }, ...(this.guarded ? { finalizers: [GUARD] } : {}) },
      spec: { replicas: 1 },
    };
    if (m.objects.has(this.name)) {
      expect(reason(() => r.create(obj))).toBe('AlreadyExists');
    } else {
      r.create(obj);
      m.revision++;
      m.objects.set(this.name, { labels: { app: this.app }, replicas: 1, status: undefined, generation: 1, guarded: this.guarded, terminating: false });
    }
    checkObject(m, r, this.name);
  }
  toString = (): string => `Create(${this.name}, app=${this.app}${this.guarded ? ', guarded' : ''})`;
}

class Update implements Cmd {
  constructor(readonly name: string, readonly replicas: number, readonly app: string) {}
  check = (m: Readonly<Model>): boolean => m.objects.has(this.name);
  run(m: Model, r: Real): void {
    const e = m.objects.get(this.name) as Entry;
    const before = current(r, this.name);
    const after = r.update({ ...before, metadata: { ...before.metadata, labels: { app: this.app } }, spec: { replicas: this.replicas } });
    const specChanged = e.replicas !== this.replicas;
    if (!specChanged && e.labels['app'] === this.app) {
      expect(after).toBe(before);
    } else {
      m.revision++;
      if (specChanged) e.generation++;
    }
    e.replicas = this.replicas;
    e.labels = { app: this.app };
    checkObject(m, r, this.name);
  }
  toString = (): string => `Update(${this.name}, replicas=${this.replicas}, app=${this.app})`;
}

class ConflictingUpdate implements Cmd {
  constructor(readonly name: string) {}
  check = (m: Readonly<Model>): boolean => m.objects.has(this.name);
  run(m: Model, r: Real): void {
    const before = current(r, this.name);
    const stale = String(Number(before.metadata.resourceVersion) - 1);
    expect(reason(() => r.update({ ...before, metadata: { ...before.metadata, resourceVersion: stale }, spec: { replicas: 99 } }))).toBe('Conflict');
    checkObject(m, r, this.name);
  }
  toString = (): string => `ConflictingUpdate(${this.name})`;
}

class StatusUpdate implements Cmd {
  constructor(readonly name: string, readonly ready: number) {}
  check = (m: Readonly<Model>): boolean => m.objects.has(this.name);
  run(m: Model, r: Real): void {
    const e = m.objects.get(this.name) as Entry;
    const before = current(r, this.name);
    const after = r.update({ ...before, spec: { replicas: -1 }, status: { ready: this.ready } }, { subresource: 'status' });
    if (e.status === this.ready) expect(after).toBe(before);
    else m.revision++;
    e.status = this.ready;
    checkObject(m, r, this.name);
  }
  toString = (): string => `StatusUpdate(${this.name}, ready=${this.ready})`;
}

class Delete implements Cmd {
  constructor(readonly name: string) {}
  check = (m: Readonly<Model>): boolean => m.objects.has(this.name);
  run(m: Model, r: Real): void {
    const e = m.objects.get(this.name) as Entry;
    const { deleted } = r.delete('Deployment', 'default', this.name);
    expect(deleted).toBe(!e.guarded);
    if (!e.guarded) {
      m.objects.delete(this.name);
      m.revision++;
    } else if (!e.terminating) {
      e.terminating = true;
      e.generation++;
      m.revision++;
    }
    checkObject(m, r, this.name);
  }
  toString = (): string => `Delete(${this.name})`;
}

class ReleaseFinalizer implements Cmd {
  constructor(readonly name: string) {}
  check = (m: Readonly<Model>): boolean => m.objects.get(this.name)?.guarded === true;
  run(m: Model, r: Real): void {
    const e = m.objects.get(this.name) as Entry;
    const before = current(r, this.name);
    r.update({ ...before, metadata: { ...before.metadata, finalizers: [] } });
    m.revision++;
    e.guarded = false;
    if (e.terminating) m.objects.delete(this.name);
    checkObject(m, r, this.name);
  }
  toString = (): string => `ReleaseFinalizer(${this.name})`;
}

class List implements Cmd {
  constructor(readonly app: string | undefined) {}
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    const sel = this.app === undefined ? {} : { labelSelector: `app=${this.app}` };
    const got = r.list('Deployment', { namespace: 'default', ...sel });
    const want = [...m.objects].filter(([, e]) => this.app === undefined || e.labels['app'] === this.app).map(([n]) => n).sort();
    expect(got.items.map((o) => o.metadata.name)).toEqual(want);
    expect(got.resourceVersion).toBe(String(m.revision));
  }
  toString = (): string => `List(${this.app ?? '*'})`;
}

class ReplayEvents implements Cmd {
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    const replay = new Map<string, KubeObject>();
    for (const ev of r.eventsSince('Deployment', 0)) {
      if (ev.type === 'DELETED') replay.delete(ev.object.metadata.name ?? '');
      else replay.set(ev.object.metadata.name ?? '', ev.object);
    }
    const stored = r.list('Deployment').items;
    expect([...replay.values()].sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''))).toEqual(stored);
    expect(replay.size).toBe(m.objects.size);
  }
  toString = (): string => 'ReplayEvents';
}

const name = fc.constantFrom(...NAMES);
const app = fc.constantFrom('web', 'db');
const commands = fc.commands(
  [
    fc.tuple(name, app, fc.boolean()).map(([n, a, g]) => new Create(n, a, g)),
    fc.tuple(name, fc.integer({ min: 1, max: 3 }), app).map(([n, k, a]) => new Update(n, k, a)),
    name.map((n) => new ConflictingUpdate(n)),
    fc.tuple(name, fc.integer({ min: 0, max: 2 })).map(([n, k]) => new StatusUpdate(n, k)),
    name.map((n) => new Delete(n)),
    name.map((n) => new ReleaseFinalizer(n)),
    fc.option(app, { nil: undefined }).map((a) => new List(a)),
    fc.constant(new ReplayEvents()),
  ],
  { maxCommands: 60 },
);

describe('ObjectStore against a Map model (§8)', () => {
  it('agrees with the model after every command', () => {
    fc.assert(
      fc.property(commands, (cmds) => {
        const { store } = fixture();
        fc.modelRun(() => ({ model: { objects: new Map(), revision: 0 }, real: store }), cmds);
      }),
    );
  });
});

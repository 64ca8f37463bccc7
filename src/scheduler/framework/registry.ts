/**
 * Plugin registry: plugin name → factory (upstream `runtime.Registry`).
 *
 * @packageDocumentation
 */
import type { PluginFactory } from './interface.js';

/**
 * A name → factory map. Registering a name twice is an error, as upstream's `Registry.Register`.
 *
 * @remarks
 * Out-of-tree plugins (e.g. scheduler-plugins' `Coscheduling`) are added with {@link Registry.register}
 * before the configuration that names them is loaded.
 *
 * @example
 * ```ts
 * const reg = inTreeRegistry();
 * reg.register('AlwaysFits', () => ({ name: 'AlwaysFits', filter: () => SUCCESS }));
 * ```
 */
export class Registry {
  private readonly factories = new Map<string, PluginFactory>();

  constructor(entries?: Iterable<readonly [string, PluginFactory]>) {
    for (const [name, f] of entries ?? []) this.register(name, f);
  }

  /** Adds a factory; throws if the name is taken. */
  register(name: string, factory: PluginFactory): this {
    if (this.factories.has(name)) throw new Error(`a plugin named ${name} already exists`);
    this.factories.set(name, factory);
    return this;
  }

  /** Removes a factory; throws if absent. */
  unregister(name: string): void {
    if (!this.factories.delete(name)) throw new Error(`no plugin named ${name} exists`);
  }

  /** Adds every factory of `other`; throws on a duplicate. */
  merge(other: Registry): this {
    for (const [name, f] of other.factories) this.register(name, f);
    return this;
  }

  /** The factory for `name`. */
  get(name: string): PluginFactory | undefined {
    return this.factories.get(name);
  }

  /** True if `name` is registered. */
  has(name: string): boolean {
    return this.factories.has(name);
  }

  /** Registered names, in registration order. */
  names(): string[] {
    return [...this.factories.keys()];
  }
}

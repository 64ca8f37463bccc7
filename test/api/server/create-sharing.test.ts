// Demonstrates that the create path's sharing of frozen, structurally equal parts between pods (default
// tolerations, empty securityContext, Pending status, identical container lists) is invisible: stored pods
// read exactly as when nothing is shared, dry-run results stay mutable, and different containers stay apart.
import { describe, expect, it } from 'vitest';
import { ApiServerCore } from '../../../src/api/server/core.js';
import type { KubeObject } from '../../../src/api/store/types.js';

const pod = (name: string, image = 'nginx:1.27'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: { containers: [{ name: 'c', image, resources: { limits: { cpu: '1' } } }] },
});

describe('create shares frozen equal parts', () => {
  it('stores equal pods with equal, frozen content', () => {
    const api = new ApiServerCore({ now: () => 0 });
    const a = api.create(pod('a'));
    const b = api.create(pod('b'));
    expect(b.spec).toEqual(a.spec);
    expect(b.status).toEqual({ phase: 'Pending', qosClass: 'Burstable' });
    expect(Object.isFrozen((b.spec as { containers: unknown[] }).containers[0])).toBe(true);
    expect((b.spec as { containers: { resources: unknown }[] }).containers[0]?.resources).toEqual({
      limits: { cpu: '1' },
      requests: { cpu: '1' },
    });
    expect(Object.keys(b.spec as object)).toEqual(Object.keys(a.spec as object));
  });

  it('keeps different containers apart', () => {
    const api = new ApiServerCore({ now: () => 0 });
    api.create(pod('a', 'nginx:1.27'));
    const b = api.create(pod('b', 'nginx:1.28'));
    expect((b.spec as { containers: { image: string }[] }).containers[0]?.image).toBe('nginx:1.28');
  });

  it('returns a mutable draft on dry run', () => {
    const api = new ApiServerCore({ now: () => 0 });
    api.create(pod('a'));
    const d = api.create(pod('b'), { dryRun: true }) as KubeObject & {
      spec: { tolerations: unknown[]; securityContext: Record<string, unknown>; containers: { image: string }[] };
      status: Record<string, unknown>;
    };
    d.spec.tolerations.push({ key: 'k', operator: 'Exists' });
    d.spec.securityContext['runAsUser'] = 1;
    d.spec.containers[0]!.image = 'x';
    d.status['phase'] = 'Running';
    expect(api.get('Pod', 'default', 'a')?.spec).toMatchObject({ securityContext: {}, containers: [{ image: 'nginx:1.27' }] });
  });
});

// Lists read the smallest index bucket and check only what the bucket does not already guarantee
// (kubernetes-behaviour.md §8: label and field selectors served from indexes, O(result)). Cases where a
// bucket holds objects the query must still drop.
import { describe, expect, it } from 'vitest';
import { fixture, pod } from './helpers.js';

function setup() {
  const { store } = fixture();
  // prod: four pods, one labelled web; default: one web pod, bound to n1
  for (const [name, app] of [['a', 'web'], ['b', 'db'], ['c', 'db'], ['d', 'db']] as const) store.create(pod(name, { ns: 'prod', labels: { app }, nodeName: 'n2' }));
  store.create(pod('w', { ns: 'default', labels: { app: 'web' }, nodeName: 'n1' }));
  return store;
}

const names = (items: readonly { metadata: { namespace?: string; name?: string } }[]) => items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`);

describe('list plans', () => {
  it('a label bucket smaller than the namespace still drops other namespaces', () => {
    const store = setup();
    expect(names(store.list('Pod', { namespace: 'prod', labelSelector: 'app=web' }).items)).toEqual(['prod/a']);
    expect(names(store.list('Pod', { namespace: 'default', labelSelector: 'app=web' }).items)).toEqual(['default/w']);
  });

  it('a nodeName bucket with a namespace drops other namespaces; alone it is the answer', () => {
    const store = setup();
    expect(names(store.list('Pod', { namespace: 'prod', fieldSelector: 'spec.nodeName=n1' }).items)).toEqual([]);
    expect(names(store.list('Pod', { fieldSelector: 'spec.nodeName=n1' }).items)).toEqual(['default/w']);
  });

  it('a bucket with a second requirement still checks it', () => {
    const store = setup();
    expect(names(store.list('Pod', { labelSelector: 'app=web', fieldSelector: 'spec.nodeName=n2' }).items)).toEqual(['prod/a']);
    expect(names(store.list('Pod', { labelSelector: 'app=web,app!=db', fieldSelector: 'spec.nodeName=n1' }).items)).toEqual(['default/w']);
    expect(names(store.list('Pod', { labelSelector: 'app in (web,db),app!=web' }).items)).toEqual(['prod/b', 'prod/c', 'prod/d']);
  });
});

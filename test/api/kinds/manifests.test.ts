// Demonstrates that real, valid manifests (/work/shared/manifests, kubernetes/website and others) pass
// defaulting, admission and validation with no errors for every kind kubesim serves (kubernetes-behaviour.md §8).
import { fileURLToPath } from 'node:url';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { createErrors, registry } from './helpers.js';

// the shared manifests sit beside the repository (../shared), in a developer's tree and in CI alike
const DIR = fileURLToPath(new URL('../../../../shared/manifests', import.meta.url));

interface Doc {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string };
  items?: Doc[];
}

function served(files: readonly string[]): [string, Doc][] {
  const out: [string, Doc][] = [];
  const visit = (file: string, doc: Doc): void => {
    if (doc.kind === 'List') for (const item of doc.items ?? []) visit(file, item);
    else if (registry.get(doc.kind ?? '', doc.apiVersion ?? '') !== undefined) out.push([`${file} ${doc.kind ?? ''}/${doc.metadata?.name ?? ''}`, doc]);
  };
  for (const f of files) {
    for (const d of parseAllDocuments(readFileSync(join(DIR, f), 'utf8'))) {
      const doc = d.toJS() as Doc | null;
      if (doc !== null) visit(f, doc);
    }
  }
  return out;
}

const files = (() => {
  try {
    return readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort();
  } catch {
    return [];
  }
})();
const docs = served(files);

describe.skipIf(files.length === 0)('shared manifests', () => {
  it('include many objects of served kinds', () => {
    expect(docs.length).toBeGreaterThan(30);
  });

  it.each(docs)('%s is valid', (_name, doc) => {
    // Manifests rely on kubectl's namespace; namespaced objects without one land in `default`.
    const namespaced = registry.get(doc.kind ?? '')?.scope === 'Namespaced';
    const obj = namespaced ? { ...doc, metadata: { namespace: 'default', ...doc.metadata } } : doc;
    expect(createErrors(obj)).toEqual([]);
  });
});

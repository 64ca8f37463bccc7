/**
 * `kubectl delete -f`: delete the objects a manifest names.
 *
 * @packageDocumentation
 */
import type { ApiServerCore } from '../server/core.js';
import { ApplyError, type ApplyProblem } from './apply-error.js';
import { attempt, inputObjects, resolveAll } from './_internal/documents.js';

/**
 * Options of {@link deleteFromManifests}.
 *
 * @example
 * ```ts
 * const opts: DeleteFromManifestsOptions = { propagationPolicy: 'Foreground', ignoreNotFound: true };
 * ```
 */
export interface DeleteFromManifestsOptions {
  /** Dependent handling (`--cascade`). @defaultValue `'Background'` (kubectl's default) */
  readonly propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  /** Namespace for namespaced objects without one (`kubectl -n`). @defaultValue `'default'` */
  readonly namespace?: string;
  /** Treat objects that do not exist as deleted (`--ignore-not-found`). @defaultValue `false` */
  readonly ignoreNotFound?: boolean;
  /** Check everything, delete nothing. @defaultValue `false` */
  readonly dryRun?: boolean;
  /** The input's name for messages. @defaultValue none */
  readonly source?: string;
}

/** One object `delete -f` handled: `deleted`, or `not found` when ignored. */
export interface DeletedObject {
  readonly kind: string;
  /** Absent for cluster-scoped kinds. */
  readonly namespace?: string;
  readonly name: string;
  readonly action: 'deleted' | 'not found';
}

/**
 * Deletes every object named by the manifests, as `kubectl delete -f` does.
 *
 * @remarks
 * Objects are identified by kind, namespace and name only; the rest of the manifest is ignored. Every
 * document is checked first (served kind, name present, object exists unless `ignoreNotFound`); any problem
 * throws one {@link ApplyError} and nothing is deleted (kubectl reports `NotFound` per object and deletes
 * the others; kubesim's check-first is the deterministic variant). Deletion then goes through
 * {@link ApiServerCore.delete}: pods get their grace period, namespaces enter `Terminating`, and the
 * propagation policy decides what happens to dependents.
 *
 * @param core - the API server
 * @param input - YAML/JSON text, one object, or an array of objects
 * @returns one entry per document, in input order
 * @throws {@link ApplyError} for YAML syntax errors and every problem found
 *
 * @example
 * ```ts
 * deleteFromManifests(core, readFileSync('web.yaml', 'utf8'), { propagationPolicy: 'Foreground' });
 * // { objects: [{ kind: 'Deployment', namespace: 'default', name: 'web', action: 'deleted' }] }
 * ```
 */
export function deleteFromManifests(
  core: ApiServerCore,
  input: string | object | readonly object[],
  opts: DeleteFromManifestsOptions = {},
): { readonly objects: readonly DeletedObject[] } {
  const { docs, problems } = resolveAll(core, inputObjects(input, opts.source), opts);
  const seen = new Set<string>();
  const found: boolean[] = [];
  for (const doc of docs) {
    const exists = core.get(doc.info.kind, doc.namespace, doc.name) !== undefined;
    found.push(exists);
    const key = `${doc.info.kind}/${doc.namespace}/${doc.name}`;
    if (!exists && opts.ignoreNotFound !== true && !seen.has(key)) {
      const resource = doc.info.group === '' ? doc.info.plural : `${doc.info.plural}.${doc.info.group}`;
      problems.push({ document: doc.index, kind: doc.kindGroup, name: doc.name, reason: `${resource} "${doc.name}" not found` });
    }
    seen.add(key);
  }
  if (problems.length > 0) throw new ApplyError(problems, opts.source);
  const objects: DeletedObject[] = [];
  const failed: ApplyProblem[] = [];
  docs.forEach((doc, i) => {
    const base = { kind: doc.info.kind, ...(doc.info.scope === 'Namespaced' ? { namespace: doc.namespace } : {}), name: doc.name };
    if (core.get(doc.info.kind, doc.namespace, doc.name) === undefined) {
      objects.push({ ...base, action: found[i] === true ? 'deleted' : 'not found' });
      return;
    }
    const policy = opts.propagationPolicy ?? 'Background';
    const r = attempt(doc, () => core.delete(doc.info.kind, doc.namespace, doc.name, { propagationPolicy: policy, dryRun: opts.dryRun === true }));
    if (Array.isArray(r)) failed.push(...r);
    else objects.push({ ...base, action: 'deleted' });
  });
  if (failed.length > 0) throw new ApplyError(failed, opts.source);
  return { objects };
}

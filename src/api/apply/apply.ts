/**
 * `kubectl apply -f`: create what is missing, three-way merge what exists, all-or-nothing validation.
 *
 * @packageDocumentation
 */
import type { ApiServerCore } from '../server/core.js';
import { deepEqual } from '../store/_internal/deep-equal.js';
import type { KubeObject } from '../store/types.js';
import { ApplyError, type ApplyProblem } from './apply-error.js';
import { attempt, inputObjects, keyOf, resolveAll, type Document } from './_internal/documents.js';
import { lastAppliedValue, readLastApplied, serverView, withAnnotation } from './last-applied.js';
import { threeWayMerge } from './three-way-merge.js';

/**
 * Options of {@link apply}.
 *
 * @example
 * ```ts
 * const opts: ApplyOptions = { namespace: 'shop', dryRun: true, source: 'web.yaml' };
 * ```
 */
export interface ApplyOptions {
  /**
   * Namespace for namespaced objects without one (`kubectl -n`); an object naming another namespace is rejected.
   * @defaultValue `'default'` (objects naming a namespace keep theirs)
   */
  readonly namespace?: string;
  /** Check everything, write nothing (`--dry-run=server`). @defaultValue `false` */
  readonly dryRun?: boolean;
  /** The input's name for messages, e.g. a file path. @defaultValue none */
  readonly source?: string;
}

/** What happened to one object, as kubectl prints it (`deployment.apps/web configured`). */
export interface AppliedObject {
  readonly kind: string;
  /** Absent for cluster-scoped kinds. */
  readonly namespace?: string;
  readonly name: string;
  readonly action: 'created' | 'configured' | 'unchanged';
}

/**
 * The outcome of {@link apply}: one entry per document, in input order.
 *
 * @example
 * ```ts
 * const r: ApplyResult = { objects: [{ kind: 'Deployment', namespace: 'default', name: 'web', action: 'created' }] };
 * ```
 */
export interface ApplyResult {
  readonly objects: readonly AppliedObject[];
}

/** What to write for one document. */
type Step =
  | { readonly action: 'created'; readonly object: KubeObject }
  | { readonly action: 'configured'; readonly object: KubeObject }
  | { readonly action: 'unchanged' };

/**
 * Applies manifests as `kubectl apply -f` (client-side apply) does.
 *
 * @remarks
 * - Every document is checked before any is written: each goes through the API server's admission and
 *   validation as a dry run, in order, as if the earlier ones had been applied (a Namespace created by an
 *   earlier document counts as existing). If any fails, one {@link ApplyError} lists every problem and the
 *   cluster is left untouched (no write, no resourceVersion change). kubectl itself applies document by
 *   document and stops at none; kubesim's all-or-nothing check is the stricter, deterministic variant.
 * - A missing object is created with the `kubectl.kubernetes.io/last-applied-configuration` annotation
 *   (see {@link lastAppliedValue}).
 * - An existing object is merged by {@link threeWayMerge} (original = its last-applied annotation,
 *   modified = the manifest with the new annotation, current = the live object) and updated; when the merge
 *   leaves it as it is, nothing is written and the result is `unchanged`.
 * - `status` and server-owned metadata never come from the manifest.
 * - Kinds kubesim does not serve are rejected with the API server's "not supported yet" error.
 * - A write that fails after the checks passed (it should not) throws an {@link ApplyError} for that
 *   document; the earlier documents stay applied, as with kubectl.
 *
 * @param core - the API server to apply to
 * @param input - YAML/JSON text (multi-document, `kind: List` allowed), one object, or an array of objects
 * @returns what happened to each object, in input order
 * @throws {@link ApplyError} for YAML syntax errors and every rejected document
 *
 * @example
 * ```ts
 * const core = new ApiServerCore({ now: () => 0 });
 * apply(core, readFileSync('web.yaml', 'utf8'), { source: 'web.yaml' }).objects;
 * // [{ kind: 'Deployment', namespace: 'default', name: 'web', action: 'created' }]
 * ```
 */
export function apply(core: ApiServerCore, input: string | object | readonly object[], opts: ApplyOptions = {}): ApplyResult {
  const { docs, problems } = resolveAll(core, inputObjects(input, opts.source), opts);
  const actions = check(core, docs, problems);
  if (problems.length > 0) throw new ApplyError(problems, opts.source);
  if (opts.dryRun === true) return { objects: docs.map((d, i) => summary(d, actions[i] ?? 'unchanged')) };
  const objects: AppliedObject[] = [];
  for (const doc of docs) {
    const live = core.get(doc.info.kind, doc.namespace, doc.name);
    const step = attempt(doc, () => plan(doc, live));
    if (Array.isArray(step)) throw new ApplyError(step, opts.source);
    objects.push(summary(doc, write(core, doc, step, live, opts.source)));
  }
  return { objects };
}

/** Dry-runs every document in order, appending problems; returns the planned action of each. */
function check(core: ApiServerCore, docs: readonly Document[], problems: ApplyProblem[]): AppliedObject['action'][] {
  const pendingNamespaces = new Set<string>();
  const pending = new Map<string, KubeObject>();
  const actions: AppliedObject['action'][] = [];
  for (const doc of docs) {
    const stored = core.get(doc.info.kind, doc.namespace, doc.name);
    const result = attempt(doc, () => {
      const step = plan(doc, pending.get(keyOf(doc)) ?? stored);
      if (step.action === 'unchanged') return { step, dry: undefined };
      const dry =
        stored === undefined
          ? core.create(step.object, { dryRun: true, pendingNamespaces })
          : core.update(step.object, { dryRun: true });
      return { step, dry };
    });
    if (Array.isArray(result)) {
      problems.push(...result);
      actions.push('unchanged');
      continue;
    }
    actions.push(result.step.action);
    if (result.dry !== undefined) pending.set(keyOf(doc), result.dry);
    if (doc.info.kind === 'Namespace') pendingNamespaces.add(doc.name);
  }
  return actions;
}

/** Decides create / merge / nothing for a document against the object it would meet. */
function plan(doc: Document, live: KubeObject | undefined): Step {
  const annotation = lastAppliedValue(doc.manifest);
  const modified = serverView(withAnnotation(doc.manifest, annotation));
  if (live === undefined) return { action: 'created', object: modified as KubeObject };
  const last = readLastApplied(live);
  const original = last === undefined ? undefined : serverView(last);
  const merged = threeWayMerge(doc.info.kind, original, modified, live as Record<string, unknown>);
  if (deepEqual(merged, live)) return { action: 'unchanged' };
  return { action: 'configured', object: merged as KubeObject };
}

function write(core: ApiServerCore, doc: Document, step: Step, live: KubeObject | undefined, source?: string): AppliedObject['action'] {
  if (step.action === 'unchanged') return 'unchanged';
  const stored = attempt(doc, () => (step.action === 'created' ? core.create(step.object) : core.update(step.object)));
  if (Array.isArray(stored)) throw new ApplyError(stored, source);
  if (step.action === 'configured' && stored.metadata.resourceVersion === live?.metadata.resourceVersion) return 'unchanged';
  return step.action;
}

function summary(doc: Document, action: AppliedObject['action']): AppliedObject {
  return {
    kind: doc.info.kind,
    ...(doc.info.scope === 'Namespaced' ? { namespace: doc.namespace } : {}),
    name: doc.name,
    action,
  };
}

/**
 * The error `kubectl apply -f` and `kubectl delete -f` report: every problem of every document at once.
 *
 * @packageDocumentation
 */
import { ApiError, formatFieldError } from '../errors.js';

/**
 * One problem with one document of a manifest.
 *
 * @remarks
 * `document` is 1-based: for a YAML syntax error it counts YAML documents (`---` separated); for everything
 * else it counts objects after `kind: List` expansion and empty-document skipping, in input order.
 *
 * @example
 * ```ts
 * const p: ApplyProblem = { document: 2, kind: 'Deployment.apps', name: 'web', field: 'spec.replicas',
 *   reason: 'Invalid value: -1: must be greater than or equal to 0' };
 * ```
 */
export interface ApplyProblem {
  /** 1-based document (object) number. */
  readonly document: number;
  /** `Kind.group` as kube-apiserver prints it (`Deployment.apps`, `Pod`), when known. */
  readonly kind?: string;
  /** `metadata.name`, when known. */
  readonly name?: string;
  /** The field path, for field validation errors. */
  readonly field?: string;
  /** What is wrong, worded as kubectl / kube-apiserver word it. */
  readonly reason: string;
}

/** Formats one problem as kubectl prints it: `error: document 2 (Deployment.apps "web"): spec.replicas: ...`. */
export function formatApplyProblem(p: ApplyProblem, source?: string): string {
  const where = source === undefined ? `document ${p.document}` : `${source}: document ${p.document}`;
  const what = p.kind === undefined ? '' : p.name === undefined ? ` (${p.kind})` : ` (${p.kind} "${p.name}")`;
  const field = p.field === undefined ? '' : `${p.field}: `;
  return `error: ${where}${what}: ${field}${p.reason}`;
}

/**
 * A rejected `apply` / `delete -f`: lists every problem found; the cluster was left unchanged.
 *
 * @remarks
 * The message has one line per problem, formatted by {@link formatApplyProblem}, so printing it gives what
 * kubectl prints (no stack trace is needed to understand it).
 *
 * @example
 * ```ts
 * try { apply(core, yamlText); } catch (e) {
 *   if (e instanceof ApplyError) for (const p of e.problems) console.log(p.document, p.field, p.reason);
 * }
 * ```
 */
export class ApplyError extends Error {
  /** Every problem, in document order. */
  readonly problems: readonly ApplyProblem[];
  /** The source name given (e.g. a file path), if any. */
  readonly source: string | undefined;

  constructor(problems: readonly ApplyProblem[], source?: string) {
    super(problems.map((p) => formatApplyProblem(p, source)).join('\n'));
    this.name = 'ApplyError';
    this.problems = problems;
    this.source = source;
  }
}

/**
 * The problems an {@link ApiError} (or any thrown value) stands for, one per field cause when it has causes.
 * @internal
 */
export function problemsOf(err: unknown, document: number, kind?: string, name?: string): ApplyProblem[] {
  const base = { document, ...(kind !== undefined ? { kind } : {}), ...(name !== undefined && name !== '' ? { name } : {}) };
  if (err instanceof ApiError && err.causes.length > 0) {
    return err.causes.map((c) => {
      const text = formatFieldError(c);
      return { ...base, field: c.field, reason: text.slice(c.field.length + 2) };
    });
  }
  if (err instanceof ApiError || err instanceof ApplyError) return [{ ...base, reason: err.message }];
  throw err;
}

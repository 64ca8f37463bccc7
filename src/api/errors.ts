/**
 * Typed API errors that carry Kubernetes' `Status` reason, HTTP code and message.
 *
 * @remarks
 * Every failure that the simulated API server returns to a client is an {@link ApiError}: the same
 * `reason` (`NotFound`, `AlreadyExists`, `Conflict`, `Invalid`, `Gone`, `Forbidden`, `TooManyRequests`,
 * `BadRequest`, `InternalError`, `NotSupported`) and `code` that kube-apiserver puts in a `metav1.Status`,
 * and a message worded as kube-apiserver words it (kubernetes-behaviour.md §8).
 *
 * @packageDocumentation
 */

/** The `reason` field of a Kubernetes `metav1.Status`. */
export type StatusReason =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'Gone'
  | 'Forbidden'
  | 'TooManyRequests'
  | 'BadRequest'
  | 'InternalError'
  | 'Timeout'
  | 'NotSupported';

const CODES: Readonly<Record<StatusReason, number>> = {
  NotFound: 404,
  AlreadyExists: 409,
  Conflict: 409,
  Invalid: 422,
  Gone: 410,
  Forbidden: 403,
  TooManyRequests: 429,
  BadRequest: 400,
  InternalError: 500,
  Timeout: 504,
  NotSupported: 415,
};

/** The kind of a field error, as in `k8s.io/apimachinery/pkg/util/validation/field`. */
export type FieldErrorType =
  | 'Required value'
  | 'Invalid value'
  | 'Unsupported value'
  | 'Duplicate value'
  | 'Forbidden'
  | 'Too long'
  | 'Too many'
  | 'Not supported yet';

/**
 * One problem with one field of one object.
 *
 * @example
 * ```ts
 * const e: FieldError = { field: 'spec.replicas', type: 'Invalid value', value: -1,
 *   detail: 'must be greater than or equal to 0' };
 * formatFieldError(e); // 'spec.replicas: Invalid value: -1: must be greater than or equal to 0'
 * ```
 */
export interface FieldError {
  /** The field path, e.g. `spec.template.spec.containers[0].image`. */
  readonly field: string;
  readonly type: FieldErrorType;
  /** The offending value, shown for `Invalid value`, `Unsupported value`, `Duplicate value`. */
  readonly value?: unknown;
  /** Why it is wrong. */
  readonly detail?: string;
}

/** Formats a field error as kube-apiserver does (`field: Type: value: detail`). */
export function formatFieldError(e: FieldError): string {
  let s = `${e.field}: ${e.type}`;
  if (e.value !== undefined && e.type !== 'Required value' && e.type !== 'Forbidden') {
    s += `: ${typeof e.value === 'string' ? JSON.stringify(e.value) : String(JSON.stringify(e.value))}`;
  }
  if (e.detail !== undefined && e.detail !== '') s += `: ${e.detail}`;
  return s;
}

/**
 * An error returned by the simulated API server.
 *
 * @example
 * ```ts
 * try { store.get('Pod', 'default', 'missing'); } catch (e) {
 *   if (e instanceof ApiError && e.reason === 'NotFound') { ... }
 * }
 * ```
 */
export class ApiError extends Error {
  /** The HTTP status code Kubernetes uses for this reason. */
  readonly code: number;
  constructor(
    readonly reason: StatusReason,
    message: string,
    /** For `Invalid`: every field problem. */
    readonly causes: readonly FieldError[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
    this.code = CODES[reason];
  }
}

/** `pods "web-1" not found` */
export function notFound(resource: string, name: string): ApiError {
  return new ApiError('NotFound', `${resource} "${name}" not found`);
}

/** `pods "web-1" already exists` */
export function alreadyExists(resource: string, name: string): ApiError {
  return new ApiError('AlreadyExists', `${resource} "${name}" already exists`);
}

/**
 * The optimistic-concurrency failure, worded as kube-apiserver words it.
 *
 * @remarks
 * Built without a stack trace: controllers writing from a stale cache meet it thousands of times in a large run
 * and retry, so it is an answer, not a bug to trace, and capturing the stack was most of its cost.
 */
export function conflict(resource: string, name: string): ApiError {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new ApiError(
      'Conflict',
      `Operation cannot be fulfilled on ${resource} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    );
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** `too old resource version: 12 (345)` */
export function gone(requested: number, oldest: number): ApiError {
  return new ApiError('Gone', `too old resource version: ${requested} (${oldest})`);
}

/**
 * A 422 Invalid error: `Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: ...`.
 * `kindGroup` is `Kind.group` (`Deployment.apps`) or just `Kind` for the core group.
 */
export function invalid(kindGroup: string, name: string, causes: readonly FieldError[]): ApiError {
  const parts = causes.map(formatFieldError);
  const body = parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`;
  return new ApiError('Invalid', `${kindGroup} "${name}" is invalid: ${body}`, causes);
}

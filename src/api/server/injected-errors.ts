/**
 * The errors an injected API fault answers with, worded as kube-apiserver words them
 * (`k8s.io/apimachinery/pkg/api/errors`, kubernetes-behaviour.md §8).
 *
 * @internal
 * @packageDocumentation
 */
import { conflict } from '../errors.js';
import type { KindRegistry } from '../kinds/registry.js';
import type { ApiRequest, StatusError } from './messages.js';

/** The HTTP codes a fault may answer with. */
export type InjectedErrorCode = 409 | 429 | 500 | 504;

/** The kind a request is about (`Pod` for a binding, `Namespace` for a finalize). @internal */
export function kindOf(req: ApiRequest): string {
  switch (req.verb) {
    case 'create':
    case 'update':
    case 'updateStatus':
      return req.object.kind;
    case 'bind':
      return 'Pod';
    case 'finalize':
      return 'Namespace';
    case 'unwatch':
      return '';
    default:
      return req.kind;
  }
}

function nameOf(req: ApiRequest): string {
  switch (req.verb) {
    case 'create':
    case 'update':
    case 'updateStatus':
      return req.object.metadata.name ?? req.object.metadata.generateName ?? '';
    case 'delete':
    case 'get':
    case 'bind':
    case 'finalize':
      return req.name;
    default:
      return '';
  }
}

/** `NewTimeoutError("request did not complete within requested timeout - context deadline exceeded", 0)`. @internal */
export function timeoutError(): StatusError {
  return { reason: 'Timeout', code: 504, message: 'Timeout: request did not complete within requested timeout - context deadline exceeded' };
}

/**
 * The `Status` of an injected error: 409 as an optimistic-concurrency conflict on the object, 429 as the
 * max-in-flight filter's refusal, 500 as `NewInternalError`, 504 as the request-timeout filter's answer.
 * @internal
 */
export function injectedError(code: InjectedErrorCode, req: ApiRequest, kind: string, registry: KindRegistry): StatusError {
  switch (code) {
    case 409: {
      const info = registry.get(kind);
      const resource = info === undefined ? kind.toLowerCase() : info.group === '' ? info.plural : `${info.plural}.${info.group}`;
      const e = conflict(resource, nameOf(req));
      return { reason: e.reason, code: e.code, message: e.message };
    }
    case 429:
      return { reason: 'TooManyRequests', code: 429, message: 'Too many requests, please try again later.' };
    case 500:
      return { reason: 'InternalError', code: 500, message: 'Internal error occurred: etcdserver: request timed out' };
    case 504:
      return timeoutError();
  }
}

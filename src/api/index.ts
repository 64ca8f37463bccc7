/**
 * The Kubernetes API of the simulated cluster: kinds with their defaults and validation, exact quantities,
 * selectors, the object store, the API server (admission core and actor), clients and informers.
 *
 * @packageDocumentation
 */
export * from './errors.js';
export * from './kinds/index.js';
export * from './quantity.js';
export * from './selectors/index.js';
export * from './store/index.js';
export {
  DNS1123_LABEL_MAX_LENGTH,
  DNS1123_SUBDOMAIN_MAX_LENGTH,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  TOTAL_ANNOTATION_SIZE_LIMIT_BYTES,
  validateAnnotations,
  validateLabels,
  validateObjectName,
} from './validation/names.js';
export { cloneJson } from './server/clone.js';
export { type ApiServerCoreOptions, ApiServerCore, SYSTEM_NAMESPACES, type WriteOptions } from './server/core.js';
export { apiServer, type ApiServerOptions, type ApiServerState, drawLatency, type LatencyMs, toStatus } from './server/api-server.js';
export type * from './server/messages.js';
export { ApiClient, type RequestBody, type ResponseCallback, type WatchConsumer } from './client/api-client.js';
export { Informer, type InformerHandlers, type InformerOptions, objectKey } from './client/informer.js';
export * from './apply/index.js';
export * from './events/index.js';
export * from './tables/index.js';

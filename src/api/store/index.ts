/**
 * The object store (kubesim's etcd and generic registry): versioned, indexed, watchable
 * (kubernetes-behaviour.md §8).
 *
 * @packageDocumentation
 */
export { ObjectStore } from './object-store.js';
export type {
  DeleteOptions,
  DeleteResult,
  KubeObject,
  ListResult,
  SelectOptions,
  StoreOptions,
  UpdateOptions,
  WatchEvent,
} from './types.js';

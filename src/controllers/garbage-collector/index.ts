/**
 * The garbage collector controller: ownerReferences, cascading deletion (Background, Foreground, Orphan).
 *
 * @packageDocumentation
 */
export {
  GARBAGE_COLLECTOR_KINDS,
  garbageCollector,
  type GarbageCollectorMessage,
  type GarbageCollectorOptions,
  type GarbageCollectorState,
} from './garbage-collector.js';

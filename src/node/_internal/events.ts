/**
 * core/v1 Events the kubelet records about the pods it runs (client-go's `EventRecorder` with source `kubelet`).
 *
 * @internal
 * @packageDocumentation
 */
import type { ObjectReference } from 'kubernetes-types/core/v1.js';
import { objectReference } from '../../api/events/index.js';
import type { KubeObject } from '../../api/store/types.js';
import type { ContainerRun, PodRun } from '../pod-run.js';
import { timestamp } from './time.js';

/**
 * An Event about a pod, or about one of its containers (`fieldPath: spec.containers{name}`), named
 * `<pod>.<16 hex>` as client-go names them; `seq` keeps names of one instant apart. @internal
 */
export function kubeletEvent(
  node: string, run: PodRun, type: 'Normal' | 'Warning', reason: string, message: string, nowMs: number, seq: number, container?: ContainerRun,
): KubeObject {
  const at = timestamp(nowMs);
  const ref: ObjectReference = objectReference(run.pod);
  if (container !== undefined) {
    const list = container.role === 'app' ? 'containers' : 'initContainers';
    ref.fieldPath = `spec.${list}{${container.name}}`;
  }
  const nanos = (BigInt(Math.max(0, nowMs)) * 1_000_000n + BigInt(seq % 1_000_000)).toString(16).padStart(16, '0');
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${run.name}.${nanos}`, namespace: run.namespace },
    involvedObject: ref,
    type,
    reason,
    message,
    source: { component: 'kubelet', host: node },
    count: 1,
    firstTimestamp: at,
    lastTimestamp: at,
    reportingComponent: 'kubelet',
    reportingInstance: node,
  } as unknown as KubeObject;
}

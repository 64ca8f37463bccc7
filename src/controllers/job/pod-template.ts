/**
 * The pods a Job creates: its template, the owner reference, and for Indexed Jobs the completion index
 * (annotation, label, hostname, `JOB_COMPLETION_INDEX`).
 *
 * @internal
 * @packageDocumentation
 */
import type { Container } from 'kubernetes-types/core/v1.js';
import type { ActorContext } from '../../engine/actor.js';
import type { KubeObject } from '../../api/store/types.js';
import { controllerRef } from '../_internal/pods.js';
import type { JobObject, PodObject } from './runtime.js';

/**
 * `batch.kubernetes.io/job-completion-index`: the annotation and label carrying an Indexed Job pod's index.
 *
 * @example
 * ```ts
 * pod.metadata?.annotations?.[JOB_COMPLETION_INDEX]; // '0', '1', …
 * ```
 * @category Controllers
 */
export const JOB_COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';

const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** `generateName` as the API server's `SimpleNameGenerator`: prefix (≤ 58 chars) + 5 random characters. */
function generatedName(prefix: string, ctx: ActorContext<never>): string {
  const rng = ctx.random('pod-names');
  let s = prefix.slice(0, 58);
  for (let i = 0; i < 5; i++) s += NAME_ALPHABET[rng.int(0, NAME_ALPHABET.length - 1)];
  return s;
}

/** The completion index of an Indexed Job's pod (annotation, then label); undefined when absent or bad. */
export function completionIndexOf(pod: PodObject): number | undefined {
  const text = pod.metadata.annotations?.[JOB_COMPLETION_INDEX] ?? pod.metadata.labels?.[JOB_COMPLETION_INDEX];
  if (text === undefined || !/^(0|[1-9][0-9]*)$/.test(text)) return undefined;
  return Number(text);
}

function withIndexEnv(c: Container): Container {
  const env = [...(c.env ?? []).filter((e) => e.name !== 'JOB_COMPLETION_INDEX')];
  env.push({ name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: `metadata.labels['${JOB_COMPLETION_INDEX}']` } } });
  return { ...c, env };
}

/** A pod from the Job's template; `index` for Indexed Jobs. */
export function podFromTemplate(job: JobObject, index: number | undefined, ctx: ActorContext<never>): KubeObject {
  const t = job.spec?.template;
  const meta = t?.metadata;
  const name = job.metadata.name ?? '';
  const prefix = index === undefined ? `${name}-` : `${name}-${index}-`;
  let labels = meta?.labels;
  let annotations = meta?.annotations;
  let spec = t?.spec ?? { containers: [] };
  if (index !== undefined) {
    labels = { ...labels, [JOB_COMPLETION_INDEX]: String(index) };
    annotations = { ...annotations, [JOB_COMPLETION_INDEX]: String(index) };
    spec = {
      ...spec,
      hostname: `${name}-${index}`,
      containers: spec.containers.map(withIndexEnv),
      ...(spec.initContainers !== undefined ? { initContainers: spec.initContainers.map(withIndexEnv) } : {}),
    };
  }
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: generatedName(prefix, ctx),
      generateName: prefix,
      namespace: job.metadata.namespace ?? 'default',
      ...(labels !== undefined ? { labels } : {}),
      ...(annotations !== undefined ? { annotations } : {}),
      ...(meta?.finalizers !== undefined ? { finalizers: meta.finalizers } : {}),
      ownerReferences: [controllerRef(job)],
    },
    spec,
  };
}

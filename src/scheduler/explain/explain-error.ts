/**
 * The error of {@link explainPod} and its manifest helpers for inputs that cannot be explained.
 *
 * @packageDocumentation
 */

/**
 * A user mistake in what was given to explain, e.g. a pod whose `schedulerName` has no profile.
 *
 * @remarks
 * The message is one line meant for people (the CLI prints it as `kubesim: <message>` and exits 2).
 * Invalid scheduler configurations throw {@link SchedulerConfigError} instead.
 *
 * @example
 * ```ts
 * try { explainPod({ nodes, pods: [], pod: { metadata: { name: 'p' }, spec: { schedulerName: 'nope', containers: [] } } }); }
 * catch (e) { if (e instanceof ExplainError) e.message; } // 'no profile for schedulerName "nope" (profiles: default-scheduler)'
 * ```
 *
 * @category Explain
 */
export class ExplainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExplainError';
  }
}

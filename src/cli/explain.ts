// `kubesim explain`: why a pod lands where it lands, from a cluster file, a pod file and an optional
// scheduler configuration. User mistakes (missing or bad files, bad configuration) print one line, exit 2.
import { readFileSync } from 'node:fs';
import { ApplyError, parseManifests } from '../api/apply/index.js';
import { SchedulerConfigError } from '../scheduler/config/error.js';
import { clusterFromManifests, ExplainError, explainPod, formatExplainTable, podFromManifests } from '../scheduler/explain/index.js';

/**
 * Options of {@link explainCommand}, as parsed from the command line.
 *
 * @example
 * ```ts
 * const o: ExplainCommandOptions = { cluster: 'cluster.yaml', pod: 'pod.yaml', table: true };
 * ```
 */
export interface ExplainCommandOptions {
  /** `-f`: Node objects, bound Pods and PodDisruptionBudgets. */
  readonly cluster: string;
  /** `--pod`: the pod to explain (a Pod, or a workload whose template is used). */
  readonly pod: string;
  /** `--config`: a KubeSchedulerConfiguration. */
  readonly config?: string;
  /** `--seed`: selectHost's tie-break seed. */
  readonly seed?: string;
  /** `--table`: print a table instead of JSON. */
  readonly table: boolean;
}

class FileError extends Error {}

function read(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code ?? String(e);
    throw new FileError(`cannot read ${what} ${JSON.stringify(path)}: ${why}`);
  }
}

function run(o: ExplainCommandOptions): number {
  const { nodes, pods, pdbs, namespaces } = clusterFromManifests(parseManifests(read(o.cluster, 'cluster file'), o.cluster));
  if (nodes.length === 0) throw new ExplainError(`${o.cluster} holds no Node objects`);
  const pod = podFromManifests(parseManifests(read(o.pod, 'pod file'), o.pod), o.pod);
  const config = o.config === undefined ? undefined : read(o.config, 'scheduler configuration');
  const r = explainPod({ nodes, pods, pdbs, namespaces, pod, ...(config !== undefined ? { config } : {}), ...(o.seed !== undefined ? { seed: o.seed } : {}) });
  process.stdout.write(o.table ? formatExplainTable(r) : `${JSON.stringify(r, null, 2)}\n`);
  return 0;
}

/**
 * Runs `kubesim explain`; returns the exit code (0, or 2 after printing one line for a user mistake).
 *
 * @example
 * ```ts
 * process.exitCode = explainCommand({ cluster: 'cluster.yaml', pod: 'pod.yaml', config: 'sched.yaml', table: false });
 * ```
 */
export function explainCommand(o: ExplainCommandOptions): number {
  try {
    return run(o);
  } catch (e) {
    if (e instanceof FileError || e instanceof ExplainError || e instanceof SchedulerConfigError || e instanceof ApplyError) {
      process.stderr.write(`kubesim: ${e.message.split('\n').join(' ')}\n`);
      return 2;
    }
    throw e;
  }
}

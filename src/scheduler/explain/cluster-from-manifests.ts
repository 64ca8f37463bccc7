/**
 * Splitting parsed manifests into the nodes and bound pods that {@link explainPod} takes.
 *
 * @packageDocumentation
 */
import type { Namespace, Node, Pod } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The Node objects, the bound Pods (`spec.nodeName` set), the PodDisruptionBudgets and the Namespaces among
 * parsed manifests, in document order.
 *
 * @remarks
 * Other kinds (Services, Deployments, …) and pods without `spec.nodeName` are ignored: explain looks at what
 * is already placed, as the scheduler's cache does. Pods without a namespace are in `default`. Namespaces matter
 * for their labels, which pod (anti-)affinity `namespaceSelector` terms match.
 *
 * @example
 * ```ts
 * const { nodes, pods } = clusterFromManifests(parseManifests(readFileSync('cluster.yaml', 'utf8')));
 * explainPod({ nodes, pods, pod });
 * ```
 *
 * @category Explain
 */
export function clusterFromManifests(objects: readonly unknown[]): { nodes: Node[]; pods: Pod[]; pdbs: PodDisruptionBudget[]; namespaces: Namespace[] } {
  const nodes: Node[] = [];
  const pods: Pod[] = [];
  const pdbs: PodDisruptionBudget[] = [];
  const namespaces: Namespace[] = [];
  for (const o of objects) {
    if (!isObj(o)) continue;
    if (o['kind'] === 'Node') nodes.push(o as Node);
    else if (o['kind'] === 'Namespace') namespaces.push(o as Namespace);
    else if (o['kind'] === 'PodDisruptionBudget') pdbs.push(o as PodDisruptionBudget);
    else if (o['kind'] === 'Pod' && isObj(o['spec']) && typeof o['spec']['nodeName'] === 'string' && o['spec']['nodeName'] !== '') {
      pods.push(o as Pod);
    }
  }
  return { nodes, pods, pdbs, namespaces };
}

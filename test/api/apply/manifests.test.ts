// Demonstrates that every real manifest in /work/shared/manifests either applies with `kubectl apply -f`
// semantics (each field of the manifest reads back with its value, plus API defaults, and a re-apply is
// `unchanged`) or is rejected, whole file, with the API server's "not supported yet" error naming each kind
// kubesim does not serve yet. The table shrinks as kinds land.
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apply, ApplyError, LAST_APPLIED_ANNOTATION, parseManifests } from '../../../src/api/apply/index.js';
import { missingFields, newCore } from './helpers.js';

// the shared manifests sit beside the repository (../shared), in a developer's tree and in CI alike
const DIR = fileURLToPath(new URL('../../../../shared/manifests', import.meta.url));

/** `applies`, or the unsupported kinds (`Kind (apiVersion)`) the file is rejected for, in document order. */
type Outcome = 'applies' | readonly string[];

const RBAC = 'rbac.authorization.k8s.io/v1';
const TABLE: Readonly<Record<string, Outcome>> = {
  'GoogleCloudPlatform-microservices-demo__release__frontend-nodeport.yaml': 'applies',
  'kubernetes-examples__ai__vllm-deployment__hpa__horizontal-pod-autoscaler.yaml': ['HorizontalPodAutoscaler (autoscaling/v2)'],
  'kubernetes-ingress-nginx__deploy__static__provider__cloud__deploy.yaml': [
    `Role (${RBAC})`, `Role (${RBAC})`, `ClusterRole (${RBAC})`, `ClusterRole (${RBAC})`, `RoleBinding (${RBAC})`,
    `RoleBinding (${RBAC})`, `ClusterRoleBinding (${RBAC})`, `ClusterRoleBinding (${RBAC})`,
    'IngressClass (networking.k8s.io/v1)', 'ValidatingWebhookConfiguration (admissionregistration.k8s.io/v1)',
  ],
  'kubernetes-kubernetes__hack__testdata__list.yaml': 'applies',
  'kubernetes-kubernetes__hack__testdata__multi-resource-yaml.yaml': ['ReplicationController (v1)'],
  'kubernetes-kubernetes__hack__testdata__nginx-statefulset.yaml': ['StatefulSet (apps/v1beta1)'],
  'kubernetes-kubernetes__hack__testdata__pod-with-metadata-and-probes.yaml': 'applies',
  'kubernetes-kubernetes__hack__testdata__qingcloud-storage-class.yaml': ['StorageClass (storage.k8s.io/v1beta1)'],
  'kubernetes-sigs-metrics-server__manifests__base__deployment.yaml': 'applies',
  'kubernetes-sigs-metrics-server__manifests__base__pdb.yaml': ['PodDisruptionBudget (policy/v1beta1)'],
  'kubernetes-sigs-metrics-server__manifests__base__rbac.yaml': [
    `ClusterRole (${RBAC})`, `RoleBinding (${RBAC})`, `ClusterRoleBinding (${RBAC})`, `ClusterRole (${RBAC})`, `ClusterRoleBinding (${RBAC})`,
  ],
  'kubernetes-sigs-metrics-server__manifests__base__service.yaml': 'applies',
  'kubernetes-sigs-scheduler-plugins__manifests__coscheduling__scheduler-config.yaml': ['KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1beta3)'],
  'kubernetes-sigs-scheduler-plugins__manifests__noderesources__scheduler-config.yaml': ['KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1beta1)'],
  'kubernetes-website__content__en__examples__access__simple-role.yaml': [`Role (${RBAC})`],
  'kubernetes-website__content__en__examples__admin__konnectivity__konnectivity-agent.yaml': ['DaemonSet (apps/v1)'],
  'kubernetes-website__content__en__examples__admin__resource__memory-defaults.yaml': ['LimitRange (v1)'],
  'kubernetes-website__content__en__examples__admin__sched__my-scheduler.yaml': [`ClusterRoleBinding (${RBAC})`, `ClusterRoleBinding (${RBAC})`],
  'kubernetes-website__content__en__examples__application__deployment.yaml': 'applies',
  'kubernetes-website__content__en__examples__application__guestbook__frontend-deployment.yaml': 'applies',
  'kubernetes-website__content__en__examples__application__guestbook__frontend-service.yaml': 'applies',
  'kubernetes-website__content__en__examples__application__guestbook__redis-follower-deployment.yaml': 'applies',
  'kubernetes-website__content__en__examples__application__guestbook__redis-follower-service.yaml': 'applies',
  'kubernetes-website__content__en__examples__application__guestbook__redis-leader-deployment.yaml': 'applies',
  'kubernetes-website__content__en__examples__application__guestbook__redis-leader-service.yaml': 'applies',
  'kubernetes-website__content__en__examples__application__hpa__php-apache.yaml': ['HorizontalPodAutoscaler (autoscaling/v2)'],
  'kubernetes-website__content__en__examples__application__job__cronjob.yaml': ['CronJob (batch/v1beta1)'],
  'kubernetes-website__content__en__examples__application__php-apache.yaml': 'applies',
  'kubernetes-website__content__en__examples__application__web__web.yaml': ['StatefulSet (apps/v1)'],
  'kubernetes-website__content__en__examples__application__wordpress__mysql-deployment.yaml': ['PersistentVolumeClaim (v1)'],
  'kubernetes-website__content__en__examples__application__wordpress__wordpress-deployment.yaml': ['PersistentVolumeClaim (v1)'],
  'kubernetes-website__content__en__examples__application__zookeeper__zookeeper.yaml': ['StatefulSet (apps/v1)'],
  'kubernetes-website__content__en__examples__controllers__daemonset.yaml': ['DaemonSet (apps/v1)'],
  'kubernetes-website__content__en__examples__controllers__job.yaml': 'applies',
  'kubernetes-website__content__en__examples__controllers__nginx-deployment.yaml': 'applies',
  'kubernetes-website__content__en__examples__pods__init-containers.yaml': 'applies',
  'kubernetes-website__content__en__examples__pods__inject__secret.yaml': 'applies',
  'kubernetes-website__content__en__examples__pods__lifecycle-events.yaml': 'applies',
  'kubernetes-website__content__en__examples__pods__pod-with-affinity-anti-affinity.yaml': 'applies',
  'kubernetes-website__content__en__examples__pods__pod-with-toleration.yaml': 'applies',
  'kubernetes-website__content__en__examples__pods__storage__pv-claim.yaml': ['PersistentVolumeClaim (v1)'],
  'kubernetes-website__content__en__examples__pods__storage__pv-pod.yaml': 'applies',
  'kubernetes-website__content__en__examples__pods__storage__pv-volume.yaml': ['PersistentVolume (v1)'],
  'kubernetes-website__content__en__examples__pods__topology-spread-constraints__one-constraint.yaml': 'applies',
  'kubernetes-website__content__en__examples__policy__priority-class-resourcequota.yaml': ['ResourceQuota (v1)'],
  'kubernetes-website__content__en__examples__policy__quota.yaml': ['ResourceQuota (v1)', 'ResourceQuota (v1)', 'ResourceQuota (v1)'],
  'kubernetes-website__content__en__examples__storage__storageclass__storageclass-local.yaml': ['StorageClass (storage.k8s.io/v1)'],
};


function read(file: string): string {
  return readFileSync(`${DIR}/${file}`, 'utf8');
}

describe('shared manifests through apply', () => {
  it('the table covers every manifest file', async () => {
    const { readdirSync } = await import('node:fs');
    expect(Object.keys(TABLE).sort()).toEqual(readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort());
  });

  const rows = Object.entries(TABLE);
  it.each(rows.filter(([, o]) => o === 'applies'))('%s applies and reads back', (file) => {
    const core = newCore();
    const result = apply(core, read(file), { source: file });
    const docs = parseManifests(read(file)) as { kind: string; metadata: { name: string } }[];
    expect(result.objects.map((o) => o.action)).toEqual(docs.map(() => 'created'));
    for (const [i, o] of result.objects.entries()) {
      const stored = core.get(o.kind, o.namespace ?? '', o.name);
      expect(stored?.metadata.annotations?.[LAST_APPLIED_ANNOTATION]).toMatch(/^\{"apiVersion":.*\}\n$/);
      expect(missingFields(docs[i], stored)).toEqual([]);
    }
    const rv = core.store.resourceVersion;
    expect(apply(core, read(file), { source: file }).objects.map((o) => o.action)).toEqual(docs.map(() => 'unchanged'));
    expect(core.store.resourceVersion).toBe(rv);
  });

  it.each(rows.filter(([, o]) => o !== 'applies'))('%s is rejected as not supported yet', (file, outcome) => {
    const core = newCore();
    const rv = core.store.resourceVersion;
    let error: unknown;
    try {
      apply(core, read(file), { source: file });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ApplyError);
    const reasons = (error as ApplyError).problems.map((p) => p.reason);
    const kinds = reasons.map((r) => /^kind "([^"]+)" \(([^)]*)\) is not supported yet by kubesim/.exec(r)).map((m) => (m === null ? '?' : `${m[1]} (${m[2]})`));
    expect(kinds).toEqual(outcome);
    expect(core.store.resourceVersion).toBe(rv);
  });
});

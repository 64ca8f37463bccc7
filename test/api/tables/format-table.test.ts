// Demonstrates that `kubectl get` tables print kubectl's columns and cell formats: pod STATUS/READY/RESTARTS
// as printPod computes them, node Ready/NotReady/Unknown with SchedulingDisabled, HumanDuration ages, and
// tabwriter layout (widest cell + 3 spaces, last column unpadded).
import { describe, expect, it } from 'vitest';
import { formatTable, humanDuration, podSummary } from '../../../src/api/tables/index.js';
import type { KubeObject } from '../../../src/api/store/types.js';

const T0 = '1970-01-01T00:00:00Z';
const obj = (kind: string, name: string, rest: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): KubeObject =>
  ({ apiVersion: 'v1', kind, metadata: { name, namespace: 'default', creationTimestamp: T0, ...meta }, ...rest }) as KubeObject;

describe('humanDuration', () => {
  const CASES: readonly [number, string][] = [
    [-5_000, '<invalid>'], [-1_000, '0s'], [0, '0s'], [5_000, '5s'], [119_000, '119s'], [120_000, '2m'], [150_000, '2m30s'],
    [600_000, '10m'], [10_799_000, '179m'], [11_100_000, '3h5m'], [8 * 3_600_000, '8h'], [47 * 3_600_000, '47h'],
    [51 * 3_600_000, '2d3h'], [8 * 86_400_000, '8d'], [730 * 86_400_000, '2y'], [735 * 86_400_000, '2y5d'], [3_000 * 86_400_000, '8y'],
  ];
  it.each(CASES)('%d ms → %s', (ms, want) => expect(humanDuration(ms)).toBe(want));
});

describe('pod STATUS as kubectl computes it', () => {
  const running = { running: { startedAt: T0 } };
  const CASES: readonly [string, Record<string, unknown>, Record<string, unknown>, string, string][] = [
    ['pending, no statuses', { containers: [{ name: 'a' }] }, { phase: 'Pending' }, '0/1', 'Pending'],
    ['running and ready', { containers: [{ name: 'a' }] }, { phase: 'Running', containerStatuses: [{ name: 'a', ready: true, restartCount: 0, state: running }] }, '1/1', 'Running'],
    ['crash loop', { containers: [{ name: 'a' }] }, { phase: 'Running', containerStatuses: [{ name: 'a', ready: false, restartCount: 5, state: { waiting: { reason: 'CrashLoopBackOff' } } }] }, '0/1', 'CrashLoopBackOff'],
    ['terminated without reason', { containers: [{ name: 'a' }] }, { phase: 'Failed', containerStatuses: [{ name: 'a', ready: false, restartCount: 0, state: { terminated: { exitCode: 2 } } }] }, '0/1', 'ExitCode:2'],
    ['completed', { containers: [{ name: 'a' }] }, { phase: 'Succeeded', containerStatuses: [{ name: 'a', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }] }, '0/1', 'Completed'],
    ['evicted (status.reason)', { containers: [{ name: 'a' }] }, { phase: 'Failed', reason: 'Evicted' }, '0/1', 'Evicted'],
    ['first init container running', { initContainers: [{ name: 'i1' }, { name: 'i2' }], containers: [{ name: 'a' }] }, { phase: 'Pending', initContainerStatuses: [{ name: 'i1', ready: false, restartCount: 0, state: running }] }, '0/1', 'Init:0/2'],
    ['second init container waiting', { initContainers: [{ name: 'i1' }, { name: 'i2' }], containers: [{ name: 'a' }] }, { phase: 'Pending', initContainerStatuses: [{ name: 'i1', ready: false, restartCount: 0, state: { terminated: { exitCode: 0 } } }, { name: 'i2', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }] }, '0/1', 'Init:1/2'],
    ['init container crash', { initContainers: [{ name: 'i1' }], containers: [{ name: 'a' }] }, { phase: 'Pending', initContainerStatuses: [{ name: 'i1', ready: false, restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } } }] }, '0/1', 'Init:CrashLoopBackOff'],
    ['init container failed', { initContainers: [{ name: 'i1' }], containers: [{ name: 'a' }] }, { phase: 'Pending', initContainerStatuses: [{ name: 'i1', ready: false, restartCount: 0, state: { terminated: { exitCode: 1 } } }] }, '0/1', 'Init:ExitCode:1'],
    ['sidecar counts in READY', { initContainers: [{ name: 's', restartPolicy: 'Always' }], containers: [{ name: 'a' }] }, { phase: 'Running', conditions: [{ type: 'Initialized', status: 'True' }], initContainerStatuses: [{ name: 's', ready: true, started: true, restartCount: 0, state: running }], containerStatuses: [{ name: 'a', ready: true, restartCount: 0, state: running }] }, '2/2', 'Running'],
    ['scheduling gated', { containers: [{ name: 'a' }] }, { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] }, '0/1', 'SchedulingGated'],
  ];
  it.each(CASES)('%s', (_n, spec, status, ready, want) => {
    const s = podSummary({ metadata: { name: 'p' }, spec, status } as never);
    expect([s.ready, s.status]).toEqual([ready, want]);
  });

  it('Terminating when deletionTimestamp is set (unless terminal), Unknown when the node was lost', () => {
    const del = { deletionTimestamp: T0 };
    expect(podSummary({ metadata: del, spec: { containers: [] }, status: { phase: 'Running' } } as never).status).toBe('Terminating');
    expect(podSummary({ metadata: del, spec: { containers: [] }, status: { phase: 'Succeeded' } } as never).status).toBe('Succeeded');
    expect(podSummary({ metadata: del, spec: { containers: [] }, status: { phase: 'Running', reason: 'NodeLost' } } as never).status).toBe('Unknown');
  });
});

describe('formatTable', () => {
  it('pods, with RESTARTS "(… ago)" and kubectl spacing', () => {
    const pods = [
      obj('Pod', 'web-7854ff8877-abcde', { spec: { containers: [{ name: 'a' }] }, status: { phase: 'Running', containerStatuses: [{ name: 'a', ready: true, restartCount: 0, state: { running: {} } }] } }),
      obj('Pod', 'db', {
        spec: { containers: [{ name: 'a' }] },
        status: { phase: 'Running', containerStatuses: [{ name: 'a', ready: false, restartCount: 5, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, finishedAt: '1970-01-01T00:05:00Z' } } }] },
      }),
    ];
    expect(formatTable('Pod', pods, { nowMs: 600_000 })).toBe(
      'NAME                   READY   STATUS             RESTARTS     AGE\n' +
        'web-7854ff8877-abcde   1/1     Running            0            10m\n' +
        'db                     0/1     CrashLoopBackOff   5 (5m ago)   10m\n',
    );
  });

  it('pods -o wide and -A', () => {
    const pod = obj('Pod', 'p', { spec: { containers: [{ name: 'a' }], nodeName: 'n1' }, status: { phase: 'Pending', podIPs: [{ ip: '10.0.0.5' }] } });
    expect(formatTable('Pod', [pod], { nowMs: 5_000, wide: true, allNamespaces: true })).toBe(
      'NAMESPACE   NAME   READY   STATUS    RESTARTS   AGE   IP         NODE   NOMINATED NODE   READINESS GATES\n' +
        'default     p      0/1     Pending   0          5s    10.0.0.5   n1     <none>           <none>\n',
    );
  });

  it('nodes: Ready / NotReady / Unknown, SchedulingDisabled, roles', () => {
    const node = (n: string, ready: string | undefined, extra: Record<string, unknown> = {}, labels: Record<string, string> = {}): KubeObject =>
      obj('Node', n, { spec: extra, status: { conditions: ready === undefined ? [] : [{ type: 'Ready', status: ready }], nodeInfo: { kubeletVersion: 'v1.30.0' } } }, { labels, namespace: undefined });
    const table = formatTable('Node', [
      node('cp', 'True', {}, { 'node-role.kubernetes.io/control-plane': '' }),
      node('w1', 'False', { unschedulable: true }),
      node('w2', 'Unknown'),
      node('w3', undefined),
    ], { nowMs: 3 * 86_400_000 + 3_600_000 });
    expect(table).toBe(
      'NAME   STATUS                        ROLES           AGE    VERSION\n' +
        'cp     Ready                         control-plane   3d1h   v1.30.0\n' +
        'w1     NotReady,SchedulingDisabled   <none>          3d1h   v1.30.0\n' +
        'w2     NotReady                      <none>          3d1h   v1.30.0\n' +
        'w3     Unknown                       <none>          3d1h   v1.30.0\n',
    );
  });

  it('deployments, replicasets, jobs', () => {
    const d = obj('Deployment', 'web', { spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } } }, status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 } });
    expect(formatTable('Deployment', [d], { nowMs: 150_000, wide: true })).toBe(
      'NAME   READY   UP-TO-DATE   AVAILABLE   AGE     CONTAINERS   IMAGES       SELECTOR\n' + 'web    2/3     3            2           2m30s   app          nginx:1.27   app=web\n',
    );
    const rs = obj('ReplicaSet', 'web-5d4f8', { spec: { replicas: 3 }, status: { replicas: 3, readyReplicas: 1 } });
    expect(formatTable('ReplicaSet', [rs], { nowMs: 30_000 })).toBe('NAME        DESIRED   CURRENT   READY   AGE\nweb-5d4f8   3         3         1       30s\n');
    const job = obj('Job', 'pi', { spec: { completions: 1 }, status: { succeeded: 1, startTime: T0, completionTime: '1970-01-01T00:00:29Z', conditions: [{ type: 'Complete', status: 'True' }] } });
    const running = obj('Job', 'batch', { spec: { parallelism: 3 }, status: { startTime: T0 } });
    expect(formatTable('Job', [job, running], { nowMs: 120_000 })).toBe(
      'NAME    STATUS     COMPLETIONS   DURATION   AGE\n' + 'pi      Complete   1/1           29s        2m\n' + 'batch   Running    0/1 of 3      2m         2m\n',
    );
  });

  it('services of each type', () => {
    const svc = (n: string, spec: Record<string, unknown>, status: Record<string, unknown> = {}): KubeObject => obj('Service', n, { spec, status });
    const table = formatTable('Service', [
      svc('kubernetes', { type: 'ClusterIP', clusterIPs: ['10.96.0.1'], ports: [{ port: 443, protocol: 'TCP' }] }),
      svc('front', { type: 'NodePort', clusterIPs: ['10.96.0.7'], ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }] }),
      svc('lb', { type: 'LoadBalancer', clusterIPs: ['10.96.0.9'], ports: [{ port: 80, nodePort: 31000, protocol: 'TCP' }] }),
      svc('db', { type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'] }),
      svc('ext', { type: 'ExternalName', externalName: 'example.com' }),
    ], { nowMs: 60_000 });
    expect(table).toBe(
      'NAME         TYPE           CLUSTER-IP   EXTERNAL-IP   PORT(S)               AGE\n' +
        'kubernetes   ClusterIP      10.96.0.1    <none>        443/TCP               60s\n' +
        'front        NodePort       10.96.0.7    <none>        80:30080/TCP,53/UDP   60s\n' +
        'lb           LoadBalancer   10.96.0.9    <pending>     80:31000/TCP          60s\n' +
        'db           ClusterIP      None         <none>        <none>                60s\n' +
        'ext          ExternalName   <none>       example.com   <none>                60s\n',
    );
  });

  it('namespaces, events, the generic fallback and the empty list', () => {
    expect(formatTable('Namespace', [obj('Namespace', 'default', { status: { phase: 'Active' } })], { nowMs: 0 })).toBe('NAME      STATUS   AGE\ndefault   Active   0s\n');
    const ev = obj('Event', 'web.17a', {
      involvedObject: { kind: 'Pod', name: 'web', namespace: 'default' },
      type: 'Warning', reason: 'BackOff', message: 'Back-off restarting failed container ', count: 4,
      firstTimestamp: T0, lastTimestamp: '1970-01-01T00:01:00Z', source: { component: 'kubelet', host: 'n1' },
    });
    expect(formatTable('Event', [ev], { nowMs: 90_000 })).toBe(
      'LAST SEEN   TYPE      REASON    OBJECT    MESSAGE\n' + '30s         Warning   BackOff   pod/web   Back-off restarting failed container\n',
    );
    expect(formatTable('Event', [ev], { nowMs: 90_000, wide: true })).toBe(
      'LAST SEEN   TYPE      REASON    OBJECT    SUBOBJECT   SOURCE        MESSAGE                                FIRST SEEN   COUNT   NAME\n' +
        '30s         Warning   BackOff   pod/web               kubelet, n1   Back-off restarting failed container   90s          4       web.17a\n',
    );
    expect(formatTable('Lease', [obj('Lease', 'x')], { nowMs: 2_000 })).toBe('NAME   AGE\nx      2s\n');
    expect(formatTable('Pod', [], { nowMs: 0, namespace: 'default' })).toBe('No resources found in default namespace.\n');
  });
});

// The Job controller in a whole cluster (API server, scheduler, kubelets; kubernetes-behaviour.md §3.3): pods run
// to completion through the kubelet's `kubesim.io/exit-after` behaviour; we check parallelism and completions, the
// 10 s doubling pod-failure backoff up to BackoffLimitExceeded, activeDeadlineSeconds, ttlSecondsAfterFinished,
// suspend/resume and Indexed completion, each at exact virtual times.
//
// Fixed latencies (helpers.ts): a pod created at t runs its container from t+1.2 s (2 ms create, scheduling,
// 100 ms sandbox, 100 ms image pull, 1 s startup) and exits 10 s later; the controller sees pod events after its
// 1 s batch period (`syncJobBatchPeriod`).
import type { Job } from 'kubernetes-types/batch/v1.js';
import { describe, expect, it } from 'vitest';
import { DEFAULT_JOB_POD_FAILURE_BACKOFF_MS, podFailureBackoffMs } from '../../../src/controllers/job/index.js';
import { getJob, jobCluster, jobManifest, jobNotes, jobPods } from './helpers.js';

const at = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

describe('Job controller: parallelism and completions (§3.3: active = min(parallelism, completions − succeeded))', () => {
  it('completions 3, parallelism 2, pods exiting 0 after 10 s: 2 pods at 10 s, the 3rd once 2 succeeded, Complete at 34 s', () => {
    const c = jobCluster();
    c.runFor('10s');
    c.apply(jobManifest('pi', { completions: 3, parallelism: 2 }));
    c.run(15_000);
    expect(getJob(c, 'pi')?.status).toMatchObject({ active: 2, ready: 2, succeeded: 0, failed: 0, startTime: at(10_000) });
    c.run(23_000);
    expect(getJob(c, 'pi')?.status).toMatchObject({ active: 1, succeeded: 2, failed: 0 });
    c.run(60_000);
    // min(2, 3 − 0) = 2 pods at once; after both succeed min(2, 3 − 2) = 1 more; then none
    expect(jobNotes(c).map(([t, what]) => [t, what])).toEqual([
      [10_001, 'job created pod'],
      [10_001, 'job created pod'],
      [22_206, 'job created pod'], // 10 001 + 1.2 s to run + 10 s work + 1 s batch period
      [34_413, 'job finished'], // the same 12.2 s later
    ]);
    const job = getJob(c, 'pi');
    expect(job?.status).toMatchObject({ active: 0, ready: 0, succeeded: 3, failed: 0, startTime: at(10_000), completionTime: at(34_000) });
    expect(job?.status?.conditions?.map((x) => [x.type, x.status, x.reason])).toEqual([
      ['SuccessCriteriaMet', 'True', 'CompletionsReached'],
      ['Complete', 'True', 'CompletionsReached'],
    ]);
    const pods = jobPods(c, 'pi');
    expect(pods.map((p) => p.status?.phase)).toEqual(['Succeeded', 'Succeeded', 'Succeeded']);
    for (const p of pods) {
      expect(p.metadata?.name).toMatch(/^pi-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.metadata?.ownerReferences).toEqual([{ apiVersion: 'batch/v1', kind: 'Job', name: 'pi', uid: job?.metadata?.uid, controller: true, blockOwnerDeletion: true }]);
      expect(p.metadata?.labels).toMatchObject({ 'batch.kubernetes.io/job-name': 'pi', 'batch.kubernetes.io/controller-uid': job?.metadata?.uid, 'job-name': 'pi' });
    }
    expect(c.table('Job')).toMatch(/^NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE\npi\s+Complete\s+3\/3\s+24s\s+50s/);
  });

  it('a work queue (parallelism 2, no completions): 2 pods; once one succeeds no new pod; Complete when both finished', () => {
    const c = jobCluster();
    c.runFor('10s');
    c.apply(jobManifest('wq', { parallelism: 2 }));
    c.runFor('60s');
    expect(jobNotes(c).filter(([, w]) => w === 'job created pod').map(([t]) => t)).toEqual([10_001, 10_001]);
    expect(getJob(c, 'wq')?.spec?.completions).toBeUndefined();
    expect(getJob(c, 'wq')?.status).toMatchObject({ succeeded: 2, failed: 0, active: 0 });
    expect(getJob(c, 'wq')?.status?.conditions?.at(-1)).toMatchObject({ type: 'Complete', status: 'True', reason: 'CompletionsReached' });
  });

  it('Indexed: completions 3, parallelism 3 → one pod per index 0..2 (annotation, label, hostname), completedIndexes "0-2"', () => {
    const c = jobCluster();
    c.runFor('10s');
    c.apply(jobManifest('ix', { completions: 3, parallelism: 3, completionMode: 'Indexed' }));
    c.runFor('30s');
    const pods = jobPods(c, 'ix').sort((a, b) => (a.spec?.hostname ?? '').localeCompare(b.spec?.hostname ?? ''));
    expect(pods.map((p) => [p.metadata?.annotations?.['batch.kubernetes.io/job-completion-index'], p.metadata?.labels?.['batch.kubernetes.io/job-completion-index'], p.spec?.hostname])).toEqual([
      ['0', '0', 'ix-0'],
      ['1', '1', 'ix-1'],
      ['2', '2', 'ix-2'],
    ]);
    expect(pods[0]?.metadata?.name).toMatch(/^ix-0-[a-z0-9]{5}$/);
    expect(pods[0]?.spec?.containers[0]?.env).toContainEqual({ name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: "metadata.labels['batch.kubernetes.io/job-completion-index']" } } });
    expect(getJob(c, 'ix')?.status).toMatchObject({ succeeded: 3, completedIndexes: '0-2', active: 0 });
    expect(getJob(c, 'ix')?.status?.conditions?.at(-1)).toMatchObject({ type: 'Complete', status: 'True' });
  });
});

describe('Job controller: pod-failure backoff and backoffLimit (§3.3)', () => {
  it('the backoff table: 10 s × 2^(failures − 1), capped at 10 min (the code value; the docs say 6 min)', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8].map(podFailureBackoffMs)).toEqual([0, 10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 600_000, 600_000]);
    expect(DEFAULT_JOB_POD_FAILURE_BACKOFF_MS).toBe(10_000);
  });

  it('a Job whose pod exits 1: replacements wait 10, 20, 40, 80, 160, 320 s after each failure; the 7th failure > backoffLimit 6 fails it', () => {
    const c = jobCluster();
    c.runFor('10s');
    c.apply(jobManifest('crash', { exitCode: 1 }));
    c.runFor('20m');
    const pods = jobPods(c, 'crash').sort((a, b) => (a.metadata?.creationTimestamp ?? '').localeCompare(b.metadata?.creationTimestamp ?? ''));
    expect(pods).toHaveLength(7);
    expect(pods.every((p) => p.status?.phase === 'Failed')).toBe(true);
    const created = jobNotes(c).filter(([, what]) => what === 'job created pod').map(([t]) => t);
    // each failed pod's container finished at a whole second (metav1.Time); the next pod is created exactly
    // backoff(n) after it
    const finished = pods.map((p) => Date.parse(p.status?.containerStatuses?.[0]?.state?.terminated?.finishedAt ?? ''));
    expect(created.slice(1).map((t, i) => t - (finished[i] ?? 0))).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 320_000]);
    expect(created).toEqual([10_001, 31_000, 62_000, 113_000, 204_000, 375_000, 706_000]);
    const job = getJob(c, 'crash');
    expect(job?.status).toMatchObject({ active: 0, succeeded: 0, failed: 7 });
    expect(job?.status?.completionTime).toBeUndefined();
    expect(job?.status?.conditions?.map((x) => [x.type, x.status, x.reason, x.message])).toEqual([
      ['FailureTarget', 'True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
      ['Failed', 'True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
    ]);
    // the 7th pod (the image is now cached: no 100 ms pull) fails at 717.1 s, seen 1 s later: 7 failures > 6
    expect(jobNotes(c).at(-1)).toEqual([718_107, 'job finished', 'default/crash Failed BackoffLimitExceeded']);
  });
});

describe('Job controller: activeDeadlineSeconds, ttlSecondsAfterFinished, suspend (§3.3)', () => {
  it('activeDeadlineSeconds 30: at startTime + 30 s the running pods are deleted (counted failed) and the Job fails with DeadlineExceeded', () => {
    const c = jobCluster();
    c.runFor('10s');
    c.apply(jobManifest('slow', { completions: 2, parallelism: 2, activeDeadlineSeconds: 30, exitAfter: '100s' }));
    c.runFor('60s');
    const notes = jobNotes(c);
    expect(notes.filter(([, w]) => w === 'job deleted pod').map(([t]) => t)).toEqual([40_000, 40_000]);
    const job = getJob(c, 'slow');
    expect(job?.status).toMatchObject({ active: 0, succeeded: 0, failed: 2, startTime: at(10_000) });
    expect(job?.status?.conditions?.map((x) => [x.type, x.reason, x.message])).toEqual([
      ['FailureTarget', 'DeadlineExceeded', 'Job was active longer than specified deadline'],
      ['Failed', 'DeadlineExceeded', 'Job was active longer than specified deadline'],
    ]);
    expect(jobPods(c, 'slow')).toHaveLength(0);
    // FailureTarget at 40 s; Failed at the sync 1 s after the pods' deletion events (40 003), when both have
    // terminated (SIGTERM exit 100 ms) and left
    expect(notes.at(-1)).toEqual([41_003, 'job finished', 'default/slow Failed DeadlineExceeded']);
  });

  it('ttlSecondsAfterFinished 30: the Job finished at 22 s (condition time) is deleted, with its pods, at exactly 52 s', () => {
    const c = jobCluster();
    c.runFor('10s');
    c.apply(jobManifest('ttl', { ttlSecondsAfterFinished: 30 }));
    c.run(51_999);
    const job = getJob(c, 'ttl');
    expect(job?.status?.conditions?.find((x) => x.type === 'Complete')?.lastTransitionTime).toBe(at(22_000));
    expect(jobPods(c, 'ttl')).toHaveLength(1);
    c.run(60_000);
    expect(jobNotes(c).find(([, w]) => w === 'job ttl expired')).toEqual([52_000, 'job ttl expired', 'default/ttl']);
    expect(getJob(c, 'ttl')).toBeUndefined();
    expect(jobPods(c, 'ttl')).toHaveLength(0);
  });

  it('suspend deletes the active pods (not failures) and sets Suspended; resume recreates them, sets JobResumed and resets startTime', () => {
    const c = jobCluster();
    c.runFor('10s');
    c.apply(jobManifest('sus', { completions: 2, parallelism: 2, exitAfter: '30s' }));
    c.run(20_000);
    c.apply(jobManifest('sus', { completions: 2, parallelism: 2, exitAfter: '30s', suspend: true }));
    c.run(30_000);
    let job = getJob(c, 'sus') as Job;
    expect(jobNotes(c).filter(([, w]) => w === 'job deleted pod').map(([t]) => t)).toEqual([20_001, 20_001]);
    expect(job.status).toMatchObject({ active: 0, succeeded: 0, failed: 0, startTime: at(10_000) });
    expect(job.status?.conditions?.map((x) => [x.type, x.status, x.reason, x.message])).toEqual([['Suspended', 'True', 'JobSuspended', 'Job suspended']]);
    expect(jobPods(c, 'sus')).toHaveLength(0);
    c.run(60_000);
    c.apply(jobManifest('sus', { completions: 2, parallelism: 2, exitAfter: '30s', suspend: false }));
    c.run(61_000);
    job = getJob(c, 'sus') as Job;
    expect(jobNotes(c).filter(([, w]) => w === 'job created pod').map(([t]) => t)).toEqual([10_001, 10_001, 60_001, 60_001]);
    expect(job.status).toMatchObject({ active: 2, startTime: at(60_000) });
    expect(job.status?.conditions?.map((x) => [x.type, x.status, x.reason])).toEqual([['Suspended', 'False', 'JobResumed']]);
    c.run(120_000);
    job = getJob(c, 'sus') as Job;
    expect(job.status).toMatchObject({ succeeded: 2, failed: 0, active: 0 });
    expect(job.status?.conditions?.map((x) => [x.type, x.status])).toEqual([
      ['Suspended', 'False'],
      ['SuccessCriteriaMet', 'True'],
      ['Complete', 'True'],
    ]);
  });

  it('a Job created suspended creates no pod and gets no startTime until resumed', () => {
    const c = jobCluster();
    c.runFor('10s');
    c.apply(jobManifest('later', { suspend: true }));
    c.runFor('10s');
    const job = getJob(c, 'later');
    expect(job?.status?.startTime).toBeUndefined();
    expect(job?.status?.conditions?.[0]).toMatchObject({ type: 'Suspended', status: 'True', reason: 'JobSuspended' });
    expect(jobPods(c, 'later')).toHaveLength(0);
  });
});

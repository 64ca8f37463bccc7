// Pure pieces of the Job controller (kubernetes-behaviour.md §3.3): the failure streak that drives the pod-failure
// backoff (a success resets it; only failures after the last success count), the remaining wait, and the
// completedIndexes text ("1,3-5,7": runs of three or more compressed).
import { describe, expect, it } from 'vitest';
import { type BackoffRecord, remainingBackoffMs, updateBackoff } from '../../../src/controllers/job/backoff.js';
import { indexesText } from '../../../src/controllers/job/status.js';

const fresh = (): BackoffRecord => ({ failuresAfterLastSuccess: 0, lastFailureMs: undefined });

describe('pod-failure backoff record (upstream newBackoffRecord / getRemainingTime)', () => {
  it.each([
    { name: 'two failures add up; the last failure time is the latest', succeeded: [], failed: [5_000, 3_000], streak: 2, last: 5_000 },
    { name: 'a success alone resets the streak', succeeded: [4_000], failed: [], streak: 0, last: undefined },
    { name: 'with a success, only failures after it count', succeeded: [4_000], failed: [3_000, 6_000, 7_000], streak: 2, last: 7_000 },
  ])('$name', ({ succeeded, failed, streak, last }) => {
    const rec = fresh();
    updateBackoff(rec, [], [1_000]);
    updateBackoff(rec, succeeded, failed);
    expect(rec.failuresAfterLastSuccess).toBe(streak + (succeeded.length === 0 ? 1 : 0));
    expect(rec.lastFailureMs).toBe(last);
  });

  it('waits 10 s after one failure, 20 s after two, counted from the last failure time; never negative', () => {
    const rec = fresh();
    updateBackoff(rec, [], [12_000]);
    expect(remainingBackoffMs(rec, 12_500)).toBe(9_500);
    expect(remainingBackoffMs(rec, 30_000)).toBe(0);
    updateBackoff(rec, [], [40_000]);
    expect(remainingBackoffMs(rec, 41_000)).toBe(19_000);
    expect(remainingBackoffMs(fresh(), 0)).toBe(0);
  });
});

describe('completedIndexes text (upstream succeededIndexesToString)', () => {
  it.each([
    [[], ''],
    [[0], '0'],
    [[0, 1], '0,1'],
    [[0, 1, 2], '0-2'],
    [[7, 1, 3, 4, 5], '1,3-5,7'],
  ])('%j → %j', (indexes, text) => {
    expect(indexesText(new Set(indexes))).toBe(text);
  });
});

/**
 * Controller expectations (upstream `ControllerExpectations` / `UIDTrackingControllerExpectations`): a
 * controller does not act on an object again until the creates and deletes it issued have been observed in
 * its informer, or the expectations are older than the 5-minute TTL.
 *
 * @internal
 * @packageDocumentation
 */

/** Upstream `ExpectationsTimeout`. */
export const EXPECTATIONS_TTL_MS = 5 * 60 * 1000;

interface Expectation {
  add: number;
  del: number;
  atMs: number;
  /** Pod keys whose deletion is expected (UID tracking). */
  deleting: Set<string>;
}

/** Pending creations and deletions per controller key. */
export class Expectations {
  private readonly map = new Map<string, Expectation>();

  /** Whether the controller may sync `key`: no record, all observed, or expired. */
  satisfied(key: string, nowMs: number): boolean {
    const e = this.map.get(key);
    if (e === undefined) return true;
    if (e.add <= 0 && e.del <= 0) return true;
    return nowMs - e.atMs > EXPECTATIONS_TTL_MS;
  }

  /** `ExpectCreations`: replaces the record. */
  expectCreations(key: string, n: number, nowMs: number): void {
    this.map.set(key, { add: n, del: 0, atMs: nowMs, deleting: new Set() });
  }

  /** `ExpectDeletions` of these pod keys: replaces the record. */
  expectDeletions(key: string, podKeys: readonly string[], nowMs: number): void {
    this.map.set(key, { add: 0, del: podKeys.length, atMs: nowMs, deleting: new Set(podKeys) });
  }

  /** One expected creation observed (or skipped). */
  creationObserved(key: string): void {
    const e = this.map.get(key);
    if (e !== undefined) e.add--;
  }

  /** The deletion of `podKey` observed (counted once, only when it was expected). */
  deletionObserved(key: string, podKey: string): void {
    const e = this.map.get(key);
    if (e === undefined || !e.deleting.delete(podKey)) return;
    e.del--;
  }

  /** Forgets `key` (its object was deleted). */
  delete(key: string): void {
    this.map.delete(key);
  }
}

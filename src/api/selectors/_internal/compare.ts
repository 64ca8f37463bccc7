/**
 * Deterministic string order shared by selectors and the store.
 *
 * @internal
 * @packageDocumentation
 */

/** Code-unit string order (byte order for ASCII), as Go's `sort.Strings` and etcd key order. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * kubectl's `HumanDuration`: the compact ages in `kubectl get` (`5s`, `2m30s`, `10m`, `3h5m`, `2d3h`, `3y`).
 *
 * @packageDocumentation
 */

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * Formats a duration as `k8s.io/apimachinery/pkg/util/duration.HumanDuration` does.
 *
 * @remarks
 * Precision shrinks as durations grow: seconds below 2 minutes; minutes and seconds below 10 minutes;
 * minutes below 3 hours; hours and minutes below 8 hours; hours below 2 days; days and hours below 8 days;
 * days below 2 years; years and days below 8 years; then years. Up to 1 s in the future prints `0s`
 * (tolerated clock skew); further in the future prints `<invalid>`.
 *
 * @param ms - the duration in milliseconds
 *
 * @example
 * ```ts
 * humanDuration(150_000); // '2m30s'
 * humanDuration(11_100_000); // '3h5m'
 * humanDuration(183_600_000); // '2d3h'
 * ```
 */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.trunc(ms / MINUTE);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.trunc(ms / HOUR);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  const days = Math.trunc(hours / 24);
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${days}d` : `${days}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.trunc(days / 365);
  if (hours < 24 * 365 * 8) {
    const d = days % 365;
    return d === 0 ? `${years}y` : `${years}y${d}d`;
  }
  return `${years}y`;
}

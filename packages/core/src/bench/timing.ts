/**
 * Timing helpers for benchmarks.
 *
 * @module
 */

/**
 * Median wall time of `fn` in milliseconds: one warm-up call, then repeated calls until both
 * `minRuns` calls and `minMs` milliseconds have passed (or `maxRuns` calls).
 */
export function medianMs(fn: () => void, minRuns = 3, minMs = 300, maxRuns = 50): number {
  fn();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < maxRuns && (times.length < minRuns || performance.now() - start < minMs)) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

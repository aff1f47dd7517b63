/**
 * Timing asynchronous steps, in Node or in a browser page.
 *
 * @module
 */

/** The median of `xs` (the upper one for an even count). */
function median(xs: readonly number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
}

/**
 * Median wall time in milliseconds of each of `fns` (each awaited to completion), measured in
 * interleaved rounds so that slow drifts of a shared machine affect all of them alike: `warmup`
 * untimed calls of each, then rounds of one timed call of each until `minRounds` rounds and
 * `minMs` milliseconds have passed (at most `maxRounds` rounds).
 */
export async function interleavedMedianMsAsync(
  fns: readonly (() => unknown)[],
  { warmup = 3, minRounds = 7, minMs = 1000, maxRounds = 200 } = {},
): Promise<number[]> {
  for (const fn of fns) for (let i = 0; i < warmup; i++) await fn();
  const times: number[][] = fns.map(() => []);
  const start = performance.now();
  for (let round = 0; round < maxRounds && (round < minRounds || performance.now() - start < minMs); round++) {
    for (const [i, fn] of fns.entries()) {
      const t0 = performance.now();
      await fn();
      times[i]!.push(performance.now() - t0);
    }
  }
  return times.map(median);
}

/**
 * Timing and inputs for benchmarks, free of Node APIs so that a benchmark can run in a browser
 * page too. Exported as `@stablegrad/core/bench-timing` (and re-exported by
 * `@stablegrad/core/bench-support`).
 *
 * @module
 */

/** `n` float32 values in `[-0.5, 0.5)` from a linear congruential generator seeded with `seed`. */
export function pseudoRandomArray(n: number, seed: number): Float32Array {
  const data = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[i] = s / 2 ** 32 - 0.5;
  }
  return data;
}

/** The median of `xs` (the upper one for an even count). */
export function median(xs: readonly number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
}

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
  return median(times);
}

/**
 * Median wall time in milliseconds of each of `fns`, measured in interleaved rounds so that
 * slow drifts of the machine (JIT warm-up, garbage collection, frequency changes) affect all of
 * them alike: `warmup` untimed calls of each, then rounds of one timed call of each, until
 * `minRounds` rounds and `minMs` milliseconds have passed (at most `maxRounds` rounds).
 */
export function interleavedMedianMs(
  fns: readonly (() => void)[],
  { warmup = 3, minRounds = 7, minMs = 1000, maxRounds = 200 } = {},
): number[] {
  for (const fn of fns) for (let i = 0; i < warmup; i++) fn();
  const times: number[][] = fns.map(() => []);
  const start = performance.now();
  for (let round = 0; round < maxRounds && (round < minRounds || performance.now() - start < minMs); round++) {
    fns.forEach((fn, i) => {
      const t0 = performance.now();
      fn();
      times[i]!.push(performance.now() - t0);
    });
  }
  return times.map(median);
}

/**
 * {@link interleavedMedianMs} for steps that finish asynchronously (a GPU, onnxruntime-web): each
 * call is awaited before the next starts.
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

/**
 * Helpers shared by the benchmarks of every stablegrad package: the rules they time,
 * deterministic inputs, medians, a fixed-width table and the JSON output. Exported as `@stablegrad/core/bench-support`.
 *
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export { startNumpySvd, type NumpyMissing, type NumpySvd } from './numpy-svd.js';
export { BENCH_MAX_NORM, benchSpectral, spectralTable, type SpectralBenchRow, type SpectralBenchTarget } from './spectral-harness.js';

/** The five built-in rules the benchmarks time, with their hyperparameters; SGD with momentum, so that it has a slot like the others. */
export const BENCH_RULES: readonly (readonly [rule: string, hyper: Readonly<Record<string, unknown>>])[] = [
  ['sgd', { momentum: 0.9 }],
  ['rmsprop', {}],
  ['adam', {}],
  ['sdprop', {}],
  ['adastand', {}],
];

/**
 * Bytes one float32 optimizer step moves per parameter for a rule with `slots` slots: the
 * parameter, the gradient and every slot read, the parameter and every slot written (28 for
 * SDProp and Adam).
 */
export function stepBytesPerParam(slots: number): number {
  return 4 * (2 + 2 * slots + 1);
}

/**
 * Median milliseconds of a host memory copy (`TypedArray.set`) that moves `bytes` bytes, half
 * read and half written: the memory-bandwidth yardstick a step that moves the same bytes is
 * compared with.
 */
export function hostCopyMs(bytes: number): number {
  const src = new Uint8Array(bytes / 2);
  const dst = new Uint8Array(bytes / 2);
  return medianMs(() => dst.set(src));
}

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
 * A fixed-width text table: a header line, a rule, then the rows. Columns are right-aligned
 * except those listed in `leftAligned`.
 */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[], leftAligned: readonly number[] = []): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (leftAligned.includes(i) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Writes `data` as indented JSON to `path`, creating its folder, and says so on stderr. */
export function writeBenchJson(path: string, data: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(data, null, 2)}\n`);
  process.stderr.write(`wrote ${path}\n`);
}

/** The value following `name` on the command line, if any (`--out FILE`). */
export function flagValue(name: string, argv: readonly string[] = process.argv.slice(2)): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

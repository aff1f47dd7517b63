/**
 * Helpers shared by the benchmarks of every stablegrad package: the rules they time,
 * deterministic inputs, medians, a fixed-width table and the JSON output. Exported as `@stablegrad/core/bench-support`.
 *
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { builtinRules } from '../rules/index.js';
import { medianMs } from './timing.js';

export { interleavedMedianMs, interleavedMedianMsAsync, median, medianMs, pseudoRandomArray } from './timing.js';
export { startNumpySvd, type NumpyMissing, type NumpySvd } from './numpy-svd.js';
export { BENCH_MAX_NORM, benchSpectral, spectralTable, type SpectralBenchRow, type SpectralBenchTarget } from './spectral-harness.js';

/** The rules the benchmarks time: every built-in rule in its typical configuration (SGD with momentum). */
export const BENCH_RULES: readonly (readonly [rule: string, hyper: Readonly<Record<string, unknown>>])[] = Object.values(builtinRules).map(
  (rule) => [rule.id, rule.typical] as const,
);

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

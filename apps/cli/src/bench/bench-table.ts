/**
 * The benchmark as text: the timed cells, then what was skipped and why.
 *
 * @module
 */
import { formatTable } from '@stablegrad/core/bench-support';
import type { BenchResult } from './run-bench.js';

/** `2^e` for a power of two, else the number. */
function size(n: number): string {
  const e = Math.log2(n);
  return Number.isInteger(e) ? `2^${e}` : String(n);
}

/** The table of timed cells followed by one line per skipped backend or size. */
export function formatBench(result: BenchResult): string {
  const header = ['backend', 'rule', 'params', 'step ms', 'GB/s', 'copy ms', 'copy GB/s', 'of copy'];
  const body = result.rows.map((r) => [
    r.backend,
    r.rule,
    size(r.n),
    r.ms.toFixed(3),
    r.gbPerS.toFixed(2),
    r.copyMs.toFixed(3),
    r.copyGbPerS.toFixed(2),
    `${(100 * r.fractionOfCopy).toFixed(1)} %`,
  ]);
  const skips = result.skipped.map((s) => `skipped ${s.backend}${s.n === undefined ? '' : ` at ${size(s.n)}`}: ${s.reason}`);
  return `${[formatTable(header, body, [0, 1]), ...(skips.length > 0 ? ['', ...skips] : [])].join('\n')}\n`;
}

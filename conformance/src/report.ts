/**
 * Presenting results: a readable table and the JSON report.
 *
 * @module
 */
import type { ResultRow } from './result.js';

/** The JSON report written by `--report-json`. */
export interface Report {
  /** Every row, in run order. */
  readonly results: readonly ResultRow[];
}

function formatWorst(r: ResultRow): string {
  if (r.kind === 'equivalence') return r.maxUlp === undefined ? '' : `${r.maxUlp} ulp`;
  return r.worst === undefined ? '' : r.worst === 0 ? '0' : r.worst.toPrecision(3);
}

/**
 * Table lines: one per row, except that consecutive rows skipped on the same backend for the
 * same reason (an unavailable backend) share one line naming how many sets it covers.
 */
function tableLines(rows: readonly ResultRow[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < rows.length; ) {
    const r = rows[i]!;
    let j = i + 1;
    if (r.status === 'skipped') while (j < rows.length && rows[j]!.status === 'skipped' && rows[j]!.backend === r.backend && rows[j]!.reason === r.reason) j++;
    if (j - i > 1) {
      out.push([`${r.set} .. ${rows[j - 1]!.set} (${j - i} sets)`, '', '', '', r.backend, r.arithmetic ?? '', 'skipped', '', '', r.reason ?? '']);
    } else {
      const flushed = r.flushed === undefined ? '' : String(r.flushed);
      out.push([r.set, r.kind, r.rule ?? r.name ?? '', r.dtype, r.backend, r.arithmetic ?? '', r.status, formatWorst(r), flushed, r.reason ?? '']);
    }
    i = j;
  }
  return out;
}

/**
 * Renders rows as a fixed-width table (set, kind, rule or name, dtype, backend, the backend's
 * declared float32 arithmetic, status, worst, the elements that differ from strict IEEE only
 * through flushed subnormals, note) followed by a line of counts. Runs of sets skipped for one reason on one backend share a
 * line; the counts and the JSON report still count every row.
 */
export function formatTable(rows: readonly ResultRow[]): string {
  const header = ['set', 'kind', 'rule', 'dtype', 'backend', 'arith', 'status', 'worst', 'flushed', 'note'];
  const body = tableLines(rows);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line), '', summaryLine(rows)].join('\n');
}

/** `N passed, N failed, N skipped`. */
export function summaryLine(rows: readonly ResultRow[]): string {
  const count = (s: ResultRow['status']) => rows.filter((r) => r.status === s).length;
  return `${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped`;
}

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
 * Renders rows as a fixed-width table (set, kind, rule or name, dtype, backend, status, worst,
 * note) followed by a line of counts.
 */
export function formatTable(rows: readonly ResultRow[]): string {
  const header = ['set', 'kind', 'rule', 'dtype', 'backend', 'status', 'worst', 'note'];
  const body = rows.map((r) => [r.set, r.kind, r.rule ?? r.name ?? '', r.dtype, r.backend, r.status, formatWorst(r), r.reason ?? '']);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line), '', summaryLine(rows)].join('\n');
}

/** `N passed, N failed, N skipped`. */
export function summaryLine(rows: readonly ResultRow[]): string {
  const count = (s: ResultRow['status']) => rows.filter((r) => r.status === s).length;
  return `${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped`;
}

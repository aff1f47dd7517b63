/**
 * What `demo` and `train` print when the report is written: where it is, and its tables.
 *
 * @module
 */
import { formatTable } from '@stablegrad/core/bench-support';
import { gruTable, mnistTable, type Table } from '../report/tables.js';
import type { ReportFiles } from '../report/write-report.js';
import type { Summary } from '../report/schema.js';

/** The text printed after a report is written. */
export function summaryOutput(summary: Summary, files: ReportFiles): string {
  const text = (title: string, t: Table): string => `${title}\n${formatTable(t.header, t.rows, [0, 1])}\n`;
  return [
    `report: ${files.html}`,
    `        ${files.markdown}`,
    `        ${files.json}`,
    '',
    ...(summary.mnist ? [text('MNIST: each optimizer at its best learning rate (mean ± std over seeds)', mnistTable(summary.mnist))] : []),
    ...(summary.gru ? [text('GRU: explosions and final validation figures (over seeds)', gruTable(summary.gru))] : []),
  ].join('\n');
}

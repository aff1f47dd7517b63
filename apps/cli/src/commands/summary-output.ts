/**
 * What `demo` and `train` print when the report is written: where it is, its tables and the
 * verdicts of its comparisons.
 *
 * @module
 */
import { formatTable } from '@stablegrad/core/bench-support';
import { comparisonTable, gruSweepTables, mnistTable, type Table } from '../report/tables.js';
import type { ReportFiles } from '../report/write-report.js';
import type { Summary } from '../report/schema.js';
import type { Comparison } from '../stats/summary-stats.js';

/** The text printed after a report is written. */
export function summaryOutput(summary: Summary, files: ReportFiles): string {
  const text = (title: string, t: Table): string => `${title}\n${formatTable(t.header, t.rows, [0])}\n`;
  const verdicts = (title: string, comparisons: readonly Comparison[]): string[] =>
    comparisons.length === 0 ? [] : [text(title, { header: ['metric', 'a', 'b', 'Holm p', 'verdict'], rows: comparisonTable(comparisons).rows.map((r) => [r[0]!, r[1]!, r[2]!, r[8]!, r[9]!]) })];
  return [
    `report: ${files.html}`,
    `        ${files.markdown}`,
    `        ${files.json}`,
    '',
    ...(summary.mnist
      ? [
          text('MNIST: each optimizer at its best learning rate (mean ± std over seeds)', mnistTable(summary.mnist)),
          ...verdicts("MNIST: SDProp against each baseline (Welch's t-test, Holm-adjusted)", summary.mnist.comparisons),
        ]
      : []),
    ...(summary.gru
      ? [
          ...gruSweepTables(summary.gru).map(({ optimizer, table }) => text(`GRU ${optimizer}: final validation loss per learning rate (over seeds)`, table)),
          ...verdicts('GRU: the constraint against clipping (Holm-adjusted)', summary.gru.comparisons),
        ]
      : []),
  ].join('\n');
}

/**
 * `summary.md`: the report's tables, significance statements and configuration as Markdown.
 *
 * @module
 */
import { experimentTexts } from './texts.js';
import { comparisonTable, gruSweepTables, gruTable, mnistTable, type Table } from './tables.js';
import type { Summary } from './schema.js';

/** A Markdown table, with `|` in cells escaped. */
export function markdownTable(table: Table): string {
  const line = (cells: readonly string[]): string => `| ${cells.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`;
  return [line(table.header), line(table.header.map(() => '---')), ...table.rows.map(line)].join('\n');
}

/** One line per environment field and package version. */
function environmentLines(summary: Summary): string[] {
  const e = summary.environment;
  const versions = Object.entries(e.versions).map(([name, v]) => `${name} ${v}`).join(', ');
  return [
    `- Node ${e.node} on ${e.platform}/${e.arch}, ${e.cpus} × ${e.cpuModel}`,
    `- gradients on tfjs \`${e.tfjsBackend}\` (${e.tfjsBackendReason}), optimizer steps on \`${e.stepBackend}\` (${e.stepBackendReason})`,
    `- packages: ${versions}`,
  ];
}

/** The whole `summary.md` of a report. */
export function renderMarkdown(summary: Summary): string {
  const texts = experimentTexts(summary);
  const parts = [
    `# stablegrad report: ${summary.name}`,
    [`\`${summary.command}\``, '', `Created ${summary.createdAt}, ran ${summary.seconds.toFixed(1)} s.`, '', ...environmentLines(summary)].join('\n'),
  ];
  if (summary.mnist && texts.mnist) {
    parts.push(
      `## ${texts.mnist.heading}`,
      texts.mnist.setup,
      markdownTable(mnistTable(summary.mnist)),
      `### ${texts.mnist.comparisonsHeading}`,
      texts.mnist.comparisons,
      markdownTable(comparisonTable(summary.mnist.comparisons)),
    );
  }
  if (summary.gru && texts.gru) {
    parts.push(`## ${texts.gru.heading}`, texts.gru.setup, `### ${texts.gru.sweepHeading}`, texts.gru.sweep);
    for (const { optimizer, table } of gruSweepTables(summary.gru)) parts.push(`**${optimizer}**`, markdownTable(table));
    parts.push(`### ${texts.gru.comparisonsHeading}`, texts.gru.comparisons, markdownTable(comparisonTable(summary.gru.comparisons)));
    parts.push(`### ${texts.gru.detailHeading}`, texts.gru.detail, markdownTable(gruTable(summary.gru)));
  }
  if (!summary.mnist && !summary.gru) parts.push('This report holds no experiment.');
  return `${parts.join('\n\n')}\n`;
}

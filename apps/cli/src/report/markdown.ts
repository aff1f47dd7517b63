/**
 * `summary.md`: the report's tables and configuration as Markdown.
 *
 * @module
 */
import { gruTable, mnistTable, type Table } from './tables.js';
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
    `- gradients on tfjs \`${e.tfjsBackend}\`, optimizer steps on \`${e.stepBackend}\``,
    `- packages: ${versions}`,
  ];
}

/** The whole `summary.md` of a report. */
export function renderMarkdown(summary: Summary): string {
  const parts = [
    `# stablegrad report: ${summary.name}`,
    [`\`${summary.command}\``, '', `Created ${summary.createdAt}, ran ${summary.seconds.toFixed(1)} s.`, '', ...environmentLines(summary)].join('\n'),
  ];
  if (summary.mnist) {
    const c = summary.mnist.config;
    parts.push(
      '## SDProp and the baselines on MNIST',
      `${c.model}; ${c.trainExamples} training and ${c.testExamples} test digits, ${c.epochs} epochs of batches of ${c.batchSize}, ` +
        `seeds ${c.seeds.join(', ')}; learning rates ${c.lrGrid.join(', ')}. Figures at each optimizer's best rate (lowest mean final training loss), mean ± std over seeds.`,
      markdownTable(mnistTable(summary.mnist)),
    );
  }
  if (summary.gru) {
    const c = summary.gru.config;
    parts.push(
      '## GRU gradient explosions',
      `Character-level GRU language model on ${c.corpus.name} (${c.corpus.characters} characters, vocabulary ${c.corpus.vocabulary}, ` +
        `${c.corpus.validationCharacters} for validation); ${c.units} units, sequences of ${c.seqLength}, batches of ${c.batchSize}, ${c.steps} steps, ` +
        `seeds ${c.seeds.join(', ')}. An explosion is a non-finite loss or a loss above ${c.spikeFactor} × the lowest so far; ` +
        'figures over seeds (explosions summed, max norms over every step of every seed).',
      markdownTable(gruTable(summary.gru)),
    );
  }
  if (!summary.mnist && !summary.gru) parts.push('This report holds no experiment.');
  return `${parts.join('\n\n')}\n`;
}

/**
 * `index.html`: a self-contained page with the report's tables and its plots as inline SVG.
 *
 * @module
 */
import type { Chart } from './charts/chart.js';
import { comparisonTable, gruSweepTables, gruTable, mnistTable, type Table } from './tables.js';
import { experimentTexts } from './texts.js';
import type { Summary } from './schema.js';

/** A plot with its rendered SVG. */
export interface RenderedChart {
  readonly chart: Chart;
  readonly svg: string;
}

/** `text` with `&`, `<`, `>` and `"` escaped. */
export function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

/** A table as HTML. */
function htmlTable(table: Table): string {
  const row = (cells: readonly string[], tag: 'th' | 'td') => `<tr>${cells.map((c) => `<${tag}>${escapeHtml(c)}</${tag}>`).join('')}</tr>`;
  return `<table><thead>${row(table.header, 'th')}</thead><tbody>${table.rows.map((r) => row(r, 'td')).join('')}</tbody></table>`;
}

/** A figure: heading, SVG and caption. */
function figure({ chart, svg }: RenderedChart): string {
  return `<figure id="${escapeHtml(chart.id)}"><h3>${escapeHtml(chart.title)}</h3>${svg}<figcaption>${escapeHtml(chart.caption)}</figcaption></figure>`;
}

const STYLE = `body{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;margin:2rem auto;max-width:1200px;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:1rem 0;font-size:.9rem}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:right}
th:first-child,td:first-child,th:nth-child(2),td:nth-child(2){text-align:left}figure{margin:2rem 0}figcaption{color:#555;font-size:.9rem;max-width:60rem}
code{background:#f3f3f3;padding:.1rem .3rem}svg{max-width:100%;height:auto}`;

/** The whole page of a report with its rendered plots, in the order given. */
export function renderHtml(summary: Summary, charts: readonly RenderedChart[]): string {
  const e = summary.environment;
  const texts = experimentTexts(summary);
  const figures = (prefix: string) => charts.filter((c) => c.chart.id.startsWith(prefix)).map(figure);
  const p = (text: string) => `<p>${escapeHtml(text)}</p>`;
  const mnist = summary.mnist && texts.mnist
    ? [
        `<h2>${escapeHtml(texts.mnist.heading)}</h2>`,
        p(texts.mnist.setup),
        htmlTable(mnistTable(summary.mnist)),
        `<h3>${escapeHtml(texts.mnist.comparisonsHeading)}</h3>`,
        p(texts.mnist.comparisons),
        htmlTable(comparisonTable(summary.mnist.comparisons)),
        ...figures('mnist-'),
      ]
    : [];
  const gru = summary.gru && texts.gru
    ? [
        `<h2>${escapeHtml(texts.gru.heading)}</h2>`,
        p(texts.gru.setup),
        `<h3>${escapeHtml(texts.gru.sweepHeading)}</h3>`,
        p(texts.gru.sweep),
        ...gruSweepTables(summary.gru).flatMap(({ optimizer, table }) => [`<h4>${escapeHtml(optimizer)}</h4>`, htmlTable(table)]),
        `<h3>${escapeHtml(texts.gru.comparisonsHeading)}</h3>`,
        p(texts.gru.comparisons),
        htmlTable(comparisonTable(summary.gru.comparisons)),
        ...figures('gru-'),
        `<h3>${escapeHtml(texts.gru.detailHeading)}</h3>`,
        p(texts.gru.detail),
        htmlTable(gruTable(summary.gru)),
      ]
    : [];
  const body = [
    `<h1>stablegrad report: ${escapeHtml(summary.name)}</h1>`,
    `<p><code>${escapeHtml(summary.command)}</code><br>created ${escapeHtml(summary.createdAt)}, ran ${summary.seconds.toFixed(1)} s; ` +
      `Node ${escapeHtml(e.node)} on ${escapeHtml(`${e.platform}/${e.arch}`)}, ${e.cpus} × ${escapeHtml(e.cpuModel)}; ` +
      `gradients on tfjs <code>${escapeHtml(e.tfjsBackend)}</code> (${escapeHtml(e.tfjsBackendReason)}), optimizer steps on <code>${escapeHtml(e.stepBackend)}</code> (${escapeHtml(e.stepBackendReason)}).</p>`,
    ...mnist,
    ...gru,
    !summary.mnist && !summary.gru ? '<p>This report holds no experiment.</p>' : '',
    '<p>Every figure and the exact configuration: <a href="summary.json">summary.json</a>; tables: <a href="summary.md">summary.md</a>.</p>',
  ];
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>stablegrad report: ${escapeHtml(summary.name)}</title><style>${STYLE}</style></head>
<body>
${body.filter(Boolean).join('\n')}
</body>
</html>
`;
}

/**
 * Writing a report folder: `summary.json`, `summary.md` and `index.html`.
 *
 * @module
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import { reportCharts } from './charts/report-charts.js';
import { renderSvg } from './charts/render-svg.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import type { Summary } from './schema.js';

/** The files of a written report. */
export interface ReportFiles {
  /** The report's folder. */
  readonly dir: string;
  /** `summary.json`: the {@link Summary}. */
  readonly json: string;
  /** `summary.md`: the tables. */
  readonly markdown: string;
  /** `index.html`: tables and plots. */
  readonly html: string;
}

/**
 * Writes the report of `summary` into `dir` (created if missing): the plots are rendered first,
 * then each file is written atomically, `summary.json` last, so that an interrupted run leaves no
 * half-written file.
 */
export async function writeReport(summary: Summary, dir: string): Promise<ReportFiles> {
  await mkdir(dir, { recursive: true });
  const charts = await Promise.all(reportCharts(summary).map(async (chart) => ({ chart, svg: await renderSvg(chart.spec) })));
  const files: ReportFiles = { dir, json: join(dir, 'summary.json'), markdown: join(dir, 'summary.md'), html: join(dir, 'index.html') };
  await writeFileAtomic(files.html, renderHtml(summary, charts));
  await writeFileAtomic(files.markdown, renderMarkdown(summary));
  await writeFileAtomic(files.json, `${JSON.stringify(summary, null, 2)}\n`);
  return files;
}

import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { syntheticSummary } from './test-support/synthetic-summary.js';
import { writeReport } from './write-report.js';
import type { Summary } from './schema.js';

const svgs = (html: string): string[] => [...html.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((m) => m[0]);
const figure = (html: string, id: string): string => {
  const m = new RegExp(`<figure id="${id}">([\\s\\S]*?)</figure>`).exec(html);
  if (!m) throw new Error(`no figure ${id}`);
  return m[1]!;
};

/** The text of one file of the synthetic summary's report, written to a new folder. */
async function written(file: 'markdown' | 'html'): Promise<string> {
  return readFileSync((await writeReport(syntheticSummary(), mkdtempSync(join(tmpdir(), 'sg-report-'))))[file], 'utf8');
}

describe('writeReport', () => {
  it('writes summary.json, summary.md and index.html, and nothing else', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'sg-report-')), 'synthetic');
    const files = await writeReport(syntheticSummary(), dir);
    expect(readdirSync(dir).sort()).toEqual(['index.html', 'summary.json', 'summary.md']);
    for (const f of [files.json, files.markdown, files.html]) expect(existsSync(f)).toBe(true);
  });

  it('summary.json holds the summary, nulls included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-report-'));
    const summary = syntheticSummary();
    const files = await writeReport(summary, dir);
    const back = JSON.parse(readFileSync(files.json, 'utf8')) as Summary;
    expect(back).toEqual(summary);
    expect(back.gru?.runs[1]?.loss).toEqual([4, 3.1, 2.6, 2.5, null, null]);
  });

  it('summary.md has a row per MNIST optimizer with the figures of its best rate', async () => {
    const md = await written('markdown');
    expect(md).toContain('| optimizer | rates tried | best lr | at grid edge | final train loss | final test accuracy (%) | epochs to 90 % test accuracy |');
    expect(md).toContain('| sdprop | 0.001, 0.01 | 0.01 | yes | 0.25 ± 0.071 | 94 ± 1.4 | 2 |');
    expect(md).toContain('| adam | 0.001, 0.01 | 0.001 | yes | 0.45 ± 0.071 | 89.5 ± 0.71 | not reached |');
  });

  it('summary.md states each comparison with its test, p-values and verdict', async () => {
    const md = await written('markdown');
    expect(md).toContain('| metric | a | b | a: mean ± std | b: mean ± std | a − b (95 % CI) | test | p | Holm p | verdict |');
    expect(md).toContain("| final training loss | sdprop (lr 0.01) | adam (lr 0.001) | 0.25 ± 0 | 0.45 ± 0 | -0.2 (-0.84 to 0.44) | Welch's t | 0.2 | 0.2 | not distinguishable at this scale |");
    expect(md).toContain("| runs with an explosion, over the sweep | sdprop spectral | sdprop none | 0/2 runs | 2/2 runs | -0.5 | Fisher's exact | 0.03 | 0.03 | sdprop spectral better |");
    expect(md).toContain('Holm-adjusted over these 1 comparisons');
  });

  it('summary.md has a row per GRU optimizer and stabiliser, non-finite figures named', async () => {
    const md = await written('markdown');
    expect(md).toContain(
      '| optimizer | lr | stabiliser | explosions | diverged | final val loss | val perplexity | max grad norm | max spectral norm | ms/step | gradients ms | optimizer ms | constraint ms |',
    );
    // Seed 2 ends non-finite, so the means and maxima are non-finite; seed 1 spikes once. The
    // gradients' share is half of ms/step in every synthetic run.
    expect(md).toContain('| sdprop | 0.01 | none | 2 (1 spike, 1 non-finite) | 1/2 | non-finite | non-finite | non-finite | non-finite | 11.00 | 5.50 | 2.00 | 0.00 |');
    // Validation loss 2.2 and 2.4: mean 2.3, std 0.141; perplexity 9 and 11: 10 ± 1.41.
    expect(md).toContain('| sdprop | 0.01 | spectral | 0 | 0/2 | 2.3 ± 0.14 | 10 ± 1.4 | 2.1 | 1.8 | 15.00 | 7.50 | 2.00 | 4.00 |');
    // Perplexity 13.5 and 16.4: mean 14.95, std 2.05.
    expect(md).toContain('| adam | 0.02 | none | 0 | 0/2 | 2.7 ± 0.14 | 14.95 ± 2.1 | 1.6 | 1.6 | 11.00 | 5.50 | 3.00 | 0.00 |');
    expect(md).toContain('| adam | 0.02 | spectral | 0 | 0/2 | 2.6 ± 0.14 | 13.55 ± 1.9 | 1.5 | 1.8 | 16.00 | 8.00 | 3.00 | 4.00 |');
    // The constraint: (3 + 5 + 4 + 4) / 4 = 4 ms of a (14 + 16 + 15 + 17) / 4 = 15.5 ms step, 25.81 %.
    expect(md).toContain('The constraint took 4 ms per step on average, 26 % of a constrained run');
  });

  it('summary.md has the stable region: per optimizer, a row per stabiliser and a column per rate', async () => {
    const md = await written('markdown');
    // sdprop with no stabiliser: each seed has one explosion (a spike; a non-finite loss), one step exploded each, of 6 + 6 steps.
    expect(md).toContain('**sdprop**\n\n| stabiliser | lr 0.01 |\n| --- | --- |\n| none | diverged 1/2; exploded 2/2, 17 % of steps |\n| spectral | 2.3 ± 0.14; no explosion |');
    expect(md).toContain('**adam**\n\n| stabiliser | lr 0.02 |\n| --- | --- |\n| none | 2.7 ± 0.14; no explosion |\n| spectral | 2.6 ± 0.14; no explosion |');
  });

  it('index.html is self-contained and has one SVG per plot, with the series in the legends', async () => {
    const html = await written('html');
    expect(html).not.toMatch(/<script|<link|src="http/);
    const ids = ['mnist-train-loss', 'mnist-test-accuracy', 'mnist-lr-sensitivity', 'gru-stable-region', 'gru-loss', 'gru-grad-norm', 'gru-spectral-norm', 'gru-explosions', 'gru-time'];
    expect([...html.matchAll(/<figure id="([^"]+)">/g)].map((m) => m[1])).toEqual(ids);
    expect(svgs(html)).toHaveLength(ids.length);
    for (const id of ids) expect(svgs(figure(html, id))).toHaveLength(1);
    expect(figure(html, 'mnist-train-loss')).toContain('>sdprop (lr 0.01)<');
    expect(figure(html, 'mnist-train-loss')).toContain('>adam (lr 0.001)<');
    expect(figure(html, 'mnist-lr-sensitivity')).toContain('>sdprop<');
    for (const id of ['gru-loss', 'gru-grad-norm', 'gru-spectral-norm']) {
      const f = figure(html, id);
      for (const name of ['sdprop: lr 0.01', 'adam: lr 0.02', 'none', 'spectral', 'rate 1']) expect(f).toContain(`>${name}<`);
    }
    for (const name of ['sdprop', 'adam', 'none', 'spectral']) expect(figure(html, 'gru-stable-region')).toContain(`>${name}<`);
    expect(figure(html, 'gru-spectral-norm')).toContain('bound s = 1.8');
    expect(figure(html, 'gru-explosions')).toContain('✕1');
    expect(html).toContain('sdprop spectral better');
  });

  it('every plot is an SVG a standalone renderer draws', async () => {
    const html = await written('html');
    for (const svg of svgs(html)) {
      const image = new Resvg(svg).render();
      expect(image.width).toBeGreaterThan(200);
      expect(image.height).toBeGreaterThan(100);
    }
  });

  it('renders only the experiment a report holds', async () => {
    const { mnist: _, ...gruOnly } = syntheticSummary();
    const files = await writeReport(gruOnly, mkdtempSync(join(tmpdir(), 'sg-report-')));
    const html = readFileSync(files.html, 'utf8');
    expect(svgs(html)).toHaveLength(6);
    expect(html).not.toContain('MNIST');
    const md = readFileSync(files.markdown, 'utf8');
    expect(md).not.toContain('MNIST');
    expect(md).toContain('| adam | 0.02 | spectral |');
  });
});

#!/usr/bin/env node
// Development aid, not shipped: renders every <svg> of a report's index.html to a PNG with resvg
// (system fonts), so the plots can be looked at without a browser.
//
//   node scripts/report-png.mjs reports/demo-quick        # writes reports/demo-quick/png/*.png
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/report-png.mjs <report-dir>');
  process.exit(2);
}
const html = readFileSync(join(dir, 'index.html'), 'utf8');
const figures = [...html.matchAll(/<figure id="([^"]+)">.*?(<svg[\s\S]*?<\/svg>)/g)];
const out = join(dir, 'png');
mkdirSync(out, { recursive: true });
figures.forEach(([, id, svg], i) => {
  const png = new Resvg(svg, { background: 'white', fitTo: { mode: 'zoom', value: 1.5 }, font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } }).render().asPng();
  const file = join(out, `${String(i + 1).padStart(2, '0')}-${id}.png`);
  writeFileSync(file, png);
  console.log(file);
});

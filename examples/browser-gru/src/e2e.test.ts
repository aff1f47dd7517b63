import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium, launchChromium, serveFolders } from '@stablegrad/conformance/browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '..', 'dist');
/** Screenshots are kept here (the repository's ignored reports folder), one per backend. */
const artifacts = join(here, '..', '..', '..', 'reports', 'browser-example');

const chromium = findChromium();
const required = (process.env.STABLEGRAD_REQUIRE_BACKENDS ?? '').split(',').map((s) => s.trim());
if (!('path' in chromium)) {
  if (required.includes('tfjs-webgl')) throw new Error(`the example's browser test is required but ${chromium.reason}`);
  console.warn(`the example's end-to-end test needs Chromium: ${chromium.reason}`);
}

describe('the built example', () => {
  it('is a page with the backend picker, loading its bundle by a relative path', () => {
    const html = readFileSync(join(dist, 'index.html'), 'utf8');
    expect(html).toMatch(/<script type="module" crossorigin src="\.\/assets\/index-[\w-]+\.js"><\/script>/);
    for (const b of ['webgl', 'webgpu', 'cpu']) expect(html).toContain(`<option value="${b}">`);
  });
});

interface ExampleState {
  status: string;
  backend: string;
  losses: number[];
  sigmaMax: number[];
  error?: string;
}

// WebGL only: the spectral constraint reads W_h synchronously (dataSync), which tfjs's webgpu
// backend does through a canvas, and in headless Chromium on SwiftShader that loses the WebGPU
// device (docs/browser.md).
describe.each('path' in chromium ? ['webgl'] : [])('the example page on %s, in headless Chromium', (backend) => {
  let server: Awaited<ReturnType<typeof serveFolders>>;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  beforeAll(async () => {
    server = await serveFolders({ '/': dist });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('trains with the chosen backend active, the loss going down, the plot drawn; keeps a screenshot', async () => {
    const { page } = browser;
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.origin}/`);
    await page.selectOption('#backend', backend);
    await page.fill('#epochs', '10');
    await page.click('#train');
    await page.waitForFunction(() => {
      const s = (globalThis as unknown as { stablegradExample: ExampleState }).stablegradExample;
      return s.status === 'done' || s.status === 'error';
    }, undefined, { timeout: 540_000, polling: 500 });
    const state = await page.evaluate(() => (globalThis as unknown as { stablegradExample: ExampleState }).stablegradExample);
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, `${backend}.png`), fullPage: true });
    expect(errors).toEqual([]);
    expect(state.error).toBeUndefined();
    expect(state.status).toBe('done');
    expect(state.backend).toBe(backend);
    // 128 samples in batches of 16: 8 batches per epoch.
    expect(state.losses).toHaveLength(80);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(state.losses.slice(-8))).toBeLessThan(0.5 * mean(state.losses.slice(0, 8)));
    // The constraint had work to do and kept W_h at the bound after every step.
    expect(Math.max(...state.sigmaMax)).toBeGreaterThan(1.8);
    expect(await page.textContent('#status')).toContain(`backend ${backend}: epoch 10/10`);
    // The plot: a line of the plot's colour across the canvas.
    const drawn = await page.evaluate(() => {
      const c = document.getElementById('plot') as HTMLCanvasElement;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const columns = new Set<number>();
      for (let i = 0; i < d.length; i += 4) if (d[i]! < 60 && d[i + 1]! > 70 && d[i + 1]! < 130 && d[i + 2]! > 160) columns.add((i / 4) % c.width);
      return columns.size;
    });
    expect(drawn).toBeGreaterThan(600);
  });
});

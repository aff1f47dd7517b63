/**
 * The Node side of the harness page: serve it, open it in headless Chromium, start a backend and
 * run a job there.
 *
 * @module
 */
import type { StepTime } from '../bench/steps.js';
import type { ResultRow } from '../result.js';
import type { BackendJob } from '../run-backend.js';
import type { HarnessApi } from './backends.js';
import { serveHarness } from './harness-server.js';
import { launchChromium } from './launch.js';

/** An open harness page. */
export interface Harness {
  /** Chromium's version. */
  readonly version: string;
  /** Starts a backend in the page (see {@link HarnessApi.start}). */
  start(id: string): ReturnType<HarnessApi['start']>;
  /** Runs `job` on the started backend `id` in the page and returns its rows. */
  run(id: string, job: BackendJob): Promise<ResultRow[]>;
  /** See {@link HarnessApi.probeUnguarded}. */
  probeUnguarded(id: string): Promise<ResultRow[]>;
  /** See {@link HarnessApi.bench}. */
  bench(id: string, exponents: readonly number[], minMs: number): Promise<StepTime[]>;
  /** Closes the browser and the server. */
  close(): Promise<void>;
}

/** What the page exposes besides {@link HarnessApi}: running a job. */
interface PageGlobals {
  stablegradHarness: HarnessApi & { run(id: string, job: BackendJob): Promise<ResultRow[]> };
}

/**
 * Serves the harness, launches Chromium and loads the page; the page's `[progress]` console lines
 * go to `onProgress`, its errors too.
 *
 * @throws Error when Chromium does not start or the page does not load
 */
export async function openHarness(onProgress?: (message: string) => void): Promise<Harness> {
  const server = await serveHarness();
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  try {
    browser = await launchChromium();
  } catch (e) {
    await server.close();
    throw e;
  }
  const { page } = browser;
  page.on('console', (m) => {
    const text = m.text();
    if (text.startsWith('[progress] ')) onProgress?.(text.slice(11));
    else if (m.type() === 'error') onProgress?.(`page: ${text}`);
  });
  page.on('pageerror', (e) => onProgress?.(`page error: ${e.message}`));
  const close = async () => {
    await browser.close();
    await server.close();
  };
  try {
    await page.goto(`${server.origin}/`);
    await page.waitForFunction(() => 'stablegradHarness' in globalThis, undefined, { timeout: 60_000 });
  } catch (e) {
    await close();
    throw new Error(`the harness page did not load: ${(e as Error).message.split('\n')[0]}`);
  }
  return {
    version: browser.version,
    start: (id) => page.evaluate((i) => (globalThis as unknown as PageGlobals).stablegradHarness.start(i), id),
    run: (id, job) => page.evaluate(([i, j]) => (globalThis as unknown as PageGlobals).stablegradHarness.run(i, j), [id, job] as const),
    probeUnguarded: (id) => page.evaluate((i) => (globalThis as unknown as PageGlobals).stablegradHarness.probeUnguarded(i), id),
    bench: (id, exponents, minMs) =>
      page.evaluate(([i, e, m]) => (globalThis as unknown as PageGlobals).stablegradHarness.bench(i, e, m), [id, exponents, minMs] as const),
    close,
  };
}

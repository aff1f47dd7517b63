/**
 * Starting headless Chromium with playwright-core on Debian's (or any installed) Chromium.
 *
 * @module
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from './chromium.js';

/** A running headless Chromium with one page. */
export interface BrowserPage {
  /** The page. */
  readonly page: Page;
  /** The browser's context. */
  readonly context: BrowserContext;
  /** The browser's version. */
  readonly version: string;
  /** Closes the browser and removes its profile folder. */
  close(): Promise<void>;
}

/**
 * Launches headless Chromium (see {@link findChromium}) with {@link CHROMIUM_ARGS} in a fresh
 * profile folder, through playwright-core's `launchPersistentContext` (Playwright's own browser
 * download is not used), and returns its page.
 *
 * @throws Error with the reason when no Chromium is found or it does not start
 */
export async function launchChromium(): Promise<BrowserPage> {
  const found = findChromium();
  if (!('path' in found)) throw new Error(found.reason);
  const { chromium } = await import('playwright-core');
  const profile = await mkdtemp(join(tmpdir(), 'stablegrad-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, { executablePath: found.path, headless: true, args: [...CHROMIUM_ARGS] });
  } catch (e) {
    await rm(profile, { recursive: true, force: true });
    throw new Error(`Chromium (${found.path}) did not start: ${(e as Error).message.split('\n')[0]}`);
  }
  const page = context.pages()[0] ?? (await context.newPage());
  const version = context.browser()?.version() ?? (await page.evaluate(() => navigator.userAgent));
  return {
    page,
    context,
    version,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

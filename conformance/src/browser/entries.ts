/**
 * The browser backends as conformance plugin entries: each runs the suite's job inside headless
 * Chromium.
 *
 * @module
 */
import type { Availability, Float32Arithmetic } from '@stablegrad/core';
import { ONNX_WEB_ARITHMETIC } from '@stablegrad/onnx/web';
import { tfjsArithmetic } from '@stablegrad/tfjs';
import type { RemoteBackendEntry } from '../remote.js';
import type { ResultRow } from '../result.js';
import { skippedRows, type BackendJob } from '../run-backend.js';
import { PAGE_BACKENDS, type PageBackend } from './backends.js';
import { findChromium } from './chromium.js';
import { openHarness } from './harness-page.js';
import { WASM_PACKAGES, distOf } from './harness-server.js';

/** The declared arithmetic of a page backend, from its adapter. */
function arithmeticOf(b: PageBackend): Float32Arithmetic {
  return b.runtime === 'tfjs' ? tfjsArithmetic(b.name) : ONNX_WEB_ARITHMETIC[b.name as 'wasm' | 'webgpu'];
}

async function chromiumAvailability(id: string): Promise<Availability> {
  const wasm = WASM_PACKAGES[id];
  if (wasm && !distOf(wasm)) return { available: false, reason: `${wasm} is not installed next to @stablegrad/conformance (npm install ${wasm})` };
  const found = findChromium();
  if (!('path' in found)) return { available: false, reason: found.reason };
  try {
    await import('playwright-core');
  } catch (e) {
    return { available: false, reason: `playwright-core could not be loaded (${(e as Error).message.split('\n')[0]})` };
  }
  return { available: true };
}

/** The entry of one page backend. */
function entry(b: PageBackend): RemoteBackendEntry {
  const arithmetic = arithmeticOf(b);
  return {
    id: b.id,
    description: b.description,
    dtypes: b.dtypes,
    arithmetic,
    runsIn: 'headless Chromium',
    availability: () => chromiumAvailability(b.id),
    create: () => Promise.reject(new Error(`${b.id} lives in a browser page; the suite runs it with runRemote`)),
    async runRemote(job: BackendJob, onProgress?: (message: string) => void): Promise<ResultRow[]> {
      const harness = await openHarness(onProgress);
      try {
        const started = await harness.start(b.id);
        if (!started.ok) {
          onProgress?.(`${b.id}: skipped (${started.reason})`);
          return skippedRows(b.id, job, started.reason);
        }
        onProgress?.(`${b.id}: Chromium ${harness.version}, ${started.detail}`);
        return await harness.run(b.id, job);
      } finally {
        await harness.close();
      }
    },
  };
}

/**
 * The conformance plugin entry point of the browser runner (`@stablegrad/conformance/browser`):
 * `tfjs-webgl`, `tfjs-webgpu`, `tfjs-browser-wasm`, `tfjs-browser-cpu`, `onnx-web-wasm` and
 * `onnx-web-webgpu`, each run in its own headless Chromium page with the same code as in Node.
 * Available where Chromium is found; a backend that does not start in the page (no WebGPU
 * adapter, say) yields skipped rows with the page's reason.
 */
export function backendEntries(): RemoteBackendEntry[] {
  return PAGE_BACKENDS.map(entry);
}

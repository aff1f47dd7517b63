/**
 * `pnpm bench` for the conformance package: the runtimes where people train, timed in one run.
 *
 * - SDProp (`train.sdprop` of `@stablegrad/tfjs`) against tfjs's built-in `tf.train.adam`, one
 *   `applyGradients` on one variable, on tfjs's `tensorflow` backend (tfjs-node, in Node) and on
 *   `webgl` and `webgpu` (in headless Chromium);
 * - one SDProp step through core's optimizer on onnxruntime-web (`wasm` and `webgpu` execution
 *   providers, in headless Chromium) against the same step on onnxruntime-node (`onnx-cpu`).
 *
 * At 2^16 and 2^20 parameters; medians over interleaved rounds. Writes a table to stdout and JSON to
 * `bench-results/runtimes.json` (or `--out FILE`). A runtime that cannot run here is listed as
 * skipped with the reason. In a browser without a GPU, WebGL and WebGPU run on SwiftShader (on the
 * CPU): such figures say nothing about a real GPU.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { onnxBackend } from '@stablegrad/onnx';
import { backendEntries as tfjsEntries } from '@stablegrad/tfjs';
import { flagValue, formatTable, writeBenchJson } from '@stablegrad/core/bench-support';
import { openHarness } from '../browser/harness-page.js';
import { findChromium } from '../browser/chromium.js';
import { timeCoreStep, timeTfjsOptimizers, type StepTime } from './steps.js';

const out = flagValue('--out') ?? 'bench-results/runtimes.json';
const exponents = [16, 20];
const minMs = (e: number) => (e >= 20 ? 2000 : 800);
const rows: StepTime[] = [];
const skipped: { backend: string; reason: string }[] = [];
const log = (m: string) => process.stderr.write(`${m}\n`);

// Node: tfjs-node and onnxruntime-node.
const tensorflow = tfjsEntries().find((e) => e.id === 'tfjs-tensorflow')!;
const a = await tensorflow.availability();
if (a.available) {
  await tf.setBackend('tensorflow');
  for (const e of exponents) rows.push(...(await timeTfjsOptimizers('tfjs-tensorflow', 2 ** e, minMs(e))));
} else {
  skipped.push({ backend: 'tfjs-tensorflow', reason: a.reason });
}
const ortNode = onnxBackend();
for (const e of exponents) rows.push(await timeCoreStep(ortNode, 2 ** e, minMs(e)));
ortNode.dispose();
log('node: done');

// The browser.
const chromium = findChromium();
const pageIds = ['tfjs-webgl', 'tfjs-webgpu', 'onnx-web-wasm', 'onnx-web-webgpu'];
let browser = 'none';
if ('path' in chromium) {
  const harness = await openHarness(log);
  browser = `Chromium ${harness.version}`;
  try {
    for (const id of pageIds) {
      const started = await harness.start(id);
      if (!started.ok) {
        skipped.push({ backend: id, reason: started.reason });
        continue;
      }
      log(`${id}: ${started.detail}`);
      rows.push(...(await harness.bench(id, exponents, minMs(20))));
    }
  } finally {
    await harness.close();
  }
} else {
  for (const id of pageIds) skipped.push({ backend: id, reason: chromium.reason });
}

/** The ratio of a row to its yardstick: tf.train.adam on the same tfjs backend, onnx-cpu for ONNX. */
function ratio(r: StepTime): { vs: string; ratio: number } | undefined {
  const base = r.backend.startsWith('tfjs-')
    ? rows.find((b) => b.backend === r.backend && b.n === r.n && b.optimizer === 'tf.train.adam')
    : rows.find((b) => b.backend === 'onnx-cpu' && b.n === r.n);
  return base ? { vs: `${base.backend} ${base.optimizer === 'tf.train.adam' ? 'tf.train.adam' : 'sdprop'}`, ratio: r.ms / base.ms } : undefined;
}

const table = rows.map((r) => {
  const q = ratio(r);
  return [r.backend, `2^${Math.log2(r.n)}`, r.optimizer, r.ms.toFixed(3), q ? `${q.ratio.toFixed(2)}x ${q.vs}` : ''];
});
console.log(formatTable(['backend', 'params', 'step', 'ms', 'ratio'], table, [0, 2, 4]));
for (const s of skipped) console.log(`skipped ${s.backend}: ${s.reason}`);
writeBenchJson(out, {
  machine: { node: process.version, platform: process.platform, arch: process.arch, browser, tfjs: tf.version_core },
  note:
    'median ms per step over interleaved rounds; tfjs rows: one applyGradients on one variable plus a one-element read (waits for a GPU backend); onnx rows: one SDProp step of core\'s Optimizer (one ONNX Runtime run, results in host memory); ratio: over tf.train.adam on the same tfjs backend, or over onnx-cpu; WebGL and WebGPU on SwiftShader when the machine has no GPU',
  rows: rows.map((r) => ({ ...r, ...(ratio(r) ? { ratio: ratio(r)!.ratio, vs: ratio(r)!.vs } : {}) })),
  skipped,
});

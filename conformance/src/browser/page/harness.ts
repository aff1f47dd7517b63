/**
 * The conformance harness page: starts a backend in the browser and runs the suite's job on it
 * with the same code as in Node. Bundled by the package's build (vite) into `dist/harness/`.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as ort from 'onnxruntime-web';
import type { Backend } from '@stablegrad/core';
import { onnxWebBackend } from '@stablegrad/onnx/web';
import { tensorBackend, tfjsArithmetic } from '@stablegrad/tfjs';
import { timeCoreStep, timeTfjsOptimizers, type StepTime } from '../../bench/steps.js';
import { checkOperations } from '../../op-probe.js';
import type { ResultRow } from '../../result.js';
import { runOnBackend, type BackendJob } from '../../run-backend.js';
import { PAGE_BACKENDS, type HarnessApi } from '../backends.js';
import { gpuDetail } from './gpu-detail.js';

setWasmPaths('/tfjs-wasm/');
ort.env.wasm.wasmPaths = '/ort/';
// tfjs's GPU backends run an op on their CPU kernels when its inputs are small and still in CPU
// memory (under 128 elements on webgl, 1000 on webgpu): a step would then mix the CPU's IEEE
// arithmetic with the shaders' flush-to-zero. The suite measures the GPU kernels alone.
tf.env().set('WEBGL_CPU_FORWARD', false);
tf.env().set('WEBGPU_CPU_FORWARD', false);

const started = new Map<string, Backend<any>>();

/** Starts a tfjs backend; `undefined` when it started, else the reason. */
async function startTfjs(name: string): Promise<string | undefined> {
  let ok: boolean;
  try {
    ok = await tf.setBackend(name);
    await tf.ready();
  } catch (e) {
    return `tfjs could not start its '${name}' backend: ${(e as Error).message}`;
  }
  if (!ok || tf.getBackend() !== name) return `tfjs could not start its '${name}' backend here (it stayed on '${tf.getBackend()}')`;
  return undefined;
}

const api: HarnessApi & { run(id: string, job: BackendJob): Promise<ResultRow[]> } = {
  async start(id) {
    const b = PAGE_BACKENDS.find((p) => p.id === id);
    if (!b) return { ok: false, reason: `the page has no backend '${id}'` };
    const detail = await gpuDetail(b.name);
    if (b.name === 'webgpu' && detail.startsWith('no WebGPU')) return { ok: false, reason: detail };
    if (b.runtime === 'tfjs') {
      const reason = await startTfjs(b.name);
      if (reason) return { ok: false, reason };
      started.set(id, tensorBackend({ tfjsBackend: b.name, id }));
    } else {
      const backend = onnxWebBackend({ ort, executionProvider: b.name as 'wasm' | 'webgpu' });
      started.set(id, backend);
    }
    return { ok: true, detail };
  },
  async probeUnguarded(id) {
    const b = PAGE_BACKENDS.find((p) => p.id === id);
    if (!b || b.runtime !== 'tfjs' || !started.has(id)) throw new Error(`'${id}' is not a started tfjs backend`);
    return checkOperations(tensorBackend({ tfjsBackend: b.name, id: `${id} (division unguarded)`, guardDivision: false }), tfjsArithmetic(b.name));
  },
  async bench(id, exponents, minMs) {
    const b = PAGE_BACKENDS.find((p) => p.id === id);
    const backend = started.get(id);
    if (!b || !backend) throw new Error(`backend '${id}' was not started`);
    const rows: StepTime[] = [];
    for (const e of exponents) {
      if (b.runtime === 'tfjs') {
        await tf.setBackend(b.name);
        rows.push(...(await timeTfjsOptimizers(id, 2 ** e, minMs)));
      } else {
        rows.push(await timeCoreStep(backend, 2 ** e, minMs));
      }
    }
    return rows;
  },
  async run(id, job) {
    const backend = started.get(id);
    if (!backend) throw new Error(`backend '${id}' was not started`);
    return runOnBackend(backend, job, (m) => console.log(`[progress] ${m}`));
  },
};

(globalThis as unknown as { stablegradHarness: typeof api }).stablegradHarness = api;

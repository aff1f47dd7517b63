/**
 * The backends the suite runs inside a browser page. Free of Node APIs: the Node side and the
 * page share this table.
 *
 * @module
 */
import type { DType } from '@stablegrad/core';
import type { StepTime } from '../bench/steps.js';
import type { ResultRow } from '../result.js';

/** A backend that lives in the page: which runtime, and that runtime's backend or execution provider. */
export interface PageBackend {
  /** The backend id. */
  readonly id: string;
  /** `tfjs` (through `@stablegrad/tfjs`) or `onnx` (through `@stablegrad/onnx/web`). */
  readonly runtime: 'tfjs' | 'onnx';
  /** The tfjs backend name, or onnxruntime-web's execution provider. */
  readonly name: 'webgl' | 'webgpu' | 'wasm' | 'cpu';
  /** The dtypes it computes in. */
  readonly dtypes: readonly DType[];
  /** One line on what it is. */
  readonly description: string;
}

/** Every backend the browser runner offers, in registration order. */
export const PAGE_BACKENDS: readonly PageBackend[] = [
  { id: 'tfjs-webgl', runtime: 'tfjs', name: 'webgl', dtypes: ['float32'], description: 'TensorFlow.js, webgl backend in headless Chromium: one tfjs op per instruction, WebGL 2 fragment shaders' },
  { id: 'tfjs-webgpu', runtime: 'tfjs', name: 'webgpu', dtypes: ['float32'], description: 'TensorFlow.js, webgpu backend in headless Chromium: one tfjs op per instruction, WGSL compute shaders' },
  { id: 'tfjs-browser-wasm', runtime: 'tfjs', name: 'wasm', dtypes: ['float32'], description: 'TensorFlow.js, wasm backend in headless Chromium (threaded SIMD, cross-origin isolated page)' },
  { id: 'tfjs-browser-cpu', runtime: 'tfjs', name: 'cpu', dtypes: ['float32'], description: 'TensorFlow.js, cpu backend in headless Chromium: JavaScript kernels' },
  { id: 'onnx-web-wasm', runtime: 'onnx', name: 'wasm', dtypes: ['float32', 'float64'], description: 'one ONNX graph per step on onnxruntime-web, WebAssembly execution provider, in headless Chromium' },
  { id: 'onnx-web-webgpu', runtime: 'onnx', name: 'webgpu', dtypes: ['float32'], description: 'one ONNX graph per step on onnxruntime-web, WebGPU execution provider, in headless Chromium' },
];

/**
 * The page's global API, `window.stablegradHarness`, which the Node side drives.
 */
export interface HarnessApi {
  /**
   * Starts backend `id` in the page: `{ ok: true, detail }` with what it runs on (GPU adapter,
   * renderer), or `{ ok: false, reason }` when it does not start here.
   */
  start(id: string): Promise<{ readonly ok: true; readonly detail: string } | { readonly ok: false; readonly reason: string }>;
  /**
   * The operation probe on the started tfjs backend `id` with the adapter's division guard
   * forced off: what the runtime's own operations do (on `webgl`, `0 / 0 = 1`).
   */
  probeUnguarded(id: string): Promise<ResultRow[]>;
  /**
   * The runtime benchmark on the started backend `id`: SDProp against `tf.train.adam` for a tfjs
   * backend, an SDProp step through core's optimizer for an onnxruntime-web one, at `2^e`
   * parameters for each of `exponents`, each timed for at least `minMs` milliseconds.
   */
  bench(id: string, exponents: readonly number[], minMs: number): Promise<StepTime[]>;
}

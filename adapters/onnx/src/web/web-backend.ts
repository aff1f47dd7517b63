/**
 * The `onnx-web-*` backends: core's `Backend` over onnxruntime-web tensors.
 *
 * @module
 */
import type { Backend, DType, TypedArray } from '@stablegrad/core';
import type { Tensor } from 'onnxruntime-common';
import { hostTensorMethods } from '../backend/host-tensor-methods.js';
import type { TensorMaker } from '../backend/step-model-io.js';
import type { OrtWeb } from './ort-web.js';
import { WebStepKernel } from './web-step-kernel.js';

/** Options of {@link onnxWebBackend}. */
export interface OnnxWebBackendOptions {
  /** The onnxruntime-web module (`import * as ort from 'onnxruntime-web'`). */
  readonly ort: OrtWeb;
  /**
   * The execution provider: `wasm` (default; WebAssembly, float32 and float64, `ieee`) or
   * `webgpu` (float32 only; shaders flush subnormals to zero, so `ftz`).
   */
  readonly executionProvider?: 'wasm' | 'webgpu';
  /** Largest number of elements one tensor of the model holds (default `2^18`). */
  readonly chunkElements?: number;
  /** Models kept loaded per compiled rule, one per set of tensor sizes (default 4). */
  readonly maxCachedModels?: number;
}

/** A {@link Backend} over onnxruntime-web tensors that holds sessions until disposed. */
export interface OnnxWebBackend extends Backend<Tensor> {
  /** Releases the sessions of every kernel this backend compiled; those kernels reload on next use. */
  dispose(): void;
}

/**
 * A backend for core's `Optimizer` on onnxruntime-web, in a browser (or in Node, where
 * onnxruntime-web runs its WebAssembly build). Each step of a whole parameter set is one run of
 * one ONNX model: the rule's traced program as standard `ai.onnx` nodes, the same model the
 * `onnx-cpu` backend runs on onnxruntime-node. onnxruntime-web only computes asynchronously, so
 * step with `Optimizer.stepAsync`. Tensors are onnxruntime tensors in host memory; gradient
 * transforms and constraints run through core's float64 linear algebra on that memory. Its id is
 * `onnx-web-<executionProvider>`.
 *
 * ```ts
 * import * as ort from 'onnxruntime-web';
 * import { Optimizer } from '@stablegrad/core';
 * import { onnxWebBackend } from '@stablegrad/onnx/web';
 * const backend = onnxWebBackend({ ort, executionProvider: 'webgpu' });
 * const opt = new Optimizer('sdprop', { lr: 1e-3 }, { backend });
 * ({ params, state } = await opt.stepAsync(grads, state, params));
 * ```
 *
 * @throws RangeError naming the option that is out of range
 */
export function onnxWebBackend(options: OnnxWebBackendOptions): OnnxWebBackend {
  const { ort } = options;
  if (!ort || typeof ort.InferenceSession?.create !== 'function' || typeof ort.Tensor !== 'function') {
    throw new TypeError("ort: expected the onnxruntime-web module (import * as ort from 'onnxruntime-web')");
  }
  const provider = options.executionProvider ?? 'wasm';
  if (provider !== 'wasm' && provider !== 'webgpu') throw new RangeError(`executionProvider: expected 'wasm' or 'webgpu', got ${JSON.stringify(provider)}`);
  const chunkElements = options.chunkElements ?? 2 ** 18;
  const maxCachedModels = options.maxCachedModels ?? 4;
  if (!Number.isInteger(chunkElements) || chunkElements < 1) throw new RangeError(`chunkElements: expected an integer >= 1, got ${String(chunkElements)}`);
  if (!Number.isInteger(maxCachedModels) || maxCachedModels < 1) throw new RangeError(`maxCachedModels: expected an integer >= 1, got ${String(maxCachedModels)}`);
  const id = `onnx-web-${provider}`;
  const dtypes: readonly DType[] = provider === 'webgpu' ? ['float32'] : ['float32', 'float64'];
  const tensor: TensorMaker = (data: TypedArray, shape: readonly number[]): Tensor =>
    data instanceof Float64Array ? new ort.Tensor('float64', data, shape) : new ort.Tensor('float32', data, shape);
  const kernels = new Set<WebStepKernel>();
  const methods = hostTensorMethods(tensor);
  return {
    id,
    dtypes,
    compile(rule, dtype) {
      if (!dtypes.includes(dtype)) throw new RangeError(`${id}: dtype '${dtype}' is not supported; expected one of ${dtypes.join(', ')}`);
      const kernel = new WebStepKernel(rule, dtype, { ort, tensor, executionProvider: provider, chunkElements, maxCachedModels, linalg: methods.linalg }, id);
      kernels.add(kernel);
      return kernel;
    },
    ...methods,
    dispose() {
      for (const k of kernels) k.dispose();
    },
  };
}

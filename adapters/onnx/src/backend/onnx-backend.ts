/**
 * The `onnx-*` backends: core's `Backend` over ONNX Runtime tensors.
 *
 * @module
 */
import { hostTransformKernel, type Backend, type ClipByGlobalNorm, type DType } from '@stablegrad/core';
import type { Tensor } from 'onnxruntime-node';
import { checkRuntimeOptions, providerNames, type OnnxRuntimeOptions } from '../runtime/session.js';
import { ortTensor } from '../runtime/tensors.js';
import { hostTensorMethods } from './host-tensor-methods.js';
import { onnxLinAlg } from './onnx-linalg.js';
import { OnnxStepKernel, type StepKernelOptions } from './step-kernel.js';

/** Options of {@link onnxBackend}. */
export interface OnnxBackendOptions extends OnnxRuntimeOptions {
  /**
   * Largest number of elements one tensor of the model holds (default `2^18`): a larger parameter
   * enters the model as several pieces, which keeps the arrays ONNX Runtime's Node binding
   * allocates for each run's outputs small enough to be recycled. Results do not depend on it.
   */
  readonly chunkElements?: number;
  /** Models kept loaded per compiled rule, one per set of tensor sizes (default 4). */
  readonly maxCachedModels?: number;
  /**
   * Clip the gradients inside the step model when the rule is compiled with exactly one gradient
   * transform, `clipByGlobalNorm` (default false): clipping and update are then one ONNX Runtime
   * run, and the model reports the global norm. Otherwise transforms run on the host through
   * {@link onnxLinAlg} before the model, exactly as on every other backend. The two can differ by
   * one float32 ulp in a clipped gradient, since ONNX Runtime sums the squares in its own order.
   */
  readonly fuseTransforms?: boolean;
}

/** A {@link Backend} over ONNX Runtime tensors that holds native sessions until disposed. */
export interface OnnxBackend extends Backend<Tensor> {
  /** Releases the sessions of every kernel this backend compiled; those kernels reload on next use. */
  dispose(): void;
}

/** Default {@link OnnxBackendOptions.chunkElements}. */
export const DEFAULT_CHUNK_ELEMENTS = 2 ** 18;

function checkBackendOptions(options: OnnxBackendOptions): void {
  checkRuntimeOptions(options);
  const { chunkElements, maxCachedModels, fuseTransforms } = options;
  if (fuseTransforms !== undefined && typeof fuseTransforms !== 'boolean') {
    throw new RangeError(`fuseTransforms: expected a boolean, got ${String(fuseTransforms)}`);
  }
  if (chunkElements !== undefined && (!Number.isInteger(chunkElements) || chunkElements < 1)) {
    throw new RangeError(`chunkElements: expected an integer >= 1, got ${String(chunkElements)}`);
  }
  if (maxCachedModels !== undefined && (!Number.isInteger(maxCachedModels) || maxCachedModels < 1)) {
    throw new RangeError(`maxCachedModels: expected an integer >= 1, got ${String(maxCachedModels)}`);
  }
}

/**
 * An ONNX backend for core's `Optimizer`: each step of a whole parameter set is one ONNX model
 * (the rule's traced program as standard `ai.onnx` nodes, after the gradient clipping when the
 * rule is compiled with it and `fuseTransforms` is on) run once by ONNX Runtime. Tensors are `onnxruntime-node` `Tensor`s in
 * host memory (float32 or float64); other gradient transforms and constraints run through core's
 * float64 linear algebra on the same memory. Its id is `onnx-<first execution provider>`, e.g.
 * `onnx-cpu`.
 *
 * ```ts
 * import { Optimizer, clipByGlobalNorm } from '@stablegrad/core';
 * import { onnxBackend } from '@stablegrad/onnx';
 * const backend = onnxBackend();
 * const opt = new Optimizer('sdprop', { lr: 1e-3 }, { backend, gradientTransforms: [clipByGlobalNorm(1)] });
 * ```
 *
 * @throws RangeError naming the option that is out of range
 */
export function onnxBackend(options: OnnxBackendOptions = {}): OnnxBackend {
  checkBackendOptions(options);
  const id = `onnx-${providerNames(options)[0]}`;
  const dtypes: readonly DType[] = ['float32', 'float64'];
  const kernels = new Set<OnnxStepKernel>();
  const kernelOptions: StepKernelOptions = {
    runtime: options,
    chunkElements: options.chunkElements ?? DEFAULT_CHUNK_ELEMENTS,
    maxCachedModels: options.maxCachedModels ?? 4,
  };
  const fuse = options.fuseTransforms ?? false;
  return {
    id,
    dtypes,
    compile(rule, dtype) {
      if (!dtypes.includes(dtype)) throw new RangeError(`${id}: dtype '${dtype}' is not supported; expected one of ${dtypes.join(', ')}`);
      const [first] = rule.transforms;
      const fused = fuse && rule.transforms.length === 1 && first!.name === 'clipByGlobalNorm';
      const clip = fused ? { clipByGlobalNorm: first!.hyper.maxNorm!, nonFinite: (first as ClipByGlobalNorm).nonFinite } : {};
      const kernel = new OnnxStepKernel(rule, dtype, { ...kernelOptions, ...clip }, id);
      kernels.add(kernel);
      if (fused || (rule.transforms.length === 0 && !rule.reportGradNorm)) return kernel;
      return hostTransformKernel(rule, onnxLinAlg, (groups, scalars, inPlace) => kernel.run(groups, scalars, inPlace).outputs);
    },
    ...hostTensorMethods(ortTensor),
    dispose() {
      for (const k of kernels) k.dispose();
    },
  };
}

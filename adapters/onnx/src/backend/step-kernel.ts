/**
 * The step kernel of the `onnx-*` backends: one ONNX Runtime run per optimizer step.
 *
 * @module
 */
import { NonFiniteGradientError, type CompiledRule, type DType, type NonFiniteNorm, type StepGroup, type StepKernel, type StepOutcome } from '@stablegrad/core';
import type { Tensor } from 'onnxruntime-node';
import type { StepModelLayout } from '../graph/layout.js';
import { StepSession, type OnnxRuntimeOptions } from '../runtime/session.js';
import { dataOf, ortTensor } from '../runtime/tensors.js';
import { onnxLinAlg } from './onnx-linalg.js';
import { ModelCache, checkGroups, encodeStepModel, modelKey, scalarValues, splitChunks, stepFeeds, stepOutputs, type Chunk } from './step-model-io.js';

/** How a kernel builds and runs its models. */
export interface StepKernelOptions {
  /** Execution providers and threads. */
  readonly runtime: OnnxRuntimeOptions;
  /** Largest number of elements of one tensor inside the model; larger parameters are split. */
  readonly chunkElements: number;
  /** Models (one per set of tensor sizes) kept loaded; the least recently used is released. */
  readonly maxCachedModels: number;
  /** Clip the gradients by their global norm inside the model, with this `maxNorm`. */
  readonly clipByGlobalNorm?: number;
  /** With clipping: throw (`error`) or let NaN through (`nan`) when the global norm is not finite. */
  readonly nonFinite?: NonFiniteNorm;
}

/** A loaded model and its names. */
interface LoadedModel {
  readonly session: StepSession;
  readonly layout: StepModelLayout;
}

/**
 * Runs a compiled rule as one ONNX model per step over every parameter of the set.
 *
 * The model sees each parameter as flat tensors of at most `chunkElements` elements (the
 * program is elementwise, so shape does not matter to it); its inputs are views of the caller's
 * typed arrays, read in place. ONNX Runtime's Node binding returns every output in a newly
 * allocated array; a parameter that fits in one chunk keeps that array as its result, a larger one
 * is gathered from its chunks. Chunking keeps those per-run allocations small, so that the
 * allocator can reuse freed memory instead of mapping fresh pages for every step. With `inPlace`
 * the results are copied into the input tensors, which are returned. With `clipByGlobalNorm`,
 * the model clips the gradients itself and reports their global norm.
 */
export class OnnxStepKernel implements StepKernel<Tensor> {
  private readonly models: ModelCache<LoadedModel>;

  /**
   * @param compiled - the rule, its hyperparameters, slots and traced program
   * @param dtype - the element type of every tensor
   * @param options - runtime, chunking, caching and clipping
   * @param backendId - the backend's id, for error messages
   */
  constructor(
    private readonly compiled: CompiledRule,
    private readonly dtype: DType,
    private readonly options: StepKernelOptions,
    private readonly backendId: string,
  ) {
    this.models = new ModelCache(options.maxCachedModels, (m) => m.session.dispose());
  }

  /**
   * Runs one step over `groups` (see core's `StepKernel`).
   *
   * @throws RangeError naming the group and tensor whose dtype or shape does not match; Error for
   * a missing tensor or scalar; with clipping, `NonFiniteGradientError` when the global norm is not
   * finite and `nonFinite` is `error` (before any result is written)
   */
  run(groups: readonly StepGroup<Tensor>[], scalars: Readonly<Record<string, number>>, inPlace = false, names?: readonly string[]): StepOutcome<Tensor> {
    const sizes = checkGroups(this.compiled, this.dtype, groups, this.backendId);
    const values = scalarValues(this.compiled, scalars);
    const clip = this.options.clipByGlobalNorm !== undefined;
    if (groups.length === 0) return clip ? { outputs: [], gradNorm: 0 } : { outputs: [] };
    const chunks = splitChunks(sizes, this.options.chunkElements);
    const { session, layout } = this.model(chunks);
    const results = session.run(stepFeeds(this.compiled, this.dtype, groups, chunks, layout, values, ortTensor));
    const gradNorm = layout.globalNorm === undefined ? undefined : Number(results[layout.globalNorm]!.data[0]);
    if (gradNorm !== undefined && !Number.isFinite(gradNorm) && this.options.nonFinite !== 'nan') {
      const bad = groups.findIndex((g) => dataOf(g.grad!).some((x) => !Number.isFinite(x)));
      const at = bad < 0 ? 0 : bad;
      throw new NonFiniteGradientError(names?.[at] ?? String(at), { value: Math.sqrt(onnxLinAlg.sumOfSquares(groups[at]!.grad!)), source: 'clipByGlobalNorm' });
    }
    const outputs = stepOutputs(this.compiled, this.dtype, groups, chunks, layout, results, inPlace, ortTensor);
    return gradNorm === undefined ? { outputs } : { outputs, gradNorm };
  }

  /** Releases every loaded model. */
  dispose(): void {
    this.models.clear();
  }

  /** The model for these chunk sizes, loaded on first use. */
  private model(chunks: readonly Chunk[]): LoadedModel {
    const key = modelKey(chunks);
    let m = this.models.get(key);
    if (!m) {
      const { bytes, layout } = encodeStepModel(this.compiled, this.dtype, chunks, this.options.clipByGlobalNorm);
      m = { session: new StepSession(bytes, this.options.runtime), layout };
      this.models.set(key, m);
    }
    return m;
  }
}

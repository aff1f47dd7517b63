/**
 * The step kernel of the `onnx-web-*` backends: one onnxruntime-web run per optimizer step.
 *
 * @module
 */
import { transformGradients, type CompiledRule, type DType, type LinAlg, type StepGroup, type StepKernel, type StepOutcome } from '@stablegrad/core';
import type { InferenceSession, Tensor } from 'onnxruntime-common';
import type { StepModelLayout } from '../graph/layout.js';
import { STEP_SESSION_OPTIONS } from '../runtime/session-options.js';
import { ModelCache, checkGroups, encodeStepModel, modelKey, scalarValues, splitChunks, stepFeeds, stepOutputs, type TensorMaker } from '../backend/step-model-io.js';
import type { OrtWeb } from './ort-web.js';

/** How a web kernel builds and runs its models. */
export interface WebStepKernelOptions {
  /** The onnxruntime-web module. */
  readonly ort: OrtWeb;
  /** Makes an onnxruntime-web tensor over an array. */
  readonly tensor: TensorMaker;
  /** The execution provider (`wasm` or `webgpu`). */
  readonly executionProvider: 'wasm' | 'webgpu';
  /** Largest number of elements of one tensor inside the model; larger parameters are split. */
  readonly chunkElements: number;
  /** Models (one per set of tensor sizes) kept loaded; the least recently used is released. */
  readonly maxCachedModels: number;
  /** The linear algebra the gradient transforms run through, before the model. */
  readonly linalg: LinAlg<Tensor>;
}

interface LoadedModel {
  readonly session: InferenceSession;
  readonly layout: StepModelLayout;
}

/**
 * Runs a compiled rule as one ONNX model per step on onnxruntime-web: the same model, built the
 * same way, as the `onnx-cpu` backend runs on onnxruntime-node, so the same instructions in the
 * same order; gradient transforms run before it on the host. onnxruntime-web only runs
 * asynchronously, so this kernel implements `runAsync` (used by core's `Optimizer.stepAsync`);
 * `run` throws. Results come back in host memory.
 */
export class WebStepKernel implements StepKernel<Tensor> {
  private readonly models: ModelCache<Promise<LoadedModel>>;

  /**
   * @param compiled - the rule, its hyperparameters, slots and traced program
   * @param dtype - the element type of every tensor
   * @param options - the runtime, execution provider, chunking and caching
   * @param backendId - the backend's id, for error messages
   */
  constructor(
    private readonly compiled: CompiledRule,
    private readonly dtype: DType,
    private readonly options: WebStepKernelOptions,
    private readonly backendId: string,
  ) {
    this.models = new ModelCache(options.maxCachedModels, (m) => void m.then((l) => l.session.release()).catch(() => undefined));
  }

  /**
   * Always throws: onnxruntime-web computes asynchronously.
   *
   * @throws Error naming `Optimizer.stepAsync`
   */
  run(): never {
    throw new Error(`${this.backendId}: onnxruntime-web runs asynchronously; step with Optimizer.stepAsync (or call runAsync)`);
  }

  /**
   * Runs one step over `groups` (see core's `StepKernel.runAsync`).
   *
   * @throws RangeError naming the group and tensor whose dtype or shape does not match; Error for
   * a missing tensor or scalar, or with onnxruntime-web's message
   */
  async runAsync(
    given: readonly StepGroup<Tensor>[],
    scalars: Readonly<Record<string, number>>,
    inPlace = false,
    names?: readonly string[],
  ): Promise<StepOutcome<Tensor>> {
    checkGroups(this.compiled, this.dtype, given, this.backendId);
    const values = scalarValues(this.compiled, scalars);
    const { groups, gradNorm } = transformGradients(this.compiled, this.options.linalg, given, names);
    const outputs = await this.update(groups, values, inPlace);
    return gradNorm === undefined ? { outputs } : { outputs, gradNorm };
  }

  /** The model's run over groups whose gradients are final. */
  private async update(groups: readonly StepGroup<Tensor>[], values: readonly number[], inPlace: boolean): Promise<Record<string, Tensor>[]> {
    const sizes = groups.map((g) => g.param!.size);
    if (groups.length === 0) return [];
    const chunks = splitChunks(sizes, this.options.chunkElements);
    const key = modelKey(chunks);
    let pending = this.models.get(key);
    if (!pending) {
      const { bytes, layout } = encodeStepModel(this.compiled, this.dtype, chunks);
      pending = this.options.ort.InferenceSession.create(bytes, { ...STEP_SESSION_OPTIONS, executionProviders: [this.options.executionProvider] }).then(
        (session) => ({ session, layout }),
        (e: unknown) => {
          throw new Error(`${this.backendId}: onnxruntime-web rejected the model: ${(e as Error).message}`);
        },
      );
      this.models.set(key, pending);
    }
    const { session, layout } = await pending;
    const results = await session.run(stepFeeds(this.compiled, this.dtype, groups, chunks, layout, values, this.options.tensor));
    return stepOutputs(this.compiled, this.dtype, groups, chunks, layout, results, inPlace, this.options.tensor);
  }

  /** Releases every loaded model. */
  dispose(): void {
    this.models.clear();
  }
}

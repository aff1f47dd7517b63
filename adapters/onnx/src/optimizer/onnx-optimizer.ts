/**
 * core's optimizer on ONNX Runtime, with gradient clipping inside the step model.
 *
 * @module
 */
import {
  Optimizer,
  clipByGlobalNorm,
  type DType,
  type OptimizerState,
  type ParameterConstraint,
  type Rule,
  type StepResult,
} from '@stablegrad/core';
import type { Tensor } from 'onnxruntime-node';
import { createOnnxBackend, type OnnxBackend, type OnnxBackendOptions } from '../backend/onnx-backend.js';

/** Options of an {@link OnnxOptimizer}. */
export interface OnnxOptimizerOptions extends OnnxBackendOptions {
  /** Element type of parameters, gradients and slots (default `float32`). */
  readonly dtype?: DType;
  /**
   * Clip the gradients by their global norm (core's `clipByGlobalNorm(maxNorm)`) inside the step
   * model, in the same ONNX Runtime run as the update; `StepResult.gradNorms.clipByGlobalNorm`
   * reports the norm before clipping.
   */
  readonly clipByGlobalNorm?: number;
  /** Constraints by parameter name, applied right after the update (e.g. `SpectralNormConstraint`). */
  readonly constraints?: Readonly<Record<string, ParameterConstraint>>;
  /** Check every gradient for NaN and infinities before the step and throw `NonFiniteGradientError`. */
  readonly checkFinite?: boolean;
}

/**
 * core's {@link Optimizer} on ONNX Runtime: state (`OptimizerState<Tensor>`) is kept as
 * `onnxruntime-node` tensors between steps, and each step of the whole parameter set (gradient
 * clipping included, when asked for) is one run of one ONNX model. Everything else (`init`,
 * validation, constraints, `toJSON`/`fromJSON`) is core's.
 *
 * ```ts
 * import { Tensor } from 'onnxruntime-node';
 * const opt = new OnnxOptimizer('sdprop', { lr: 1e-3 }, { clipByGlobalNorm: 1 });
 * let params = { w: new Tensor('float32', new Float32Array(15), [3, 5]) };
 * let state = opt.init(params);
 * // each training step, with a gradient `gw` of the same shape:
 * const r = opt.step({ w: gw }, state, params);
 * ({ params, state } = r); // r.gradNorms.clipByGlobalNorm: the norm before clipping
 * opt.dispose();
 * ```
 */
export class OnnxOptimizer extends Optimizer<Tensor> {
  /** The in-graph clipping threshold, when clipping. */
  readonly clipMaxNorm: number | undefined;
  private readonly onnx: OnnxBackend;
  private readonly norm: { last: number };

  /**
   * @param rule - a built-in rule id (`sdprop`, `adastand`, `adam`, `rmsprop`, `sgd`) or a rule
   * @param hyper - hyperparameters; omitted ones take the rule's defaults
   * @param options - dtype, in-graph clipping, constraints, finiteness check, execution providers
   * @throws RangeError for an unknown rule, a hyperparameter, `clipByGlobalNorm` or an option out of
   * range
   */
  constructor(rule: string | Rule<any>, hyper: Readonly<Record<string, unknown>> = {}, options: OnnxOptimizerOptions = {}) {
    const { dtype, clipByGlobalNorm: maxNorm, constraints, checkFinite, ...backendOptions } = options;
    const norm = { last: NaN };
    const clip = maxNorm === undefined ? undefined : { maxNorm: clipByGlobalNorm(maxNorm).hyper.maxNorm, onGlobalNorm: (n: number) => (norm.last = n) };
    const backend = createOnnxBackend(backendOptions, clip);
    super(rule, hyper, {
      backend,
      ...(dtype !== undefined ? { dtype } : {}),
      ...(constraints !== undefined ? { constraints } : {}),
      ...(checkFinite !== undefined ? { checkFinite } : {}),
    });
    this.onnx = backend;
    this.norm = norm;
    this.clipMaxNorm = clip?.maxNorm;
  }

  /**
   * One update of every parameter: one ONNX Runtime run (clipping and the rule), then the
   * constraints. See core's `Optimizer.step`.
   *
   * @param inPlace - write the new parameters and slots into the given tensors' memory
   */
  override step(
    grads: Readonly<Record<string, Tensor>>,
    state: OptimizerState<Tensor>,
    params: Readonly<Record<string, Tensor>>,
    inPlace = false,
  ): StepResult<Tensor> {
    const r = super.step(grads, state, params, inPlace);
    return this.clipMaxNorm === undefined ? r : { ...r, gradNorms: { ...r.gradNorms, clipByGlobalNorm: this.norm.last } };
  }

  /** Releases the ONNX Runtime sessions; a later step loads its model again. */
  dispose(): void {
    this.onnx.dispose();
  }
}

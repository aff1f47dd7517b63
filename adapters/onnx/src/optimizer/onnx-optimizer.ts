/**
 * core's optimizer on ONNX Runtime, with gradient clipping inside the step model.
 *
 * @module
 */
import { Optimizer, clipByGlobalNorm, type DType, type NonFiniteNorm, type ParameterConstraint, type Rule } from '@stablegrad/core';
import type { Tensor } from 'onnxruntime-node';
import { onnxBackend, type OnnxBackend, type OnnxBackendOptions } from '../backend/onnx-backend.js';

/** Options of an {@link OnnxOptimizer}. */
export interface OnnxOptimizerOptions extends OnnxBackendOptions {
  /** Element type of parameters, gradients and slots (default `float32`). */
  readonly dtype?: DType;
  /**
   * Clip the gradients by their global norm (core's `clipByGlobalNorm(maxNorm)`), inside the step
   * model unless `fuseTransforms` is set to false; `StepResult.gradNorm` reports the norm before
   * clipping.
   */
  readonly clipByGlobalNorm?: number;
  /** What clipping does with a non-finite global norm: `error` (default) or `nan` (see core's `clipByGlobalNorm`). */
  readonly clipNonFinite?: NonFiniteNorm;
  /** Constraints by parameter name, applied right after the update (e.g. `SpectralNormConstraint`). */
  readonly constraints?: Readonly<Record<string, ParameterConstraint<Tensor>>>;
  /** Check every gradient for NaN and infinities before the step and throw `NonFiniteGradientError`. */
  readonly checkFinite?: boolean;
}

/**
 * core's {@link Optimizer} on its own {@link onnxBackend}, with `fuseTransforms` on by default: state (`OptimizerState<Tensor>`) is
 * kept as `onnxruntime-node` tensors between steps, and each step of the whole parameter set
 * (gradient clipping included, when asked for) is one run of one ONNX model. Everything else
 * (`init`, `step`, validation, constraints, `toJSON`/`fromJSON`) is core's; this class only
 * builds the backend and releases it.
 *
 * ```ts
 * import { Tensor } from 'onnxruntime-node';
 * const opt = new OnnxOptimizer('sdprop', { lr: 1e-3 }, { clipByGlobalNorm: 1 });
 * let params = { w: new Tensor('float32', new Float32Array(15), [3, 5]) };
 * let state = opt.init(params);
 * // each training step, with a gradient `gw` of the same shape:
 * const r = opt.step({ w: gw }, state, params);
 * ({ params, state } = r); // r.gradNorm: the norm before clipping
 * opt.dispose();
 * ```
 */
export class OnnxOptimizer extends Optimizer<Tensor> {
  private readonly onnx: OnnxBackend;

  /**
   * @param rule - a built-in rule id (`sdprop`, `adastand`, `adam`, `rmsprop`, `sgd`) or a rule
   * @param hyper - hyperparameters; omitted ones take the rule's defaults
   * @param options - dtype, clipping, constraints, finiteness check, execution providers
   * @throws RangeError for an unknown rule, a hyperparameter, `clipByGlobalNorm` or an option out of
   * range
   */
  constructor(rule: string | Rule<any>, hyper: Readonly<Record<string, unknown>> = {}, options: OnnxOptimizerOptions = {}) {
    const { dtype, clipByGlobalNorm: maxNorm, clipNonFinite, constraints, checkFinite, ...backendOptions } = options;
    const gradientTransforms = maxNorm === undefined ? [] : [clipByGlobalNorm(maxNorm, clipNonFinite === undefined ? {} : { nonFinite: clipNonFinite })];
    const backend = onnxBackend({ fuseTransforms: true, ...backendOptions });
    super(rule, hyper, {
      backend,
      gradientTransforms,
      ...(dtype !== undefined ? { dtype } : {}),
      ...(constraints !== undefined ? { constraints } : {}),
      ...(checkFinite !== undefined ? { checkFinite } : {}),
    });
    this.onnx = backend;
  }

  /** Releases the ONNX Runtime sessions; a later step loads its model again. */
  dispose(): void {
    this.onnx.dispose();
  }
}

/**
 * The contract between the optimizer and a backend.
 *
 * @module
 */
import type { LinAlg } from '../linalg/linalg.js';
import type { Hyper } from '../hyper.js';
import type { Rule } from '../rule.js';
import type { GradientTransform } from '../transforms/gradient-transform.js';
import type { DType, HostTensor } from '../tensor.js';
import type { Program } from '../trace/program.js';

/**
 * A rule fixed to its hyperparameters, with its traced program and the gradient transforms that
 * run before it: what a backend compiles into one step kernel.
 */
export interface CompiledRule<H extends Hyper = Hyper> {
  /** The rule. */
  readonly rule: Rule<H>;
  /** Its resolved hyperparameters. */
  readonly hyper: H;
  /** Slot names, in the rule's order. */
  readonly slots: readonly string[];
  /** The rule traced under `hyper`. */
  readonly program: Program;
  /**
   * Applied to the whole gradient set, in order, before the update (e.g. `clipByGlobalNorm(1)`);
   * a backend may fuse them with the update.
   */
  readonly transforms: readonly GradientTransform[];
  /** Whether each step reports the global norm of the incoming gradients even when no transform measures it. */
  readonly reportGradNorm: boolean;
}

/**
 * One tensor's worth of step inputs, by program input name (`param`, `grad` and the slot names).
 */
export type StepGroup<Tn> = Readonly<Record<string, Tn>>;

/** What one run of a {@link StepKernel} produced. */
export interface StepOutcome<Tn> {
  /** Per group, the outputs by name (`param` and the slot names). */
  readonly outputs: Record<string, Tn>[];
  /**
   * The global norm `sqrt(sum of g^2 over all gradients)` of the incoming gradients, when the first
   * gradient transform measured it or `reportGradNorm` asked for it.
   */
  readonly gradNorm?: number;
}

/** An executable optimizer step for one compiled rule and dtype. */
export interface StepKernel<Tn> {
  /**
   * Runs the step over every group (one group per parameter tensor) with the given per-step
   * scalars (float64 values; a float32 kernel rounds them to float32 once): the gradient
   * transforms, then the rule.
   *
   * Nothing given is changed when it throws. Tensors the kernel creates and does not return
   * (transformed gradients) are freed by it.
   *
   * @param inPlace - write the new parameter and slots over the inputs instead of allocating
   * @param names - the parameter name of each group, for messages (default: the group's index)
   */
  run(groups: readonly StepGroup<Tn>[], scalars: Readonly<Record<string, number>>, inPlace?: boolean, names?: readonly string[]): StepOutcome<Tn>;
  /**
   * The same step for runtimes that only compute asynchronously (onnxruntime-web): same
   * arguments and results as {@link StepKernel.run}. A kernel that has it may throw from `run`,
   * naming this method; `Optimizer.stepAsync` uses it when present, `run` otherwise.
   */
  runAsync?(groups: readonly StepGroup<Tn>[], scalars: Readonly<Record<string, number>>, inPlace?: boolean, names?: readonly string[]): Promise<StepOutcome<Tn>>;
}

/**
 * A place where optimizer steps run, over its own tensor type `Tn`.
 *
 * Core provides `reference-f64`, `reference-f32` and `js` over {@link HostTensor}; adapters
 * provide backends over TensorFlow.js tensors, ONNX Runtime values or native handles.
 */
export interface Backend<Tn = HostTensor> {
  /** Stable id, such as `js` or `tfjs-cpu`. */
  readonly id: string;
  /** The dtypes this backend computes in. */
  readonly dtypes: readonly DType[];
  /** Prepares a step kernel for `rule` in `dtype`. */
  compile(rule: CompiledRule, dtype: DType): StepKernel<Tn>;
  /** Copies a host tensor onto the backend, converting it to `dtype`. */
  fromHost(t: HostTensor, dtype: DType): Tn;
  /** Copies a backend tensor to the host. */
  toHost(t: Tn): HostTensor;
  /**
   * Copies a backend tensor to the host asynchronously, for backends whose synchronous read is
   * slow or unreliable (a GPU in a browser); readers that can wait prefer it when present.
   */
  toHostAsync?(t: Tn): Promise<HostTensor>;
  /** A new zero tensor. */
  zeros(shape: readonly number[], dtype: DType): Tn;
  /** The shape of a tensor. */
  shape(t: Tn): readonly number[];
  /** The dtype of a tensor. */
  dtype(t: Tn): DType;
  /** Index of the first NaN or infinite element, or -1 when every element is finite. */
  findNonFinite(t: Tn): number;
  /**
   * Frees a tensor, on backends whose tensors hold memory outside the JavaScript heap (native
   * memory, tfjs tensors); absent where the garbage collector is enough.
   */
  disposeTensor?(t: Tn): void;
  /** Linear algebra for gradient transforms and constraints. */
  readonly linalg: LinAlg<Tn>;
}

/**
 * The optimizer: a rule, a backend and a dtype, stepping a named parameter set.
 *
 * @module
 */
import type { Backend, CompiledRule, StepKernel, StepOutcome } from '../backends/backend.js';
import { compileRule } from '../backends/compile-rule.js';
import { applyConstraints, type ParameterConstraint } from '../constraints/parameter-constraint.js';
import type { Hyper } from '../hyper.js';
import type { Rule } from '../rule.js';
import type { DType, HostTensor } from '../tensor.js';
import type { GradientTransform } from '../transforms/gradient-transform.js';
import { checkStep, checkTensor, type StepContext } from './check-step.js';
import { NonFiniteGradientError } from './errors.js';
import { STATE_FORMAT, encodeTensor, type OptimizerState, type SerializedState } from './state.js';
import { decodeState, type FromJsonOptions } from './state-json.js';
import { stepScalars } from './step-scalars.js';

/** Options of an {@link Optimizer}. */
export interface OptimizerOptions<Tn> {
  /** Where the step runs. */
  readonly backend: Backend<Tn>;
  /** Element type of parameters, gradients and slots (default `float32`). */
  readonly dtype?: DType;
  /**
   * Applied to the gradients, in order, before the update (e.g. `clipByGlobalNorm(1)`); they are
   * compiled with the rule, so a backend may fuse them into its step.
   */
  readonly gradientTransforms?: readonly GradientTransform[];
  /**
   * Report the global norm of the incoming gradients in every {@link StepResult} even when no
   * transform measures it (default false; clipping by the global norm always measures it).
   */
  readonly reportGradNorm?: boolean;
  /** Constraints by parameter name, applied right after the update. */
  readonly constraints?: Readonly<Record<string, ParameterConstraint<NoInfer<Tn>>>>;
  /** Check every gradient for NaN and infinities and throw {@link NonFiniteGradientError}. */
  readonly checkFinite?: boolean;
}

/** What one {@link Optimizer.step} returns. */
export interface StepResult<Tn> {
  /** The updated parameters. */
  readonly params: Record<string, Tn>;
  /** The state after the step. */
  readonly state: OptimizerState<Tn>;
  /**
   * The global norm of the incoming gradients, `sqrt(sum of g^2)` over every gradient, when the
   * first gradient transform measured it or `reportGradNorm` asked for it.
   */
  readonly gradNorm?: number;
}

/** What {@link Optimizer.step} hands to the kernel, and what it needs afterwards. */
interface PreparedStep<Tn> {
  /** The parameter names, in order. */
  readonly names: readonly string[];
  /** The step being taken (1-based). */
  readonly t: number;
  /** The rule's per-step scalars. */
  readonly scalars: Readonly<Record<string, number>>;
  /** One group of kernel inputs per parameter. */
  readonly groups: readonly Record<string, Tn>[];
  /** In place was asked for, but the step computes into new tensors because of constraints. */
  readonly staged: boolean;
  /** Whether the kernel writes over its inputs. */
  readonly writeInPlace: boolean;
}

/**
 * A rule bound to a backend and a dtype, updating a whole named parameter set per call
 * (optax's `init` / `update` model: state is explicit data, nothing is hidden in the optimizer).
 *
 * ```ts
 * const opt = new Optimizer('sdprop', { lr: 1e-3 }, { backend: jsBackend });
 * let state = opt.init(params);
 * ({ params, state } = opt.step(grads, state, params));
 * ```
 *
 * A step is atomic: everything that can be checked is checked before anything is computed, and a
 * step that fails (a bad input, a non-finite gradient, a constraint that cannot project) leaves
 * the parameters, slots and step count it was given exactly as they were. Tensors a step creates
 * and does not return (clipped gradients, parameters a constraint replaced) are freed on backends
 * that hold memory outside the JavaScript heap.
 *
 * @typeParam Tn - the backend's tensor type
 */
export class Optimizer<Tn = HostTensor> {
  /** The rule, its hyperparameters, slot names and traced program. */
  readonly compiled: CompiledRule;
  /** Where steps run. */
  readonly backend: Backend<Tn>;
  /** Element type. */
  readonly dtype: DType;
  private readonly kernel: StepKernel<Tn>;
  private readonly options: OptimizerOptions<Tn>;
  private readonly ctx: StepContext<Tn>;

  /**
   * @param rule - a built-in rule id (`sdprop`, `adastand`, `adam`, `rmsprop`, `sgd`) or a rule
   * @param hyper - hyperparameters; omitted ones take the rule's defaults
   * @param options - backend, dtype, gradient transforms, constraints, finiteness check
   * @throws RangeError for an unknown rule, a hyperparameter out of range, a per-step scalar that is
   * not finite in the dtype (a learning rate of 1e300 in float32), or a dtype the backend lacks
   */
  constructor(rule: string | Rule<any>, hyper: Readonly<Record<string, unknown>> = {}, options: OptimizerOptions<Tn>) {
    this.compiled = compileRule(rule, hyper, {
      ...(options.gradientTransforms !== undefined ? { transforms: options.gradientTransforms } : {}),
      ...(options.reportGradNorm !== undefined ? { reportGradNorm: options.reportGradNorm } : {}),
    });
    this.backend = options.backend;
    this.dtype = options.dtype ?? 'float32';
    if (!this.backend.dtypes.includes(this.dtype)) {
      throw new RangeError(
        `dtype: backend '${this.backend.id}' computes in ${this.backend.dtypes.join(', ')}, not '${this.dtype}'`,
      );
    }
    stepScalars(this.compiled, this.dtype, 1);
    this.kernel = this.backend.compile(this.compiled, this.dtype);
    this.options = options;
    this.ctx = { backend: this.backend, dtype: this.dtype, compiled: this.compiled, constrained: Object.keys(options.constraints ?? {}) };
  }

  /** The resolved hyperparameters. */
  get hyper(): Hyper {
    return this.compiled.hyper;
  }

  /** Zero slots for every parameter, step 0. */
  init(params: Readonly<Record<string, Tn>>): OptimizerState<Tn> {
    for (const [name, p] of Object.entries(params)) checkTensor(this.ctx, () => `params.${name}`, p);
    const slots: Record<string, Record<string, Tn>> = {};
    for (const [name, p] of Object.entries(params)) {
      slots[name] = Object.fromEntries(this.compiled.slots.map((s) => [s, this.backend.zeros(this.backend.shape(p), this.dtype)]));
    }
    return { step: 0, slots, constraints: {} };
  }

  /**
   * One update of every parameter: gradient transforms, then the rule (one kernel call for the
   * whole set), then the constraints.
   *
   * @param inPlace - overwrite `params` and the state's slots instead of allocating new tensors:
   * the inputs are handed over and must not be used afterwards except through the result. With
   * constraints the step computes into new tensors (so that a constraint that fails changes
   * nothing) and frees the inputs once it has succeeded; on a backend whose tensors cannot be
   * written (tfjs) the step frees the inputs it replaced.
   * @throws RangeError when names, shapes or dtypes of `grads`, `state` and `params` disagree or a
   * per-step scalar is not finite; {@link NonFiniteGradientError} when `checkFinite` is on or
   * clipping finds a gradient that is not finite; what a constraint throws. Nothing given changes.
   */
  step(
    grads: Readonly<Record<string, Tn>>,
    state: OptimizerState<Tn>,
    params: Readonly<Record<string, Tn>>,
    inPlace = false,
  ): StepResult<Tn> {
    const p = this.prepareStep(grads, state, params, inPlace);
    return this.finishStep(p, this.kernel.run(p.groups, p.scalars, p.writeInPlace, p.names), grads, state);
  }

  /**
   * {@link Optimizer.step} for backends whose kernels compute asynchronously (onnxruntime-web):
   * the same checks, transforms, update and constraints, awaiting the kernel. It works on every
   * backend (a synchronous kernel is simply awaited).
   *
   * @param inPlace - overwrite `params` and the state's slots instead of allocating new tensors
   * @throws as {@link Optimizer.step} (the promise rejects)
   */
  async stepAsync(
    grads: Readonly<Record<string, Tn>>,
    state: OptimizerState<Tn>,
    params: Readonly<Record<string, Tn>>,
    inPlace = false,
  ): Promise<StepResult<Tn>> {
    const p = this.prepareStep(grads, state, params, inPlace);
    const outcome = this.kernel.runAsync
      ? await this.kernel.runAsync(p.groups, p.scalars, p.writeInPlace, p.names)
      : this.kernel.run(p.groups, p.scalars, p.writeInPlace, p.names);
    return this.finishStep(p, outcome, grads, state);
  }

  /** Checks the inputs and gathers the kernel's groups and scalars; nothing is computed yet. */
  private prepareStep(
    grads: Readonly<Record<string, Tn>>,
    state: OptimizerState<Tn>,
    params: Readonly<Record<string, Tn>>,
    inPlace: boolean,
  ): PreparedStep<Tn> {
    const names = checkStep(this.ctx, grads, state, params);
    const t = state.step + 1;
    if (this.options.checkFinite) {
      for (const name of names) {
        const i = this.backend.findNonFinite(grads[name]!);
        if (i >= 0) throw new NonFiniteGradientError(name, { step: t, index: i, value: this.backend.toHost(grads[name]!).data[i]! });
      }
    }
    const scalars = stepScalars(this.compiled, this.dtype, t);
    const staged = inPlace && this.ctx.constrained.length > 0;
    const groups = names.map((name) => ({ param: params[name]!, grad: grads[name]!, ...state.slots[name] }));
    return { names, t, scalars, groups, staged, writeInPlace: inPlace && !staged };
  }

  /**
   * The kernel's outputs as new parameters and state, after the constraints; frees what the step
   * created and no longer uses, and in a staged in-place step the inputs it was handed.
   */
  private finishStep(p: PreparedStep<Tn>, outcome: StepOutcome<Tn>, grads: Readonly<Record<string, Tn>>, state: OptimizerState<Tn>): StepResult<Tn> {
    const { outputs, gradNorm } = outcome;
    const updated: Record<string, Tn> = {};
    const newSlots: Record<string, Record<string, Tn>> = {};
    p.names.forEach((name, i) => {
      const out = outputs[i]!;
      updated[name] = out.param!;
      newSlots[name] = Object.fromEntries(this.compiled.slots.map((s) => [s, out[s]!]));
    });
    const given = new Set<Tn>(p.groups.flatMap((g) => Object.values(g)));
    let constrained: ReturnType<typeof applyConstraints<Tn>>;
    try {
      constrained = applyConstraints(this.backend.linalg, this.options.constraints ?? {}, updated, state.constraints);
    } catch (e) {
      if (!p.writeInPlace) this.free(outputs.flatMap((o) => Object.values(o)), given);
      throw e;
    }
    const kept = new Set<Tn>([...Object.values(constrained.params), ...Object.values(newSlots).flatMap((s) => Object.values(s))]);
    this.free(Object.values(updated), new Set([...given, ...kept]));
    // In place, the inputs were handed over: free those the result does not hold (all of them
    // in a staged step, and those a kernel that cannot write in place, like tfjs's, replaced).
    if (p.staged || p.writeInPlace) this.free([...given].filter((x) => !p.names.some((n) => grads[n] === x)), kept);
    const next = { params: constrained.params, state: { step: p.t, slots: newSlots, constraints: constrained.state } };
    return gradNorm === undefined ? next : { ...next, gradNorm };
  }

  /** The state as JSON data (see {@link SerializedState}). */
  toJSON(state: OptimizerState<Tn>): SerializedState {
    const slots: Record<string, ReturnType<typeof encodeTensor>> = {};
    for (const [param, bySlot] of Object.entries(state.slots)) {
      for (const [slot, t] of Object.entries(bySlot)) slots[`${param}/${slot}`] = encodeTensor(this.backend.toHost(t));
    }
    return {
      format: STATE_FORMAT,
      rule: this.compiled.rule.id,
      hyper: this.compiled.hyper,
      dtype: this.dtype,
      step: state.step,
      slots,
      constraints: structuredClone(state.constraints),
    };
  }

  /**
   * Reads a state written by {@link Optimizer.toJSON} onto this optimizer's backend, after
   * checking all of it: format, rule, dtype, step count, hyperparameters (which must equal this
   * optimizer's unless `options.hyper` is `use-current`), every slot's shape and values, and each
   * constraint's state.
   *
   * @throws TypeError or RangeError naming the field when the data is not a valid state for this
   * optimizer
   */
  fromJSON(json: unknown, options: FromJsonOptions = {}): OptimizerState<Tn> {
    return decodeState(json, { backend: this.backend, dtype: this.dtype, compiled: this.compiled, constraints: this.options.constraints ?? {} }, options);
  }

  /** Frees each of `tensors` that is not in `keep`, once, on backends that free explicitly. */
  private free(tensors: readonly Tn[], keep: ReadonlySet<Tn>): void {
    const done = new Set<Tn>();
    for (const t of tensors) {
      if (keep.has(t) || done.has(t)) continue;
      done.add(t);
      this.backend.disposeTensor?.(t);
    }
  }
}

/**
 * The optimizer: a rule, a backend and a dtype, stepping a named parameter set.
 *
 * @module
 */
import type { Backend, CompiledRule, StepKernel } from '../backends/backend.js';
import type { LinAlg } from '../linalg/linalg.js';
import type { Hyper, Rule } from '../rule.js';
import { getRule } from '../rules/index.js';
import { sizeOf, type DType, type HostTensor } from '../tensor.js';
import { traceRule } from '../trace/trace.js';
import type { GradientTransform } from '../transforms/gradient-transform.js';
import { NonFiniteGradientError } from './errors.js';
import {
  STATE_FORMAT,
  decodeNumber,
  encodeTensor,
  type OptimizerState,
  type SerializedState,
} from './state.js';

/** A projection applied to one parameter right after each update (Keras's `constraint`). */
export interface ParameterConstraint {
  /**
   * Projects `W`, given this constraint's state from the previous step (`undefined` at first).
   * The state must be JSON data.
   */
  apply<Tn>(la: LinAlg<Tn>, W: Tn, state: unknown): { readonly W: Tn; readonly state: unknown };
}

/** Options of an {@link Optimizer}. */
export interface OptimizerOptions<Tn> {
  /** Where the step runs. */
  readonly backend: Backend<Tn>;
  /** Element type of parameters, gradients and slots (default `float32`). */
  readonly dtype?: DType;
  /** Applied to the gradients, in order, before the update (e.g. `clipByGlobalNorm(1)`). */
  readonly gradientTransforms?: readonly GradientTransform[];
  /** Constraints by parameter name, applied right after the update. */
  readonly constraints?: Readonly<Record<string, ParameterConstraint>>;
  /** Check every gradient for NaN and infinities and throw {@link NonFiniteGradientError}. */
  readonly checkFinite?: boolean;
}

/** What one {@link Optimizer.step} returns. */
export interface StepResult<Tn> {
  /** The updated parameters. */
  readonly params: Record<string, Tn>;
  /** The state after the step. */
  readonly state: OptimizerState<Tn>;
  /** The global gradient norm measured by each gradient transform that reports one, by transform name. */
  readonly gradNorms: Readonly<Record<string, number>>;
}

/** What {@link Optimizer.step} hands to the kernel, and what it needs afterwards. */
interface PreparedStep<Tn> {
  readonly names: readonly string[];
  readonly t: number;
  readonly gradNorms: Record<string, number>;
  readonly scalars: Readonly<Record<string, number>>;
  readonly groups: readonly Record<string, Tn>[];
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

  /**
   * @param rule - a built-in rule id (`sdprop`, `adastand`, `adam`, `rmsprop`, `sgd`) or a rule
   * @param hyper - hyperparameters; omitted ones take the rule's defaults
   * @param options - backend, dtype, gradient transforms, constraints, finiteness check
   * @throws RangeError for an unknown rule, a hyperparameter out of range, or a dtype the backend lacks
   */
  constructor(rule: string | Rule<any>, hyper: Readonly<Record<string, unknown>> = {}, options: OptimizerOptions<Tn>) {
    const r: Rule<Hyper> = typeof rule === 'string' ? getRule(rule) : rule;
    const resolved = r.resolve(hyper);
    this.compiled = { rule: r, hyper: resolved, slots: r.slots(resolved), program: traceRule(r, resolved) };
    this.backend = options.backend;
    this.dtype = options.dtype ?? 'float32';
    if (!this.backend.dtypes.includes(this.dtype)) {
      throw new RangeError(
        `dtype: backend '${this.backend.id}' computes in ${this.backend.dtypes.join(', ')}, not '${this.dtype}'`,
      );
    }
    this.kernel = this.backend.compile(this.compiled, this.dtype);
    this.options = options;
  }

  /** The resolved hyperparameters. */
  get hyper(): Hyper {
    return this.compiled.hyper;
  }

  /** Zero slots for every parameter, step 0. */
  init(params: Readonly<Record<string, Tn>>): OptimizerState<Tn> {
    const slots: Record<string, Record<string, Tn>> = {};
    for (const [name, p] of Object.entries(params)) {
      this.checkTensor(() => `params.${name}`, p);
      slots[name] = Object.fromEntries(this.compiled.slots.map((s) => [s, this.backend.zeros(this.backend.shape(p), this.dtype)]));
    }
    return { step: 0, slots, constraints: {} };
  }

  /**
   * One update of every parameter: gradient transforms, then the rule (one kernel call for the
   * whole set), then the constraints.
   *
   * @param inPlace - overwrite `params` and the state's slots instead of allocating new tensors
   * (the inputs must not be used afterwards except through the result)
   * @throws RangeError when names, shapes or dtypes of `grads`, `state` and `params` disagree;
   * {@link NonFiniteGradientError} when `checkFinite` is on and a gradient is not finite
   */
  step(
    grads: Readonly<Record<string, Tn>>,
    state: OptimizerState<Tn>,
    params: Readonly<Record<string, Tn>>,
    inPlace = false,
  ): StepResult<Tn> {
    const p = this.prepareStep(grads, state, params);
    return this.finishStep(p, this.kernel.run(p.groups, p.scalars, inPlace), state);
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
    const p = this.prepareStep(grads, state, params);
    const outs = this.kernel.runAsync ? await this.kernel.runAsync(p.groups, p.scalars, inPlace) : this.kernel.run(p.groups, p.scalars, inPlace);
    return this.finishStep(p, outs, state);
  }

  /** Checks the inputs, applies the gradient transforms, and gathers the kernel's groups and scalars. */
  private prepareStep(grads: Readonly<Record<string, Tn>>, state: OptimizerState<Tn>, params: Readonly<Record<string, Tn>>): PreparedStep<Tn> {
    const names = this.validateStep(grads, state, params);
    const t = state.step + 1;
    const la = this.backend.linalg;
    if (this.options.checkFinite) {
      for (const name of names) {
        const i = this.backend.findNonFinite(grads[name]!);
        if (i >= 0) throw new NonFiniteGradientError(name, t, i, this.backend.toHost(grads[name]!).data[i]!);
      }
    }
    let g: Readonly<Record<string, Tn>> = grads;
    const gradNorms: Record<string, number> = {};
    for (const transform of this.options.gradientTransforms ?? []) {
      const r = transform.apply(la, g);
      g = r.grads;
      gradNorms[transform.name] = r.norm;
    }
    const scalars = this.compiled.rule.scalars(this.compiled.hyper, t);
    const groups = names.map((name) => ({ param: params[name]!, grad: g[name]!, ...state.slots[name] }));
    return { names, t, gradNorms, scalars, groups };
  }

  /** The kernel's outputs as new parameters and state, after the constraints. */
  private finishStep(p: PreparedStep<Tn>, outs: readonly Record<string, Tn>[], state: OptimizerState<Tn>): StepResult<Tn> {
    const newParams: Record<string, Tn> = {};
    const newSlots: Record<string, Record<string, Tn>> = {};
    const constraintState: Record<string, unknown> = { ...state.constraints };
    p.names.forEach((name, i) => {
      const out = outs[i]!;
      newParams[name] = out.param!;
      const slots: Record<string, Tn> = {};
      for (const s of this.compiled.slots) slots[s] = out[s]!;
      newSlots[name] = slots;
    });
    for (const [name, c] of Object.entries(this.options.constraints ?? {})) {
      const r = c.apply(this.backend.linalg, newParams[name]!, state.constraints[name]);
      newParams[name] = r.W;
      constraintState[name] = r.state;
    }
    return { params: newParams, state: { step: p.t, slots: newSlots, constraints: constraintState }, gradNorms: p.gradNorms };
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
   * Reads a state written by {@link Optimizer.toJSON} onto this optimizer's backend.
   *
   * @throws TypeError naming the field when the data is not a state of this rule and dtype
   */
  fromJSON(json: unknown): OptimizerState<Tn> {
    const j = json as Partial<SerializedState> | null;
    if (!j || typeof j !== 'object' || j.format !== STATE_FORMAT) {
      throw new TypeError(`state.format: expected '${STATE_FORMAT}'`);
    }
    if (j.rule !== this.compiled.rule.id) throw new TypeError(`state.rule: expected '${this.compiled.rule.id}', got '${String(j.rule)}'`);
    if (j.dtype !== this.dtype) throw new TypeError(`state.dtype: expected '${this.dtype}', got '${String(j.dtype)}'`);
    if (!Number.isInteger(j.step) || j.step! < 0) throw new TypeError(`state.step: expected a non-negative integer, got ${String(j.step)}`);
    if (!j.slots || typeof j.slots !== 'object') throw new TypeError('state.slots: expected an object');
    const slots: Record<string, Record<string, Tn>> = {};
    for (const [key, value] of Object.entries(j.slots)) {
      const cut = key.lastIndexOf('/');
      const param = key.slice(0, cut);
      const slot = key.slice(cut + 1);
      if (cut <= 0 || !this.compiled.slots.includes(slot)) {
        throw new TypeError(`state.slots['${key}']: expected '<param>/<slot>' with slot one of ${this.compiled.slots.join(', ')}`);
      }
      const shape = value?.shape;
      const data = value?.data;
      if (!Array.isArray(shape) || !Array.isArray(data) || sizeOf(shape) !== data.length) {
        throw new TypeError(`state.slots['${key}']: expected { shape, data } with data of the shape's size`);
      }
      const values = data.map((x, i) => decodeNumber(x, `state.slots['${key}'].data[${i}]`));
      const host: HostTensor = {
        shape,
        data: this.dtype === 'float64' ? Float64Array.from(values) : Float32Array.from(values),
      };
      (slots[param] ??= {})[slot] = this.backend.fromHost(host, this.dtype);
    }
    for (const [param, bySlot] of Object.entries(slots)) {
      const missing = this.compiled.slots.filter((s) => !(s in bySlot));
      if (missing.length > 0) throw new TypeError(`state.slots: '${param}' lacks ${missing.map((s) => `'${param}/${s}'`).join(', ')}`);
    }
    return { step: j.step!, slots, constraints: structuredClone(j.constraints ?? {}) };
  }

  /** Checks `t`'s dtype and, when given, its shape; `where` names it in the message. */
  private checkTensor(where: () => string, t: Tn, shape?: readonly number[]): void {
    const dt = this.backend.dtype(t);
    if (dt !== this.dtype) throw new RangeError(`${where()}: expected dtype '${this.dtype}', got '${dt}'`);
    if (shape) {
      const s = this.backend.shape(t);
      let same = s.length === shape.length;
      for (let i = 0; same && i < s.length; i++) same = s[i] === shape[i];
      if (!same) throw new RangeError(`${where()}: expected shape [${shape.join(', ')}], got [${s.join(', ')}]`);
    }
  }

  private validateStep(
    grads: Readonly<Record<string, Tn>>,
    state: OptimizerState<Tn>,
    params: Readonly<Record<string, Tn>>,
  ): string[] {
    const names = Object.keys(params);
    const extra = Object.keys(grads).filter((n) => !(n in params));
    if (extra.length > 0) throw new RangeError(`grads: no parameter named ${extra.map((n) => `'${n}'`).join(', ')}`);
    if (!Number.isInteger(state?.step) || state.step < 0) throw new RangeError('state.step: expected a non-negative integer');
    for (const name of names) {
      const p = params[name]!;
      this.checkTensor(() => `params.${name}`, p);
      const shape = this.backend.shape(p);
      const g = grads[name];
      if (g === undefined) throw new RangeError(`grads.${name}: missing gradient for parameter '${name}'`);
      this.checkTensor(() => `grads.${name}`, g, shape);
      const slots = state.slots[name];
      if (!slots) throw new RangeError(`state.slots.${name}: no state for parameter '${name}' (was it passed to init?)`);
      for (const s of this.compiled.slots) {
        const t = slots[s];
        if (t === undefined) throw new RangeError(`state.slots.${name}.${s}: missing slot`);
        this.checkTensor(() => `state.slots.${name}.${s}`, t, shape);
      }
    }
    for (const name of Object.keys(this.options.constraints ?? {})) {
      if (!(name in params)) throw new RangeError(`constraints.${name}: no parameter named '${name}'`);
    }
    return names;
  }
}

/**
 * A core rule as a TensorFlow.js optimizer.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  Optimizer as CoreOptimizer,
  applyConstraints,
  clipByGlobalNorm,
  type Hyper,
  type NonFiniteNorm,
  type ParameterConstraint,
  type Rule,
} from '@stablegrad/core';
import { checkFloat32 } from '../backend/host-view.js';
import { tensorBackend } from '../backend/tensor-backend.js';
import { SlotStore, type NamedWeight } from './slot-store.js';
import { fromConfigIgnoringCustomObjects } from '../serialization.js';

/** Options every optimizer of this package takes besides the rule's hyperparameters. */
export interface RuleOptimizerOptions {
  /**
   * Clip the gradients by their global norm before each update: core's `clipByGlobalNorm`,
   * TensorFlow's `tf.clip_by_global_norm`, Keras's `global_clipnorm`. A finite number `> 0`;
   * omitted: no clipping.
   */
  readonly clipByGlobalNorm?: number;
  /**
   * What clipping does when the global norm is NaN or infinite: `error` (default) throws core's
   * `NonFiniteGradientError` before any variable changes; `nan` lets NaN into the update, as
   * TensorFlow's `clip_by_global_norm` does.
   */
  readonly clipNonFinite?: NonFiniteNorm;
  /**
   * Check every gradient for NaN and infinities before each update and throw core's
   * `NonFiniteGradientError` naming the variable (default false; it reads every gradient on
   * the host).
   */
  readonly checkFinite?: boolean;
}

/** The configuration of a {@link RuleOptimizer}: the rule's hyperparameters and the options. */
export type RuleOptimizerConfig<H extends Hyper = Hyper> = Partial<H> & RuleOptimizerOptions;

/** The gradients `applyGradients` accepts: by variable name, or a list of named tensors. */
export type VariableGradients = Parameters<tf.Optimizer['applyGradients']>[0];

const OPTION_KEYS: readonly string[] = ['clipByGlobalNorm', 'clipNonFinite', 'checkFinite'];

/**
 * A `tf.Optimizer` that updates variables with a core {@link Rule}: it works with
 * `model.compile` / `model.fit`, `optimizer.minimize` and `applyGradients`, and saves and
 * restores with the model.
 *
 * Each `applyGradients` call is one step of core's `Optimizer` on {@link tensorBackend} (the
 * current tfjs backend): optional finiteness check and global-norm clipping, then the rule's
 * traced program for every variable, instruction by instruction as tfjs ops, all inside one
 * `tf.tidy`; the new values are assigned to the variables and to the slot variables, so no
 * tensor outlives the step. The step count `t` of the rule's per-step scalars is
 * `iterations + 1`.
 *
 * `getWeights()` returns the iteration count first (`iter`, int32, as every tfjs optimizer), then
 * every slot as `<variable>/<slot>`; `setWeights` takes the same list, checked whole before anything
 * changes. Restored slots are bound to the variables of the next update by name (allowing for the
 * `_<n>` suffix tfjs adds when a model is loaded in a process that still holds its namesake), never
 * by position; shapes are checked.
 *
 * Constraints set with {@link RuleOptimizer.constrain} (what `withConstraints` does for a model's
 * layer constraints) run inside the same step, before anything is assigned: a step that fails
 * changes no variable.
 *
 * Every rule has a registered subclass, made by `optimizerClass(rule)` (the built-in ones are
 * `optimizers.sdprop`, ...), so that models compiled with it can be saved and loaded.
 *
 * @typeParam H - the rule's hyperparameters
 */
export class RuleOptimizer<H extends Hyper = Hyper> extends tf.Optimizer {
  /** The rule. */
  readonly rule: Rule<H>;
  /** Its resolved hyperparameters. */
  readonly hyper: H;
  /** The global-norm clipping threshold, if any. */
  readonly clipByGlobalNorm: number | undefined;
  /** What clipping does with a non-finite global norm. */
  readonly clipNonFinite: NonFiniteNorm;
  /** Whether gradients are checked for NaN and infinities. */
  readonly checkFinite: boolean;
  private readonly core: CoreOptimizer<tf.Tensor>;
  private readonly store: SlotStore;
  private constraints: Readonly<Record<string, ParameterConstraint<tf.Tensor>>> = {};
  private constraintState: Readonly<Record<string, unknown>> = {};

  /**
   * @param rule - the rule
   * @param config - its hyperparameters (omitted ones take the rule's defaults) and the
   * {@link RuleOptimizerOptions}
   * @throws RangeError naming the hyperparameter or option that is unknown or out of range
   */
  constructor(rule: Rule<H>, config: RuleOptimizerConfig<H> = {}) {
    super();
    const hyperIn: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(config)) {
      if (!OPTION_KEYS.includes(key) && value !== undefined) hyperIn[key] = value;
    }
    const clip = config.clipByGlobalNorm;
    const checkFinite = config.checkFinite ?? false;
    const clipNonFinite = config.clipNonFinite ?? 'error';
    if (typeof checkFinite !== 'boolean') {
      throw new RangeError(`${rule.id}: option 'checkFinite' must be a boolean, got ${String(checkFinite)}`);
    }
    if (clip !== undefined && typeof clip !== 'number') {
      throw new RangeError(`${rule.id}: option 'clipByGlobalNorm' must be a finite number > 0, got ${String(clip)}`);
    }
    this.rule = rule;
    this.core = new CoreOptimizer<tf.Tensor>(rule, hyperIn, {
      backend: tensorBackend(),
      gradientTransforms: clip === undefined ? [] : [clipByGlobalNorm(clip, { nonFinite: clipNonFinite })],
      checkFinite,
    });
    this.hyper = this.core.hyper as H;
    this.clipByGlobalNorm = clip;
    this.clipNonFinite = clipNonFinite;
    this.checkFinite = checkFinite;
    this.store = new SlotStore(rule.id, this.core.compiled.slots);
  }

  /**
   * One step of the rule for every variable that has a gradient (a `null` gradient skips its
   * variable, as in tfjs's own optimizers).
   *
   * @throws Error naming the variable when no variable of that name exists or the gradient is
   * not a live float32 tensor of its shape; core's `NonFiniteGradientError` when `checkFinite`
   * is on and a gradient is not finite
   */
  override applyGradients(variableGradients: VariableGradients): void {
    const list: NamedWeight[] = Array.isArray(variableGradients)
      ? variableGradients
      : Object.entries(variableGradients).map(([name, tensor]) => ({ name, tensor }));
    const params: Record<string, tf.Variable> = {};
    const grads: Record<string, tf.Tensor> = {};
    for (const { name, tensor } of list) {
      if (tensor == null) continue;
      const variable = tf.engine().registeredVariables[name];
      if (variable === undefined) throw new Error(`${this.rule.id}.applyGradients: no variable named '${name}'`);
      checkFloat32(variable, `variable '${name}'`);
      checkFloat32(tensor, `gradient of '${name}'`);
      params[name] = variable;
      grads[name] = tensor;
    }
    const slots = this.store.slotsFor(Object.values(params));
    tf.tidy(() => {
      const { params: updated, state } = this.core.step(grads, { step: this.iterations, slots, constraints: {} }, params);
      const constrained = applyConstraints(this.core.backend.linalg, this.constraints, updated, this.constraintState);
      for (const [name, variable] of Object.entries(params)) {
        assign(variable, constrained.params[name]!);
        for (const [slot, slotVariable] of Object.entries(slots[name]!)) assign(slotVariable, state.slots[name]![slot]!);
      }
      this.constraintState = constrained.state;
    });
    this.incrementIterations();
  }

  /**
   * Sets the constraints applied to variables (by name) right after their update, inside each
   * step; replaces earlier ones. Their state (a spectral constraint's warm start) is kept between
   * steps. Returns this optimizer.
   */
  constrain(constraints: Readonly<Record<string, ParameterConstraint<tf.Tensor>>>): this {
    this.constraints = { ...constraints };
    this.constraintState = {};
    return this;
  }

  /** The iteration count (`iter`), then every slot as `<variable>/<slot>`. */
  override async getWeights(): Promise<NamedWeight[]> {
    return [await this.saveIterations(), ...this.store.weights()];
  }

  /**
   * Restores what {@link RuleOptimizer.getWeights} returned (as `model.save` stores it and
   * `tf.loadLayersModel` passes it back); the tensors are copied. Everything is checked before
   * anything changes.
   *
   * @throws RangeError when the list does not start with the iteration count `iter` (a scalar), or
   * a slot name does not belong to this rule (see `SlotStore.check`)
   */
  override async setWeights(weightValues: NamedWeight[]): Promise<void> {
    const [first, ...rest] = weightValues;
    if (first === undefined || first.name !== 'iter') {
      throw new RangeError(`${this.rule.id}.setWeights: expected the iteration count 'iter' first, got ${first === undefined ? 'an empty list' : `'${first.name}'`}`);
    }
    if (first.tensor.size !== 1) throw new RangeError(`${this.rule.id}.setWeights: 'iter' must be a scalar, got shape [${first.tensor.shape}]`);
    const iterations = (await first.tensor.data())[0]!;
    if (!Number.isSafeInteger(iterations) || iterations < 0) {
      throw new RangeError(`${this.rule.id}.setWeights: 'iter' must be a non-negative integer, got ${iterations}`);
    }
    this.store.check(rest);
    await this.extractIterations(weightValues);
    this.store.load(rest);
  }

  /** The resolved hyperparameters and the options, as `fromConfig` takes them back. */
  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...this.hyper,
      ...(this.clipByGlobalNorm === undefined ? {} : { clipByGlobalNorm: this.clipByGlobalNorm }),
      ...(this.clipNonFinite === 'error' ? {} : { clipNonFinite: this.clipNonFinite }),
      checkFinite: this.checkFinite,
    };
  }

  /** Disposes every slot variable. */
  override dispose(): void {
    this.store.dispose();
    super.dispose();
  }

  /**
   * Creates an optimizer of class `cls` from a {@link RuleOptimizer.getConfig} result (tfjs calls
   * this when it loads a model compiled with one). The `customObjects` entry that tfjs-layers
   * adds to configs is ignored.
   */
  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    return fromConfigIgnoringCustomObjects(cls, config);
  }
}

/** `target = value`, unless the rule passed the value through unchanged. */
function assign(target: tf.Variable, value: tf.Tensor): void {
  if (value !== target) target.assign(value);
}

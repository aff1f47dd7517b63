/**
 * Applying layer constraints after every optimizer update, through core's constraints.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayerVariable } from '@tensorflow/tfjs-layers';
import type { Constraint } from '@tensorflow/tfjs-layers/dist/constraints.js';
import { applyConstraints, type ParameterConstraint } from '@stablegrad/core';
import { tensorLinAlg } from '../backend/tensor-linalg.js';
import { RuleOptimizer, type VariableGradients } from '../optimizers/rule-optimizer.js';
import type { NamedWeight } from '../optimizers/slot-store.js';
import { SpectralNormLayerConstraint } from './spectral-norm.js';

/** Where constraints come from: a `tf.LayersModel` or a layer (anything with `weights`), or a list of weights. */
export type ConstraintSource = { readonly weights: readonly LayerVariable[] } | readonly LayerVariable[];

/** A tfjs-layers constraint (`maxNorm`, `nonNeg`, ...) as a core `ParameterConstraint` with no state. */
function layersConstraint(c: Constraint): ParameterConstraint<tf.Tensor> {
  return { apply: (_la, W) => ({ W: c.apply(W), state: null }) };
}

/**
 * The core constraint of each weight of `source` that has a layer constraint, by variable name:
 * a {@link SpectralNormLayerConstraint}'s own core constraint (checked against the weight's shape
 * now, so a misplaced one fails here and not in the middle of training), any other tfjs-layers
 * constraint applied as it is.
 *
 * @throws RangeError naming the weight when a spectral constraint does not fit its shape
 */
export function constraintsOf(source: ConstraintSource): Record<string, ParameterConstraint<tf.Tensor>> {
  const weights: readonly LayerVariable[] = Array.isArray(source) ? source : (source as { weights: LayerVariable[] }).weights;
  const out: Record<string, ParameterConstraint<tf.Tensor>> = {};
  for (const w of weights) {
    const c = w.constraint;
    if (c == null) continue;
    if (c instanceof SpectralNormLayerConstraint) {
      c.constraint.check(w.shape as number[], `spectralNorm on '${w.name}'`);
      out[w.name] = c.constraint;
    } else {
      out[w.name] = layersConstraint(c);
    }
  }
  return out;
}

/**
 * A tfjs optimizer that is not this package's (`tf.train.adam`, ...), with constraints applied
 * after each of its updates through core's `applyConstraints`, their state kept between steps.
 * {@link withConstraints} returns one for such optimizers; this package's own optimizers apply
 * constraints inside their step instead.
 *
 * It is transparent to saving: `getClassName`, `getConfig`, `getWeights` and `setWeights` are
 * those of the wrapped optimizer, so `model.save` stores the wrapped optimizer and
 * `tf.loadLayersModel` restores it unwrapped; wrap it again after loading.
 */
export class ConstrainedOptimizer extends tf.Optimizer {
  private state: Readonly<Record<string, unknown>> = {};

  /**
   * @param optimizer - the optimizer that computes the updates
   * @param constraints - the constraint of each variable, by name
   */
  constructor(
    readonly optimizer: tf.Optimizer,
    private readonly constraints: Readonly<Record<string, ParameterConstraint<tf.Tensor>>>,
  ) {
    super();
  }

  /** The wrapped optimizer's iteration count. */
  override get iterations(): number {
    return this.optimizer.iterations;
  }

  /** The wrapped optimizer's update, then each updated variable's constraint. */
  override applyGradients(variableGradients: VariableGradients): void {
    this.optimizer.applyGradients(variableGradients);
    const names = Array.isArray(variableGradients)
      ? variableGradients.filter((g) => g.tensor != null).map((g) => g.name)
      : Object.keys(variableGradients).filter((name) => variableGradients[name] != null);
    const variables: Record<string, tf.Variable> = {};
    for (const name of names) {
      const v = tf.engine().registeredVariables[name];
      if (v !== undefined && Object.hasOwn(this.constraints, name)) variables[name] = v;
    }
    tf.tidy(() => {
      const r = applyConstraints(tensorLinAlg(), this.constraints, variables, this.state);
      for (const [name, v] of Object.entries(variables)) if (r.params[name] !== v) v.assign(r.params[name]!);
      this.state = r.state;
    });
  }

  /** The wrapped optimizer's weights. */
  override getWeights(): Promise<NamedWeight[]> {
    return this.optimizer.getWeights();
  }

  /** Sets the wrapped optimizer's weights. */
  override setWeights(weightValues: NamedWeight[]): Promise<void> {
    return this.optimizer.setWeights(weightValues);
  }

  /** The wrapped optimizer's class name, so that a saved model stores the wrapped optimizer. */
  override getClassName(): string {
    return this.optimizer.getClassName();
  }

  /** The wrapped optimizer's configuration. */
  override getConfig(): tf.serialization.ConfigDict {
    return this.optimizer.getConfig();
  }

  /** Disposes the wrapped optimizer. */
  override dispose(): void {
    this.optimizer.dispose();
  }
}

/**
 * Makes the constraints of `source`'s weights hold after every update, in `model.fit`,
 * `model.trainOnBatch` and `optimizer.minimize`. tfjs-layers applies a weight's `constraint` only
 * when the weight is set through the layer (`setWeights`, loading a model); `model.fit` assigns
 * updated values to the variables directly, so constraints do not hold during training
 * (tensorflow/tfjs#3345). This closes that gap for every constraint, tfjs's own (`maxNorm`,
 * `unitNorm`, `nonNeg`, `minMaxNorm`) and {@link SpectralNormLayerConstraint} alike:
 *
 * ```ts
 * model.compile({ optimizer: withConstraints(train.sdprop(), model), loss: 'meanSquaredError' });
 * ```
 *
 * The constraints are core `ParameterConstraint`s ({@link constraintsOf}). An optimizer of this
 * package ({@link RuleOptimizer}) takes them into its own step ({@link RuleOptimizer.constrain}:
 * the update and the projections are computed before anything is assigned) and is returned
 * itself; any other `tf.Optimizer` is wrapped in a {@link ConstrainedOptimizer}. After
 * `tf.loadLayersModel`, call it again on the loaded model's optimizer.
 *
 * @param optimizer - any `tf.Optimizer`
 * @param source - a `tf.LayersModel`, a layer, or a list of `LayerVariable`s
 * @throws RangeError naming the weight when a spectral constraint does not fit its shape
 */
export function withConstraints(optimizer: tf.Optimizer, source: ConstraintSource): tf.Optimizer {
  const constraints = constraintsOf(source);
  // tf.Optimizer's `instanceof` is duck-typed (any optimizer passes), so test the prototype chain.
  return RuleOptimizer.prototype.isPrototypeOf(optimizer)
    ? (optimizer as RuleOptimizer).constrain(constraints)
    : new ConstrainedOptimizer(optimizer, constraints);
}

/**
 * Applying layer constraints after every optimizer update.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayerVariable } from '@tensorflow/tfjs-layers';
import type { VariableGradients } from '../optimizers/rule-optimizer.js';
import type { NamedWeight } from '../optimizers/slot-store.js';

/** Where constraints come from: a `tf.LayersModel` or a layer (anything with `weights`), or a list of weights. */
export type ConstraintSource = { readonly weights: readonly LayerVariable[] } | readonly LayerVariable[];

/**
 * An optimizer that, after every update of the wrapped optimizer, applies the constraint of each
 * updated weight of the model (Keras's order: constraints right after the update).
 *
 * tfjs-layers applies a weight's `constraint` only when the weight is set through the layer
 * (`setWeights`, loading a model); `model.fit` and `optimizer.minimize` assign the updated values
 * to the variables directly, so constraints do not hold during training (tensorflow/tfjs#3345).
 * This wrapper closes that gap for every constraint, tfjs's own (`maxNorm`, `unitNorm`,
 * `nonNeg`, `minMaxNorm`) and {@link SpectralNormConstraint} alike, with any optimizer (this
 * package's or `tf.train.*`):
 *
 * ```ts
 * model.compile({ optimizer: withConstraints(train.sdprop(), model), loss: 'meanSquaredError' });
 * ```
 *
 * It is transparent to saving: `getClassName`, `getConfig`, `getWeights` and `setWeights` are
 * those of the wrapped optimizer, so `model.save` stores the wrapped optimizer and
 * `tf.loadLayersModel` restores it unwrapped; wrap it again after loading
 * (`model.optimizer = withConstraints(model.optimizer, model)`).
 */
export class ConstrainedOptimizer extends tf.Optimizer {
  /**
   * @param optimizer - the optimizer that computes the updates
   * @param source - the model, layer or weights whose constraints to apply
   */
  constructor(
    readonly optimizer: tf.Optimizer,
    private readonly source: ConstraintSource,
  ) {
    super();
  }

  /** The wrapped optimizer's iteration count. */
  override get iterations(): number {
    return this.optimizer.iterations;
  }

  /** The wrapped optimizer's update, then each updated weight's constraint. */
  override applyGradients(variableGradients: VariableGradients): void {
    this.optimizer.applyGradients(variableGradients);
    const names = Array.isArray(variableGradients)
      ? variableGradients.filter((g) => g.tensor != null).map((g) => g.name)
      : Object.keys(variableGradients).filter((name) => variableGradients[name] != null);
    const weights: readonly LayerVariable[] = Array.isArray(this.source) ? this.source : (this.source as { weights: LayerVariable[] }).weights;
    const byName = new Map(weights.map((w) => [w.name, w]));
    for (const name of names) {
      const constraint = byName.get(name)?.constraint;
      const variable = tf.engine().registeredVariables[name];
      if (constraint == null || variable === undefined) continue;
      tf.tidy(() => {
        const projected = constraint.apply(variable);
        if (projected !== variable) variable.assign(projected);
      });
    }
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
 * Wraps `optimizer` so that the constraints of `source`'s weights hold after every update, in
 * `model.fit`, `model.trainOnBatch` and `optimizer.minimize` (see {@link ConstrainedOptimizer}).
 *
 * @param optimizer - any `tf.Optimizer`
 * @param source - a `tf.LayersModel`, a layer, or a list of `LayerVariable`s
 */
export function withConstraints(optimizer: tf.Optimizer, source: ConstraintSource): ConstrainedOptimizer {
  return new ConstrainedOptimizer(optimizer, source);
}

/**
 * The model and data of the example: a GRU reading 20 steps of 2 random features, predicting
 * `tanh` of the sum of the first feature; SDProp with the spectral-norm constraint on `W_h`.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { spectralNorm, train, withConstraints, type SpectralNormLayerConstraint } from '@stablegrad/tfjs';

/** Steps per sequence and features per step. */
export const SHAPE = { steps: 20, features: 2 } as const;

/** `samples` sequences and their targets, from a fixed seed. */
export function makeData(samples: number): { x: tf.Tensor; y: tf.Tensor } {
  return tf.tidy(() => {
    const x = tf.randomNormal([samples, SHAPE.steps, SHAPE.features], 0, 0.5, 'float32', 7);
    const y = tf.tanh(tf.sum(tf.slice(x, [0, 0, 0], [samples, SHAPE.steps, 1]), 1));
    return { x, y };
  });
}

/** The compiled model and the constraint on its candidate block. */
export function makeModel(units = 16): { model: tfl.LayersModel; constraint: SpectralNormLayerConstraint } {
  const constraint = spectralNorm({ maxNorm: 1.8 });
  const model = tfl.sequential({
    layers: [
      tfl.layers.gru({
        units,
        inputShape: [SHAPE.steps, SHAPE.features],
        // A large recurrent weight to start with, so the constraint has work to do. (tfjs's default
        // recurrent initializer, orthogonal, needs the chained ops of @tensorflow/tfjs.)
        recurrentInitializer: tfl.initializers.randomNormal({ stddev: 0.5, seed: 1 }),
        kernelInitializer: tfl.initializers.glorotNormal({ seed: 2 }),
        recurrentConstraint: constraint,
      }),
      tfl.layers.dense({ units: 1, kernelInitializer: tfl.initializers.glorotNormal({ seed: 3 }) }),
    ],
  });
  // tfjs applies layer constraints only when weights are set; withConstraints applies them after
  // every optimizer step.
  model.compile({ optimizer: withConstraints(train.sdprop({ lr: 5e-3 }), model), loss: 'meanSquaredError' });
  return { model, constraint };
}

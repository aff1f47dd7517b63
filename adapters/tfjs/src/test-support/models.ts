/**
 * Small deterministic models and data for training tests.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/** Deterministic values in `[-scale, scale]`. */
export function wave(shape: number[], seed: number, scale = 1): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: n }, (_, i) => scale * Math.sin(seed * 12.9898 + i * 78.233)), shape, 'float32');
}

/**
 * Assigns every weight of `model` directly to its variable: unlike `model.setWeights`, this
 * applies no constraint, so a test controls the starting point exactly.
 */
export function initialise(model: tfl.LayersModel, value: (w: tfl.LayerVariable, index: number) => tf.Tensor): void {
  model.weights.forEach((w, i) => {
    const t = value(w, i);
    tf.engine().registeredVariables[w.name]!.assign(t);
    t.dispose();
  });
}

/** A two-layer perceptron `[4] -> 8 (tanh) -> 1` with deterministic initial weights. */
export function denseModel(): tfl.LayersModel {
  const model = tfl.sequential({
    layers: [tfl.layers.dense({ units: 8, inputShape: [4], activation: 'tanh' }), tfl.layers.dense({ units: 1 })],
  });
  initialise(model, (w, i) => wave(w.shape as number[], i + 1, 0.5));
  return model;
}

/**
 * A GRU `[steps, features] -> units -> 1` with deterministic initial weights; `recurrentScale`
 * scales the recurrent kernel (large values put its candidate block far outside a spectral
 * bound). The recurrent initializer is set explicitly: tfjs's default (orthogonal) needs the
 * chained tensor methods that `@tensorflow/tfjs` registers and `@tensorflow/tfjs-core` alone
 * does not.
 */
export function gruModel(options: {
  units: number;
  steps: number;
  features: number;
  recurrentScale: number;
  recurrentConstraint?: Parameters<typeof tfl.layers.gru>[0]['recurrentConstraint'];
}): tfl.LayersModel {
  const model = tfl.sequential({
    layers: [
      tfl.layers.gru({
        units: options.units,
        inputShape: [options.steps, options.features],
        recurrentInitializer: 'glorotNormal',
        recurrentConstraint: options.recurrentConstraint,
      }),
      tfl.layers.dense({ units: 1 }),
    ],
  });
  initialise(model, (w, i) => wave(w.shape as number[], i + 1, w.name.includes('recurrent') ? options.recurrentScale : 0.3));
  return model;
}

/** Every weight of `model`, as plain arrays. */
export function weightValues(model: tfl.LayersModel): number[][] {
  return model.getWeights().map((w) => Array.from(w.dataSync()));
}

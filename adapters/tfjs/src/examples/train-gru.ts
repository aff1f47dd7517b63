/**
 * Example: a small GRU trained with SDProp under the spectral-norm constraint of Kanai et al.
 * (NIPS 2017). The task: read a sequence of 20 random steps and predict `tanh` of the sum of
 * its first feature. After every batch the candidate block `W_h` of the recurrent kernel is
 * projected to spectral norm at most 1.8; the log shows each epoch's loss and the largest
 * singular value of `W_h` before the epoch's last projection.
 *
 * ```sh
 * pnpm --filter @stablegrad/tfjs build
 * node adapters/tfjs/dist/examples/train-gru.js            # tfjs cpu backend
 * node adapters/tfjs/dist/examples/train-gru.js --wasm     # tfjs wasm backend
 * ```
 *
 * @module
 */
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tfl from '@tensorflow/tfjs-layers';
import { spectralNorm, train, withConstraints } from '../index.js';

/** Options of {@link trainGru}. */
export interface TrainGruOptions {
  /** tfjs backend (default `cpu`). */
  readonly backend?: 'cpu' | 'wasm';
  /** Hidden units (default 16). */
  readonly units?: number;
  /** Epochs (default 8). */
  readonly epochs?: number;
  /** Called after each epoch with its loss and the candidate block's largest singular value before projection. */
  readonly onEpoch?: (epoch: number, loss: number, sigmaMax: number) => void;
}

/** Sequences of 20 steps of 2 features, and `tanh(sum of the first feature)` as the target. */
function data(samples: number): { x: tf.Tensor; y: tf.Tensor } {
  return tf.tidy(() => {
    const x = tf.randomNormal([samples, 20, 2], 0, 0.5, 'float32', 7);
    const y = tf.tanh(tf.sum(tf.slice(x, [0, 0, 0], [samples, 20, 1]), 1));
    return { x, y };
  });
}

/**
 * Trains the GRU; returns each epoch's loss and the largest singular value of the candidate
 * block before the epoch's last projection.
 */
export async function trainGru(options: TrainGruOptions = {}): Promise<{ losses: number[]; sigmaMax: number[] }> {
  await tf.setBackend(options.backend ?? 'cpu');
  const constraint = spectralNorm({ maxNorm: 1.8 });
  const model = tfl.sequential({
    layers: [
      tfl.layers.gru({
        units: options.units ?? 16,
        inputShape: [20, 2],
        // tfjs's default recurrent initializer (orthogonal) needs @tensorflow/tfjs's chained ops.
        recurrentInitializer: tfl.initializers.randomNormal({ stddev: 0.5, seed: 1 }),
        kernelInitializer: tfl.initializers.glorotNormal({ seed: 2 }),
        recurrentConstraint: constraint,
      }),
      tfl.layers.dense({ units: 1, kernelInitializer: tfl.initializers.glorotNormal({ seed: 3 }) }),
    ],
  });
  model.compile({ optimizer: withConstraints(train.sdprop({ lr: 5e-3 }), model), loss: 'meanSquaredError' });
  const { x, y } = data(128);
  const losses: number[] = [];
  const sigmaMax: number[] = [];
  await model.fit(x, y, {
    epochs: options.epochs ?? 8,
    batchSize: 16,
    shuffle: false,
    verbose: 0,
    callbacks: {
      onEpochEnd: async (epoch, logs) => {
        const loss = logs?.loss ?? NaN;
        const sigma = constraint.lastApplied[0]?.sigmaMax ?? NaN;
        losses.push(loss);
        sigmaMax.push(sigma);
        options.onEpoch?.(epoch, loss, sigma);
      },
    },
  });
  tf.dispose([x, y]);
  model.dispose();
  return { losses, sigmaMax };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const backend = process.argv.includes('--wasm') ? 'wasm' : 'cpu';
  console.log(`GRU, 16 units, SDProp, ||W_h||_2 <= 1.8, tfjs ${backend} backend`);
  await trainGru({
    backend,
    onEpoch: (epoch, loss, sigma) => console.log(`epoch ${epoch + 1}: loss ${loss.toFixed(4)}, sigma_max(W_h) before projection ${sigma.toFixed(4)}`),
  });
}

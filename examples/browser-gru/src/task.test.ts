import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { spectralNorm } from '@stablegrad/core/testing';
import { describe, expect, it } from 'vitest';
import { SHAPE, makeData, makeModel } from './task.js';

describe("the example's task", () => {
  it('trains on tfjs cpu: the loss goes down and W_h stays at the spectral bound', async () => {
    await tf.setBackend('cpu');
    const { model, constraint } = makeModel();
    const { x, y } = makeData(64);
    expect(x.shape).toEqual([64, SHAPE.steps, SHAPE.features]);
    expect(y.shape).toEqual([64, 1]);
    const losses: number[] = [];
    const sigmaMax: number[] = [];
    await model.fit(x, y, {
      epochs: 6,
      batchSize: 16,
      shuffle: false,
      verbose: 0,
      callbacks: {
        onEpochEnd: async (_e, logs) => {
          losses.push(logs!.loss!);
          sigmaMax.push(constraint.lastApplied[0]!.sigmaMax);
        },
      },
    });
    expect(losses.at(-1)!).toBeLessThan(0.7 * losses[0]!);
    // The recurrent weight starts far above the bound; every projection brings it back to 1.8.
    expect(sigmaMax[0]!).toBeGreaterThan(1.8);
    const block = tf.tidy(() => {
      const kernel = model.layers[0]!.getWeights()[1]!;
      return tf.slice(kernel, [0, 2 * 16], [16, 16]);
    });
    expect(spectralNorm(block.dataSync(), 16, 16)).toBeLessThanOrEqual(1.8 * (1 + 1e-5));
    tf.dispose([x, y, block]);
    model.dispose();
  });
});

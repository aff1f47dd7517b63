import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { optimizers } from '../optimizers/builtin-optimizers.js';
import { train } from '../optimizers/train.js';
import { blockNorm, gateBlock, spectralBound } from '../test-support/blocks.js';
import { diskIO } from '../test-support/disk-io.js';
import { gruModel, initialise, wave } from '../test-support/models.js';
import { TRAINING_BACKENDS } from '../test-support/tfjs-setup.js';
import { withConstraints } from './constrained-optimizer.js';
import { spectralNorm } from './spectral-norm.js';

const units = 12;
const shape = { units, steps: 6, features: 3 };
const x = wave([32, shape.steps, shape.features], 21);
const y = wave([32, 1], 22);
const candidateNorm = (model: tfl.LayersModel) => blockNorm(gateBlock(model.layers[0]!.getWeights()[1]!, 2));
const candidateBound = (model: tfl.LayersModel, s: number) => spectralBound(gateBlock(model.layers[0]!.getWeights()[1]!, 2), s, 1e-6);

let dir: string | undefined;
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.each(TRAINING_BACKENDS)('withConstraints on tfjs %s', (name) => {
  beforeAll(() => tf.setBackend(name));
  afterAll(() => tf.setBackend('cpu'));

  it('keeps a GRU candidate block within the spectral bound after every batch of model.fit', async () => {
    expect(tf.getBackend()).toBe(name);
    const model = gruModel({ ...shape, recurrentScale: 2, recurrentConstraint: spectralNorm({ maxNorm: 1.8 }) });
    expect(candidateNorm(model)).toBeGreaterThan(4);
    model.compile({ optimizer: withConstraints(train.sdprop({ lr: 0.05 }), model), loss: 'meanSquaredError' });
    const norms: number[] = [];
    await model.fit(x, y, {
      epochs: 3,
      batchSize: 8,
      shuffle: false,
      verbose: 0,
      callbacks: {
        onBatchEnd: async () => {
          norms.push(candidateNorm(model));
          expect(candidateNorm(model)).toBeLessThanOrEqual(candidateBound(model, 1.8));
        },
      },
    });
    expect(norms).toHaveLength(12);
    // The bound is active: training pushes the block against it.
    expect(Math.max(...norms)).toBeGreaterThan(1.8 * (1 - 1e-3));
  });
});

describe('withConstraints', () => {
  it('is needed: without it, tfjs does not apply the constraint during fit (tensorflow/tfjs#3345)', async () => {
    const model = gruModel({ ...shape, recurrentScale: 2, recurrentConstraint: spectralNorm({ maxNorm: 1.8 }) });
    model.compile({ optimizer: train.sdprop({ lr: 0.05 }), loss: 'meanSquaredError' });
    await model.fit(x, y, { epochs: 1, batchSize: 8, shuffle: false, verbose: 0 });
    expect(candidateNorm(model)).toBeGreaterThan(4);
  });

  it("honours tfjs's own constraints, with tfjs's own optimizers", async () => {
    const model = tfl.sequential({
      layers: [tfl.layers.dense({ units: 6, inputShape: [4], kernelConstraint: tfl.constraints.maxNorm({ maxValue: 0.5, axis: 0 }) }), tfl.layers.dense({ units: 1 })],
    });
    initialise(model, (w, i) => wave(w.shape as number[], i + 1, 2));
    model.compile({ optimizer: withConstraints(tf.train.adam(0.1), model), loss: 'meanSquaredError' });
    const columnNorms = () => {
      const k = model.layers[0]!.getWeights()[0]!;
      return tf.tidy(() => Array.from(tf.sqrt(tf.sum(tf.square(k), 0)).dataSync()));
    };
    expect(Math.max(...columnNorms())).toBeGreaterThan(1);
    await model.fit(wave([16, 4], 3), wave([16, 1], 4), {
      epochs: 2,
      batchSize: 4,
      verbose: 0,
      callbacks: { onBatchEnd: async () => void expect(Math.max(...columnNorms())).toBeLessThanOrEqual(0.5 * (1 + 1e-6)) },
    });
  });

  it('applies constraints after optimizer.minimize, only to the weights it updated', () => {
    const model = gruModel({ ...shape, recurrentScale: 2, recurrentConstraint: spectralNorm({ maxNorm: 1 }) });
    const optimizer = withConstraints(train.adastand({ lr: 0.01 }), model.weights);
    const [kernel, recurrent] = model.layers[0]!.weights.map((w) => tf.engine().registeredVariables[w.name]!);
    const loss = () => tf.tidy(() => tf.mean(tf.square(tf.sub(model.predict(x) as tf.Tensor, y))) as tf.Scalar);
    optimizer.minimize(loss, false, [kernel!]);
    expect(candidateNorm(model)).toBeGreaterThan(4);
    optimizer.minimize(loss, false, [recurrent!]);
    expect(candidateNorm(model)).toBeLessThanOrEqual(candidateBound(model, 1));
    expect(optimizer.iterations).toBe(2);
  });

  it('leaks no tensor', async () => {
    const model = gruModel({ ...shape, recurrentScale: 2, recurrentConstraint: spectralNorm() });
    model.compile({ optimizer: withConstraints(train.sdprop(), model), loss: 'meanSquaredError' });
    await model.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0 });
    const before = tf.memory().numTensors;
    await model.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0 });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects a spectral constraint that does not fit its weight when wrapping, before any training', () => {
    const model = tfl.sequential({ layers: [tfl.layers.dense({ units: 6, inputShape: [4], kernelConstraint: spectralNorm() })] });
    const kernel = model.weights[0]!;
    const before = kernel.read().arraySync();
    expect(() => withConstraints(train.sdprop(), model)).toThrow(
      new RegExp(`spectralNorm on '${kernel.name}': blocks 'candidate' expects a GRU recurrent kernel of shape \\[units, 3 \\* units\\]`),
    );
    expect(kernel.read().arraySync()).toEqual(before);
    expect(() => withConstraints(train.sdprop(), tfl.sequential({ layers: [tfl.layers.dense({ units: 6, inputShape: [4], kernelConstraint: spectralNorm({ blocks: 'whole' }) })] }))).not.toThrow();
  });

  it('is transparent to saving: the model stores the wrapped optimizer, which resumes when wrapped again', async () => {
    const model = gruModel({ ...shape, recurrentScale: 2, recurrentConstraint: spectralNorm() });
    const inner = train.sdprop({ lr: 0.02, clipByGlobalNorm: 5 });
    const wrapped = withConstraints(inner, model);
    model.compile({ optimizer: wrapped, loss: 'meanSquaredError' });
    await model.fit(x, y, { epochs: 1, batchSize: 8, shuffle: false, verbose: 0 });
    expect(wrapped.getClassName()).toBe('stablegrad.sdprop');
    expect(wrapped.getConfig()).toEqual(inner.getConfig());
    expect((await wrapped.getWeights()).map((w) => w.name)).toEqual((await inner.getWeights()).map((w) => w.name));
    expect(wrapped.iterations).toBe(4);

    dir = await mkdtemp(join(tmpdir(), 'stablegrad-tfjs-'));
    await model.save(diskIO(dir), { includeOptimizer: true });
    const loaded = await tfl.loadLayersModel(diskIO(dir));
    // tf.Optimizer's instanceof is duck-typed, so compare constructors.
    expect(loaded.optimizer.constructor).toBe(optimizers.sdprop);
    expect(loaded.optimizer.getClassName()).toBe('stablegrad.sdprop');
    expect(loaded.optimizer.iterations).toBe(4);
    loaded.optimizer = withConstraints(loaded.optimizer, loaded);
    await loaded.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0 });
    expect(candidateNorm(loaded)).toBeLessThanOrEqual(candidateBound(loaded, 1.8));
    expect(loaded.optimizer.iterations).toBe(8);
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diskIO } from '../test-support/disk-io.js';
import { denseModel, wave, weightValues } from '../test-support/models.js';
import { TRAINING_BACKENDS } from '../test-support/tfjs-setup.js';
import type { RuleOptimizer } from './rule-optimizer.js';
import { train } from './train.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const x = wave([24, 4], 11);
const y = wave([24, 1], 12);
const trainFor = (model: tfl.LayersModel, epochs: number) => model.fit(x, y, { epochs, batchSize: 8, shuffle: false, verbose: 0 });

const optimizers: [string, () => RuleOptimizer<any>][] = [
  ['sdprop', () => train.sdprop({ lr: 0.01 })],
  ['adastand', () => train.adastand({ lr: 0.01 })],
  ['adam', () => train.adam({ lr: 0.01, clipByGlobalNorm: 0.5 })],
  ['rmsprop', () => train.rmsprop({ lr: 0.01, centered: true, momentum: 0.5 })],
  ['sgd', () => train.sgd({ lr: 0.05, momentum: 0.9, nesterov: true })],
];

describe.each(TRAINING_BACKENDS)('on tfjs %s', (name) => {
  beforeAll(() => tf.setBackend(name));
  afterAll(() => tf.setBackend('cpu'));

  describe.each(optimizers)('model.fit with %s', (_, make) => {
    it('trains, saves with model.save, reloads and continues exactly as an uninterrupted run', async () => {
      expect(tf.getBackend()).toBe(name);
      const straight = denseModel();
      straight.compile({ optimizer: make(), loss: 'meanSquaredError' });
      const history = await trainFor(straight, 4);
      const losses = history.history.loss as number[];
      expect(losses[3]!).toBeLessThan(losses[0]!);

      const first = denseModel();
      const optimizer = make();
      first.compile({ optimizer, loss: 'meanSquaredError' });
      await trainFor(first, 2);
      const dir = await mkdtemp(join(tmpdir(), 'stablegrad-tfjs-'));
      dirs.push(dir);
      await first.save(diskIO(dir), { includeOptimizer: true });

      const resumed = await tfl.loadLayersModel(diskIO(dir));
      expect(resumed.optimizer.getClassName()).toBe(optimizer.getClassName());
      expect(resumed.optimizer.getConfig()).toEqual(optimizer.getConfig());
      expect(resumed.optimizer.iterations).toBe(6);
      await trainFor(resumed, 2);
      expect(weightValues(resumed)).toEqual(weightValues(straight));
    });
  });

  describe('model.fit', () => {
    it('leaks no tensor from epoch to epoch', async () => {
      const model = denseModel();
      model.compile({ optimizer: train.adastand({ clipByGlobalNorm: 1 }), loss: 'meanSquaredError' });
      await trainFor(model, 1);
      const before = tf.memory().numTensors;
      await trainFor(model, 3);
      expect(tf.memory().numTensors).toBe(before);
    });
  });
});

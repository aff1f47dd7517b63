import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { useTfjsBackend } from './tfjs-backend.js';

const hasTfjsNode = (() => {
  try {
    createRequire(import.meta.url).resolve('@tensorflow/tfjs-node');
    return true;
  } catch {
    return false;
  }
})();

describe('useTfjsBackend', () => {
  it('makes the named backend current', async () => {
    await useTfjsBackend('cpu');
    expect(tf.getBackend()).toBe('cpu');
    await useTfjsBackend();
    expect(tf.getBackend()).toBe('wasm');
  });

  it('rejects an unknown backend, listing the known ones', async () => {
    await expect(useTfjsBackend('webgpu')).rejects.toThrow(/tfjsBackend: unknown tfjs backend 'webgpu'; expected one of wasm, cpu, tensorflow/);
  });

  it('uses tensorflow when @tensorflow/tfjs-node is installed, or says how to get it', async () => {
    const started = useTfjsBackend('tensorflow');
    if (hasTfjsNode) await expect(started).resolves.toBeUndefined();
    else await expect(started).rejects.toThrow(/tfjsBackend: 'tensorflow' needs @tensorflow\/tfjs-node .*install it/);
    await useTfjsBackend('wasm');
  });
});

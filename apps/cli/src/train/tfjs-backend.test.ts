import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { resolveTfjsBackend, useTfjsBackend } from './tfjs-backend.js';

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
    expect(await useTfjsBackend('wasm')).toEqual({ name: 'wasm', reason: 'chosen on the command line' });
    expect(tf.getBackend()).toBe('wasm');
  });

  it('rejects an unknown backend, listing the known ones', async () => {
    await expect(useTfjsBackend('webgpu')).rejects.toThrow(/tfjsBackend: unknown tfjs backend 'webgpu'; expected one of auto, tensorflow, wasm, cpu/);
  });

  it('uses tensorflow when @tensorflow/tfjs-node is installed, or says how to get it', async () => {
    const started = useTfjsBackend('tensorflow');
    if (hasTfjsNode) await expect(started).resolves.toEqual({ name: 'tensorflow', reason: 'chosen on the command line' });
    else await expect(started).rejects.toThrow(/tfjsBackend: 'tensorflow' needs @tensorflow\/tfjs-node .*install it/);
    await useTfjsBackend('wasm');
  });

  it('chooses tensorflow by default when tfjs-node loads, else wasm, and says why', async () => {
    const auto = await resolveTfjsBackend();
    if (hasTfjsNode) expect(auto).toEqual({ name: 'tensorflow', reason: 'auto: @tensorflow/tfjs-node is installed' });
    else expect(auto).toMatchObject({ name: 'wasm', reason: expect.stringMatching(/^auto: @tensorflow\/tfjs-node did not load/) });
  });
});

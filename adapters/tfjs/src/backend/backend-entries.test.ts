import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import { Optimizer } from '@stablegrad/core';
import { describe, expect, it } from 'vitest';
import { backendEntries } from './backend-entries.js';

const entries = backendEntries();
const byId = (id: string) => entries.find((e) => e.id === id)!;

/** Whether a package can be found from this package, without loading it. */
function installed(specifier: string): boolean {
  try {
    createRequire(import.meta.url).resolve(specifier);
    return true;
  } catch {
    return false;
  }
}

describe('backendEntries', () => {
  it('lists tfjs-cpu, tfjs-wasm and tfjs-tensorflow, all float32', () => {
    expect(entries.map((e) => e.id)).toEqual(['tfjs-cpu', 'tfjs-wasm', 'tfjs-tensorflow']);
    expect(entries.map((e) => e.arithmetic)).toEqual(['ieee', 'ieee', 'ftz']);
    for (const e of entries) {
      expect(e.dtypes).toEqual(['float32']);
      expect(e.ulpBound).toBeUndefined();
      expect(e.description).toMatch(/^TensorFlow\.js/);
    }
  });

  it.each(['tfjs-cpu', 'tfjs-wasm'])('%s is available and creates a backend that steps', async (id) => {
    const e = byId(id);
    expect(await e.availability()).toEqual({ available: true });
    const backend = await e.create();
    expect(backend.id).toBe(id);
    const opt = new Optimizer('adastand', {}, { backend });
    const params = { w: backend.fromHost({ shape: [3], data: Float32Array.of(1, 2, 3) }, 'float32') };
    const grads = { w: backend.fromHost({ shape: [3], data: Float32Array.of(1, -1, 0.5) }, 'float32') };
    const { params: next } = opt.step(grads, opt.init(params), params);
    expect(Array.from(backend.toHost(next.w).data)).not.toEqual([1, 2, 3]);
  });

  it('makes tfjs-tensorflow available when tfjs-node loads, and names both packages when neither does', async () => {
    const e = byId('tfjs-tensorflow');
    expect(e.arithmetic).toBe('ftz');
    const a = await e.availability();
    if (a.available) {
      const backend = await e.create();
      expect(backend.id).toBe('tfjs-tensorflow');
      expect(tf.findBackend('tensorflow')).toBeDefined();
      return;
    }
    if (!installed('@tensorflow/tfjs-node-gpu') && !installed('@tensorflow/tfjs-node')) {
      expect(a.reason).toMatch(/@tensorflow\/tfjs-node-gpu could not be loaded .*; @tensorflow\/tfjs-node could not be loaded/);
    } else {
      // Installed without its binding (libtensorflow could not be downloaded): the reason is the load error.
      expect(a.reason).toMatch(/@tensorflow\/tfjs-node(-gpu)? could not be loaded \(.+\)/);
    }
    await expect(e.create()).rejects.toThrow(/^tfjs-tensorflow: unavailable: /);
  });

  it('initialising the backends leaves the current tfjs backend as it was', async () => {
    await tf.setBackend('cpu');
    for (const e of entries) await e.availability();
    expect(tf.getBackend()).toBe('cpu');
  });
});

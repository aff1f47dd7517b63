import { describe, expect, it } from 'vitest';
import { Optimizer } from '@stablegrad/core';
import { backendEntries } from './backend-entries.js';

describe('backendEntries', () => {
  it('registers onnx-cpu, available here, strict (no ulp bound), creating the ONNX backend', async () => {
    const entries = backendEntries();
    expect(entries.map((e) => e.id)).toEqual(['onnx-cpu']);
    const entry = entries[0]!;
    expect(entry.dtypes).toEqual(['float32', 'float64']);
    expect(entry.ulpBound).toBeUndefined();
    expect(await entry.availability()).toEqual({ available: true });
    const backend = await entry.create();
    expect(backend.id).toBe('onnx-cpu');
    const opt = new Optimizer('sgd', { lr: 0.5 }, { backend });
    const w = backend.fromHost({ shape: [2], data: Float32Array.of(1, 2) }, 'float32');
    const r = opt.step({ w: backend.fromHost({ shape: [2], data: Float32Array.of(2, 2) }, 'float32') }, opt.init({ w }), { w });
    expect(Array.from(backend.toHost(r.params.w).data)).toEqual([0, 1]);
  });
});

import { describe, expect, it } from 'vitest';
import { Optimizer } from '@stablegrad/core';
import { loadAddon } from './addon/load.js';
import { nativeAvailability, nativeDeviceInfo } from './backend/availability.js';
import { nativeBackend } from './backend/native-backend.js';
import { backendEntries } from './backend-entries.js';

const build = loadAddon().buildInfo();
const devices = loadAddon().cudaDevices();

describe('backendEntries', () => {
  it('registers native-cpu, available and strict, creating a working backend', async () => {
    const entries = backendEntries();
    expect(entries.map((e) => e.id)).toEqual(['native-cpu', 'native-cuda']);
    const cpu = entries[0]!;
    expect(cpu.dtypes).toEqual(['float32', 'float64']);
    expect(cpu.ulpBound).toBeUndefined();
    expect(await cpu.availability()).toEqual({ available: true });
    const backend = await cpu.create();
    const opt = new Optimizer('sgd', { lr: 0.5 }, { backend });
    const w = backend.fromHost({ shape: [2], data: Float32Array.of(1, 2) }, 'float32');
    const r = opt.step({ w: backend.fromHost({ shape: [2], data: Float32Array.of(2, 2) }, 'float32') }, opt.init({ w }), { w });
    expect(Array.from(backend.toHost(r.params.w).data)).toEqual([0, 1]);
  });

  it('reports native-cuda as this build and machine allow, with the reason when not', async () => {
    const cuda = backendEntries()[1]!;
    expect(cuda.ulpBound).toBeUndefined();
    const availability = await cuda.availability();
    if (!build.cuda) {
      expect(availability).toEqual({ available: false, reason: build.cudaMissingReason });
      expect(build.cudaMissingReason).toMatch(/^built without CUDA: (nvcc was not found|STABLEGRAD_CUDA=off) at build time$/);
    } else if (devices.count === 0) {
      expect(availability).toEqual({ available: false, reason: `no CUDA device: ${devices.message}` });
      expect(devices.message.length).toBeGreaterThan(0);
    } else {
      expect(availability).toEqual({ available: true });
    }
    expect(nativeAvailability('cuda')).toEqual(availability);
    if (!availability.available) expect(() => nativeBackend({ device: 'cuda' })).toThrow(`native-cuda is not available: ${availability.reason}`);
  });

  it('describes the build', () => {
    const info = nativeDeviceInfo();
    expect(info.cpuThreads).toBeGreaterThanOrEqual(1);
    expect(info.generatedKernels).toBe(build.kernels.length);
    expect(info.cudaBuilt).toBe(build.cuda);
    expect(info.cudaDevices).toHaveLength(devices.count);
    expect(() => nativeAvailability('tpu' as 'cpu')).toThrow("device: expected 'cpu' or 'cuda', got 'tpu'");
  });
});

import { describe, expect, it } from 'vitest';
import './test-support/tfjs.js';
import { loadStepBackend, resolveStepBackend } from './step-backend.js';
import type { StepBackendId } from './step-backend.js';

describe('loadStepBackend', () => {
  it('loads the tfjs and onnx step backends', async () => {
    const tfjs = await loadStepBackend('tfjs');
    const onnx = await loadStepBackend('onnx');
    expect(tfjs.backend.id).toBe('tfjs-wasm');
    expect(onnx.backend.id).toBe('onnx-cpu');
    onnx.dispose();
  });

  it('loads the native backend, or says why it cannot and what to do', async () => {
    const result = await loadStepBackend('native').then(
      (b) => b.backend.id,
      (e: Error) => e.message,
    );
    expect(result).toMatch(/^native|^backend: .*(@stablegrad\/native|native CPU backend).*choose --backend tfjs or onnx/);
  });

  it('rejects an unknown backend', async () => {
    await expect(loadStepBackend('gpu' as StepBackendId)).rejects.toThrow(/backend: unknown step backend 'gpu'; expected one of tfjs, onnx, native/);
  });
});

describe('resolveStepBackend', () => {
  it('keeps a backend named on the command line, and picks native for auto when it loads, else tfjs with the reason', async () => {
    expect(await resolveStepBackend('onnx')).toEqual({ id: 'onnx', reason: 'chosen on the command line' });
    const nativeLoads = await loadStepBackend('native').then(
      (b) => (b.dispose(), true),
      () => false,
    );
    const auto = await resolveStepBackend('auto');
    if (nativeLoads) expect(auto).toEqual({ id: 'native', reason: 'auto: the native addon loads' });
    else expect(auto).toMatchObject({ id: 'tfjs', reason: expect.stringMatching(/^auto: native did not load \(backend: .+\); install @stablegrad\/native/) });
  });

  it('names the backend that is unknown', async () => {
    await expect(resolveStepBackend('gpu' as StepBackendId)).rejects.toThrow(/backend: unknown step backend 'gpu'/);
  });
});

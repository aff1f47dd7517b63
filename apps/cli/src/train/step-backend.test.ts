import { describe, expect, it } from 'vitest';
import './test-support/tfjs.js';
import { loadStepBackend } from './step-backend.js';
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

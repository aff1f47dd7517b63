import { describe, expect, it } from 'vitest';
import { exportStepModel } from '../export/export-step-model.js';
import { readStepModel } from '../graph/metadata.js';
import { USER_RULE, specialValues, compileRule, firstBitDifference } from '@stablegrad/core/testing';
import { loadOrt } from './ort.js';
import { STEP_SESSION_OPTIONS, StepSession } from './session.js';
import { ortTensor } from './tensors.js';
import type { Tensor } from 'onnxruntime-node';

/** Runs one step of an exported model with the given graph optimisation level, through the native session directly. */
function runAt(bytes: Uint8Array, level: 'disabled' | 'basic' | 'extended' | 'all'): Record<string, Tensor> {
  const { layout } = readStepModel(bytes).metadata;
  const native = loadOrt().newSession();
  native.loadModel(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength, { ...STEP_SESSION_OPTIONS, graphOptimizationLevel: level });
  const feeds: Record<string, Tensor> = {};
  layout.params.forEach((p) => {
    [p.param, p.grad, ...Object.values(p.slots)].forEach((name, k) => (feeds[name] = ortTensor(specialValues(50, k, 'float32').data, p.shape)));
  });
  Object.values(layout.scalars).forEach((name, k) => (feeds[name] = ortTensor(Float32Array.of(0.1 * (k + 1)), [])));
  const fetches = Object.fromEntries(native.outputMetadata.map((m) => [m.name, null]));
  const out = native.run(feeds, fetches, {});
  native.dispose();
  return out;
}

describe('step sessions', () => {
  it('turn graph optimisation off; the other levels give the same bits anyway', () => {
    expect(STEP_SESSION_OPTIONS).toMatchObject({ graphOptimizationLevel: 'disabled', executionMode: 'sequential' });
    for (const rule of [compileRule('sdprop').rule, compileRule('adam').rule, USER_RULE]) {
      const bytes = exportStepModel(rule, { w: [50] }, { clipByGlobalNorm: 3 });
      const base = runAt(bytes, 'disabled');
      for (const level of ['basic', 'extended', 'all'] as const) {
        const other = runAt(bytes, level);
        for (const name of Object.keys(base)) expect(firstBitDifference(other[name]!.data as Float32Array, base[name]!.data as Float32Array), `${rule.id} ${level} ${name}`).toBe(-1);
      }
    }
  });

  it('list the model inputs and outputs, and refuse to run once disposed', () => {
    const s = new StepSession(exportStepModel('sgd', { w: [2] }));
    expect(s.inputNames).toEqual(['w', 'w__grad', 'scalar__lr']);
    expect(s.outputNames).toEqual(['w__new']);
    s.dispose();
    s.dispose();
    expect(() => s.run({})).toThrow('the ONNX Runtime session was disposed');
  });

  it("carry ONNX Runtime's reason when it rejects a model", () => {
    expect(() => new StepSession(Uint8Array.of(8, 1))).toThrow(/^ONNX Runtime rejected the model: /);
  });
});

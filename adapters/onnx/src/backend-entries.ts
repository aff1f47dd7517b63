/**
 * The backends this package adds to core's backend registry.
 *
 * @module
 */
import type { Availability, BackendEntry } from '@stablegrad/core';
import { onnxBackend } from './backend/onnx-backend.js';
import { loadOrt } from './runtime/ort.js';

async function ortAvailability(): Promise<Availability> {
  try {
    loadOrt();
    return { available: true };
  } catch (e) {
    return { available: false, reason: `onnxruntime-node could not be loaded: ${(e as Error).message.split('\n')[0]}` };
  }
}

/**
 * The plugin entry point: `onnx-cpu`, the traced program as one ONNX graph per step on
 * `onnxruntime-node`'s CPU execution provider, in float32 and float64. It is strict: every
 * operator it emits is correctly rounded or exact in ONNX Runtime's CPU kernels (measured over
 * random bit patterns, subnormals and non-finite values included), so it is held to 0 ulp from
 * `reference-f32`.
 */
export function backendEntries(): BackendEntry[] {
  return [
    {
      id: 'onnx-cpu',
      description: 'one ONNX graph per step (the traced program as ai.onnx opset 13 nodes) on onnxruntime-node, CPU execution provider',
      dtypes: ['float32', 'float64'],
      arithmetic: 'ieee',
      availability: ortAvailability,
      create: async () => onnxBackend(),
    },
  ];
}

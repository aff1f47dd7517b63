/**
 * The backends this package adds to core's backend registry.
 *
 * @module
 */
import type { BackendEntry } from '@stablegrad/core';
import { nativeAvailability } from './backend/availability.js';
import { nativeBackend } from './backend/native-backend.js';

/**
 * The plugin entry point: `native-cpu` (always registered; available wherever the
 * addon is built) and `native-cuda` (available when the addon was built with CUDA and a device is
 * present; otherwise skipped with the reason). Both are strict: every operation of the program
 * runs in the element type in the traced order without contraction, so they are held to 0 ulp
 * from `reference-f32`.
 */
export function backendEntries(): BackendEntry[] {
  return [
    {
      id: 'native-cpu',
      description: 'Node-API addon: fused loops generated from the traced programs (an interpreter for other rules) on a thread pool',
      dtypes: ['float32', 'float64'],
      arithmetic: 'ieee',
      availability: async () => nativeAvailability('cpu'),
      create: async () => nativeBackend({ device: 'cpu' }),
    },
    {
      id: 'native-cuda',
      description: 'Node-API addon: one CUDA kernel launch per step over all tensors (multi-tensor apply), tensors kept on the GPU',
      dtypes: ['float32', 'float64'],
      arithmetic: 'ieee',
      availability: async () => nativeAvailability('cuda'),
      create: async () => nativeBackend({ device: 'cuda' }),
    },
  ];
}

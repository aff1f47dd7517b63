/**
 * Test setup: registers and initialises the `cpu` and `wasm` tfjs backends and, where
 * `@tensorflow/tfjs-node` (or `-node-gpu`) loads, the `tensorflow` backend, leaving `cpu` current;
 * loads tfjs-layers, whose bundle registers the gradients of tfjs-core's ops (which
 * `@tensorflow/tfjs` would otherwise do).
 *
 * A backend id listed in the environment variable `STABLEGRAD_REQUIRE_BACKENDS` (comma-separated,
 * as CI sets it) must be available: the tests fail instead of leaving it out.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-layers';
import { backendEntries } from '../backend/backend-entries.js';
import { initialiseBackend } from '../backend/on-backend.js';

/** The tfjs backends whose arithmetic is strict IEEE float32: the bit-exactness tests run on these. */
export const TFJS_BACKENDS = ['cpu', 'wasm'] as const;

for (const name of TFJS_BACKENDS) {
  if (!(await initialiseBackend(name))) throw new Error(`tfjs backend '${name}' did not initialise`);
}

const required = (process.env.STABLEGRAD_REQUIRE_BACKENDS ?? '').split(',').map((s) => s.trim());
const tensorflow = await backendEntries()
  .find((e) => e.id === 'tfjs-tensorflow')!
  .availability();
if (!tensorflow.available) {
  if (required.includes('tfjs-tensorflow')) throw new Error(`tfjs-tensorflow is required (STABLEGRAD_REQUIRE_BACKENDS) but unavailable: ${tensorflow.reason}`);
  console.warn(`training tests leave out tfjs-tensorflow: ${tensorflow.reason}`);
}

/**
 * The tfjs backends the training tests (optimizers in `model.fit`, saving and resuming, the GRU
 * constraint during `fit`) run on: `cpu`, `wasm`, and `tensorflow` where tfjs-node loads.
 */
export const TRAINING_BACKENDS: readonly string[] = [...TFJS_BACKENDS, ...(tensorflow.available ? ['tensorflow'] : [])];

await tf.setBackend('cpu');

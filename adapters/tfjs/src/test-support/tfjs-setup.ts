/**
 * Test setup: registers and initialises the `cpu` and `wasm` tfjs backends, leaving `cpu` current,
 * and loads tfjs-layers, whose bundle registers the gradients of tfjs-core's ops (which
 * `@tensorflow/tfjs` would otherwise do).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-layers';
import { initialiseBackend } from '../backend/on-backend.js';

/** The tfjs backends every backend-dependent test runs on. */
export const TFJS_BACKENDS = ['cpu', 'wasm'] as const;

for (const name of TFJS_BACKENDS) {
  if (!(await initialiseBackend(name))) throw new Error(`tfjs backend '${name}' did not initialise`);
}
await tf.setBackend('cpu');

/**
 * Starting the TensorFlow.js backend that computes the models and their gradients.
 *
 * Importing this module registers the `cpu` and `wasm` backends and loads `@tensorflow/tfjs-layers`,
 * whose bundle registers the gradients of tfjs-core's ops (which `@tensorflow/tfjs` would
 * otherwise do); without it `tf.variableGrads` finds no gradient functions.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-layers';
import { initialiseBackend } from '@stablegrad/tfjs';

/** The tfjs backends the experiments can compute gradients on. */
export const TFJS_BACKENDS: readonly string[] = ['wasm', 'cpu', 'tensorflow'];

/** The default tfjs backend: on a CPU, `wasm` ran a GRU training step 3 to 10 times faster than `cpu`. */
export const DEFAULT_TFJS_BACKEND = 'wasm';

/**
 * Makes the tfjs backend `name` current: `wasm` (default), `cpu`, or `tensorflow` (libtensorflow
 * through `@tensorflow/tfjs-node`, which the user installs).
 *
 * @throws Error naming `tfjsBackend` when the name is unknown, when `@tensorflow/tfjs-node` is not
 * installed, or when the backend fails to initialise, with what to do
 */
export async function useTfjsBackend(name: string = DEFAULT_TFJS_BACKEND): Promise<void> {
  if (!TFJS_BACKENDS.includes(name)) {
    throw new Error(`tfjsBackend: unknown tfjs backend '${name}'; expected one of ${TFJS_BACKENDS.join(', ')}`);
  }
  if (name === 'tensorflow' && tf.findBackendFactory(name) == null) {
    const specifier = '@tensorflow/tfjs-node';
    try {
      await import(specifier);
    } catch (e) {
      throw new Error(
        `tfjsBackend: 'tensorflow' needs @tensorflow/tfjs-node (${(e as Error).message}); install it with ` +
          `'npm install @tensorflow/tfjs-node@${tf.version_core}' or choose 'wasm' or 'cpu'`,
      );
    }
  }
  if (!(await initialiseBackend(name)) || !(await tf.setBackend(name))) {
    throw new Error(`tfjsBackend: the tfjs backend '${name}' failed to initialise; choose another of ${TFJS_BACKENDS.join(', ')}`);
  }
}

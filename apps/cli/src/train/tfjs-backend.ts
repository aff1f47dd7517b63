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

/** The tfjs backends the experiments can compute gradients on; `auto` picks one of the others. */
export const TFJS_BACKENDS: readonly string[] = ['auto', 'tensorflow', 'wasm', 'cpu'];

/**
 * The default: `auto`, which is `tensorflow` when `@tensorflow/tfjs-node` loads and `wasm`
 * otherwise. Measured on 2 cores: the demo's LeNet CNN trains a batch of 32 in about 12 ms on
 * `tensorflow`, and a group of 36 GRU runs steps together in about 190 ms there, against 2.4 s on
 * `wasm` (whose batched matrix product is not vectorised); `wasm` ran a single small GRU step 3
 * to 10 times faster than `cpu`.
 */
export const DEFAULT_TFJS_BACKEND = 'auto';

/** The packages that provide the `tensorflow` backend, tried in this order (the GPU build first). */
export const TFJS_NODE_PACKAGES: readonly string[] = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'];

/** A tfjs backend chosen for a run, and why. */
export interface ResolvedTfjsBackend {
  /** The backend: `tensorflow`, `wasm` or `cpu`. */
  readonly name: string;
  /** Why it was chosen, e.g. `auto: @tensorflow/tfjs-node is installed`. */
  readonly reason: string;
}

/** The first line of an error's message. */
function firstLine(e: unknown): string {
  return String(e instanceof Error ? e.message : e).split('\n')[0]!;
}

/**
 * Loads the first of {@link TFJS_NODE_PACKAGES} that imports, registering the `tensorflow`
 * backend; returns its name, or throws with the reason each failed. TensorFlow runs each
 * operation on one thread (`TF_NUM_INTRAOP_THREADS` and `TF_NUM_INTEROP_THREADS` default to 1
 * unless the environment sets them): the experiments' operations are too small to gain from
 * threads (a LeNet batch took 11 ms on one thread and 13 ms on two), the command trains runs in
 * parallel worker processes instead, and a run's figures do not depend on the number of cores.
 */
async function loadTfjsNode(): Promise<string> {
  process.env['TF_NUM_INTRAOP_THREADS'] ??= '1';
  process.env['TF_NUM_INTEROP_THREADS'] ??= '1';
  const failures: string[] = [];
  for (const specifier of TFJS_NODE_PACKAGES) {
    try {
      await import(specifier);
      return specifier;
    } catch (e) {
      failures.push(`${specifier}: ${firstLine(e)}`);
    }
  }
  throw new Error(failures.join('; '));
}

let tfjsNode: Promise<string> | undefined;

/** {@link loadTfjsNode}, once per process. */
function tfjsNodePackage(): Promise<string> {
  tfjsNode ??= loadTfjsNode();
  return tfjsNode;
}

/**
 * The backend `name` stands for: itself, or for `auto` `tensorflow` when `@tensorflow/tfjs-node`
 * (or `-node-gpu`) loads, else `wasm`.
 *
 * @throws Error naming `tfjsBackend` when the name is unknown
 */
export async function resolveTfjsBackend(name: string = DEFAULT_TFJS_BACKEND): Promise<ResolvedTfjsBackend> {
  if (!TFJS_BACKENDS.includes(name)) {
    throw new Error(`tfjsBackend: unknown tfjs backend '${name}'; expected one of ${TFJS_BACKENDS.join(', ')}`);
  }
  if (name !== 'auto') return { name, reason: 'chosen on the command line' };
  try {
    return { name: 'tensorflow', reason: `auto: ${await tfjsNodePackage()} is installed` };
  } catch (e) {
    return { name: 'wasm', reason: `auto: @tensorflow/tfjs-node did not load (${firstLine(e)}); install it for faster training` };
  }
}

/**
 * Makes the tfjs backend `name` current: `auto` (default, see {@link resolveTfjsBackend}),
 * `tensorflow` (libtensorflow through `@tensorflow/tfjs-node` or `-node-gpu`, which the user
 * installs), `wasm` or `cpu`.
 *
 * @returns the backend made current and why
 * @throws Error naming `tfjsBackend` when the name is unknown, when `tensorflow` is asked for and
 * `@tensorflow/tfjs-node` is not installed, or when the backend fails to initialise, with what to do
 */
export async function useTfjsBackend(name: string = DEFAULT_TFJS_BACKEND): Promise<ResolvedTfjsBackend> {
  const resolved = await resolveTfjsBackend(name);
  if (resolved.name === 'tensorflow' && tf.findBackendFactory('tensorflow') == null) {
    try {
      await tfjsNodePackage();
    } catch (e) {
      throw new Error(
        `tfjsBackend: 'tensorflow' needs @tensorflow/tfjs-node (${firstLine(e)}); install it with ` +
          `'npm install @tensorflow/tfjs-node@${tf.version_core}' or choose 'wasm' or 'cpu'`,
      );
    }
  }
  if (!(await initialiseBackend(resolved.name)) || !(await tf.setBackend(resolved.name))) {
    throw new Error(`tfjsBackend: the tfjs backend '${resolved.name}' failed to initialise; choose another of ${TFJS_BACKENDS.join(', ')}`);
  }
  return resolved;
}

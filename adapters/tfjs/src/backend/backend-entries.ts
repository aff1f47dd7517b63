/**
 * The tfjs backends as the backend registry finds them.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Availability, BackendEntry } from '@stablegrad/core';
import { tfjsArithmetic } from './arithmetic.js';
import { initialiseBackend } from './on-backend.js';
import { tensorBackend } from './tensor-backend.js';

/** The first line of an error's message. */
function firstLine(e: unknown): string {
  return String(e instanceof Error ? e.message : e).split('\n')[0]!;
}

/**
 * Loads the first of `packages` that can be imported, then initialises tfjs backend `name`.
 * The specifiers are held in variables so that no bundler or type checker requires the optional
 * packages.
 */
async function load(name: string, packages: readonly string[]): Promise<Availability> {
  const failures: string[] = [];
  for (const specifier of packages) {
    try {
      await import(specifier);
    } catch (e) {
      failures.push(`${specifier} could not be loaded (${firstLine(e)})`);
      continue;
    }
    if (tf.findBackendFactory(name) == null) {
      return {
        available: false,
        reason: `${specifier} loaded but registered no tfjs backend '${name}' with this @tensorflow/tfjs-core (${tf.version_core}); install versions that share one copy of tfjs-core`,
      };
    }
    try {
      if (await initialiseBackend(name)) return { available: true };
      return { available: false, reason: `tfjs could not initialise its '${name}' backend (see the warning tfjs printed)` };
    } catch (e) {
      return { available: false, reason: `tfjs could not initialise its '${name}' backend: ${firstLine(e)}` };
    }
  }
  return { available: false, reason: failures.join('; ') };
}

/** A backend entry for the tfjs backend `name`, provided by the first loadable of `packages`. */
function entry(
  id: string,
  name: string,
  packages: readonly string[],
  description: string,
): BackendEntry {
  let availability: Promise<Availability> | undefined;
  const check = (): Promise<Availability> => (availability ??= load(name, packages));
  return {
    id,
    description,
    dtypes: ['float32'],
    arithmetic: tfjsArithmetic(name),
    availability: check,
    async create() {
      const a = await check();
      if (!a.available) throw new Error(`${id}: unavailable: ${a.reason}`);
      return tensorBackend({ tfjsBackend: name, id });
    },
  };
}

/**
 * The plugin entry point: the backends this package adds to core's backend registry (which the
 * conformance suite, the `stablegrad` command and the benchmarks use):
 *
 * - `tfjs-cpu`: tfjs's plain JavaScript kernels (`@tensorflow/tfjs-backend-cpu`);
 * - `tfjs-wasm`: its WebAssembly kernels (`@tensorflow/tfjs-backend-wasm`, whose `.wasm` files
 *   ship in the package and load in Node with no configuration);
 * - `tfjs-tensorflow`: TensorFlow's C library through `@tensorflow/tfjs-node-gpu` or
 *   `@tensorflow/tfjs-node` (optional peer dependencies, whose installation downloads
 *   libtensorflow); unavailable, with the reason, when neither is installed.
 *
 * `tfjs-cpu` and `tfjs-wasm` compute in `ieee` float32 arithmetic, `tfjs-tensorflow` in `ftz`
 * (see `TFJS_ARITHMETIC`). Each runs each rule instruction by instruction as tfjs ops and switches
 * to its own tfjs backend for every call, so all of them can be checked in one process. Importing
 * this module loads no tfjs backend: an entry loads and initialises its backend package when
 * asked whether it is available.
 */
export function backendEntries(): BackendEntry[] {
  return [
    entry('tfjs-cpu', 'cpu', ['@tensorflow/tfjs-backend-cpu'], 'TensorFlow.js, cpu backend: one tfjs op per instruction, JavaScript kernels'),
    entry('tfjs-wasm', 'wasm', ['@tensorflow/tfjs-backend-wasm'], 'TensorFlow.js, wasm backend: one tfjs op per instruction, WebAssembly (XNNPACK) kernels'),
    entry(
      'tfjs-tensorflow',
      'tensorflow',
      ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'],
      'TensorFlow.js, tensorflow backend (tfjs-node-gpu or tfjs-node): one tfjs op per instruction, TensorFlow C kernels',
    ),
  ];
}

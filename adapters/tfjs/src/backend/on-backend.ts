/**
 * Running work on a chosen tfjs backend while others stay registered.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * Runs `fn` with `name` as the current tfjs backend, then makes the previous backend current
 * again (if there was none, `name` stays current), so that backends coexist in one process (`tf.setBackend` is global: tensors are created
 * on, and ops run on, the current backend).
 *
 * Switching between initialised backends is synchronous in tfjs (only the first initialisation
 * of a backend, such as compiling `wasm`, is asynchronous), so the backend must have been
 * initialised with `await tf.setBackend(name)` or `await initialiseBackend(name)` before.
 *
 * @throws Error naming the backend when it is not registered or not initialised
 */
export function onBackend<T>(name: string, fn: () => T): T {
  const previous = tf.getBackend();
  if (previous === name) return fn();
  if (tf.findBackend(name) == null) {
    throw new Error(`backend: tfjs backend '${name}' is not initialised; await initialiseBackend('${name}') first`);
  }
  void tf.setBackend(name);
  try {
    return fn();
  } finally {
    if (previous) void tf.setBackend(previous);
  }
}

/**
 * Initialises the registered tfjs backend `name` (for `wasm`: compiles its WebAssembly module)
 * without changing which backend is current, unless none was.
 *
 * @returns whether tfjs could initialise it
 * @throws Error naming the backend when no backend of that name is registered
 */
export async function initialiseBackend(name: string): Promise<boolean> {
  if (tf.findBackendFactory(name) == null) {
    throw new Error(`backend: no tfjs backend named '${name}' is registered (import its package first)`);
  }
  if (tf.findBackend(name) != null) return true;
  const previous = tf.getBackend();
  const ok = await tf.setBackend(name);
  if (previous && previous !== name) await tf.setBackend(previous);
  return ok;
}

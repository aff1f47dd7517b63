/**
 * Reading tfjs tensors on the host.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { HostTensor } from '@stablegrad/core';

/**
 * Checks that `t` is a live float32 `tf.Tensor`.
 *
 * @param where - names the value in the error
 * @throws TypeError naming `where` when `t` is not a tensor, is disposed or is not float32
 */
export function checkFloat32(t: tf.Tensor, where: string): void {
  if (!(t instanceof tf.Tensor)) throw new TypeError(`${where}: expected a tf.Tensor, got ${t === null ? 'null' : typeof t}`);
  if (t.isDisposed) throw new TypeError(`${where}: the tensor is disposed`);
  if (t.dtype !== 'float32') throw new TypeError(`${where}: expected dtype 'float32', got '${t.dtype}'`);
}

/**
 * `t` as a {@link HostTensor} for reading: its shape and its elements from `dataSync()`. On the
 * `cpu` backend that is the tensor's own storage (no copy), so the result must not be written to;
 * on `wasm` a copy of the heap, on GPU backends a download.
 *
 * @throws TypeError naming `where` when `t` is not a live float32 tensor
 */
export function hostView(t: tf.Tensor, where: string): HostTensor {
  checkFloat32(t, where);
  return { shape: t.shape, data: t.dataSync() as Float32Array };
}

/**
 * A 2-D convolution that can be trained on every tfjs backend.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * The convolution of `x` `[B, H, W, C]` with `filter` `[kh, kw, C, F]`, stride 1, `valid`
 * padding, with its gradients written as convolutions (for backends without the kernel
 * `Conv2DBackpropFilter`, such as `wasm`):
 *
 * ```
 * dx = conv2dTranspose(dy, filter)                                   (Conv2DBackpropInput)
 * dfilter[i, j, c, f] = sum_{b, p, q} x[b, p + i, q + j, c] dy[b, p, q, f]
 *                     = conv2d(x as [C, H, W, B], dy as [oh, ow, B, F])[c, i, j, f]
 * ```
 *
 * (the batch axis becomes the channel axis being summed over, and the output gradient the filter).
 */
export const conv2dByConvolutions: (x: tf.Tensor4D, filter: tf.Tensor4D) => tf.Tensor4D = tf.customGrad(((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, filter, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.GradSaveFunc];
  save([x, filter]);
  return {
    value: tf.conv2d(x, filter, 1, 'valid'),
    gradFunc: (dy: tf.Tensor4D, saved: tf.Tensor[]) => {
      const [xs, ws] = saved as [tf.Tensor4D, tf.Tensor4D];
      const dx = tf.conv2dTranspose(dy, ws, xs.shape, 1, 'valid');
      const byChannel = tf.conv2d(tf.transpose(xs, [3, 1, 2, 0]), tf.transpose(dy, [1, 2, 0, 3]), 1, 'valid');
      return [dx, tf.transpose(byChannel, [1, 2, 0, 3])];
    },
  };
}) as Parameters<typeof tf.customGrad<tf.Tensor4D>>[0]) as (x: tf.Tensor, filter: tf.Tensor) => tf.Tensor4D;

/**
 * The convolution of `x` `[B, H, W, C]` with `filter` `[kh, kw, C, F]`, stride 1, `valid`
 * padding: `tf.conv2d` where the current backend has the kernel `Conv2DBackpropFilter`
 * (`tensorflow`, `cpu`), else {@link conv2dByConvolutions}. Both are exact convolutions; they
 * differ only in the order of float32 sums.
 */
export function conv2dValid(x: tf.Tensor4D, filter: tf.Tensor4D): tf.Tensor4D {
  return tf.getKernel('Conv2DBackpropFilter', tf.getBackend()) ? tf.conv2d(x, filter, 1, 'valid') : conv2dByConvolutions(x, filter);
}

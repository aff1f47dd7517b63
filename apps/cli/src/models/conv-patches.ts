/**
 * Convolutions as patches times a matrix, built only from ops whose gradients every tfjs backend
 * has: the `wasm` backend lacks the kernel `Conv2DBackpropFilter`, so `tf.conv2d` cannot be
 * trained there, and its 4-D `pad` and `slice` were 3 to 10 times slower than the whole rest of
 * a training step in our measurements. The first layer's patches are therefore cut once on the
 * host (the images are fixed data); the second layer uses non-overlapping 2 x 2 patches, which
 * are a reshape and a transpose.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * The 3 x 3 patches at stride 2 with one pixel of zero padding on every side (PyTorch's
 * `Conv2d(kernel_size=3, stride=2, padding=1)`) of `count` single-channel `side x side` images
 * (`side` even), row-major. Output: `count x (side/2) x (side/2) x 9`, the last axis ordered
 * `(dy, dx)`, so that `patches.reshape([-1, 9]) @ w.reshape([9, F])` is the convolution with a
 * `[3, 3, 1, F]` filter `w`: output pixel `(i, j)` sees input rows `2i-1 .. 2i+1` and columns
 * `2j-1 .. 2j+1`.
 *
 * @throws RangeError naming `images` when its length is not `count * side * side`, or `side` when it is odd
 */
export function imagePatches3x3Stride2(images: Float32Array, count: number, side: number): Float32Array {
  if (side % 2 !== 0) throw new RangeError(`side: expected an even number, got ${side}`);
  if (images.length !== count * side * side) {
    throw new RangeError(`images: expected ${count} x ${side} x ${side} = ${count * side * side} values, got ${images.length}`);
  }
  const half = side / 2;
  const out = new Float32Array(count * half * half * 9);
  let o = 0;
  for (let n = 0; n < count; n++) {
    const base = n * side * side;
    for (let i = 0; i < half; i++) {
      for (let j = 0; j < half; j++) {
        for (let dy = -1; dy <= 1; dy++) {
          for (let dx = -1; dx <= 1; dx++) {
            const y = 2 * i + dy;
            const x = 2 * j + dx;
            out[o++] = y >= 0 && y < side && x >= 0 && x < side ? images[base + y * side + x]! : 0;
          }
        }
      }
    }
  }
  return out;
}

/**
 * A 2 x 2 convolution at stride 2 (non-overlapping patches, `valid`): for `x` `[B, H, W, C]` with
 * even `H`, `W`, filter `[4C, F]` (a `[2, 2, C, F]` filter reshaped, rows ordered `(dy, dx, c)`)
 * and bias `[F]`, the output `[B, H/2, W/2, F]`.
 *
 * @throws RangeError naming `x` unless its height and width are even
 */
export function conv2x2Stride2(x: tf.Tensor4D, filter: tf.Tensor2D, bias: tf.Tensor1D): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  if (h % 2 !== 0 || w % 2 !== 0) throw new RangeError(`x: expected an even height and width, got [${x.shape.join(', ')}]`);
  return tf.tidy(() => {
    const blocks = tf.transpose(tf.reshape(x, [b, h / 2, 2, w / 2, 2, c]), [0, 1, 3, 2, 4, 5]);
    const y = tf.add(tf.matMul(tf.reshape(blocks, [(b * h * w) / 4, 4 * c]), filter), bias);
    return tf.reshape(y, [b, h / 2, w / 2, filter.shape[1]]);
  });
}

/**
 * Reading gate blocks of a GRU recurrent kernel on the host, for tests.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import { spectralNorm as exactSpectralNorm } from '@stablegrad/core/testing';

/** Gate block `g` (0 = z, 1 = r, 2 = h) of an `[units, 3 * units]` kernel, row-major. */
export function gateBlock(kernel: tf.Tensor, g: number): Float64Array {
  const [u, n] = kernel.shape as [number, number];
  const data = kernel.dataSync();
  const out = new Float64Array(u * u);
  for (let i = 0; i < u; i++) for (let j = 0; j < u; j++) out[i * u + j] = data[i * n + g * u + j]!;
  return out;
}

/**
 * What the constraint promises for a block after projection to `s`: `s (1 + tol)` before rounding
 * to float32, plus at most `2^-24 ||B||_F` for that rounding.
 */
export function spectralBound(block: Float64Array, s: number, tol: number): number {
  const frobenius = Math.sqrt(block.reduce((a, x) => a + x * x, 0));
  return s * (1 + tol) + 2 ** -24 * frobenius;
}

/** The exact spectral norm of an `[units, units]` block. */
export function blockNorm(block: Float64Array): number {
  const u = Math.round(Math.sqrt(block.length));
  return exactSpectralNorm(block, u, u);
}

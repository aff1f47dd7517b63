/**
 * Seeded weight initialisers, computed on the host so that a seed gives the same weights on every
 * tfjs backend (tfjs's `Orthogonal` initializer throws on `wasm`).
 *
 * @module
 */
import type { Random } from '../train/random.js';

/**
 * Glorot (Xavier) uniform: entries uniform in `[-l, l]` with `l = sqrt(6 / (fanIn + fanOut))`
 * (Glorot and Bengio, AISTATS 2010; Keras's default kernel initializer).
 */
export function glorotUniform(fanIn: number, fanOut: number, size: number, random: Random): Float32Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return Float32Array.from({ length: size }, () => (2 * random.uniform() - 1) * limit);
}

/**
 * A random `n x n` orthogonal matrix, row-major: Gram-Schmidt (applied twice, for float64
 * accuracy) on the columns of a standard normal matrix (Saxe et al., ICLR 2014; Keras's default
 * recurrent initializer). Its spectral norm is 1.
 */
export function orthogonal(n: number, random: Random): Float32Array {
  const cols = Array.from({ length: n }, () => Float64Array.from({ length: n }, () => random.normal()));
  cols.forEach((c, j) => {
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k < j; k++) {
        const q = cols[k]!;
        let dot = 0;
        for (let i = 0; i < n; i++) dot += q[i]! * c[i]!;
        for (let i = 0; i < n; i++) c[i]! -= dot * q[i]!;
      }
    }
    const norm = Math.hypot(...c);
    for (let i = 0; i < n; i++) c[i]! /= norm;
  });
  const out = new Float32Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = cols[j]![i]!;
  return out;
}

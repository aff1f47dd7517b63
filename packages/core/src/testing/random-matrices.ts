/**
 * Seeded random matrices for tests, from a generator separate from the one the code under test uses.
 *
 * @module
 */

/** Standard normal samples from a seed: splitmix32 uniforms and the Box-Muller transform. */
export function normalSource(seed: number): () => number {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return (((z ^ (z >>> 15)) >>> 0) + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** A row-major `m x n` matrix with independent normal entries of standard deviation `scale`. */
export function gaussianMatrix(m: number, n: number, scale: number, rand: () => number): Float64Array {
  return Float64Array.from({ length: m * n }, () => scale * rand());
}

/** `len x k` column-major block with orthonormal columns (Gram-Schmidt, twice, of normal vectors); `k <= len`. */
export function orthonormalBlock(len: number, k: number, rand: () => number): Float64Array {
  const Q = Float64Array.from({ length: len * k }, rand);
  for (let j = 0; j < k; j++) {
    const col = Q.subarray(j * len, (j + 1) * len);
    for (let pass = 0; pass < 2; pass++) {
      for (let p = 0; p < j; p++) {
        const prev = Q.subarray(p * len, (p + 1) * len);
        const dot = prev.reduce((acc, x, i) => acc + x * col[i]!, 0);
        col.forEach((x, i) => (col[i] = x - dot * prev[i]!));
      }
    }
    const norm = Math.hypot(...col);
    col.forEach((x, i) => (col[i] = x / norm));
  }
  return Q;
}

/**
 * A row-major `m x n` matrix `Q1 diag(sigma) Q2^T` with the given singular values (at most
 * `min(m, n)` of them; missing ones are 0) and random orthonormal singular vectors.
 */
export function matrixWithSingularValues(m: number, n: number, sigma: readonly number[], rand: () => number): Float64Array {
  const r = sigma.length;
  const U = orthonormalBlock(m, r, rand);
  const V = orthonormalBlock(n, r, rand);
  const out = new Float64Array(m * n);
  for (let l = 0; l < r; l++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) out[i * n + j] = out[i * n + j]! + U[l * m + i]! * sigma[l]! * V[l * n + j]!;
    }
  }
  return out;
}

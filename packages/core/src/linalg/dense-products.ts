/**
 * Products of a row-major matrix with column-major blocks of vectors, register-blocked.
 *
 * @module
 */
import type { TypedArray } from '../tensor.js';

/**
 * `W X` for the row-major `m x n` matrix `w` and the column-major `n x k` block `X`, as a
 * column-major `m x k` block in float64. Each entry is the dot product of a row of `W` and a
 * column of `X`, summed left to right in float64; four rows and three columns are done at a time
 * (register blocking, as in the level-3 BLAS kernels of Goto and van de Geijn, ACM TOMS 34,
 * 2008), which changes no sum, only how often each element is loaded. All loops are stride 1.
 */
export function multiplyBlock(w: TypedArray, m: number, n: number, X: Float64Array, k: number): Float64Array {
  const out = new Float64Array(m * k);
  let l = 0;
  for (; l + 3 <= k; l += 3) {
    const c0 = l * n;
    const c1 = c0 + n;
    const c2 = c1 + n;
    let i = 0;
    for (; i + 4 <= m; i += 4) {
      const r0 = i * n;
      const r1 = r0 + n;
      const r2 = r1 + n;
      const r3 = r2 + n;
      let s0 = 0, s1 = 0, s2 = 0, t0 = 0, t1 = 0, t2 = 0, u0 = 0, u1 = 0, u2 = 0, v0 = 0, v1 = 0, v2 = 0;
      for (let j = 0; j < n; j++) {
        const x0 = X[c0 + j]!;
        const x1 = X[c1 + j]!;
        const x2 = X[c2 + j]!;
        let a = w[r0 + j]!;
        s0 += a * x0;
        s1 += a * x1;
        s2 += a * x2;
        a = w[r1 + j]!;
        t0 += a * x0;
        t1 += a * x1;
        t2 += a * x2;
        a = w[r2 + j]!;
        u0 += a * x0;
        u1 += a * x1;
        u2 += a * x2;
        a = w[r3 + j]!;
        v0 += a * x0;
        v1 += a * x1;
        v2 += a * x2;
      }
      const o = l * m + i;
      out[o] = s0;
      out[o + 1] = t0;
      out[o + 2] = u0;
      out[o + 3] = v0;
      out[o + m] = s1;
      out[o + m + 1] = t1;
      out[o + m + 2] = u1;
      out[o + m + 3] = v1;
      out[o + 2 * m] = s2;
      out[o + 2 * m + 1] = t2;
      out[o + 2 * m + 2] = u2;
      out[o + 2 * m + 3] = v2;
    }
    for (; i < m; i++) {
      const r = i * n;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      for (let j = 0; j < n; j++) {
        const a = w[r + j]!;
        s0 += a * X[c0 + j]!;
        s1 += a * X[c1 + j]!;
        s2 += a * X[c2 + j]!;
      }
      out[l * m + i] = s0;
      out[(l + 1) * m + i] = s1;
      out[(l + 2) * m + i] = s2;
    }
  }
  for (; l < k; l++) {
    const c = l * n;
    for (let i = 0; i < m; i++) {
      const r = i * n;
      let sum = 0;
      for (let j = 0; j < n; j++) sum += w[r + j]! * X[c + j]!;
      out[l * m + i] = sum;
    }
  }
  return out;
}

/**
 * `W^T Y` for the row-major `m x n` matrix `w` and the column-major `m x k` block `Y`, as a
 * column-major `n x k` block in float64. Entry `(j, l)` is `sum_i W[i, j] Y[i, l]`, summed in the
 * order of `i` in float64: rows of `W` are added to the output columns four at a time, for four
 * columns at a time (register blocking, Goto and van de Geijn, ACM TOMS 34, 2008), each addition
 * written left to right so that no sum changes. All loops are stride 1.
 */
export function multiplyTransposedBlock(w: TypedArray, m: number, n: number, Y: Float64Array, k: number): Float64Array {
  const out = new Float64Array(n * k);
  let l = 0;
  for (; l + 4 <= k; l += 4) {
    const o0 = l * n;
    const o1 = o0 + n;
    const o2 = o1 + n;
    const o3 = o2 + n;
    let i = 0;
    for (; i + 4 <= m; i += 4) {
      const r0 = i * n;
      const r1 = r0 + n;
      const r2 = r1 + n;
      const r3 = r2 + n;
      const ya = l * m + i;
      const yb = ya + m;
      const yc = yb + m;
      const yd = yc + m;
      const a0 = Y[ya]!, a1 = Y[ya + 1]!, a2 = Y[ya + 2]!, a3 = Y[ya + 3]!;
      const b0 = Y[yb]!, b1 = Y[yb + 1]!, b2 = Y[yb + 2]!, b3 = Y[yb + 3]!;
      const c0 = Y[yc]!, c1 = Y[yc + 1]!, c2 = Y[yc + 2]!, c3 = Y[yc + 3]!;
      const d0 = Y[yd]!, d1 = Y[yd + 1]!, d2 = Y[yd + 2]!, d3 = Y[yd + 3]!;
      for (let j = 0; j < n; j++) {
        const w0 = w[r0 + j]!;
        const w1 = w[r1 + j]!;
        const w2 = w[r2 + j]!;
        const w3 = w[r3 + j]!;
        out[o0 + j] = out[o0 + j]! + w0 * a0 + w1 * a1 + w2 * a2 + w3 * a3;
        out[o1 + j] = out[o1 + j]! + w0 * b0 + w1 * b1 + w2 * b2 + w3 * b3;
        out[o2 + j] = out[o2 + j]! + w0 * c0 + w1 * c1 + w2 * c2 + w3 * c3;
        out[o3 + j] = out[o3 + j]! + w0 * d0 + w1 * d1 + w2 * d2 + w3 * d3;
      }
    }
    for (; i < m; i++) {
      const r = i * n;
      const a = Y[l * m + i]!;
      const b = Y[(l + 1) * m + i]!;
      const c = Y[(l + 2) * m + i]!;
      const d = Y[(l + 3) * m + i]!;
      for (let j = 0; j < n; j++) {
        const x = w[r + j]!;
        out[o0 + j] = out[o0 + j]! + x * a;
        out[o1 + j] = out[o1 + j]! + x * b;
        out[o2 + j] = out[o2 + j]! + x * c;
        out[o3 + j] = out[o3 + j]! + x * d;
      }
    }
  }
  for (; l < k; l++) {
    const o = l * n;
    for (let i = 0; i < m; i++) {
      const r = i * n;
      const y = Y[l * m + i]!;
      for (let j = 0; j < n; j++) out[o + j] = out[o + j]! + w[r + j]! * y;
    }
  }
  return out;
}

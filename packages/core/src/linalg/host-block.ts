/**
 * Dense float64 blocks of vectors on the host, column-major: a `len x k` block stores column `j`
 * at `[j * len, (j + 1) * len)`. Every loop runs down columns (stride 1), several columns at a
 * time so that each loaded element is used more than once.
 *
 * @module
 */

/** The Euclidean norm of column `j` of the `len`-row block `X`. */
export function columnNorm(X: Float64Array, len: number, j: number): number {
  let sum = 0;
  for (let i = j * len; i < (j + 1) * len; i++) sum += X[i]! * X[i]!;
  return Math.sqrt(sum);
}

/**
 * Dot products of column `p` of the `len`-row block `X` with columns `q .. q + count - 1` of the
 * `len`-row block `Y` (`count <= 4`), written to `out[at .. at + count)`.
 */
function dots(
  X: Float64Array,
  p: number,
  Y: Float64Array,
  q: number,
  count: number,
  len: number,
  out: Float64Array,
  at: number,
): void {
  const x = p * len;
  const y0 = q * len;
  if (count === 4) {
    const y1 = y0 + len;
    const y2 = y1 + len;
    const y3 = y2 + len;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let i = 0; i < len; i++) {
      const a = X[x + i]!;
      s0 += a * Y[y0 + i]!;
      s1 += a * Y[y1 + i]!;
      s2 += a * Y[y2 + i]!;
      s3 += a * Y[y3 + i]!;
    }
    out[at] = s0;
    out[at + 1] = s1;
    out[at + 2] = s2;
    out[at + 3] = s3;
    return;
  }
  for (let c = 0; c < count; c++) {
    let sum = 0;
    for (let i = 0; i < len; i++) sum += X[x + i]! * Y[y0 + c * len + i]!;
    out[at + c] = sum;
  }
}

/** The `k x k` Gram matrix `X^T X` of the `len x k` block `X`, column-major (and symmetric). */
export function gram(X: Float64Array, len: number, k: number): Float64Array {
  const G = new Float64Array(k * k);
  for (let p = 0; p < k; p++) {
    for (let q = p; q < k; q += 4) dots(X, p, X, q, Math.min(4, k - q), len, G, p * k + q);
    for (let q = p + 1; q < k; q++) G[q * k + p] = G[p * k + q]!;
  }
  return G;
}

/**
 * `out[:, j] += sum_l X[:, l] c[l]` over columns `l = from .. to - 1` of the `len`-row block `X`,
 * into column `j` of the `len`-row block `out`, four terms at a time.
 */
function combine(
  X: Float64Array,
  c: Float64Array,
  cAt: number,
  from: number,
  to: number,
  len: number,
  out: Float64Array,
  j: number,
): void {
  const o = j * len;
  let l = from;
  for (; l + 4 <= to; l += 4) {
    const x0 = l * len;
    const x1 = x0 + len;
    const x2 = x1 + len;
    const x3 = x2 + len;
    const c0 = c[cAt + l]!;
    const c1 = c[cAt + l + 1]!;
    const c2 = c[cAt + l + 2]!;
    const c3 = c[cAt + l + 3]!;
    for (let i = 0; i < len; i++) {
      out[o + i] = out[o + i]! + X[x0 + i]! * c0 + X[x1 + i]! * c1 + X[x2 + i]! * c2 + X[x3 + i]! * c3;
    }
  }
  for (; l < to; l++) {
    const x = l * len;
    const cl = c[cAt + l]!;
    for (let i = 0; i < len; i++) out[o + i] = out[o + i]! + X[x + i]! * cl;
  }
}

/** The largest entry of `|X^T X - I|` for the `len x k` block `X`: how far it is from orthonormal. */
export function orthonormalityError(X: Float64Array, len: number, k: number): number {
  const G = gram(X, len, k);
  let worst = 0;
  for (let p = 0; p < k; p++) {
    for (let q = p; q < k; q++) worst = Math.max(worst, Math.abs(G[p * k + q]! - (p === q ? 1 : 0)));
  }
  return worst;
}

/**
 * The product `X Q` of the `len x k` block `X` and the first `kOut` columns of the `k x k`
 * matrix `Q` (column-major): a `len x kOut` block.
 */
export function rotate(X: Float64Array, len: number, k: number, Q: Float64Array, kOut: number): Float64Array {
  const out = new Float64Array(len * kOut);
  for (let j = 0; j < kOut; j++) combine(X, Q, j * k, 0, k, len, out, j);
  return out;
}

/**
 * Makes the columns of the `len x k` block `X` orthonormal, in place, by classical Gram-Schmidt
 * with selective reorthogonalisation: a column is projected against the earlier ones, and
 * projected once more when the first pass removed more than `1 - 1/sqrt(2)` of its norm. This is
 * Kahan's "twice is enough" criterion (Parlett, "The Symmetric Eigenvalue Problem", section 6.9;
 * Giraud, Langou, Rozloznik, Computers & Mathematics with Applications 50, 2005): the result is
 * orthogonal to the earlier columns to a small multiple of `2^-53` whenever the block is
 * numerically of full rank. Each pass takes all dot products with the earlier columns first, then
 * subtracts them, both four columns at a time. Columns before `from` must already be orthonormal
 * and are kept as they are. A column that is (numerically) a combination of the earlier ones,
 * having kept less than `2^-30` of its norm after both passes, is replaced by a fresh vector from
 * `fill` and orthonormalised again, so the result always has `k` orthonormal columns.
 *
 * @param fill - source of the entries of replacement columns (e.g. {@link seededNormal})
 * @throws RangeError when `k > len` (no `k` orthonormal vectors of length `len` exist)
 */
export function orthonormalizeColumns(X: Float64Array, len: number, k: number, fill: () => number, from = 0): void {
  if (k > len) throw new RangeError(`k: at most ${len} orthonormal columns of length ${len} exist, asked for ${k}`);
  const coefficients = new Float64Array(k);
  for (let j = from; j < k; j++) {
    const col = j * len;
    for (;;) {
      const before = columnNorm(X, len, j);
      let after = projectOut(X, len, j, coefficients);
      if (after < before * Math.SQRT1_2) after = projectOut(X, len, j, coefficients);
      if (after > before * 2 ** -30) {
        for (let i = col; i < col + len; i++) X[i] = X[i]! / after;
        break;
      }
      for (let i = col; i < col + len; i++) X[i] = fill();
    }
  }
}

/**
 * One classical Gram-Schmidt pass: subtracts from column `j` of the `len`-row block `X` its
 * projections on the columns before it, using `coefficients` (length `>= j`) as scratch, and
 * returns the norm that is left.
 */
function projectOut(X: Float64Array, len: number, j: number, coefficients: Float64Array): number {
  for (let p = 0; p < j; p += 4) dots(X, j, X, p, Math.min(4, j - p), len, coefficients, p);
  for (let p = 0; p < j; p++) coefficients[p] = -coefficients[p]!;
  combine(X, coefficients, 0, 0, j, len, X, j);
  return columnNorm(X, len, j);
}

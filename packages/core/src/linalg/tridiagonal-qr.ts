/**
 * Eigenvalues of a symmetric tridiagonal matrix by the implicit-shift QR algorithm.
 *
 * @module
 */

const EPS = 2 ** -53;
/** QR steps allowed per eigenvalue; Wilkinson-shifted QR needs 2 or 3 on average. */
const STEPS_PER_EIGENVALUE = 30;

/**
 * Diagonalises the symmetric tridiagonal `T` (diagonal `d`, subdiagonal `e`, both length `k`,
 * `e[i] = T[i + 1, i]`) in place by the implicit symmetric QR algorithm with Wilkinson shifts
 * (Golub and Van Loan, "Matrix Computations", 4th ed., algorithms 8.3.2 and 8.3.3): on each
 * unreduced block a Givens rotation of the shifted first column starts a bulge that further
 * rotations chase down to the end. `e[i]` is set to 0 once `|e[i]| <= 2^-53 (|d[i]| + |d[i+1]|)`
 * or `|e[i]| <= max(2^-106 max|T|, 2^-1022)`, so the eigenvalues have an absolute error of a few
 * `2^-53 max|T|` (or `2^-1022` for a subnormal `T`). Afterwards `d` holds the eigenvalues, in no
 * particular order, and, when `Z` is given, every rotation `G` has been applied to the `k x k`
 * column-major matrix `Z` as `Z <- Z G` (two columns at a time, stride 1): starting from the `Q`
 * of `A = Q T Q^T`, `Z` ends as the eigenvectors of `A`. Without `Z` the cost is `O(k^2)`.
 *
 * @throws Error when the iteration does not converge (which needs non-finite input)
 */
export function tridiagonalQr(d: Float64Array, e: Float64Array, Z: Float64Array | undefined, k: number): void {
  let norm = 0;
  for (let i = 0; i < k; i++) norm = Math.max(norm, Math.abs(d[i]!), Math.abs(e[i]!));
  const floor = Math.max(EPS * EPS * norm, 2 ** -1022);
  let steps = 0;
  let h = k - 1;
  while (h > 0) {
    // Find the unreduced block [l, h] at the bottom, deflating negligible subdiagonals.
    let l = h;
    while (l > 0) {
      const off = Math.abs(e[l - 1]!);
      if (off <= EPS * (Math.abs(d[l - 1]!) + Math.abs(d[l]!)) || off <= floor) {
        e[l - 1] = 0;
        break;
      }
      l--;
    }
    if (l === h) {
      h--;
      continue;
    }
    if (++steps > STEPS_PER_EIGENVALUE * k) throw new Error('tridiagonalQr: no convergence');
    qrStep(d, e, Z, k, l, h);
  }
}

/** One implicit QR step with Wilkinson shift on the unreduced block `[l, h]`. */
function qrStep(d: Float64Array, e: Float64Array, Z: Float64Array | undefined, k: number, l: number, h: number): void {
  const tail = e[h - 1]!;
  const delta = (d[h - 1]! - d[h]!) / 2;
  // Wilkinson's shift, the eigenvalue of the trailing 2 x 2 block nearer to d[h], without squaring tail.
  const shift = d[h]! - tail * (tail / (delta + (delta >= 0 ? 1 : -1) * Math.hypot(delta, tail)));
  let x = d[l]! - shift;
  let z = e[l]!;
  for (let i = l; i < h; i++) {
    // G = [c s; -s c] on coordinates (i, i + 1) with G^T [x; z] = [r; 0].
    const r = Math.hypot(x, z);
    const c = r === 0 ? 1 : x / r;
    const s = r === 0 ? 0 : -z / r;
    if (i > l) e[i - 1] = r;
    const p = d[i]!;
    const q = e[i]!;
    const t = d[i + 1]!;
    const cs = c * s;
    d[i] = c * c * p - 2 * cs * q + s * s * t;
    d[i + 1] = s * s * p + 2 * cs * q + c * c * t;
    e[i] = cs * (p - t) + (c * c - s * s) * q;
    if (i + 1 < h) {
      // The rotation fills T[i + 2, i] with the bulge -s e[i + 1]; the next rotation removes it.
      x = e[i]!;
      z = -s * e[i + 1]!;
      e[i + 1] = c * e[i + 1]!;
    }
    if (Z === undefined) continue;
    const zi = i * k;
    const zj = zi + k;
    for (let row = 0; row < k; row++) {
      const a = Z[zi + row]!;
      const b = Z[zj + row]!;
      Z[zi + row] = c * a - s * b;
      Z[zj + row] = s * a + c * b;
    }
  }
}

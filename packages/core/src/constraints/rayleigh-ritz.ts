/**
 * The Rayleigh-Ritz step of the block iteration behind the spectral-norm projection.
 *
 * @module
 */
import { gram, rotate } from '../linalg/host-block.js';
import type { LinAlg } from '../linalg/linalg.js';
import { symmetricEigen, symmetricEigenvalues } from '../linalg/symmetric-eigen.js';

/** Ritz approximations of the leading singular triplets of `W` from a block of `k` vectors. */
export interface RitzBlock {
  /** Ritz values of `W^T W` (squared singular values), largest first. */
  readonly theta: Float64Array;
  /** Their square roots: the singular value estimates. */
  readonly sigma: Float64Array;
  /** Ritz vectors, `n x k`, orthonormal. */
  readonly V: Float64Array;
  /** `W V`, `m x k`. */
  readonly Z: Float64Array;
  /** `W^T W V`, `n x k`. */
  readonly Y: Float64Array;
  /** `||W^T W v_i - theta_i v_i||`. */
  readonly residual: Float64Array;
}

/** `W X` and its Gram matrix, from which both Ritz values and Ritz vectors follow. */
export interface Projected {
  /** `P = W X`, `m x k`. */
  readonly P: Float64Array;
  /** `P^T P = X^T W^T W X`, `k x k`. */
  readonly G: Float64Array;
}

/** `P = W X` (one product on the backend) and `G = P^T P` for the `n x k` block `X`. */
export function project<Tn>(la: LinAlg<Tn>, W: Tn, m: number, X: Float64Array, k: number): Projected {
  const P = la.multiply(W, X, k);
  return { P, G: gram(P, m, k) };
}

function checkFinite(theta: Float64Array): void {
  if (!theta.every(Number.isFinite)) {
    throw new RangeError('W: singular values are not finite (NaN or infinite elements, or W^T W overflows float64)');
  }
}

/**
 * The Ritz values of `W^T W` on the span of `X`, largest first: the eigenvalues of `G` (no
 * eigenvectors, no second product).
 *
 * @throws RangeError naming `W` when one is not finite
 */
export function ritzValues(G: Float64Array, k: number): Float64Array {
  const theta = symmetricEigenvalues(G, k);
  checkFinite(theta);
  return theta;
}

/**
 * One Rayleigh-Ritz step for `W^T W` on the span of the `n x k` block `X` (orthonormal columns)
 * of the `m x n` matrix `W` (Parlett, "The Symmetric Eigenvalue Problem", chapter 11), given
 * `P = W X` and `G = P^T P` from {@link project}: the eigen-decomposition
 * `G = Q diag(theta) Q^T` gives the Ritz vectors `V = X Q`, `Z = W V = P Q` and, from one more
 * product on the backend, `Y = W^T Z` and the residuals `||Y_i - theta_i V_i||`. `G` is formed
 * from `P`, not as `X^T (W^T W X)`, so it is symmetric and positive semidefinite by construction.
 *
 * @throws RangeError naming `W` when a Ritz value is not finite (NaN or infinite elements, or
 * `W^T W` overflows float64)
 */
export function rayleighRitz<Tn>(
  la: LinAlg<Tn>,
  W: Tn,
  m: number,
  n: number,
  X: Float64Array,
  k: number,
  { P, G }: Projected,
): RitzBlock {
  const { values: theta, vectors: Q } = symmetricEigen(G, k);
  checkFinite(theta);
  const V = rotate(X, n, k, Q, k);
  const Z = rotate(P, m, k, Q, k);
  const Y = la.multiplyTransposed(W, Z, k);
  const residual = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    const t = theta[j]!;
    let sum = 0;
    for (let i = j * n; i < (j + 1) * n; i++) {
      const r = Y[i]! - t * V[i]!;
      sum += r * r;
    }
    residual[j] = Math.sqrt(sum);
  }
  const sigma = theta.map((t) => Math.sqrt(Math.max(t, 0)));
  return { theta, sigma, V, Z, Y, residual };
}

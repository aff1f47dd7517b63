/**
 * A {@link SpectralSession} on the host, built on any backend's matrix products.
 *
 * @module
 */
import { chebyshevRecurrence } from './chebyshev-recurrence.js';
import { complementLanczos } from './complement-lanczos.js';
import { gram, orthonormalizeColumns, rotate } from './host-block.js';
import type { LinAlg } from './linalg.js';
import { seededNormal } from './seeded-random.js';
import {
  checkFilterPlan,
  checkFilterPrecision,
  checkPositiveRitzValues,
  checkSessionBlock,
  checkSessionInteger,
  checkSessionMaxNorm,
  checkSessionSeed,
  checkSessionVector,
} from './session-arguments.js';
import type { FilterPlan, LanczosTridiagonal, RitzResiduals, SpectralSession } from './spectral-session.js';
import { symmetricEigen, symmetricEigenvalues } from './symmetric-eigen.js';

/** The products a host session needs from a backend: those of {@link LinAlg}. */
export type MatrixProducts<Tn> = Pick<LinAlg<Tn>, 'shape' | 'multiply' | 'multiplyTransposed' | 'lowRankUpdate'>;

/**
 * Faster arithmetic a backend lends a host session for the work that need not be exact: the
 * `fast` filters and the Lanczos runs on the complement (on a GPU, say, while the Rayleigh-Ritz
 * steps stay in float64 on the host).
 */
export interface SessionAccelerator {
  /** Unit roundoff of both methods (`2^-24` for float32). */
  readonly roundoff: number;
  /**
   * The filtered block of {@link SpectralSession.filter} for the `n x k` block `X`: `p(A) X / p(top)`
   * with every column scaled to unit norm.
   */
  filter(X: Float64Array, k: number, plan: FilterPlan): Float64Array;
  /** {@link SpectralSession.complementLanczos} for the orthonormal `n x k` block `V`. */
  complementLanczos(V: Float64Array, k: number, start: Float64Array, steps: number): LanczosTridiagonal;
  /** Frees what the accelerator holds. */
  dispose(): void;
}

/** The block after a Rayleigh-Ritz step. */
interface Ritz {
  readonly theta: Float64Array;
  /** Ritz vectors, `n x k`. */
  readonly V: Float64Array;
  /** `W V`, `m x k`. */
  readonly Z: Float64Array;
  /** `A V = W^T W V`, `n x k`. */
  readonly Y: Float64Array;
  readonly residual: Float64Array;
}

/**
 * A {@link SpectralSession} whose block lives on the host as a `Float64Array` and whose products
 * with `W` and `W^T` are those of `la` (float64 in every backend's `multiply`): every filter is
 * exact, so {@link SpectralSession.fastRoundoff} is `2^-53`. The Rayleigh-Ritz step orthonormalises
 * the block by classical Gram-Schmidt with reorthogonalisation (`orthonormalizeColumns`), forms
 * `P = W X` and `G = P^T P` (symmetric and positive semidefinite by construction) and solves
 * `G q = theta q` with `symmetricEigen`; the residuals come from one more product `W^T (P Q)`.
 * It is the reference implementation of the interface, used as it is by backends whose tensors
 * are host memory.
 *
 * With an `accelerator`, the `fast` filters and the Lanczos runs are its (and
 * {@link SpectralSession.fastRoundoff} is its roundoff); the session owns it from the call on and
 * disposes it (at once when the call throws). A Lanczos run it returns with non-finite
 * coefficients, or empty while the complement is not, is run again exactly: the certificate would
 * read it as an empty complement. Filtered columns that came back zero or non-finite need no such
 * check, since the Rayleigh-Ritz step replaces them.
 *
 * Arguments are checked as {@link SpectralSession} describes, before anything changes.
 *
 * @param la - the backend's products (float64 sums)
 * @param W - the matrix, `m x n`, read and never written
 * @param seed - seed of the random columns that replace numerically dependent ones: an integer,
 *   whose low 32 bits (as `seed >>> 0`) select them
 * @param accelerator - faster arithmetic for the work that need not be exact
 * @throws RangeError when `W` is not a matrix; TypeError or RangeError when `seed` is not an integer
 */
export function hostSpectralSession<Tn>(la: MatrixProducts<Tn>, W: Tn, seed: number, accelerator?: SessionAccelerator): SpectralSession<Tn> {
  // Rebound to undefined once disposed.
  let lent = accelerator;
  let shape: readonly number[];
  try {
    shape = la.shape(W);
    if (shape.length !== 2 || shape[0] === undefined || shape[1] === undefined) {
      throw new RangeError(`W: expected a matrix (2-D tensor), got shape [${shape.join(', ')}]`);
    }
    checkSessionSeed(seed);
  } catch (e) {
    accelerator?.dispose();
    throw e;
  }
  const m = shape[0]!;
  const n = shape[1]!;
  const fill = seededNormal(seed);
  const applyA = (X: Float64Array, k: number): Float64Array => la.multiplyTransposed(W, la.multiply(W, X, k), k);
  let X: Float64Array = new Float64Array(0);
  let k = 0;
  let disposed = false;
  // A X for the current block when known (after a Rayleigh-Ritz step).
  let AX: Float64Array | undefined;
  let ritz: Ritz | undefined;

  const requireLive = (what: string): void => {
    if (disposed) throw new Error(`${what}: the spectral session has been disposed`);
  };
  const requireRitz = (what: string): Ritz => {
    requireLive(what);
    if (ritz === undefined) throw new Error(`${what}: no Rayleigh-Ritz step since the block last changed`);
    return ritz;
  };
  const residualColumn = (r: Ritz, j: number): Float64Array => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = r.Y[j * n + i]! - r.theta[j]! * r.V[j * n + i]!;
    return out;
  };

  return {
    m,
    n,
    get k() {
      return disposed ? 0 : k;
    },
    fastRoundoff: accelerator?.roundoff ?? 2 ** -53,

    setBlock(block, count) {
      requireLive('setBlock');
      checkSessionInteger('k', count, 0, n);
      checkSessionBlock('X', block, n, count);
      X = Float64Array.from(block);
      k = count;
      AX = undefined;
      ritz = undefined;
    },

    appendColumns(block, count) {
      requireLive('appendColumns');
      checkSessionInteger('count', count, 0, n - k);
      checkSessionBlock('X', block, n, count);
      const grown = new Float64Array(n * (k + count));
      grown.set(X);
      grown.set(block, n * k);
      X = grown;
      k += count;
      AX = undefined;
      ritz = undefined;
    },

    filter(filterPlan: FilterPlan, filterPrecision) {
      requireLive('filter');
      const plan = checkFilterPlan(filterPlan);
      const precision = checkFilterPrecision(filterPrecision);
      // The plan's getters may have run any code, this session's dispose among it.
      requireLive('filter');
      X =
        lent !== undefined && precision === 'fast'
          ? lent.filter(X, k, plan)
          : chebyshevRecurrence((B) => applyA(B, k), X, AX, n, k, plan);
      AX = undefined;
      ritz = undefined;
    },

    rayleighRitz() {
      requireLive('rayleighRitz');
      orthonormalizeColumns(X, n, k, fill);
      const P = la.multiply(W, X, k);
      const { values: theta, vectors: Q } = symmetricEigen(gram(P, m, k), k);
      const V = rotate(X, n, k, Q, k);
      const Z = rotate(P, m, k, Q, k);
      const Y = la.multiplyTransposed(W, Z, k);
      const residual = new Float64Array(k);
      for (let j = 0; j < k; j++) {
        let sum = 0;
        for (let i = j * n; i < (j + 1) * n; i++) {
          const r = Y[i]! - theta[j]! * V[i]!;
          sum += r * r;
        }
        residual[j] = Math.sqrt(sum);
      }
      ritz = { theta, V, Z, Y, residual };
      X = V;
      AX = Y;
      return Float64Array.from(theta);
    },

    ritzResiduals(count): RitzResiduals {
      const r = requireRitz('ritzResiduals');
      checkSessionInteger('count', count, 0, k);
      let rest = 0;
      for (let j = count; j < k; j++) rest += r.residual[j]! ** 2;
      return { residual: r.residual.slice(0, count), rest: Math.sqrt(rest) };
    },

    residualNormSquared(from, to, weights) {
      const r = requireRitz('residualNormSquared');
      checkSessionInteger('to', to, 0, k);
      checkSessionInteger('from', from, 0, to);
      const c = to - from;
      checkSessionVector('weights', weights, c);
      if (c === 0) return 0;
      const R = new Float64Array(n * c);
      for (let j = 0; j < c; j++) R.set(residualColumn(r, from + j).map((x) => x * weights[j]!), j * n);
      const G = gram(R, n, c);
      // The eigenvalues carry an absolute error of a few 2^-53 max|G| (symmetricEigen): round up by that.
      let largest = 0;
      for (const x of G) largest = Math.max(largest, Math.abs(x));
      return Math.max(0, symmetricEigenvalues(G, c)[0]!) + 4 * c * 2 ** -53 * largest;
    },

    complementLanczos(start, steps): LanczosTridiagonal {
      const r = requireRitz('complementLanczos');
      checkSessionVector('start', start, n);
      checkSessionInteger('steps', steps, 0, Number.MAX_SAFE_INTEGER);
      const fast = lent?.complementLanczos(r.V, k, start, steps);
      return fast !== undefined && usableTridiagonal(fast, n - k, steps) ? fast : complementLanczos((x) => applyA(x, 1), r.V, n, k, start, steps);
    },

    basis(count) {
      const r = requireRitz('basis');
      checkSessionInteger('count', count, 0, k);
      return r.V.slice(0, n * count);
    },

    project(count, maxNorm) {
      const r = requireRitz('project');
      checkSessionInteger('count', count, 0, k);
      checkPositiveRitzValues(count, r.theta);
      checkSessionMaxNorm(maxNorm);
      const sigma = r.theta.subarray(0, count).map((t) => Math.sqrt(t));
      const U = r.Z.slice(0, m * count);
      for (let j = 0; j < count; j++) for (let i = j * m; i < (j + 1) * m; i++) U[i] = U[i]! / sigma[j]!;
      return la.lowRankUpdate(W, U, sigma.map((x) => x - maxNorm), r.V.slice(0, n * count));
    },

    dispose() {
      disposed = true;
      X = new Float64Array(0);
      AX = undefined;
      ritz = undefined;
      lent?.dispose();
      lent = undefined;
    },
  };
}

/**
 * Whether an accelerator's Lanczos run can be used: finite coefficients, one `beta` fewer than
 * `alpha`s, at most `steps` of them, and at least one step when the complement (of dimension
 * `dimension`) is not empty: a random start lies in the block's span with probability 0, so an
 * empty run there means the device's results were lost. One that fails is run again exactly,
 * since the certificate would otherwise read an empty complement.
 */
function usableTridiagonal({ alpha, beta }: LanczosTridiagonal, dimension: number, steps: number): boolean {
  const sizes = alpha.length <= Math.max(steps, 0) && (alpha.length === 0 ? beta.length === 0 : beta.length === alpha.length - 1);
  return sizes && (alpha.length > 0 || dimension === 0 || steps <= 0) && alpha.every(Number.isFinite) && beta.every(Number.isFinite);
}

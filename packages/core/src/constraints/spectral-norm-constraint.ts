/**
 * The per-step spectral-norm constraint for a recurrent weight, warm-started between steps.
 *
 * @module
 */
import type { LinAlg } from '../linalg/linalg.js';
import { MAX_FILTER_DEGREE } from './chebyshev-filter.js';
import { projectSpectralNorm } from './project-spectral-norm.js';
import { checkMaxNorm, resolveIterationOptions, type SpectralIterationOptions } from './spectral-options.js';

/**
 * What a {@link SpectralNormConstraint} carries from one step to the next: the leading right
 * singular vectors it found, as plain JSON data (numbers round-trip exactly through JSON). The
 * states `apply` returns are frozen, and build their `basis` array when it is first read (so that
 * a training loop that only passes the state back never builds it); a copy (such as one read back
 * from JSON) works the same.
 */
export interface SpectralConstraintState {
  /** Length of each vector: the number of columns of the constrained matrix. */
  readonly n: number;
  /** Number of vectors. */
  readonly k: number;
  /** The vectors, `n x k` column-major: vector `j` is `basis[j * n .. (j + 1) * n)`. */
  readonly basis: number[];
  /**
   * Their Ritz values (squared singular value estimates), decreasing, and the filter degree the
   * next step starts with; absent in states from before these were kept (the step then starts
   * with a Rayleigh-Ritz step).
   */
  readonly values?: number[];
  /** See `values`. */
  readonly degree?: number;
}

/** Options of a {@link SpectralNormConstraint}; defaults in {@link SPECTRAL_CONSTRAINT_DEFAULTS}. */
export interface SpectralNormConstraintOptions extends SpectralIterationOptions {
  /** The bound `s` on the spectral norm, a finite number `> 0`. */
  readonly maxNorm?: number;
}

/** What {@link SpectralNormConstraint.apply} returns. */
export interface SpectralConstraintResult<Tn> {
  /** The projected matrix (the input itself when it was feasible). */
  readonly W: Tn;
  /** The state for the next step. */
  readonly state: SpectralConstraintState;
  /** The largest singular value of the matrix before projection. */
  readonly sigmaMax: number;
  /** Block iterations this step took (multiplications of the block by `W^T W`). */
  readonly iterations: number;
  /** Whether the tolerance was met, so that `||W||_2 <= maxNorm * (1 + tol)` holds. */
  readonly converged: boolean;
}

/**
 * Defaults of {@link SpectralNormConstraint}: `s = 1.8` as in Kanai et al. (NIPS 2017), below
 * the bound 2 of their analysis; `tol = 1e-6`, which float32 storage can still honour (its
 * rounding perturbs the norm by about `2^-24` relative) and which a warm-started step typically
 * meets in about 10 block iterations.
 */
export const SPECTRAL_CONSTRAINT_DEFAULTS: Readonly<Required<SpectralNormConstraintOptions>> = Object.freeze({
  maxNorm: 1.8,
  tol: 1e-6,
  maxIterations: 1000,
  seed: 1,
});

/**
 * The float64 basis behind each state this module returned, so that passing a state back costs
 * no parsing. The states are frozen, so their arrays cannot change behind the cache's back; a
 * state that is not in the cache (a copy, one loaded from JSON) is read and checked in full.
 */
const decodedBases = new WeakMap<object, Float64Array>();

/** `x` as a plain array of numbers (a loop, faster than `Array.from` for long arrays). */
function plainArray(x: Float64Array): number[] {
  const out = new Array<number>(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i]!;
  return out;
}

function describeValue(value: unknown): string {
  return Array.isArray(value) ? `an array of ${value.length}` : value === null ? 'null' : typeof value;
}

/**
 * Checks that `state` came from a constraint applied to a matrix with `n` columns and at most
 * `kMax` useful singular vectors, and returns its vectors.
 *
 * @throws TypeError when `state` is not `{ n, k, basis }`; RangeError naming the field that does
 * not fit the matrix
 */
function readState(state: unknown, n: number, kMax: number): { basis: Float64Array; warmFilter?: { values: number[]; degree: number } } {
  const s = state as Partial<SpectralConstraintState> | null;
  const wellFormed = typeof s === 'object' && s !== null && typeof s.n === 'number' && typeof s.k === 'number';
  if (!wellFormed || !Array.isArray(s.basis)) {
    throw new TypeError(
      `state: expected { n, k, basis } as returned by SpectralNormConstraint.apply, got ${describeValue(state)}`,
    );
  }
  if (s.n !== n) throw new RangeError(`state.n: the state is for a matrix with ${s.n} columns, W has ${n}`);
  if (!Number.isInteger(s.k) || s.k < 0 || s.k > kMax) {
    throw new RangeError(`state.k: expected an integer in [0, ${kMax}], got ${s.k}`);
  }
  if (s.basis.length !== n * s.k) {
    throw new RangeError(`state.basis: expected n * k = ${n * s.k} numbers, got ${s.basis.length}`);
  }
  const basis = new Float64Array(s.basis.length);
  for (let i = 0; i < basis.length; i++) {
    const x: unknown = s.basis[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      throw new RangeError(`state.basis[${i}]: expected a finite number, got ${String(x)}`);
    }
    basis[i] = x;
  }
  if (s.values === undefined && s.degree === undefined) return { basis };
  const values: unknown = s.values;
  if (!Array.isArray(values) || values.length !== s.k || !values.every((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0)) {
    throw new RangeError(`state.values: expected k = ${s.k} finite numbers >= 0, got ${describeValue(values)}`);
  }
  if (!Number.isInteger(s.degree) || s.degree! < 0 || s.degree! > MAX_FILTER_DEGREE) {
    throw new RangeError(`state.degree: expected an integer in [0, ${MAX_FILTER_DEGREE}], got ${String(s.degree)}`);
  }
  return { basis, warmFilter: { values, degree: s.degree! } };
}

/**
 * Keeps a weight matrix inside `{W : ||W||_2 <= s}` during training: after every optimizer
 * step, `W <- U min(S, s) V^T` (Kanai, Fujiwara and Iwamura, "Preventing Gradient Explosions in
 * Gated Recurrent Units", NIPS 2017, applied to the GRU's candidate recurrent weight `W_h` with
 * `s < 2`).
 *
 * Each call runs `projectSpectralNorm` warm-started from the singular vectors of the previous
 * call (as PyTorch's `spectral_norm` keeps its vector `u`): consecutive weights differ by one
 * small update, so a step costs a few block matrix products instead of an SVD. The state is plain
 * JSON data, saved and compared like optimizer slots. Whenever the result has `converged`,
 * `||W||_2 <= s (1 + tol)` holds (before rounding to float32, which adds at most `2^-24 ||W||_F`).
 *
 * ```ts
 * const c = new SpectralNormConstraint({ maxNorm: 1.8 });
 * let state: SpectralConstraintState | undefined;
 * ({ W, state } = c.apply(backend.linalg, W, state));
 * ```
 */
export class SpectralNormConstraint {
  /** The bound `s`. */
  readonly maxNorm: number;
  /** Relative tolerance of the bound and of the projection. */
  readonly tol: number;
  /** Most block iterations per call. */
  readonly maxIterations: number;
  /** Seed of the random start on the first call. */
  readonly seed: number;

  /**
   * @param options - bound, tolerance, iteration limit and seed; see {@link SPECTRAL_CONSTRAINT_DEFAULTS}
   * @throws RangeError naming `maxNorm`, `tol`, `maxIterations` or `seed` when out of range
   */
  constructor(options: SpectralNormConstraintOptions = {}) {
    this.maxNorm = checkMaxNorm(options.maxNorm ?? SPECTRAL_CONSTRAINT_DEFAULTS.maxNorm);
    const { tol, maxIterations, seed } = resolveIterationOptions(options, SPECTRAL_CONSTRAINT_DEFAULTS);
    this.tol = tol;
    this.maxIterations = maxIterations;
    this.seed = seed;
  }

  /**
   * Checks a state read back from JSON: `{ n, k, basis }` with finite numbers, for a matrix of
   * `shape` when it is known (`n` its number of columns, `k` at most its smaller side).
   *
   * @throws TypeError or RangeError naming the field that does not fit
   */
  checkState(state: unknown, shape?: readonly number[]): void {
    if (shape !== undefined && shape.length !== 2) throw new RangeError(`W: expected a matrix (2-D tensor), got shape [${shape.join(', ')}]`);
    const n = shape?.[1] ?? (state as { n?: unknown } | null)?.n;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw new RangeError(`state.n: expected a non-negative integer, got ${String(n)}`);
    readState(state, n, shape === undefined ? n : Math.min(shape[0]!, n));
  }

  /**
   * Projects `W` onto the spectral-norm ball.
   *
   * @param la - the backend's linear algebra
   * @param W - the matrix, `m x n`
   * @param state - the state returned by the previous call for this matrix, or `undefined` on the first
   * @throws RangeError naming `W` when it is not a matrix or not finite; TypeError or RangeError
   * naming `state` or its field when the state does not belong to a matrix of this shape
   */
  apply<Tn>(la: LinAlg<Tn>, W: Tn, state?: SpectralConstraintState): SpectralConstraintResult<Tn> {
    const shape = la.shape(W);
    const [m, n] = shape;
    if (shape.length !== 2 || m === undefined || n === undefined) {
      throw new RangeError(`W: expected a matrix (2-D tensor), got shape [${shape.join(', ')}]`);
    }
    const cached = state === undefined ? undefined : decodedBases.get(state);
    const warm =
      state === undefined
        ? undefined
        : cached !== undefined && state.n === n && state.k <= Math.min(m, n)
          ? { basis: cached, warmFilter: { values: state.values!, degree: state.degree! } }
          : readState(state, n, Math.min(m, n));
    const warmed = warm !== undefined && warm.basis.length > 0;
    const r = projectSpectralNorm(la, W, this.maxNorm, {
      tol: this.tol,
      maxIterations: this.maxIterations,
      seed: this.seed,
      ...(warmed ? { warmStart: warm.basis } : {}),
      ...(warmed && warm.warmFilter !== undefined ? { warmFilter: warm.warmFilter } : {}),
    });
    // The basis becomes an array of numbers only when something reads it (serialising the state,
    // for one): passing the state back to `apply` uses the float64 block directly.
    let basis: number[] | undefined;
    const next: SpectralConstraintState = Object.freeze({
      n,
      k: r.k,
      get basis(): number[] {
        basis ??= Object.freeze(plainArray(r.basis)) as number[];
        return basis;
      },
      values: Object.freeze(plainArray(r.basisValues)) as number[],
      degree: r.nextDegree,
    });
    decodedBases.set(next, r.basis);
    return {
      W: r.W,
      state: next,
      sigmaMax: r.sigmaMax,
      iterations: r.iterations,
      converged: r.converged,
    };
  }
}

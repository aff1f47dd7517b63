/**
 * Misuses of a {@link SpectralSession}, each with the error the contract of the interface demands,
 * for every implementation's tests: calls in the wrong state (no Rayleigh-Ritz step since the
 * block changed, a disposed session) and arguments of the wrong type or out of range. A refused
 * call must also change nothing: {@link runSessionMisuse} compares the session before and after.
 *
 * @module
 */
import type { SpectralSession } from '../linalg/spectral-session.js';

/** The matrix every misuse opens its session on: `5 x 4`, row-major, its last column zero. */
export const MISUSE_MATRIX = {
  m: 5,
  n: 4,
  data: Float64Array.of(2, 1, 0, 0, 1, 3, 1, 0, 0, 1, 4, 0, 1, 0, 1, 0, 0, 2, 1, 0),
} as const;

const N = MISUSE_MATRIX.n;

/** A block of `k` columns of length 4 (any values). */
function block(k: number): Float64Array {
  return Float64Array.from({ length: N * k }, (_, i) => Math.sin(i + 1));
}

/** One misuse: calls that are fine, then one that must throw `error` with `message`. */
export interface SessionMisuse {
  /** What is wrong, for test names. */
  readonly name: string;
  /** Calls made first (all valid). */
  readonly setup: (s: SpectralSession<unknown>) => void;
  /** The call that must be refused (its result, if it returns one, is released by the caller). */
  readonly misuse: (s: SpectralSession<unknown>) => unknown;
  readonly error: 'Error' | 'TypeError' | 'RangeError';
  readonly message: string;
  /** The misuse disposes the session itself (from a getter of its argument): it must end disposed rather than unchanged. */
  readonly disposes?: boolean;
}

const blockOf = (k: number) => (s: SpectralSession<unknown>) => s.setBlock(block(k), k);
const ritzOf = (k: number) => (s: SpectralSession<unknown>) => {
  s.setBlock(block(k), k);
  s.rayleighRitz();
};
const then =
  (...steps: ((s: SpectralSession<unknown>) => unknown)[]) =>
  (s: SpectralSession<unknown>) => {
    for (const step of steps) step(s);
  };
const noRitz = (method: string) => `${method}: no Rayleigh-Ritz step since the block last changed`;
const gone = (method: string) => `${method}: the spectral session has been disposed`;
const dispose = (s: SpectralSession<unknown>) => s.dispose();
const filterPlan = { degree: 2, edge: 1, top: 20 };

/** The misuses, in the order of the interface's methods. */
export const SESSION_MISUSES: readonly SessionMisuse[] = [
  // Ritz data read when no Rayleigh-Ritz step ran since the block last changed.
  { name: 'ritzResiduals on a new session', setup: () => {}, misuse: (s) => s.ritzResiduals(0), error: 'Error', message: noRitz('ritzResiduals') },
  { name: 'ritzResiduals after setBlock', setup: blockOf(2), misuse: (s) => s.ritzResiduals(2), error: 'Error', message: noRitz('ritzResiduals') },
  { name: 'residualNormSquared after setBlock', setup: blockOf(2), misuse: (s) => s.residualNormSquared(0, 2, Float64Array.of(1, 1)), error: 'Error', message: noRitz('residualNormSquared') },
  { name: 'complementLanczos after setBlock', setup: blockOf(2), misuse: (s) => s.complementLanczos(block(1), 2), error: 'Error', message: noRitz('complementLanczos') },
  { name: 'basis after setBlock', setup: blockOf(2), misuse: (s) => s.basis(2), error: 'Error', message: noRitz('basis') },
  { name: 'project after setBlock', setup: blockOf(2), misuse: (s) => s.project(2, 1), error: 'Error', message: noRitz('project') },
  { name: 'ritzResiduals after appendColumns', setup: then(ritzOf(2), (s) => s.appendColumns(block(1), 1)), misuse: (s) => s.ritzResiduals(3), error: 'Error', message: noRitz('ritzResiduals') },
  { name: 'project after appendColumns', setup: then(ritzOf(2), (s) => s.appendColumns(block(1), 1)), misuse: (s) => s.project(3, 0.5), error: 'Error', message: noRitz('project') },
  { name: 'basis after a new setBlock', setup: then(ritzOf(2), blockOf(3)), misuse: (s) => s.basis(3), error: 'Error', message: noRitz('basis') },
  { name: 'residualNormSquared after filter', setup: then(ritzOf(2), (s) => s.filter(filterPlan, 'exact')), misuse: (s) => s.residualNormSquared(0, 1, Float64Array.of(1)), error: 'Error', message: noRitz('residualNormSquared') },
  { name: 'complementLanczos after filter', setup: then(ritzOf(2), (s) => s.filter(filterPlan, 'fast')), misuse: (s) => s.complementLanczos(block(1), 2), error: 'Error', message: noRitz('complementLanczos') },
  // A disposed session.
  { name: 'setBlock after dispose', setup: dispose, misuse: (s) => s.setBlock(block(1), 1), error: 'Error', message: gone('setBlock') },
  { name: 'appendColumns after dispose', setup: then(blockOf(1), dispose), misuse: (s) => s.appendColumns(block(1), 1), error: 'Error', message: gone('appendColumns') },
  { name: 'filter after dispose', setup: then(blockOf(1), dispose), misuse: (s) => s.filter(filterPlan, 'exact'), error: 'Error', message: gone('filter') },
  { name: 'rayleighRitz after dispose', setup: then(blockOf(2), dispose), misuse: (s) => s.rayleighRitz(), error: 'Error', message: gone('rayleighRitz') },
  { name: 'ritzResiduals after dispose', setup: then(ritzOf(2), dispose), misuse: (s) => s.ritzResiduals(1), error: 'Error', message: gone('ritzResiduals') },
  { name: 'project after dispose', setup: then(ritzOf(2), dispose), misuse: (s) => s.project(1, 1), error: 'Error', message: gone('project') },
  // setBlock and appendColumns.
  { name: 'setBlock with k > n', setup: () => {}, misuse: (s) => s.setBlock(block(5), 5), error: 'RangeError', message: 'k: expected an integer in [0, 4], got 5' },
  { name: 'setBlock with k = 1.5', setup: () => {}, misuse: (s) => s.setBlock(block(1), 1.5), error: 'RangeError', message: 'k: expected an integer in [0, 4], got 1.5' },
  { name: 'setBlock with k not a number', setup: () => {}, misuse: (s) => s.setBlock(block(2), '2' as never), error: 'TypeError', message: 'k: expected a number, got string' },
  { name: 'setBlock with X of the wrong length', setup: ritzOf(1), misuse: (s) => s.setBlock(new Float64Array(7), 2), error: 'RangeError', message: 'X: expected 8 values (a 4 x 2 block), got 7' },
  { name: 'setBlock with X a Float32Array', setup: ritzOf(1), misuse: (s) => s.setBlock(new Float32Array(8) as never, 2), error: 'TypeError', message: 'X: expected a Float64Array, got object' },
  { name: 'appendColumns beyond n columns', setup: then(ritzOf(3)), misuse: (s) => s.appendColumns(block(2), 2), error: 'RangeError', message: 'count: expected an integer in [0, 1], got 2' },
  { name: 'appendColumns with X null', setup: ritzOf(1), misuse: (s) => s.appendColumns(null as never, 1), error: 'TypeError', message: 'X: expected a Float64Array, got null' },
  // filter.
  { name: 'filter with plan null', setup: ritzOf(2), misuse: (s) => s.filter(null as never, 'exact'), error: 'TypeError', message: 'plan: expected an object { degree, edge, top }, got null' },
  { name: 'filter with degree 0', setup: ritzOf(2), misuse: (s) => s.filter({ ...filterPlan, degree: 0 }, 'exact'), error: 'RangeError', message: 'plan.degree: expected an integer in [1, 1048576], got 0' },
  { name: 'filter with degree not a number', setup: ritzOf(2), misuse: (s) => s.filter({ ...filterPlan, degree: '3' as never }, 'exact'), error: 'TypeError', message: 'plan.degree: expected a number, got string' },
  { name: 'filter with edge NaN', setup: ritzOf(2), misuse: (s) => s.filter({ ...filterPlan, edge: NaN }, 'exact'), error: 'RangeError', message: 'plan.edge: expected a finite number, got NaN' },
  { name: 'filter with edge infinite', setup: ritzOf(2), misuse: (s) => s.filter({ ...filterPlan, edge: Infinity }, 'fast'), error: 'RangeError', message: 'plan.edge: expected a finite number, got Infinity' },
  { name: 'filter with top NaN', setup: ritzOf(2), misuse: (s) => s.filter({ degree: 2, edge: 0, top: NaN }, 'exact'), error: 'RangeError', message: 'plan.top: expected a finite number, got NaN' },
  { name: 'filter with top = edge > 0', setup: ritzOf(2), misuse: (s) => s.filter({ degree: 2, edge: 2, top: 2 }, 'exact'), error: 'RangeError', message: 'plan.top: expected a number > plan.edge (2) when plan.edge > 0, got 2' },
  { name: 'filter with top < edge', setup: ritzOf(2), misuse: (s) => s.filter({ degree: 3, edge: 4, top: 1 }, 'fast'), error: 'RangeError', message: 'plan.top: expected a number > plan.edge (4) when plan.edge > 0, got 1' },
  { name: 'filter with an unknown precision', setup: ritzOf(2), misuse: (s) => s.filter(filterPlan, 'quick' as never), error: 'RangeError', message: "precision: expected 'fast' or 'exact', got 'quick'" },
  {
    name: 'filter whose plan disposes the session while it is read',
    setup: ritzOf(2),
    misuse: (s) => {
      const plan = {
        degree: 2,
        edge: 0,
        get top() {
          s.dispose();
          return 1;
        },
      };
      return s.filter(plan, 'exact');
    },
    error: 'Error',
    message: gone('filter'),
    disposes: true,
  },
  { name: 'filter with precision not a string', setup: ritzOf(2), misuse: (s) => s.filter(filterPlan, true as never), error: 'TypeError', message: "precision: expected 'fast' or 'exact', got boolean" },
  // Counts of the methods that read Ritz data.
  { name: 'ritzResiduals with count > k', setup: ritzOf(2), misuse: (s) => s.ritzResiduals(3), error: 'RangeError', message: 'count: expected an integer in [0, 2], got 3' },
  { name: 'ritzResiduals with count -1', setup: ritzOf(2), misuse: (s) => s.ritzResiduals(-1), error: 'RangeError', message: 'count: expected an integer in [0, 2], got -1' },
  { name: 'residualNormSquared with from > to', setup: ritzOf(2), misuse: (s) => s.residualNormSquared(2, 1, new Float64Array(0)), error: 'RangeError', message: 'from: expected an integer in [0, 1], got 2' },
  { name: 'residualNormSquared with to > k', setup: ritzOf(2), misuse: (s) => s.residualNormSquared(0, 3, new Float64Array(3)), error: 'RangeError', message: 'to: expected an integer in [0, 2], got 3' },
  { name: 'residualNormSquared with weights of the wrong length', setup: ritzOf(2), misuse: (s) => s.residualNormSquared(0, 2, new Float64Array(1)), error: 'RangeError', message: 'weights: expected 2 values, got 1' },
  { name: 'residualNormSquared with a NaN weight', setup: ritzOf(2), misuse: (s) => s.residualNormSquared(0, 2, Float64Array.of(1, NaN)), error: 'RangeError', message: 'weights: expected finite values, got NaN at index 1' },
  { name: 'complementLanczos with start of the wrong length', setup: ritzOf(2), misuse: (s) => s.complementLanczos(new Float64Array(3), 2), error: 'RangeError', message: 'start: expected 4 values, got 3' },
  { name: 'complementLanczos with an infinite start', setup: ritzOf(2), misuse: (s) => s.complementLanczos(Float64Array.of(1, Infinity, 0, 0), 2), error: 'RangeError', message: 'start: expected finite values, got Infinity at index 1' },
  { name: 'complementLanczos with steps -1', setup: ritzOf(2), misuse: (s) => s.complementLanczos(block(1), -1), error: 'RangeError', message: 'steps: expected an integer in [0, 9007199254740991], got -1' },
  { name: 'complementLanczos with steps NaN', setup: ritzOf(2), misuse: (s) => s.complementLanczos(block(1), NaN), error: 'RangeError', message: 'steps: expected an integer in [0, 9007199254740991], got NaN' },
  { name: 'basis with count undefined', setup: ritzOf(2), misuse: (s) => s.basis(undefined as never), error: 'TypeError', message: 'count: expected a number, got undefined' },
  // project.
  { name: 'project with count > k', setup: ritzOf(2), misuse: (s) => s.project(3, 1), error: 'RangeError', message: 'count: expected an integer in [0, 2], got 3' },
  {
    name: 'project over a Ritz value of 0',
    setup: (s) => {
      // The last column of the matrix is zero: e_4 is an exact null vector.
      s.setBlock(Float64Array.of(0, 0, 0, 1), 1);
      s.rayleighRitz();
    },
    misuse: (s) => s.project(1, 1),
    error: 'RangeError',
    message: 'count: expected at most 0 (the Ritz values from index 0 on are not > 0), got 1',
  },
  { name: 'project with maxNorm NaN', setup: ritzOf(2), misuse: (s) => s.project(1, NaN), error: 'RangeError', message: 'maxNorm: expected a finite number > 0, got NaN' },
  { name: 'project with maxNorm 0', setup: ritzOf(2), misuse: (s) => s.project(1, 0), error: 'RangeError', message: 'maxNorm: expected a finite number > 0, got 0' },
  { name: 'project with maxNorm -1', setup: ritzOf(2), misuse: (s) => s.project(1, -1), error: 'RangeError', message: 'maxNorm: expected a finite number > 0, got -1' },
  { name: 'project with maxNorm infinite', setup: ritzOf(2), misuse: (s) => s.project(1, Infinity), error: 'RangeError', message: 'maxNorm: expected a finite number > 0, got Infinity' },
  { name: 'project with maxNorm not a number', setup: ritzOf(2), misuse: (s) => s.project(1, '1' as never), error: 'TypeError', message: 'maxNorm: expected a number, got string' },
];

/** What a misuse did: the error it threw (or what it returned), and whether the session stayed as it was. */
export interface MisuseOutcome {
  /** The class of the error thrown (`Error`, `TypeError`, `RangeError`, ...), or `returned` when none was. */
  readonly error: string;
  /** The error's message, or a description of what the call returned. */
  readonly message: string;
  /**
   * Whether `k`, and the Ritz vectors when readable, are as before the call (for a misuse that
   * disposes the session itself, whether the session is disposed).
   */
  readonly unchanged: boolean;
}

/** `k`, and the Ritz vectors or why they cannot be read, as text. */
function snapshot(s: SpectralSession<unknown>): string {
  let basis: string;
  try {
    basis = Array.from(s.basis(s.k)).join(',');
  } catch (e) {
    basis = (e as Error).message;
  }
  return `${s.k} ${basis}`;
}

/**
 * Makes the calls of `misuse` on `session` (a new session of {@link MISUSE_MATRIX}) and reports
 * what its last call did. A value it returns is handed to `release` (a tensor that must be freed).
 */
export function runSessionMisuse(session: SpectralSession<unknown>, misuse: SessionMisuse, release: (value: unknown) => void = () => {}): MisuseOutcome {
  misuse.setup(session);
  const before = snapshot(session);
  let outcome: { error: string; message: string };
  try {
    const value = misuse.misuse(session);
    release(value);
    outcome = { error: 'returned', message: String(value) };
  } catch (e) {
    outcome = e instanceof Error ? { error: e.constructor.name, message: e.message } : { error: typeof e, message: String(e) };
  }
  const after = snapshot(session);
  return { ...outcome, unchanged: misuse.disposes === true ? after === `0 ${gone('basis')}` : after === before };
}

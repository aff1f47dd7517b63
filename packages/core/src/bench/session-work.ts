/**
 * What the dense kernels of a spectral projection compute: the products, factorisations and
 * eigenproblems its spectral-session calls stand for, counted by the shapes they run on, so that
 * the benchmark can price the same work with numpy's BLAS and LAPACK (`NumpySvd.replay`).
 *
 * @module
 */
import type { FilterPlan, LanczosTridiagonal, SpectralSession } from '../linalg/spectral-session.js';
import type { TimedMethod } from './session-timing.js';

/**
 * One kind of dense work, on an `m x n` matrix `W` (`A = W^T W`) and a block of `k` columns:
 * - `gram`: forming `A` in float64 and its float32 copy, once per session;
 * - `filterProduct`: one product of the block with `A`, in float32 (`fast`) or float64;
 * - `rayleighRitz`: Cholesky QR once (Gram matrix, factor, solve), `A X` in float64,
 *   `T = X^T A X`, the `k x k` eigenproblem, the rotations of `X` and `A X` and the residual norms;
 * - `lanczos`: a run of `steps` Lanczos steps on the complement of the block, each a product
 *   with `A` (in float32 when `fast`: sessions whose fast roundoff is coarser than float64's run
 *   it so), two projections against the block and two against the run's vectors;
 * - `project`: the low-rank update `W - Z V^T`, `Z = W V D`, for `k` clipped columns;
 * - `residualNorm`: the 2-norm of `k` weighted residuals (their Gram matrix and its largest
 *   eigenvalue).
 */
export type WorkKind = 'gram' | 'filterProduct' | 'rayleighRitz' | 'lanczos' | 'project' | 'residualNorm';

/** Work of one kind and shape, and how often it was done. */
export interface WorkEntry {
  readonly kind: WorkKind;
  /** The session method whose time includes it. */
  readonly method: TimedMethod;
  readonly m: number;
  readonly n: number;
  /** Columns of the block (clipped columns for `project`, residuals for `residualNorm`). */
  readonly k: number;
  /** Lanczos steps of a run (0 for the other kinds). */
  readonly steps: number;
  /** Whether a `filterProduct` or a `lanczos` run's products are in float32. */
  readonly fast: boolean;
  count: number;
}

/** The work of a benchmark run, by kind and shape. */
export type SessionWork = Map<string, WorkEntry>;

/** Adds one piece of work to `work`. */
function add(work: SessionWork, entry: Omit<WorkEntry, 'count'>, count = 1): void {
  if (count <= 0) return;
  const key = `${entry.kind}:${entry.m}:${entry.n}:${entry.k}:${entry.steps}:${entry.fast}`;
  const known = work.get(key);
  if (known === undefined) work.set(key, { ...entry, count });
  else known.count += count;
}

/**
 * Follows the calls of one session and counts their dense work into `work`. `A` is counted as
 * formed by the first call that multiplies by it; a filter right after a Rayleigh-Ritz step
 * starts from that step's `A X`, so its first product is not counted (as the sessions do).
 */
export function workRecorder(work: SessionWork, m: number, n: number): (method: string, session: SpectralSession<unknown>, args: readonly unknown[], result: unknown) => void {
  let gramFormed = false;
  let haveAX = false;
  const gram = (method: TimedMethod): void => {
    if (gramFormed) return;
    gramFormed = true;
    add(work, { kind: 'gram', method, m, n, k: n, steps: 0, fast: false });
  };
  return (method, session, args, result) => {
    const k = session.k;
    switch (method) {
      case 'setBlock':
      case 'appendColumns':
        haveAX = false;
        return;
      case 'filter': {
        const plan = args[0] as FilterPlan;
        gram('filter');
        add(work, { kind: 'filterProduct', method: 'filter', m, n, k, steps: 0, fast: args[1] === 'fast' }, plan.degree - (haveAX ? 1 : 0));
        haveAX = false;
        return;
      }
      case 'rayleighRitz':
        gram('rayleighRitz');
        add(work, { kind: 'rayleighRitz', method: 'rayleighRitz', m, n, k, steps: 0, fast: false });
        haveAX = true;
        return;
      case 'complementLanczos': {
        const steps = (result as LanczosTridiagonal).alpha.length;
        const fast = session.fastRoundoff > 2 ** -53;
        if (steps > 0) add(work, { kind: 'lanczos', method: 'complementLanczos', m, n, k, steps, fast });
        return;
      }
      case 'project':
        add(work, { kind: 'project', method: 'project', m, n, k: args[0] as number, steps: 0, fast: false }, (args[0] as number) > 0 ? 1 : 0);
        return;
      case 'residualNormSquared':
        add(work, { kind: 'residualNorm', method: 'residualNormSquared', m, n, k: (args[1] as number) - (args[0] as number), steps: 0, fast: false });
        return;
      default:
        return;
    }
  };
}

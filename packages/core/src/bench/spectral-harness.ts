/**
 * The spectral-constraint benchmark shared by the packages: the hard case of training, timed on
 * any `LinAlg` next to numpy's full SVD, with every warm result checked against numpy's projection.
 *
 * @module
 */
import { projectSpectralNorm } from '../constraints/project-spectral-norm.js';
import { SpectralNormConstraint, type SpectralConstraintState } from '../constraints/spectral-norm-constraint.js';
import type { LinAlg } from '../linalg/linalg.js';
import { seededNormal } from '../linalg/seeded-random.js';
import type { NumpySvd } from './numpy-svd.js';
import { TIMED_METHODS, timedLinAlg, type TimedMethod } from './session-timing.js';
import type { SessionWork } from './session-work.js';
import { formatTable, median } from './support.js';

/** The bound of the benchmark, as in Kanai et al.'s GRU experiments. */
export const BENCH_MAX_NORM = 1.8;

/** Where the benchmark runs: a backend's linear algebra and how its tensors come and go. */
export interface SpectralBenchTarget<Tn> {
  /** The name in the table (a device or backend). */
  readonly name: string;
  readonly la: LinAlg<Tn>;
  /** A float32 `H x H` tensor holding the row-major `data`. */
  upload(data: Float32Array, H: number): Tn;
  /** The elements of `t`, row-major. */
  download(t: Tn): ArrayLike<number>;
  dispose(t: Tn): void;
  /** Waits until the work queued on the target has finished (asynchronous devices). */
  synchronize?(): void;
}

/** One row of the benchmark: medians over the steps of one run. */
export interface SpectralBenchRow {
  readonly target: string;
  readonly H: number;
  /** Median milliseconds of a warm-started `SpectralNormConstraint` step. */
  readonly warmMs: number;
  /** Median block iterations of a warm step. */
  readonly warmIterations: number;
  /** Median block size kept for the next step. */
  readonly k: number;
  /** Median number of singular values clipped. */
  readonly clipped: number;
  /** Milliseconds of the first (cold) constraint step of the run. */
  readonly firstMs: number;
  /** Median milliseconds of a cold `projectSpectralNorm` of a training iterate. */
  readonly coldMs: number;
  /** Median milliseconds of numpy's SVD projection of the same matrices. */
  readonly svdMs?: number;
  /** The worst `||P - U min(S, s) V^T||_2 / (tol s)` over the warm steps (numpy's SVD as the exact one). */
  readonly worstDistance?: number;
  readonly warmOverSvd?: number;
  readonly coldOverSvd?: number;
  /**
   * Mean milliseconds per warm step in each spectral-session method, and in the rest (opening
   * the session, which copies `W`, and core's host work: the certificate, the warm-start state).
   */
  readonly warmBreakdown: Readonly<Record<TimedMethod | 'rest', number>>;
  /**
   * The dense work of the warm steps' session calls (products, factorisations, eigenproblems;
   * `benchSpectral` counts it) priced with numpy's one-thread BLAS and LAPACK: mean milliseconds
   * per warm step, by the method that does it. A yardstick for the backend's kernels; the work
   * is this backend's, so it says nothing of what another algorithm would cost.
   */
  readonly kernelBreakdown?: Readonly<Record<TimedMethod, number>>;
  /** The sum of {@link SpectralBenchRow.kernelBreakdown}. */
  readonly kernelMs?: number;
  readonly kernelOverSvd?: number;
}

/**
 * Runs the hard case on `target` for each `H`: an `H x H` float32 weight with entries of
 * standard deviation `1.5 / sqrt(H)` (spectral norm near 3) is projected to `s = 1.8`; then every
 * step adds noise of standard deviation `0.01 / sqrt(H)` per entry and applies a warm-started
 * `SpectralNormConstraint` (`tol = 1e-6`), so that dozens of singular values sit at the bound and
 * cross it. Each step is timed next to numpy's SVD projection of the same matrix (when `numpy`
 * is given), every fifth next to a cold `projectSpectralNorm`. Each warm result is checked against
 * numpy's projection, outside the timings: a distance above `tol s` or a norm above `s (1 + tol)`,
 * beyond the float32 rounding of the result (`2^-24 ||P||_F`), is appended to `failures`.
 */
export async function benchSpectral<Tn>(
  target: SpectralBenchTarget<Tn>,
  sizes: readonly number[],
  steps: number,
  numpy: NumpySvd | undefined,
  failures: string[],
): Promise<SpectralBenchRow[]> {
  const rows: SpectralBenchRow[] = [];
  const s = BENCH_MAX_NORM;
  const wait = (): void => target.synchronize?.();
  const spent = new Map<TimedMethod, number>();
  const work: SessionWork = new Map();
  const timed = timedLinAlg(target.la, spent, work);
  for (const H of sizes) {
    const rand = seededNormal(7);
    const constraint = new SpectralNormConstraint({ maxNorm: s });
    const tolS = constraint.tol * s;
    let W = target.upload(Float32Array.from({ length: H * H }, () => (1.5 / Math.sqrt(H)) * rand()), H);
    let t0 = performance.now();
    let r = constraint.apply(target.la, W);
    wait();
    const firstMs = performance.now() - t0;
    let state: SpectralConstraintState = r.state;
    let current = r.W;
    if (current !== W) target.dispose(W);
    spent.clear();
    work.clear();
    const warm: number[] = [];
    const iterations: number[] = [];
    const ks: number[] = [];
    const clipped: number[] = [];
    const cold: number[] = [];
    const svdMs: number[] = [];
    let worstDistance = 0;
    for (let step = 0; step < steps; step++) {
      const data = Float32Array.from(target.download(current), (x) => x + (0.01 / Math.sqrt(H)) * rand());
      target.dispose(current);
      W = target.upload(data, H);
      t0 = performance.now();
      r = constraint.apply(timed, W, state);
      wait();
      warm.push(performance.now() - t0);
      iterations.push(r.iterations);
      ks.push(r.state.k);
      if (numpy !== undefined) {
        svdMs.push(...(await numpy.time(data, H, s, 1)));
        const P = target.download(r.W);
        const { norm, distance } = await numpy.compare(data, P, H, s);
        let squares = 0;
        for (let i = 0; i < P.length; i++) squares += P[i]! * P[i]!;
        const rounding = 2 ** -24 * Math.sqrt(squares);
        worstDistance = Math.max(worstDistance, distance / tolS);
        if (!(distance <= tolS + rounding && norm <= s * (1 + constraint.tol) + rounding)) {
          failures.push(`${target.name} H=${H} step ${step}: ||P||_2 = ${norm}, distance ${distance} (tol s = ${tolS})`);
        }
      }
      if (step % 5 === 0) {
        t0 = performance.now();
        const c = projectSpectralNorm(target.la, W, s, { tol: constraint.tol });
        wait();
        cold.push(performance.now() - t0);
        clipped.push(c.singularValues.length);
        if (c.W !== W) target.dispose(c.W);
      }
      state = r.state;
      current = r.W;
      if (current !== W) target.dispose(W);
    }
    target.dispose(current);
    const perStep = (ms: number): number => ms / Math.max(steps, 1);
    const breakdown = Object.fromEntries(TIMED_METHODS.map((m) => [m, perStep(spent.get(m) ?? 0)])) as Record<TimedMethod, number>;
    const sessionMs = TIMED_METHODS.reduce((sum, m) => sum + breakdown[m], 0);
    const warmTotal = warm.reduce((sum, ms) => sum + ms, 0);
    const row = {
      target: target.name,
      H,
      warmMs: median(warm),
      warmIterations: median(iterations),
      k: median(ks),
      clipped: median(clipped),
      firstMs,
      coldMs: median(cold),
      warmBreakdown: { ...breakdown, rest: Math.max(0, perStep(warmTotal) - sessionMs) },
    };
    const svd = svdMs.length > 0 ? median(svdMs) : undefined;
    if (numpy === undefined || svd === undefined) {
      rows.push(row);
    } else {
      const kernelBreakdown = await priceWork(numpy, work, steps);
      const kernelMs = TIMED_METHODS.reduce((sum, m) => sum + kernelBreakdown[m], 0);
      rows.push({
        ...row,
        svdMs: svd,
        worstDistance,
        warmOverSvd: row.warmMs / svd,
        coldOverSvd: row.coldMs / svd,
        kernelBreakdown,
        kernelMs,
        kernelOverSvd: kernelMs / svd,
      });
    }
    process.stderr.write(`${target.name} H=${H}: warm ${row.warmMs.toFixed(2)} ms, cold ${row.coldMs.toFixed(1)} ms, numpy SVD ${svd?.toFixed(1) ?? '-'} ms\n`);
  }
  return rows;
}

/** Mean milliseconds per step that `work`, done over `steps` steps, takes with numpy's kernels, by method. */
async function priceWork(numpy: NumpySvd, work: SessionWork, steps: number): Promise<Record<TimedMethod, number>> {
  const entries = [...work.values()];
  const ms = await numpy.replay(entries, 3);
  const priced = Object.fromEntries(TIMED_METHODS.map((m) => [m, 0])) as Record<TimedMethod, number>;
  entries.forEach((e, i) => (priced[e.method] += (ms[i]! * e.count) / Math.max(steps, 1)));
  return priced;
}

/**
 * The rows as fixed-width tables ("skipped" where numpy was missing): the timings, then where a
 * warm step's time goes, next to what its dense work takes with numpy's one-thread kernels.
 */
export function spectralTable(rows: readonly SpectralBenchRow[]): string {
  const fixed = (x: number | undefined, digits: number): string => (x === undefined ? 'skipped' : x.toFixed(digits));
  const timings = formatTable(
    ['target', 'H', 'warm ms', 'warm iters', 'k', 'clipped', 'cold ms', 'numpy SVD ms', 'warm / SVD', 'cold / SVD', 'numpy kernels / SVD', 'worst dist / (tol s)'],
    rows.map((r) => [
      r.target,
      String(r.H),
      r.warmMs.toFixed(2),
      String(r.warmIterations),
      String(r.k),
      String(r.clipped),
      r.coldMs.toFixed(1),
      fixed(r.svdMs, 1),
      fixed(r.warmOverSvd, 3),
      fixed(r.coldOverSvd, 2),
      fixed(r.kernelOverSvd, 3),
      fixed(r.worstDistance, 3),
    ]),
  );
  const parts = formatTable(
    ['target', 'H', 'kernels', 'warm step, mean ms:', 'filter', 'Rayleigh-Ritz', 'residual norms', 'Lanczos', 'projection', 'rest'],
    rows.flatMap((r) => {
      const b = r.warmBreakdown;
      const total = TIMED_METHODS.reduce((sum, m) => sum + b[m], b.rest);
      const own = [r.target, String(r.H), 'its own', total.toFixed(2), ...[...TIMED_METHODS, 'rest' as const].map((m) => b[m].toFixed(2))];
      const k = r.kernelBreakdown;
      if (k === undefined || r.kernelMs === undefined) return [own];
      return [own, [r.target, String(r.H), 'numpy', r.kernelMs.toFixed(2), ...TIMED_METHODS.map((m) => k[m].toFixed(2)), '']];
    }),
  );
  return `${timings}\n\n${parts}`;
}

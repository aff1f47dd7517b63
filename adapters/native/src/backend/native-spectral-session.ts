/**
 * Core's `SpectralSession` on the addon, for tensors on either native device.
 *
 * @module
 */
import type { FilterPlan, FilterPrecision, LanczosTridiagonal, RitzResiduals, SpectralSession } from '@stablegrad/core';
import { loadAddon } from '../addon/load.js';
import { NativeTensor } from '../tensor/native-tensor.js';

/**
 * A {@link SpectralSession} for a {@link NativeTensor}, run by the addon in C++: the block,
 * `W` (copied to float64 when the session opens) and the Gram operator `A = W^T W` live in the
 * addon's memory and only small arrays cross. The addon forms `A` in float64 once the columns to
 * multiply make it pay (`m n^2` flops against `4 m n` per column through `W`) and keeps a float32
 * copy for the `fast` filters and the Lanczos runs (unit roundoff `2^-24`); the Rayleigh-Ritz steps
 * orthonormalise by Cholesky QR twice and solve their small eigenproblem by Householder
 * tridiagonalisation (by panels of reflectors above 128 rows) and divide and conquer, all in
 * float64. Products are blocked, packed SIMD
 * kernels (AVX-512 or AVX2 where the CPU has them) on the addon's thread pool; their sums are in
 * float64 but not in the reference's order.
 *
 * The session's memory (about `8 (m n + 1.5 n^2 + 5 n k)` bytes) is reported to the JavaScript
 * engine and freed by `dispose()`.
 *
 * The addon checks every call as core's host session does, with the same messages, before
 * anything changes (see {@link SpectralSession}): an `Error` for a disposed session and for
 * reading Ritz data (`ritzResiduals`, `residualNormSquared`, `complementLanczos`, `basis`,
 * `project`) with no Rayleigh-Ritz step since the block last changed, a `TypeError` for an
 * argument of the wrong type, a `RangeError` for one out of range (counts, lengths, non-finite
 * `weights` or `start`, a filter plan with a degree outside `[1, 2^20]`, a non-finite bound or
 * `top <= edge` with `edge > 0`, a `maxNorm` that is not finite and positive, a `project` count
 * that reaches a Ritz value that is not positive). A refused `project` frees the tensor it had
 * made for its result.
 *
 * On `cuda` the same session runs with its arrays in device memory: products are the addon's
 * tiled CUDA kernels, the small `k x k` eigenproblems are solved on the host (two `k x k` copies
 * each way per Rayleigh-Ritz step). That path is compiled with nvcc but has never run on a GPU
 * where it was written; `scripts/gpu-check.sh` tests and times it.
 *
 * @param W - the `m x n` matrix, a live tensor (read once, when the session opens)
 * @param seed - seed of the random columns that replace numerically dependent ones: an integer,
 *   taken modulo `2^64`
 * @throws Error when `W` is disposed or held by a pending async step; TypeError or RangeError
 *   when `seed` is not an integer
 */
export function nativeSpectralSession(W: NativeTensor, seed: number): SpectralSession<NativeTensor> {
  W.checkUsable('W');
  const [m, n] = W.shape as [number, number];
  const addon = loadAddon();
  const session = new addon.SpectralSession(W.id, m, n, seed);
  return {
    m,
    n,
    get k() {
      return session.k;
    },
    fastRoundoff: 2 ** -24,
    setBlock: (X: Float64Array, k: number) => session.setBlock(X, k),
    appendColumns: (X: Float64Array, count: number) => session.appendColumns(X, count),
    filter: (plan: FilterPlan, precision: FilterPrecision) => session.filter(plan, precision),
    rayleighRitz: () => session.rayleighRitz(),
    ritzResiduals: (count: number): RitzResiduals => session.ritzResiduals(count),
    residualNormSquared: (from: number, to: number, weights: Float64Array) => session.residualNormSquared(from, to, weights),
    complementLanczos: (start: Float64Array, steps: number): LanczosTridiagonal => session.complementLanczos(start, steps),
    basis: (count: number) => session.basis(count),
    project(count: number, maxNorm: number): NativeTensor {
      const out = NativeTensor.zeros(W.device, W.shape, W.dtype);
      try {
        session.project(count, maxNorm, out.id);
      } catch (e) {
        out.dispose();
        throw e;
      }
      return out;
    },
    dispose: () => session.dispose(),
  };
}

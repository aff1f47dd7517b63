/**
 * The global norm of a gradient set.
 *
 * @module
 */
import type { LinAlg } from '../linalg/linalg.js';

/**
 * `sqrt(sum over tensors g of sum_i g_i^2)`, the squares accumulated in float64 in the order of
 * `grads` (each tensor's sum by the backend's {@link LinAlg.sumOfSquares}). `NaN` when an element
 * is NaN, `Infinity` when one is infinite or the squares overflow. This is the one place the
 * global gradient norm is computed on the host; `clipByGlobalNorm` and the optimizer's reported
 * norm both use it.
 */
export function globalNorm<Tn>(la: LinAlg<Tn>, grads: readonly Tn[]): number {
  let sum = 0;
  for (const g of grads) sum += la.sumOfSquares(g);
  return Math.sqrt(sum);
}

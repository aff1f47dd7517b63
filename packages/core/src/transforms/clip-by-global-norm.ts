/**
 * Gradient clipping by the global norm.
 *
 * @module
 */
import type { LinAlg } from '../linalg/linalg.js';
import { NonFiniteGradientError } from '../optimizer/errors.js';
import { globalNorm } from './global-norm.js';
import type { GradientTransform, GradientTransformResult } from './gradient-transform.js';

/** What {@link clipByGlobalNorm} does when the global norm is NaN or infinite. */
export type NonFiniteNorm = 'error' | 'nan';

/** Options of {@link clipByGlobalNorm}. */
export interface ClipByGlobalNormOptions {
  /**
   * `error` (default): throw core's `NonFiniteGradientError` naming the first gradient whose sum
   * of squares is not finite, before anything is updated (as `torch.nn.utils.clip_grad_norm_` with
   * `error_if_nonfinite`). `nan`: make every gradient NaN, as TensorFlow's `clip_by_global_norm`
   * does, so that the update carries the problem into the parameters.
   */
  readonly nonFinite?: NonFiniteNorm;
}

/** Hyperparameters of {@link clipByGlobalNorm}. */
export type ClipByGlobalNormHyper = {
  /** The largest global norm let through, a finite number `> 0`. */
  readonly maxNorm: number;
};

/** The transform returned by {@link clipByGlobalNorm}. */
export interface ClipByGlobalNorm extends GradientTransform<ClipByGlobalNormHyper> {
  /** Always `clipByGlobalNorm`. */
  readonly name: 'clipByGlobalNorm';
  /** What it does when the global norm is not finite. */
  readonly nonFinite: NonFiniteNorm;
  /** Always measures the global norm of its input. */
  apply<Tn>(la: LinAlg<Tn>, grads: Readonly<Record<string, Tn>>): GradientTransformResult<Tn> & { readonly norm: number };
}

/**
 * Scales all gradients together so that their global norm is at most `maxNorm`, as TensorFlow's
 * `tf.clip_by_global_norm` (and `torch.nn.utils.clip_grad_norm_`, `optax.clip_by_global_norm`):
 *
 * `n = sqrt(sum over tensors g of sum_i g_i^2)`, then every `g <- g * maxNorm / max(n, maxNorm)`.
 *
 * The sum of squares is accumulated in float64 and the scaled tensors are rounded to their own
 * dtype. When `n <= maxNorm` the factor is exactly 1 and the gradients are returned as the same
 * objects. When `n` is not finite (a NaN or infinite gradient, or squares overflowing float64) it
 * throws `NonFiniteGradientError` by default; with `nonFinite: 'nan'` every gradient becomes NaN,
 * as in TensorFlow, so the problem surfaces instead of being hidden by a factor of 0, and the
 * result's `norm` reports `n`.
 *
 * This is the baseline that the spectral-norm constraint of Kanai et al. (NIPS 2017) replaces for
 * GRUs: it needs a threshold found by trial and error.
 *
 * @param maxNorm - the clipping threshold
 * @param options - what to do with a non-finite norm
 * @throws RangeError naming `maxNorm` unless it is a finite number `> 0`, or `nonFinite` unless it
 * is `error` or `nan`
 */
export function clipByGlobalNorm(maxNorm: number, options: ClipByGlobalNormOptions = {}): ClipByGlobalNorm {
  if (typeof maxNorm !== 'number' || !Number.isFinite(maxNorm) || maxNorm <= 0) {
    throw new RangeError(`clipByGlobalNorm: maxNorm must be a finite number > 0, got ${String(maxNorm)}`);
  }
  const nonFinite = options.nonFinite ?? 'error';
  if (nonFinite !== 'error' && nonFinite !== 'nan') {
    throw new RangeError(`clipByGlobalNorm: nonFinite must be 'error' or 'nan', got ${String(nonFinite)}`);
  }
  return {
    name: 'clipByGlobalNorm',
    hyper: Object.freeze({ maxNorm }),
    nonFinite,
    apply<Tn>(la: LinAlg<Tn>, grads: Readonly<Record<string, Tn>>): GradientTransformResult<Tn> & { readonly norm: number } {
      const norm = globalNorm(la, Object.values(grads));
      if (norm <= maxNorm) return { grads: { ...grads }, norm };
      if (!Number.isFinite(norm) && nonFinite === 'error') {
        const names = Object.keys(grads);
        const bad = names.find((n) => !Number.isFinite(la.sumOfSquares(grads[n]!))) ?? names[0]!;
        throw new NonFiniteGradientError(bad, { value: Math.sqrt(la.sumOfSquares(grads[bad]!)), source: 'clipByGlobalNorm' });
      }
      const factor = Number.isFinite(norm) ? maxNorm / norm : NaN;
      const out: Record<string, Tn> = {};
      for (const [name, g] of Object.entries(grads)) out[name] = la.scale(g, factor);
      return { grads: out, norm };
    },
  };
}

/**
 * Gradient clipping by the global norm.
 *
 * @module
 */
import type { LinAlg } from '../linalg/linalg.js';
import { globalNorm } from './global-norm.js';
import type { GradientTransform, GradientTransformResult } from './gradient-transform.js';

/** Hyperparameters of {@link clipByGlobalNorm}. */
export type ClipByGlobalNormHyper = {
  /** The largest global norm let through, a finite number `> 0`. */
  readonly maxNorm: number;
};

/** The transform returned by {@link clipByGlobalNorm}. */
export interface ClipByGlobalNorm extends GradientTransform<ClipByGlobalNormHyper> {
  /** Always `clipByGlobalNorm`. */
  readonly name: 'clipByGlobalNorm';
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
 * objects. When `n` is not finite (a NaN or infinite gradient, or squares overflowing float64)
 * every gradient becomes NaN, as in TensorFlow, so the problem surfaces instead of being hidden by
 * a factor of 0; the result's `norm` reports `n` either way.
 *
 * This is the baseline that the spectral-norm constraint of Kanai et al. (NIPS 2017) replaces for
 * GRUs: it needs a threshold found by trial and error.
 *
 * @param maxNorm - the clipping threshold
 * @throws RangeError naming `maxNorm` unless it is a finite number `> 0`
 */
export function clipByGlobalNorm(maxNorm: number): ClipByGlobalNorm {
  if (typeof maxNorm !== 'number' || !Number.isFinite(maxNorm) || maxNorm <= 0) {
    throw new RangeError(`clipByGlobalNorm: maxNorm must be a finite number > 0, got ${String(maxNorm)}`);
  }
  return {
    name: 'clipByGlobalNorm',
    hyper: Object.freeze({ maxNorm }),
    apply<Tn>(la: LinAlg<Tn>, grads: Readonly<Record<string, Tn>>): GradientTransformResult<Tn> & { readonly norm: number } {
      const norm = globalNorm(la, Object.values(grads));
      if (norm <= maxNorm) return { grads: { ...grads }, norm };
      const factor = Number.isFinite(norm) ? maxNorm / norm : NaN;
      const out: Record<string, Tn> = {};
      for (const [name, g] of Object.entries(grads)) out[name] = la.scale(g, factor);
      return { grads: out, norm };
    },
  };
}

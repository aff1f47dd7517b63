/**
 * What a gradient transform is.
 *
 * @module
 */
import type { LinAlg } from '../linalg/linalg.js';

/** What {@link GradientTransform.apply} returns. */
export interface GradientTransformResult<Tn> {
  /** The transformed gradients, under the same names as the input. */
  readonly grads: Record<string, Tn>;
  /**
   * The global norm `sqrt(sum over all tensors of sum g^2)` of the gradients the transform
   * received, when it measures it (clipping by the global norm does).
   */
  readonly norm?: number;
}

/**
 * A transformation of a whole named gradient set, applied before the optimizer's update
 * (optax's `GradientTransformation`, without state). It is written once against {@link LinAlg}
 * and so runs on every backend.
 *
 * @typeParam H - its hyperparameters
 */
export interface GradientTransform<H extends Readonly<Record<string, number>> = Readonly<Record<string, number>>> {
  /** Canonical name, as used in vector files (e.g. `clipByGlobalNorm`). */
  readonly name: string;
  /** Its hyperparameters. */
  readonly hyper: Readonly<H>;
  /**
   * Transforms `grads`. The inputs are not modified; a tensor that does not change may be
   * returned as the same object.
   */
  apply<Tn>(la: LinAlg<Tn>, grads: Readonly<Record<string, Tn>>): GradientTransformResult<Tn>;
}

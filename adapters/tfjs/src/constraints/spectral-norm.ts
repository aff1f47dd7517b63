/**
 * The GRU spectral-norm constraint as a tfjs-layers constraint.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { SpectralNormConstraint as CoreSpectralNormConstraint, type SpectralConstraintState } from '@stablegrad/core';
import { checkFloat32 } from '../backend/host-view.js';
import { tensorLinAlg } from '../backend/tensor-linalg.js';
import { SPECTRAL_BLOCKS, columnBlocks, replaceBlocks, sliceBlock, type SpectralBlocks } from './gru-blocks.js';
import { LayersConstraint } from './layers-constraint.js';
import { fromConfigIgnoringCustomObjects } from '../serialization.js';

/** Options of a {@link SpectralNormConstraint}. */
export interface SpectralNormArgs {
  /** The bound `s` on the spectral norm of each block, a finite number `> 0` (default 1.8). */
  readonly maxNorm?: number;
  /** Which blocks to bound (default `candidate`: the GRU's `W_h`). */
  readonly blocks?: SpectralBlocks;
  /** Relative tolerance of the bound, in `(0, 1)` (default 1e-6). */
  readonly tol?: number;
  /** Most block power iterations per application, an integer `>= 1` (default 1000). */
  readonly maxIterations?: number;
  /** Seed of the random start of the first application, an integer (default 1). */
  readonly seed?: number;
}

/** What one application did to one block, for monitoring. */
export interface SpectralBlockReport {
  /** The block: `z`, `r` or `h` for a GRU gate, `W` for the whole matrix. */
  readonly block: string;
  /** Its largest singular value before the projection. */
  readonly sigmaMax: number;
  /** Block power iterations taken. */
  readonly iterations: number;
}

const ARG_KEYS: readonly string[] = ['maxNorm', 'blocks', 'tol', 'maxIterations', 'seed'];

/**
 * Keeps the spectral norm of a GRU's candidate recurrent weight `W_h` at most `maxNorm`
 * (Kanai, Fujiwara and Iwamura, "Preventing Gradient Explosions in Gated Recurrent Units",
 * NIPS 2017): each application replaces the block by its projection `U min(S, s) V^T`, the
 * nearest matrix whose singular values are all at most `s` (1.8 by default, below the
 * bifurcation at 2).
 *
 * ```ts
 * tf.layers.gru({ units: 64, recurrentConstraint: spectralNorm({ maxNorm: 1.8 }) })
 * ```
 *
 * The projection is core's `SpectralNormConstraint`: block power iteration warm-started from the
 * singular vectors found at the previous application to the same variable (kept per variable
 * name and block), so a training step costs a few matrix products, not an SVD. When an
 * application returns, `||block||_2 <= maxNorm * (1 + tol)` holds before rounding to float32
 * (which adds at most `2^-24 ||block||_F`). The Chebyshev filters and the Lanczos runs are tensor
 * operations on the block's own backend, in float32; the Rayleigh-Ritz steps that the certificate
 * reads run on the host in float64 ({@link tensorLinAlg}).
 *
 * tfjs applies layer constraints only when weights are set (`setWeights`, loading a model), not
 * in `model.fit` or `optimizer.minimize` (tensorflow/tfjs#3345): wrap the optimizer with
 * {@link withConstraints} so that it holds during training.
 *
 * Serialised with the model as `stablegrad.SpectralNorm`; the warm start is not saved (the first
 * application after loading starts afresh and still meets the tolerance).
 */
export class SpectralNormConstraint extends LayersConstraint {
  /** The name models store this class under. */
  static readonly className = 'stablegrad.SpectralNorm';
  /** The bound `s`. */
  readonly maxNorm: number;
  /** Which blocks are bounded. */
  readonly blocks: SpectralBlocks;
  /** Relative tolerance. */
  readonly tol: number;
  /** Most block power iterations per application. */
  readonly maxIterations: number;
  /** Seed of the first random start. */
  readonly seed: number;
  private readonly projection: CoreSpectralNormConstraint;
  private readonly warm = new Map<string, SpectralConstraintState>();
  private reports: SpectralBlockReport[] = [];

  /**
   * @param args - bound, blocks, tolerance, iteration limit, seed
   * @throws RangeError naming the option that is unknown or out of range
   */
  constructor(args: SpectralNormArgs = {}) {
    super();
    for (const key of Object.keys(args)) {
      if (!ARG_KEYS.includes(key)) {
        throw new RangeError(`spectralNorm: unknown option '${key}'; expected one of ${ARG_KEYS.join(', ')}`);
      }
    }
    const blocks = args.blocks ?? 'candidate';
    if (!SPECTRAL_BLOCKS.includes(blocks)) {
      throw new RangeError(`spectralNorm: option 'blocks' must be one of ${SPECTRAL_BLOCKS.join(', ')}, got ${String(blocks)}`);
    }
    this.projection = new CoreSpectralNormConstraint(args);
    this.maxNorm = this.projection.maxNorm;
    this.blocks = blocks;
    this.tol = this.projection.tol;
    this.maxIterations = this.projection.maxIterations;
    this.seed = this.projection.seed;
  }

  /** What the last application did, one report per block. */
  get lastApplied(): readonly SpectralBlockReport[] {
    return this.reports;
  }

  /**
   * `w` with its selected blocks projected onto `{B : ||B||_2 <= maxNorm}`; always a new tensor.
   *
   * @throws RangeError when `w` is not 2-D or not a GRU recurrent kernel for `candidate` or
   * `all`, or its entries are not finite; Error when the iteration does not meet the tolerance
   * within `maxIterations`
   */
  apply(w: tf.Tensor): tf.Tensor {
    checkFloat32(w, 'spectralNorm: weight');
    const blocks = columnBlocks(w.shape, this.blocks);
    const owner = w instanceof tf.Variable ? w.name : '';
    const la = tensorLinAlg();
    const reports: SpectralBlockReport[] = [];
    const result = tf.tidy(() => {
      const projected = blocks.map((b) => {
        const key = `${owner}|${w.shape.join('x')}|${b.label}`;
        const r = this.projection.apply(la, sliceBlock(w, b), this.warm.get(key));
        if (!r.converged) {
          throw new Error(
            `spectralNorm: the projection of block '${b.label}' (largest singular value ${r.sigmaMax}) did not reach tol ${this.tol} within ${this.maxIterations} iterations; raise maxIterations or tol`,
          );
        }
        this.warm.set(key, r.state);
        reports.push({ block: b.label, sigmaMax: r.sigmaMax, iterations: r.iterations });
        return r.W;
      });
      return replaceBlocks(w, blocks, projected);
    });
    this.reports = reports;
    return result;
  }

  /** The options, as `fromConfig` takes them back. */
  override getConfig(): tf.serialization.ConfigDict {
    return { maxNorm: this.maxNorm, blocks: this.blocks, tol: this.tol, maxIterations: this.maxIterations, seed: this.seed };
  }

  /**
   * Creates a constraint of class `cls` from a {@link SpectralNormConstraint.getConfig} result
   * (tfjs-layers calls this when it loads a model); the `customObjects` entry it adds is ignored.
   */
  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    return fromConfigIgnoringCustomObjects(cls, config);
  }
}

tf.serialization.registerClass(SpectralNormConstraint);

/**
 * A {@link SpectralNormConstraint}, in the style of `tf.constraints.maxNorm`:
 * `tf.layers.gru({ units, recurrentConstraint: spectralNorm() })`.
 *
 * @param args - bound (default 1.8), blocks (default `candidate`), tolerance, iteration limit, seed
 */
export function spectralNorm(args: SpectralNormArgs = {}): SpectralNormConstraint {
  return new SpectralNormConstraint(args);
}

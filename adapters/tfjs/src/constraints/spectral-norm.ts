/**
 * The GRU spectral-norm constraint as a tfjs-layers constraint.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { tensorLinAlg } from '../backend/tensor-linalg.js';
import { fromConfigIgnoringCustomObjects } from '../serialization.js';
import { BlockSpectralNorm, type BlockSpectralState, type SpectralBlockReport } from './block-spectral-norm.js';
import { SPECTRAL_BLOCKS, type SpectralBlocks } from './gru-blocks.js';
import { LayersConstraint } from './layers-constraint.js';

/** Options of a {@link SpectralNormLayerConstraint}. */
export interface SpectralNormArgs {
  /** The bound `s` on the spectral norm of each block, a finite number `> 0` (default 1.8). */
  readonly maxNorm?: number;
  /** Which blocks to bound (default `candidate`: the GRU's `W_h`). */
  readonly blocks?: SpectralBlocks;
  /** Relative tolerance of the bound, in `(0, 1)` (default 1e-6). */
  readonly tol?: number;
  /** Most block iterations per application, an integer `>= 1` (default 1000). */
  readonly maxIterations?: number;
  /** Seed of the random start of the first application, an integer (default 1). */
  readonly seed?: number;
}

const ARG_KEYS: readonly string[] = ['maxNorm', 'blocks', 'tol', 'maxIterations', 'seed'];

/**
 * Keeps the spectral norm of a GRU's candidate recurrent weight `W_h` at most `maxNorm`
 * (Kanai, Fujiwara and Iwamura, "Preventing Gradient Explosions in Gated Recurrent Units",
 * NIPS 2017), as a tfjs-layers constraint:
 *
 * ```ts
 * tf.layers.gru({ units: 64, recurrentConstraint: spectralNorm({ maxNorm: 1.8 }) })
 * ```
 *
 * It is a layers-side handle on core's constraint: {@link SpectralNormLayerConstraint.constraint}
 * is a core `ParameterConstraint` ({@link BlockSpectralNorm}, core's `SpectralNormConstraint`
 * on each selected block), which is what runs during training: `withConstraints(optimizer, model)`
 * hands it to the optimizer, whose step applies it right after the update. When tfjs-layers itself
 * applies the constraint (setting the weight through the layer, loading a model), `apply` runs the
 * same projection, warm-started per variable.
 *
 * Each application replaces every selected block by its projection `U min(S, s) V^T`, the nearest
 * matrix whose singular values are all at most `s`, with `||block||_2 <= maxNorm * (1 + tol)`
 * before rounding to float32 (see core's `projectSpectralNorm` for the algorithm and its cost).
 * The Chebyshev filters and the Lanczos runs are tensor operations on the block's own backend, in
 * float32; the Rayleigh-Ritz steps that the certificate reads run on the host in float64
 * ({@link tensorLinAlg}).
 *
 * Serialised with the model as `stablegrad.SpectralNorm`; the warm start is not saved (the first
 * application after loading starts afresh and still meets the tolerance).
 */
export class SpectralNormLayerConstraint extends LayersConstraint {
  /** The name models store this class under. */
  static readonly className = 'stablegrad.SpectralNorm';
  /** The core constraint that does the work, on the selected blocks. */
  readonly constraint: BlockSpectralNorm;
  /** The bound `s`. */
  readonly maxNorm: number;
  /** Which blocks are bounded. */
  readonly blocks: SpectralBlocks;
  /** Relative tolerance. */
  readonly tol: number;
  /** Most block iterations per application. */
  readonly maxIterations: number;
  /** Seed of the first random start. */
  readonly seed: number;
  private readonly warm = new Map<string, BlockSpectralState>();

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
    const { blocks: _, ...options } = args;
    this.constraint = new BlockSpectralNorm(blocks, options);
    const p = this.constraint.projection;
    this.maxNorm = p.maxNorm;
    this.blocks = blocks;
    this.tol = p.tol;
    this.maxIterations = p.maxIterations;
    this.seed = p.seed;
  }

  /** What the last application (by tfjs-layers or by an optimizer) did, one report per block. */
  get lastApplied(): readonly SpectralBlockReport[] {
    return this.constraint.lastApplied;
  }

  /**
   * `w` with its selected blocks projected; always a new tensor. tfjs-layers calls this when it
   * sets the weight; the warm start is kept per variable.
   *
   * @throws RangeError when `w` is not 2-D or not a GRU recurrent kernel for `candidate` or
   * `all`, or its entries are not finite; Error when the iteration does not meet the tolerance
   * within `maxIterations`
   */
  apply(w: tf.Tensor): tf.Tensor {
    const key = `${w instanceof tf.Variable ? w.name : ''}|${w.shape.join('x')}`;
    const r = this.constraint.apply(tensorLinAlg(), w, this.warm.get(key));
    this.warm.set(key, r.state);
    return r.W;
  }

  /** The options, as `fromConfig` takes them back. */
  override getConfig(): tf.serialization.ConfigDict {
    return { maxNorm: this.maxNorm, blocks: this.blocks, tol: this.tol, maxIterations: this.maxIterations, seed: this.seed };
  }

  /**
   * Creates a constraint of class `cls` from a {@link SpectralNormLayerConstraint.getConfig}
   * result (tfjs-layers calls this when it loads a model); the `customObjects` entry it adds is
   * ignored.
   */
  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    return fromConfigIgnoringCustomObjects(cls, config);
  }
}

tf.serialization.registerClass(SpectralNormLayerConstraint);

/**
 * A {@link SpectralNormLayerConstraint}, in the style of `tf.constraints.maxNorm`:
 * `tf.layers.gru({ units, recurrentConstraint: spectralNorm() })`.
 *
 * @param args - bound (default 1.8), blocks (default `candidate`), tolerance, iteration limit, seed
 */
export function spectralNorm(args: SpectralNormArgs = {}): SpectralNormLayerConstraint {
  return new SpectralNormLayerConstraint(args);
}

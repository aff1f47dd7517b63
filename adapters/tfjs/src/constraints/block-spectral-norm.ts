/**
 * core's spectral-norm constraint on the gate blocks of a GRU recurrent kernel.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  SpectralNormConstraint,
  type LinAlg,
  type ParameterConstraint,
  type SpectralConstraintState,
  type SpectralNormConstraintOptions,
} from '@stablegrad/core';
import { checkFloat32 } from '../backend/host-view.js';
import { columnBlocks, replaceBlocks, sliceBlock, type SpectralBlocks } from './gru-blocks.js';

/** What one application did to one block, for monitoring. */
export interface SpectralBlockReport {
  /** The block: `z`, `r` or `h` for a GRU gate, `W` for the whole matrix. */
  readonly block: string;
  /** Its largest singular value before the projection. */
  readonly sigmaMax: number;
  /** Block iterations taken. */
  readonly iterations: number;
}

/** The state of a {@link BlockSpectralNorm} between steps: core's state per block label. */
export type BlockSpectralState = Readonly<Record<string, SpectralConstraintState>>;

/**
 * A core `ParameterConstraint` over `tf.Tensor`s that applies core's `SpectralNormConstraint` to
 * each selected column block of a weight (the GRU candidate block `W_h` by default; see
 * {@link SpectralBlocks}) and leaves the other columns as they are. Its state is core's state per
 * block (the warm start), plain JSON data like every constraint state.
 */
export class BlockSpectralNorm implements ParameterConstraint<tf.Tensor> {
  /** The projection applied to each block. */
  readonly projection: SpectralNormConstraint;
  private reports: SpectralBlockReport[] = [];

  /**
   * @param blocks - which blocks to bound
   * @param options - core's bound, tolerance, iteration limit and seed
   * @throws RangeError naming the option that is out of range
   */
  constructor(
    readonly blocks: SpectralBlocks,
    options: SpectralNormConstraintOptions = {},
  ) {
    this.projection = new SpectralNormConstraint(options);
  }

  /** What the last application did, one report per block. */
  get lastApplied(): readonly SpectralBlockReport[] {
    return this.reports;
  }

  /**
   * Checks that a weight of `shape` has the blocks this constraint bounds.
   *
   * @throws RangeError naming the weight and the shape expected
   */
  check(shape: readonly number[], where = 'spectralNorm'): void {
    columnBlocks(shape, this.blocks, where);
  }

  /**
   * `W` with its selected blocks projected onto `{B : ||B||_2 <= maxNorm}`; always a new tensor.
   *
   * @throws RangeError when `W` does not have the blocks or is not finite; Error when the
   * iteration does not meet the tolerance within `maxIterations`
   */
  apply(la: LinAlg<tf.Tensor>, W: tf.Tensor, state: unknown): { readonly W: tf.Tensor; readonly state: BlockSpectralState } {
    checkFloat32(W, 'spectralNorm: weight');
    const blocks = columnBlocks(W.shape, this.blocks);
    const previous = (state ?? {}) as BlockSpectralState;
    const next: Record<string, SpectralConstraintState> = {};
    const reports: SpectralBlockReport[] = [];
    const projected = tf.tidy(() => {
      const values = blocks.map((b) => {
        const r = this.projection.apply(la, sliceBlock(W, b), previous[b.label]);
        if (!r.converged) {
          throw new Error(
            `spectralNorm: the projection of block '${b.label}' (largest singular value ${r.sigmaMax}) did not reach tol ${this.projection.tol} within ${this.projection.maxIterations} iterations; raise maxIterations or tol`,
          );
        }
        next[b.label] = r.state;
        reports.push({ block: b.label, sigmaMax: r.sigmaMax, iterations: r.iterations });
        return r.W;
      });
      return replaceBlocks(W, blocks, values);
    });
    this.reports = reports;
    return { W: projected, state: next };
  }
}

/**
 * Sizing a block that holds too few directions from one Lanczos run: how many eigenvalues of
 * `W^T W` lie above the reach, estimated by Lanczos quadrature.
 *
 * @module
 */
import { tridiagonalQr } from '../linalg/tridiagonal-qr.js';
import type { LanczosTridiagonal } from '../linalg/spectral-session.js';
import { REACH } from './certificate.js';

/** Lanczos steps of the estimate: enough to place the quadrature's nodes about the reach. */
export const SIZING_STEPS = 32;

/**
 * Columns added to the estimate, relative to it. The estimate comes from one random vector: for
 * the reach `0.85 r` on quarter-circle and uniform spectra it was between 0.72 and 1.17 times the
 * count over 6 seeds (`n` = 300), so the margin covers the common case, not the worst; a block
 * that still falls short doubles at the price of a Rayleigh-Ritz step. A larger margin would
 * enlarge every cold block's Rayleigh-Ritz steps.
 */
export const SIZING_MARGIN = 0.15;

/** The Gauss quadrature rule of a Lanczos run: nodes and weights (summing to 1). */
export interface LanczosQuadrature {
  /** The eigenvalues of the run's tridiagonal matrix. */
  readonly nodes: Float64Array;
  /** The squared first components of its unit eigenvectors, in the order of `nodes`. */
  readonly weights: Float64Array;
}

/**
 * The Gauss quadrature rule of a Lanczos run started at the unit vector `q` (Golub and Meurant,
 * "Matrices, Moments and Quadrature with Applications", Princeton 2010, chapter 6): with
 * `theta_j` the eigenvalues of the tridiagonal matrix and `tau_j` the first components of its
 * unit eigenvectors, `q^T f(C) q ~ sum_j tau_j^2 f(theta_j)`.
 */
export function lanczosQuadrature({ alpha, beta }: LanczosTridiagonal): LanczosQuadrature {
  const j = alpha.length;
  const nodes = Float64Array.from(alpha);
  const e = new Float64Array(j);
  e.set(beta.subarray(0, Math.max(j - 1, 0)));
  const Z = new Float64Array(j * j);
  for (let i = 0; i < j; i++) Z[i * j + i] = 1;
  tridiagonalQr(nodes, e, Z, j);
  return { nodes, weights: Float64Array.from({ length: j }, (_, i) => Z[i * j]! ** 2) };
}

/**
 * The estimate of how many eigenvalues of an operator of dimension `dimension` exceed
 * `threshold`, from the {@link lanczosQuadrature} of a run started at a random unit vector `q`
 * (stochastic Lanczos quadrature: Ubaru, Chen and Saad, SIAM J. Matrix Anal. Appl. 38(4), 2017):
 * for `f` the indicator of `(threshold, infinity)` and `q` uniform on the sphere,
 * `dimension q^T f(C) q` is the count in expectation, with a standard deviation of about
 * `sqrt(2 c (1 - c / dimension))` for a count `c`; the quadrature adds about the weight of one node.
 */
export function countAbove({ nodes, weights }: LanczosQuadrature, dimension: number, threshold: number): number {
  let weight = 0;
  for (let i = 0; i < nodes.length; i++) if (nodes[i]! > threshold) weight += weights[i]!;
  return dimension * weight;
}

/** How to grow a block, and what its first filter should damp. */
export interface BlockSizing {
  /** Columns the block should have. */
  readonly columns: number;
  /**
   * Where the block's smallest Ritz value should come to lie: the estimated eigenvalue of rank
   * `columns` (the highest quadrature node at which the estimated count reaches `columns`), or 0
   * when the estimate holds fewer eigenvalues; a filter damping `[0, edge]` then leaves every
   * column a direction of its own.
   */
  readonly edge: number;
  /** The largest eigenvalue seen (in the block or by the Lanczos run). */
  readonly top: number;
}

/**
 * The size for a block whose Ritz values `theta` (decreasing, squared singular value estimates)
 * all lie above the reach, from a Lanczos run on the complement of its span (`complement`, of
 * dimension `dimension`): the Ritz values above the reach `(1 - REACH) r`, `r` the smaller of
 * `s` and the largest singular value seen, plus {@link countAbove} for the complement, plus
 * a margin and `guards`, at most `kMax`. The estimate only chooses a starting size: a block that
 * turns out too small grows again.
 */
export function sizeBlock(
  theta: Float64Array,
  complement: LanczosTridiagonal,
  dimension: number,
  s: number,
  guards: number,
  kMax: number,
): BlockSizing {
  const rule = lanczosQuadrature(complement);
  let top = Math.max(theta[0] ?? 0, 0);
  for (const node of rule.nodes) top = Math.max(top, node);
  const r = Math.min(s, Math.sqrt(top));
  const reach = ((1 - REACH) * r) ** 2;
  let count = 0;
  for (const t of theta) if (t > reach) count++;
  count += countAbove(rule, dimension, reach);
  const columns = Math.min(kMax, Math.ceil(count * (1 + SIZING_MARGIN)) + guards);
  return { columns, edge: rankValue(theta, rule, dimension, columns), top };
}

/** The highest node of `rule` at which the Ritz values `theta` and the estimate for the complement count `rank` eigenvalues at or above it; 0 if none. */
function rankValue(theta: Float64Array, rule: LanczosQuadrature, dimension: number, rank: number): number {
  const order = Array.from(rule.nodes.keys()).sort((i, j) => rule.nodes[j]! - rule.nodes[i]!);
  let weight = 0;
  for (const i of order) {
    const node = rule.nodes[i]!;
    weight += rule.weights[i]!;
    let count = dimension * weight;
    for (const t of theta) if (t >= node) count++;
    if (count >= rank) return Math.max(node, 0);
  }
  return 0;
}

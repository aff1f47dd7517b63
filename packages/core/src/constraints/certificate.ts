/**
 * When the block iteration of the spectral-norm projection may stop: the certificate of the
 * bound `||projected W||_2 <= s (1 + tol)`.
 *
 * @module
 */
import type { RitzBlock } from './rayleigh-ritz.js';

/**
 * How far the block must reach: it grows until its smallest Ritz value is at most
 * `((1 - REACH) r)^2`, where `r` is the smaller of `s` and the guard's singular value estimate
 * (the first one not above `s`). The singular values that must be resolved, near and above `s`
 * and the guard, are then separated inside the block from those outside, also when many of them
 * crowd around `s`, as they do after a previous projection: one plain power step shrinks the
 * components outside by `(1 - REACH)^2`, a Chebyshev filter of degree `d` by
 * `1 / T_d(2 / (1 - REACH)^2 - 1)`, about `4.9^-d`.
 */
const REACH = 0.25;

/** Where the Ritz values of a block stand against `s`. */
export interface Clipping {
  /** How many singular value estimates are clipped (the next one is the guard). */
  readonly above: number;
  /** How many exceed `(1 - REACH) r`, `r` the smaller of `s` and the guard's estimate. */
  readonly near: number;
}

/**
 * The {@link Clipping} of the singular value estimates `sigma` (decreasing) against `s`. An
 * estimate is clipped when it exceeds `s (1 + min(tol / 4, 2^-48))`: one within a few rounding
 * errors of `s`, as a singular value exactly at the bound comes out, is left alone, which moves
 * the result by less than `(tol / 4) s` and keeps a matrix at the bound unchanged.
 */
export function clipping(sigma: Float64Array, s: number, tol: number): Clipping {
  const k = sigma.length;
  const threshold = s * (1 + Math.min(tol / 4, 2 ** -48));
  let above = 0;
  while (above < k && sigma[above]! > threshold) above++;
  const reference = above < k ? Math.min(s, sigma[above]!) : s;
  let near = above;
  while (near < k && sigma[near]! > (1 - REACH) * reference) near++;
  return { above, near };
}

/**
 * Whether the block passes every test of the certificate except that its guard has stopped
 * moving ({@link stopped}); both together certify the projection to tolerance `tol`.
 *
 * Let `A` be the clipped Ritz triplets (`above` of them), `u = W v / sigma`, `e = W^T u - sigma v`
 * (so `||e|| = residual / sigma`) and `mu` the norm of `W` on the complement of their `v`s. The
 * projected matrix maps `v` to `s u` and agrees with `W` on the complement, so for a unit
 * `x = V_A a + y`, `||W' x||^2 <= s^2 |a|^2 + mu^2 |y|^2 + 2 s ||E_A|| |a| |y|`, whence
 * `||W'||_2^2 <= max(s, mu)^2 + s ||E_A||`. It is at most `(s (1 + tol))^2` when
 * `||E_A||_F <= tol s` (checked as `||e_i|| <= tol s / sqrt(|A|)`) and `mu <= s (1 + tol / 2)`.
 * For `mu`, the first unclipped Ritz value (the guard) must satisfy
 * `theta + residual <= (s (1 + tol / 2))^2`, as `W^T W` has an eigenvalue within `residual` of
 * it, and must have stopped moving. Without a guard the block must span `W`'s whole row space
 * (`k = min(m, n)`); the block must also reach far enough ({@link REACH}) unless it does.
 */
export function settled(b: RitzBlock, c: Clipping, kMax: number, s: number, tol: number): boolean {
  const k = b.theta.length;
  if (c.near === k && k < kMax) return false;
  const clipBound = (tol * s) / Math.sqrt(Math.max(c.above, 1));
  for (let i = 0; i < c.above; i++) {
    if (b.residual[i]! > clipBound * b.sigma[i]!) return false;
  }
  const g = c.above;
  return g === k || b.theta[g]! + b.residual[g]! <= (s * (1 + tol / 2)) ** 2;
}

/**
 * Whether the guard, Ritz value `g` (the first unclipped one), has stopped moving between two
 * consecutive Rayleigh-Ritz steps on blocks of one size: `|theta[g] - previous[g]| <=
 * (tol / 2) s^2`. A start still gaining a dominant direction (a random one, or a warm start that
 * misses a direction along which `W` has grown) moves it. Right after the block grew, its new
 * random columns have not been multiplied by `W^T W` yet and its Ritz values barely differ from
 * the previous ones, whatever they miss; hence the equal sizes. Always true when there is no
 * guard (`g` is the block size).
 */
export function stopped(theta: Float64Array, previous: Float64Array | undefined, g: number, s: number, tol: number): boolean {
  if (g === theta.length) return true;
  const before = previous?.[g];
  if (before === undefined || previous!.length !== theta.length) return false;
  return Math.abs(theta[g]! - before) <= (tol / 2) * s * s;
}

/**
 * By how much the residuals that {@link settled} tests must still shrink: the largest ratio of a
 * residual to the bound it has to meet. For the guard, whose Ritz value must also stop moving
 * and is off by about `residual^2 / gap` (Parlett, "The Symmetric Eigenvalue Problem", section
 * 11.7), with `gap` its distance to `edge`, the bound is `sqrt((tol / 2) s^2 gap)`.
 */
export function shortfall(b: RitzBlock, c: Clipping, edge: number, s: number, tol: number): number {
  const k = b.theta.length;
  const clipBound = (tol * s) / Math.sqrt(Math.max(c.above, 1));
  let worst = 0;
  for (let i = 0; i < c.above; i++) worst = Math.max(worst, b.residual[i]! / (clipBound * b.sigma[i]!));
  if (c.above < k) {
    const theta = b.theta[c.above]!;
    const residual = b.residual[c.above]!;
    worst = Math.max(worst, residual / ((s * (1 + tol / 2)) ** 2 - theta));
    if (theta > edge) worst = Math.max(worst, residual / Math.sqrt((tol / 2) * s * s * (theta - edge)));
  }
  return worst;
}

/**
 * A seeded pseudo-random generator for weight initialisation and batch order, so that a run is
 * reproduced exactly by its seed (TensorFlow.js's own seeded initialisers differ between versions).
 *
 * @module
 */
import { boxMuller, seededUniform } from '@stablegrad/core';

/** A stream of pseudo-random numbers fixed by its seed. */
export interface Random {
  /** A uniform number in `[0, 1)`. */
  uniform(): number;
  /** A standard normal number (Box-Muller). */
  normal(): number;
  /** A uniform integer in `[0, n)`. */
  integer(n: number): number;
}

/**
 * A {@link Random} drawing every number from one stream of core's `seededUniform` (mulberry32:
 * a 32-bit state, period `2^32`, enough for the few million draws of a run), normals by the
 * Box-Muller transform.
 *
 * @param seed - an integer; equal seeds give equal streams
 * @throws RangeError naming `seed` unless it is an integer
 */
export function seededRandom(seed: number): Random {
  if (!Number.isInteger(seed)) throw new RangeError(`seed: expected an integer, got ${String(seed)}`);
  const uniform = seededUniform(seed);
  return {
    uniform,
    normal: () => boxMuller(uniform),
    integer: (n) => Math.floor(uniform() * n),
  };
}

/** A permutation of `0 .. n-1` (Fisher-Yates, drawing from `random`). */
export function permutation(n: number, random: Random): Uint32Array {
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = random.integer(i + 1);
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}

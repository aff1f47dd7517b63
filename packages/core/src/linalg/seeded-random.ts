/**
 * A small deterministic random source for starting vectors.
 *
 * @module
 */

/**
 * A generator of uniform numbers in `[0, 1)` from a 32-bit seed: mulberry32 (T. Ettinger, public
 * domain), a 32-bit state advanced by `0x6d2b79f5` and mixed by two multiply-xorshift rounds
 * (period `2^32`). The same seed gives the same sequence on every platform; nothing reads
 * `Math.random`.
 *
 * @param seed - any number; its low 32 bits (as `seed >>> 0`) select the sequence
 * @returns a function returning the next uniform sample
 */
export function seededUniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A standard normal sample from two uniform samples of `uniform` (the Box-Muller transform).
 */
export function boxMuller(uniform: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

/**
 * A generator of standard normal numbers from a 32-bit seed: {@link seededUniform} for uniforms,
 * {@link boxMuller} for normals.
 *
 * @param seed - any number; its low 32 bits (as `seed >>> 0`) select the sequence
 * @returns a function returning the next normal sample
 */
export function seededNormal(seed: number): () => number {
  const uniform = seededUniform(seed);
  return () => boxMuller(uniform);
}

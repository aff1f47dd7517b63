/**
 * The sizes the experiments come in.
 *
 * @module
 */

/**
 * How large the experiments are: `quick` (under 2 minutes on 2 cores, for CI and a first look),
 * `default` (the papers' MNIST setting and the GRU learning-rate sweep, 20 minutes on 2 cores
 * shared with other work, with tfjs-node and the native addon) or `paper` (larger models and longer
 * training, for a larger machine or a GPU).
 */
export type Scale = 'quick' | 'default' | 'paper';

/** The scales, smallest first. */
export const SCALES: readonly Scale[] = ['quick', 'default', 'paper'];

/**
 * Checks that `scale` is one of {@link SCALES}.
 *
 * @throws RangeError naming `scale` and listing the scales otherwise
 */
export function checkScale(scale: string): asserts scale is Scale {
  if (!(SCALES as readonly string[]).includes(scale)) throw new RangeError(`scale: expected one of ${SCALES.join(', ')}, got '${scale}'`);
}
